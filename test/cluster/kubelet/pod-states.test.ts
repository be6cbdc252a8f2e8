// The kubelet's pod-state table: by uid like a Map, and by pod key for the reconcile that must find every state
// of a name (a pod deleted and re-created under the same name has two until the old one is cleaned up).
import { describe, expect, it } from 'vitest'
import { PodStates, type PodState } from '../../../src-main/cluster/kubelet/context'

const state = (uid: string, key: string) => ({ uid, key }) as PodState

describe('PodStates', () => {
  it('finds the states of a key in insertion order and forgets deleted ones', () => {
    const t = new PodStates()
    const a1 = state('u1', 'default/web-0')
    const b = state('u2', 'default/web-1')
    const a2 = state('u3', 'default/web-0')
    t.set(a1.uid, a1).set(b.uid, b).set(a2.uid, a2)
    expect(t.withKey('default/web-0')).toEqual([a1, a2])
    expect(t.withKey('default/web-1')).toEqual([b])
    expect(t.withKey('default/none')).toEqual([])
    expect(t.delete('u1')).toBe(true)
    expect(t.delete('u1')).toBe(false)
    expect(t.withKey('default/web-0')).toEqual([a2])
    expect([...t.values()]).toEqual([b, a2])
    t.set(a2.uid, a2) // setting the same state again changes nothing
    expect(t.withKey('default/web-0')).toEqual([a2])
    t.clear()
    expect(t.size).toBe(0)
    expect(t.withKey('default/web-1')).toEqual([])
  })

  it('re-indexes a uid whose state is replaced', () => {
    const t = new PodStates()
    t.set('u1', state('u1', 'default/a'))
    const moved = state('u1', 'default/b')
    t.set('u1', moved)
    expect(t.withKey('default/a')).toEqual([])
    expect(t.withKey('default/b')).toEqual([moved])
  })

  it('gives a copy, so cleaning up while iterating is safe', () => {
    const t = new PodStates()
    t.set('u1', state('u1', 'k')).set('u2', state('u2', 'k'))
    const seen: string[] = []
    for (const st of t.withKey('k')) {
      seen.push(st.uid)
      t.delete(st.uid)
    }
    expect(seen).toEqual(['u1', 'u2'])
    expect(t.size).toBe(0)
  })

  it('staleFor: the states of a key with another uid (all of them for a missing pod), taken before any is cleaned up', () => {
    const t = new PodStates()
    const old1 = state('u1', 'default/web-0')
    const cur = state('u2', 'default/web-0')
    const old2 = state('u3', 'default/web-0')
    t.set(old1.uid, old1).set(cur.uid, cur).set(old2.uid, old2).set('u4', state('u4', 'default/web-1'))
    expect(t.staleFor('default/web-0', 'u2')).toEqual([old1, old2])
    expect(t.staleFor('default/web-0', undefined)).toEqual([old1, cur, old2])
    expect(t.staleFor('default/none', 'u9')).toEqual([])
    const seen: string[] = []
    for (const st of t.staleFor('default/web-0', 'u2')) {
      seen.push(st.uid)
      t.delete(st.uid)
    }
    expect(seen).toEqual(['u1', 'u3'])
    expect(t.staleFor('default/web-0', 'u2')).toEqual([])
    expect(t.withKey('default/web-0')).toEqual([cur])
  })
})
