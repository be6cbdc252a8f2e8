// The garbage collector on plain objects (ConfigMaps chained by ownerReferences), so only GC semantics are in
// play: background, orphan, foreground with and without blockOwnerDeletion, several owners, chains.
import { describe, expect, it } from 'vitest'
import type { KObject, OwnerReference } from '../../../src-main/cluster/api-types'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { startHarness, type Harness } from '../helpers'

const CM = GVRS.configmaps
const cm = (name: string, owners: KObject[] = [], opts: { block?: boolean; finalizers?: string[] } = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name,
    ...(opts.finalizers ? { finalizers: opts.finalizers } : {}),
    ownerReferences: owners.map((o): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name!, uid: o.metadata.uid!, ...(opts.block ? { blockOwnerDeletion: true } : {}) })),
  },
  data: {},
})

const get = (h: Harness, name: string) => {
  try {
    return h.cluster.store.get(CM, 'default', name)
  } catch {
    return undefined
  }
}
const mk = (h: Harness, o: KObject) => h.cluster.store.create(CM, 'default', o)
const release = (h: Harness, name: string) => {
  const o = get(h, name)!
  h.cluster.store.update(CM, 'default', name, { ...o, metadata: { ...o.metadata, finalizers: [] } })
}

describe('garbage collector', () => {
  it('background: dependents of a deleted owner are deleted, down a chain', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    const b = mk(h, cm('b', [a]))
    mk(h, cm('c', [b]))
    h.cluster.store.delete(CM, 'default', 'a', { propagationPolicy: 'Background' })
    expect(get(h, 'a')).toBeUndefined()
    await h.run(1_000)
    expect([get(h, 'b'), get(h, 'c')]).toEqual([undefined, undefined])
  })

  it('a dependent with another live owner only loses the reference', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    const b = mk(h, cm('b'))
    mk(h, cm('shared', [a, b]))
    h.cluster.store.delete(CM, 'default', 'a')
    await h.run(1_000)
    expect(get(h, 'shared')!.metadata.ownerReferences!.map((r) => r.name)).toEqual(['b'])
    h.cluster.store.delete(CM, 'default', 'b')
    await h.run(1_000)
    expect(get(h, 'shared')).toBeUndefined()
  })

  it('orphan: the owner goes, dependents stay without the reference', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    const b = mk(h, cm('b'))
    mk(h, cm('d', [a, b]))
    h.cluster.store.delete(CM, 'default', 'a', { propagationPolicy: 'Orphan' })
    await h.run(1_000)
    expect(get(h, 'a')).toBeUndefined()
    expect(get(h, 'd')!.metadata.ownerReferences!.map((r) => r.name)).toEqual(['b'])
  })

  it('foreground: the owner stays Terminating until every blocking dependent is gone', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    mk(h, cm('held', [a], { block: true, finalizers: ['example.com/hold'] }))
    mk(h, cm('free', [a], { block: true }))
    h.cluster.store.delete(CM, 'default', 'a', { propagationPolicy: 'Foreground' })
    await h.run(1_000)
    expect(get(h, 'a')!.metadata.finalizers).toEqual(['foregroundDeletion'])
    expect(get(h, 'a')!.metadata.deletionTimestamp).toBeTruthy()
    expect(get(h, 'free')).toBeUndefined()
    expect(get(h, 'held')!.metadata.deletionTimestamp).toBeTruthy()
    release(h, 'held')
    await h.run(1_000)
    expect([get(h, 'a'), get(h, 'held')]).toEqual([undefined, undefined])
  })

  it('foreground: dependents without blockOwnerDeletion are deleted but not waited for', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    mk(h, cm('loose', [a], { finalizers: ['example.com/hold'] }))
    h.cluster.store.delete(CM, 'default', 'a', { propagationPolicy: 'Foreground' })
    await h.run(1_000)
    expect(get(h, 'a')).toBeUndefined()
    expect(get(h, 'loose')!.metadata.deletionTimestamp).toBeTruthy()
  })

  it('foreground down a chain: the middle object is deleted in foreground too, so the root waits for the leaf', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    const b = mk(h, cm('b', [a], { block: true }))
    mk(h, cm('leaf', [b], { block: true, finalizers: ['example.com/hold'] }))
    h.cluster.store.delete(CM, 'default', 'a', { propagationPolicy: 'Foreground' })
    await h.run(1_000)
    expect(get(h, 'b')!.metadata.finalizers).toEqual(['foregroundDeletion'])
    expect(get(h, 'a')).toBeTruthy()
    release(h, 'leaf')
    await h.run(1_000)
    expect([get(h, 'a'), get(h, 'b'), get(h, 'leaf')]).toEqual([undefined, undefined, undefined])
  })

  it('an ownerReference to a uid that no longer exists (owner re-created under the same name) is dangling', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    mk(h, cm('dep', [a]))
    h.cluster.store.delete(CM, 'default', 'a', { propagationPolicy: 'Orphan' })
    await h.run(1_000)
    const dep = get(h, 'dep')!
    expect(dep.metadata.ownerReferences ?? []).toEqual([])
    // Re-add a stale reference by hand: the GC collects it because the uid is not the live object's.
    mk(h, cm('a'))
    h.cluster.store.update(CM, 'default', 'dep', { ...dep, metadata: { ...dep.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: a.metadata.uid! }] } })
    await h.run(1_000)
    expect(get(h, 'dep')).toBeUndefined()
  })

  // The collector queues a dependent only when what it decides on changes: its owners (new ones may be gone already),
  // its own deletion with finalizers, an owner going. These pin those edges.
  it('a dependent created for an owner that is already gone is collected', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    h.cluster.store.delete(CM, 'default', 'a')
    await h.run(1_000)
    mk(h, cm('late', [a]))
    await h.run(1_000)
    expect(get(h, 'late')).toBeUndefined()
  })

  it('an ownerReference renamed to a missing owner (same uid) is collected; other writes leave a dependent alone', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    const dep = mk(h, cm('dep', [a]))
    h.cluster.store.update(CM, 'default', 'dep', { ...dep, metadata: { ...dep.metadata, labels: { x: 'y' } }, data: { k: 'v' } })
    await h.run(1_000)
    expect(get(h, 'dep')!.metadata.labels).toEqual({ x: 'y' })
    const cur = get(h, 'dep')!
    const refs = cur.metadata.ownerReferences!.map((r) => ({ ...r, name: 'nobody' }))
    h.cluster.store.update(CM, 'default', 'dep', { ...cur, metadata: { ...cur.metadata, ownerReferences: refs } })
    await h.run(1_000)
    expect(get(h, 'dep')).toBeUndefined()
    expect(get(h, 'a')).toBeTruthy()
  })

  it('orphan: a dependent written to after its owner was deleted still loses the reference', async () => {
    const h = startHarness()
    const a = mk(h, cm('a'))
    const b = mk(h, cm('b'))
    mk(h, cm('d', [a, b]))
    // A write to the dependent between the owner's deletion and the collector's pass: its owners are as they were.
    h.cluster.store.delete(CM, 'default', 'a', { propagationPolicy: 'Orphan' })
    const d = get(h, 'd')!
    h.cluster.store.update(CM, 'default', 'd', { ...d, data: { touched: 'yes' } })
    await h.run(1_000)
    expect(get(h, 'a')).toBeUndefined()
    expect(get(h, 'd')!.metadata.ownerReferences!.map((r) => r.name)).toEqual(['b'])
    expect(get(h, 'd')!.data).toEqual({ touched: 'yes' })
  })
})
