// ParentKeys: the StatefulSet controller's memo of "<parent>-<ordinal>" names seen by its pod and claim watches.
import { describe, expect, it } from 'vitest'
import { ParentKeys } from '../../src-main/cluster/controllers/statefulset/parent-keys'

describe('ParentKeys', () => {
  it('gives the namespaced parent key and ordinal, the same object for every later write of that name', () => {
    const k = new ParentKeys()
    const a = k.of('default', 'web-12')
    expect(a).toEqual({ key: 'default/web', ordinal: 12 })
    expect(k.of('default', 'web-12')).toBe(a)
    expect(k.of('other', 'web-12')).toEqual({ key: 'other/web', ordinal: 12 })
    expect(k.of('default', 'www-web-0')).toEqual({ key: 'default/www-web', ordinal: 0 })
    expect(k.of(undefined, 'node-3')).toEqual({ key: 'node', ordinal: 3 })
  })

  it('null for names without an ordinal suffix (or one too large to be exact)', () => {
    const k = new ParentKeys()
    expect(k.of('default', 'nginx-7d9f6-xk2pq')).toBeNull()
    expect(k.of('default', 'web')).toBeNull()
    expect(k.of('default', 'web-99999999999999999999')).toBeNull()
    expect(k.of('default', undefined)).toBeNull()
  })

  it('forget drops the memo, so a name is parsed again when it is reused', () => {
    const k = new ParentKeys()
    const a = k.of('default', 'web-1')
    k.forget('default', 'web-1')
    const b = k.of('default', 'web-1')
    expect(b).toEqual(a)
    expect(b).not.toBe(a)
  })
})
