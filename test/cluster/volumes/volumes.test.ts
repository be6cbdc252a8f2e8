import { describe, expect, it } from 'vitest'
import { createVolumeStore } from '../../../src-main/cluster/volumes'
import type { VolumeChange } from '../../../src-main/cluster/volumes/types'

describe('createVolumeStore', () => {
  it('writes create parents, list is sorted, changes are emitted, load is silent', () => {
    const v = createVolumeStore()
    const seen: VolumeChange[] = []
    v.onChange((c) => seen.push(c))
    v.write('pv1', { path: '/a/b/c.txt', type: 'file', data: 'x', mode: 0o644, mtimeMs: 1 })
    expect(v.list('pv1').map((f) => f.path)).toEqual(['/a', '/a/b', '/a/b/c.txt'])
    expect(seen.map((c) => c.type)).toEqual(['write', 'write', 'write'])
    v.remove('pv1', '/a')
    expect(v.list('pv1')).toEqual([])
    expect(seen.at(-1)).toEqual({ type: 'remove', volume: 'pv1', path: '/a' })
    v.drop('pv1')
    expect(v.has('pv1')).toBe(false)
    expect(seen.at(-1)).toEqual({ type: 'drop', volume: 'pv1' })
    const n = seen.length
    v.load({ pv2: [{ path: '/index.html', type: 'file', data: 'hello web-0\n', mode: 0o644, mtimeMs: 5 }] })
    expect(seen.length).toBe(n)
    expect(v.read('pv2', '/index.html')?.data).toBe('hello web-0\n')
    expect(v.volumes()).toEqual(['pv2'])
  })
  it('returns copies, not live objects', () => {
    const v = createVolumeStore()
    v.write('p', { path: '/f', type: 'file', data: 'a', mode: 0o644, mtimeMs: 0 })
    v.read('p', '/f')!.data = 'mutated'
    expect(v.read('p', '/f')!.data).toBe('a')
  })
})
