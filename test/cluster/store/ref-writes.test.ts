// The ref writers (createRef/updateRef/deleteRef): Store semantics and errors, but the frozen stored object back
// instead of a copy; what the write paths share between versions; and that Store callers still own what they get.
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import { StatusError } from '../../../src-main/cluster/store/errors'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { adoptRef, createRef, createStore, deleteRef, getRef, onChangeRefs, updateRef } from '../../../src-main/cluster/store/store'
import type { Store } from '../../../src-main/cluster/store/types'

function setup() {
  const clock = new SimClock()
  const store = createStore({ clock, random: seededRandom(1) })
  store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })
  return { clock, store }
}
const pod = (name: string, nodeName?: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] },
})
const cm = (name: string, data: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data })
const statusError = (f: () => unknown): StatusError => {
  try {
    f()
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('expected a StatusError')
}

describe('createRef / updateRef / deleteRef', () => {
  it('return the stored, deep-frozen object where the Store methods return a copy', () => {
    const { store } = setup()
    const created = createRef(store, GVRS.pods, 'default', pod('a'))
    expect(created).toBe(getRef(store, GVRS.pods, 'default', 'a'))
    expect(Object.isFrozen(created.spec.containers[0])).toBe(true)
    expect(created.metadata.resourceVersion).toBe(store.resourceVersion())

    const copy = store.create(GVRS.pods, 'default', pod('b'))
    expect(copy).not.toBe(getRef(store, GVRS.pods, 'default', 'b'))
    expect(copy).toEqual(getRef(store, GVRS.pods, 'default', 'b'))
    copy.spec.containers[0].image = 'mine' // the caller owns it, all the way down
    expect(getRef(store, GVRS.pods, 'default', 'b')!.spec.containers[0].image).toBe('nginx')

    const updated = updateRef(store, GVRS.pods, 'default', 'a', { ...created, metadata: { ...created.metadata, labels: { app: 'db' } } })
    expect(updated).toBe(getRef(store, GVRS.pods, 'default', 'a'))
    expect(updated.metadata.labels).toEqual({ app: 'db' })
    expect(Object.isFrozen(updated.metadata.labels)).toBe(true)
  })

  it('a no-op update returns the unchanged stored object and commits nothing', () => {
    const { store } = setup()
    const created = createRef(store, GVRS.configmaps, 'default', cm('c', { k: 'v' }))
    const rv = store.resourceVersion()
    expect(updateRef(store, GVRS.configmaps, 'default', 'c', { ...created, data: { k: 'v' } })).toBe(created)
    expect(store.resourceVersion()).toBe(rv)
    // …and the Store method still hands out a mutable copy of it.
    const same = store.update(GVRS.configmaps, 'default', 'c', { ...created })
    expect(same).not.toBe(created)
    same.data.k = 'changed'
    expect(getRef(store, GVRS.configmaps, 'default', 'c')!.data.k).toBe('v')
  })

  it('dry runs return an unstored, mutable copy', () => {
    const { store } = setup()
    const dry = createRef(store, GVRS.pods, 'default', pod('d'), { dryRun: true }) as KObject
    expect(Object.isFrozen(dry)).toBe(false)
    expect(getRef(store, GVRS.pods, 'default', 'd')).toBeUndefined()
    const real = createRef(store, GVRS.pods, 'default', pod('d'))
    const dryUpdate = updateRef(store, GVRS.pods, 'default', 'd', { ...real, status: { phase: 'Running' } }, { subresource: 'status', dryRun: true }) as KObject
    dryUpdate.spec.containers[0].image = 'x' // a private copy even where it came from the stored pod
    expect(getRef(store, GVRS.pods, 'default', 'd')).toBe(real)
  })

  it('fail with the Store methods’ errors', () => {
    const { store } = setup()
    createRef(store, GVRS.configmaps, 'default', cm('c', {}))
    const dup = statusError(() => createRef(store, GVRS.configmaps, 'default', cm('c', {})))
    expect(dup.status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'configmaps "c" already exists' })
    const missing = statusError(() => updateRef(store, GVRS.configmaps, 'default', 'nope', cm('nope', {})))
    expect(missing.status).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "nope" not found' })
    const stale = statusError(() => updateRef(store, GVRS.configmaps, 'default', 'c', { ...cm('c', {}), metadata: { name: 'c', resourceVersion: '1' } }))
    expect(stale.status.code).toBe(409)
    expect(stale.status.message).toContain('the object has been modified')
    const gone = statusError(() => deleteRef(store, GVRS.configmaps, 'default', 'nope'))
    expect(gone.status).toMatchObject({ code: 404, message: 'configmaps "nope" not found' })
  })

  it('deleteRef returns the terminating or last state, frozen', () => {
    const { store } = setup()
    createRef(store, GVRS.pods, 'default', pod('bound', 'ordinal-worker'))
    const graceful = deleteRef(store, GVRS.pods, 'default', 'bound')
    expect(graceful.deleted).toBe(false)
    expect(graceful.object).toBe(getRef(store, GVRS.pods, 'default', 'bound'))
    expect(graceful.object.metadata.deletionGracePeriodSeconds).toBe(30)
    // Asking again with the same grace changes nothing and returns the stored object as it is.
    expect(deleteRef(store, GVRS.pods, 'default', 'bound').object).toBe(graceful.object)
    const forced = deleteRef(store, GVRS.pods, 'default', 'bound', { gracePeriodSeconds: 0 })
    expect(forced.deleted).toBe(true)
    expect(Object.isFrozen(forced.object)).toBe(true)
    expect(getRef(store, GVRS.pods, 'default', 'bound')).toBeUndefined()
    // The Store method's result is the caller's own.
    createRef(store, GVRS.pods, 'default', pod('bound', 'ordinal-worker'))
    const own = store.delete(GVRS.pods, 'default', 'bound').object
    own.spec.containers[0].image = 'x'
    expect(getRef(store, GVRS.pods, 'default', 'bound')!.spec.containers[0].image).toBe('nginx')
  })

  it('fall back to the Store methods for another Store implementation', () => {
    const calls: string[] = []
    const { store: real } = setup()
    const wrapped: Store = {
      ...real,
      create: (...a) => (calls.push('create'), real.create(...a)),
      update: (...a) => (calls.push('update'), real.update(...a)),
      delete: (...a) => (calls.push('delete'), real.delete(...a)),
    }
    const c = createRef(wrapped, GVRS.configmaps, 'default', cm('c', { a: '1' }))
    updateRef(wrapped, GVRS.configmaps, 'default', 'c', { ...c, data: { a: '2' } })
    deleteRef(wrapped, GVRS.configmaps, 'default', 'c')
    expect(calls).toEqual(['create', 'update', 'delete'])
  })
})

describe('what versions share', () => {
  it('a status write shares the stored spec and the status parts it repeats; the rest is new and frozen', () => {
    const { store } = setup()
    const p0 = createRef(store, GVRS.pods, 'default', pod('p', 'ordinal-worker'))
    const conditions = [
      { type: 'Ready', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ]
    const p1 = updateRef(store, GVRS.pods, 'default', 'p', { ...p0, status: { ...p0.status, phase: 'Pending', conditions } }, { subresource: 'status' })
    expect(p1.spec).toBe(p0.spec)
    expect(p1.status.conditions).toEqual(conditions)
    expect(p1.status.conditions).not.toBe(conditions) // copied: the caller may keep writing into its own
    conditions[0].status = 'True'
    expect(p1.status.conditions[0].status).toBe('False')
    // A new status object that repeats one condition exactly keeps the stored copy of it.
    const p2 = updateRef(
      store,
      GVRS.pods,
      'default',
      'p',
      { ...p1, status: { ...p1.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] } },
      { subresource: 'status' },
    )
    expect(p2.status.conditions[1]).toBe(p1.status.conditions[1])
    expect(p2.status.conditions[0]).not.toBe(p1.status.conditions[0])
    expect(Object.isFrozen(p2.status.conditions[0])).toBe(true)
    expect(p2.status).toEqual({ ...p1.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] })
    // Same content in another key order is the same object to the API server (typed structs, no key order): a no-op.
    const p3 = updateRef(
      store,
      GVRS.pods,
      'default',
      'p',
      { ...p2, status: { ...p2.status, conditions: [{ status: 'True', type: 'Ready' }, p2.status.conditions[1]] } },
      { subresource: 'status' },
    )
    expect(p3).toBe(p2)
    expect(p3.metadata.resourceVersion).toBe(p2.metadata.resourceVersion)
  })

  it('a plain update keeps none of the caller’s mutable objects; frozen parts of stored objects are shared', () => {
    const { store } = setup()
    const e0 = createRef(store, GVRS.events, 'default', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Started',
      message: 'Started container c',
      count: 1,
    })
    const input = { ...e0, count: 2, source: { component: 'kubelet' } }
    const e1 = updateRef(store, GVRS.events, 'default', 'e', input)
    expect(e1.involvedObject).toBe(e0.involvedObject)
    expect(e1.source).not.toBe(input.source)
    input.source.component = 'changed'
    expect(getRef(store, GVRS.events, 'default', 'e')!.source).toEqual({ component: 'kubelet' })
    expect(e1.count).toBe(2)
  })

  it('observers see every version as it was committed', () => {
    const { store } = setup()
    const seen: string[] = []
    onChangeRefs(store, (c) => seen.push(`${c.type} ${c.object.status?.phase ?? '-'} ${c.object.metadata.resourceVersion}`))
    const p = createRef(store, GVRS.pods, 'default', pod('p', 'ordinal-worker'))
    updateRef(store, GVRS.pods, 'default', 'p', { ...p, status: { ...p.status, phase: 'Running' } }, { subresource: 'status' })
    expect(seen).toEqual([`ADDED Pending ${p.metadata.resourceVersion}`, `MODIFIED Running ${Number(p.metadata.resourceVersion) + 1}`])
  })
})

describe('adoptRef', () => {
  const event = (name: string): KObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    reason: 'Started',
    message: 'Started container c',
    count: 1,
  })

  it('stores the caller’s fresh object itself, stamped and deep-frozen, and publishes it like create', () => {
    const { store } = setup()
    const seen: KObject[] = []
    onChangeRefs(store, (c) => seen.push(c.object))
    const input = event('e')
    const stored = adoptRef(store, GVRS.events, 'default', input)
    expect(stored).toBe(input)
    expect(getRef(store, GVRS.events, 'default', 'e')).toBe(input)
    expect(Object.isFrozen(input.involvedObject)).toBe(true)
    expect(input.metadata).toMatchObject({ namespace: 'default', resourceVersion: store.resourceVersion() })
    expect(input.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(seen).toEqual([input])
    // What a Store reader gets is still its own copy.
    expect(store.get(GVRS.events, 'default', 'e')).toEqual(input)
    expect(store.get(GVRS.events, 'default', 'e')).not.toBe(input)
  })

  it('copies what it cannot take: kinds with a defaulting hook, and frozen input', () => {
    const { store } = setup()
    const p = pod('p')
    const storedPod = adoptRef(store, GVRS.pods, 'default', p)
    expect(storedPod).not.toBe(p)
    expect(Object.isFrozen(p)).toBe(false)
    expect(storedPod.spec.containers[0].terminationMessagePath).toBe('/dev/termination-log')
    const frozen = Object.freeze(event('f'))
    const storedEvent = adoptRef(store, GVRS.events, 'default', frozen)
    expect(storedEvent).not.toBe(frozen)
    expect(storedEvent.metadata.uid).toBeDefined()
  })

  it('fails as create does and leaves the store unchanged', () => {
    const { store } = setup()
    adoptRef(store, GVRS.events, 'default', event('e'))
    const rv = store.resourceVersion()
    const err = statusError(() => adoptRef(store, GVRS.events, 'default', event('e')))
    expect(err.code).toBe(409)
    expect(err.status.message).toBe('events "e" already exists')
    expect(statusError(() => adoptRef(store, GVRS.events, 'nope', event('x'))).status.message).toBe('namespaces "nope" not found')
    expect(store.resourceVersion()).toBe(rv)
    expect(store.list(GVRS.events, { namespace: 'default' }).items.map((e) => e.metadata.name)).toEqual(['e'])
  })
})
