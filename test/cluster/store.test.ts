import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { StatusError } from '../../src-main/cluster/store/errors'
import { GVRS } from '../../src-main/cluster/store/registry'
import { createStore } from '../../src-main/cluster/store/store'
import type { WatchEvent } from '../../src-main/cluster/store/types'

function setup() {
  const clock = new SimClock()
  const store = createStore({ clock, random: seededRandom(1) })
  store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })
  return { clock, store }
}

const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { a: '1' } })
const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'nginx' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...extra },
})

function catchErr(fn: () => unknown): StatusError {
  try {
    fn()
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('expected a StatusError')
}

describe('store basics', () => {
  it('stamps uid, creationTimestamp, generation and an increasing resourceVersion', () => {
    const { store } = setup()
    const rv0 = Number(store.resourceVersion())
    const a = store.create(GVRS.configmaps, 'default', cm('a'))
    expect(a.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a.metadata.creationTimestamp).toBe('2026-01-01T09:00:00Z')
    expect(a.metadata.generation).toBeUndefined() // only apps workloads track generation
    expect(Number(a.metadata.resourceVersion)).toBe(rv0 + 1)
    expect(a.metadata.namespace).toBe('default')
    const b = store.update(GVRS.configmaps, 'default', 'a', { ...a, data: { a: '2' } })
    expect(Number(b.metadata.resourceVersion)).toBe(rv0 + 2)
    expect(store.resourceVersion()).toBe(String(rv0 + 2))
  })

  it('no-op updates do not bump the resourceVersion', () => {
    const { store } = setup()
    const a = store.create(GVRS.configmaps, 'default', cm('a'))
    const b = store.update(GVRS.configmaps, 'default', 'a', a)
    expect(b.metadata.resourceVersion).toBe(a.metadata.resourceVersion)
  })

  it('generateName appends 5 chars from the k8s alphabet', () => {
    const { store } = setup()
    const o = store.create(GVRS.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } })
    expect(o.metadata.name).toMatch(/^x-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
  })

  it('rejects stale resourceVersions with 409 Conflict', () => {
    const { store } = setup()
    const a = store.create(GVRS.configmaps, 'default', cm('a'))
    store.update(GVRS.configmaps, 'default', 'a', { ...a, data: { a: '2' } })
    const e = catchErr(() => store.update(GVRS.configmaps, 'default', 'a', { ...a, data: { a: '3' } }))
    expect(e.code).toBe(409)
    expect(e.message).toBe('Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again')
  })

  it('AlreadyExists, NotFound and missing namespace', () => {
    const { store } = setup()
    store.create(GVRS.configmaps, 'default', cm('a'))
    expect(catchErr(() => store.create(GVRS.configmaps, 'default', cm('a'))).message).toBe('configmaps "a" already exists')
    expect(catchErr(() => store.get(GVRS.statefulsets, 'default', 'nope')).message).toBe('statefulsets.apps "nope" not found')
    const e = catchErr(() => store.create(GVRS.configmaps, 'foo', cm('a')))
    expect(e.code).toBe(404)
    expect(e.message).toBe('namespaces "foo" not found')
  })

  it('hands out deep copies', () => {
    const { store } = setup()
    const a = store.create(GVRS.configmaps, 'default', cm('a'))
    a.data.a = 'mutated'
    const got = store.get(GVRS.configmaps, 'default', 'a')
    expect(got.data.a).toBe('1')
    got.data.a = 'again'
    expect(store.get(GVRS.configmaps, 'default', 'a').data.a).toBe('1')
  })

  it('status subresource: main updates ignore status, status updates ignore spec', () => {
    const { store } = setup()
    const p = store.create(GVRS.pods, 'default', pod('p'))
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' })
    const u = store.update(GVRS.pods, 'default', 'p', { ...p, status: { phase: 'Running' } })
    expect(u.status.phase).toBe('Pending')
    const s = store.update(GVRS.pods, 'default', 'p', { ...p, metadata: { ...p.metadata, labels: { x: 'y' } }, status: { phase: 'Running' } }, { subresource: 'status' })
    expect(s.status.phase).toBe('Running')
    expect(s.metadata.labels).toEqual({ app: 'nginx' })
  })

  it('dump and restore round-trip and keep the resourceVersion', () => {
    const { store, clock } = setup()
    store.create(GVRS.configmaps, 'default', cm('a'))
    const rv = Number(store.resourceVersion())
    const s2 = createStore({ clock, random: seededRandom(2) })
    s2.restore(store.dump(), rv)
    expect(s2.get(GVRS.configmaps, 'default', 'a').data).toEqual({ a: '1' })
    expect(s2.resourceVersion()).toBe(String(rv))
    const b = s2.create(GVRS.configmaps, 'default', cm('b'))
    expect(Number(b.metadata.resourceVersion)).toBe(rv + 1)
  })

  it('onChange sees every commit in order', () => {
    const { store } = setup()
    const seen: string[] = []
    store.onChange((c) => seen.push(`${c.type} ${c.object.metadata.name} ${c.resourceVersion}`))
    const a = store.create(GVRS.configmaps, 'default', cm('a'))
    store.delete(GVRS.configmaps, 'default', 'a')
    const rv = Number(a.metadata.resourceVersion)
    expect(seen).toEqual([`ADDED a ${rv}`, `DELETED a ${rv + 1}`])
  })
})

describe('selectors', () => {
  it('label selectors: =, ==, !=, in, notin, exists, !key', () => {
    const { store } = setup()
    store.create(GVRS.configmaps, 'default', cm('a', { app: 'nginx', tier: 'web' }))
    store.create(GVRS.configmaps, 'default', cm('b', { app: 'db' }))
    store.create(GVRS.configmaps, 'default', cm('c', {}))
    const names = (sel: string) => store.list(GVRS.configmaps, { namespace: 'default', labelSelector: sel }).items.map((o) => o.metadata.name)
    expect(names('app=nginx')).toEqual(['a'])
    expect(names('app==db')).toEqual(['b'])
    expect(names('app!=nginx')).toEqual(['b', 'c'])
    expect(names('app in (nginx, db)')).toEqual(['a', 'b'])
    expect(names('app notin (nginx)')).toEqual(['b', 'c'])
    expect(names('tier')).toEqual(['a'])
    expect(names('!tier')).toEqual(['b', 'c'])
    expect(names('app,!tier')).toEqual(['b'])
  })

  it('bad label selector is a 400', () => {
    const { store } = setup()
    const e = catchErr(() => store.list(GVRS.configmaps, { labelSelector: 'app in (a' }))
    expect(e.code).toBe(400)
  })

  it('field selectors, including per-resource fields and unsupported labels', () => {
    const { store } = setup()
    store.create(GVRS.pods, 'default', pod('p1', { nodeName: 'n1' }))
    store.create(GVRS.pods, 'default', pod('p2'))
    const names = (sel: string) => store.list(GVRS.pods, { fieldSelector: sel }).items.map((o) => o.metadata.name)
    expect(names('metadata.name=p1')).toEqual(['p1'])
    expect(names('spec.nodeName=n1')).toEqual(['p1'])
    expect(names('spec.nodeName!=n1')).toEqual(['p2'])
    expect(names('status.phase=Pending,metadata.namespace=default')).toEqual(['p1', 'p2'])
    const e = catchErr(() => store.list(GVRS.pods, { fieldSelector: 'spec.foo=1' }))
    expect(e.code).toBe(400)
    expect(e.message).toBe('field label not supported: spec.foo')
  })

  it('limit/continue pages through a list', () => {
    const { store } = setup()
    for (const n of ['a', 'b', 'c']) store.create(GVRS.configmaps, 'default', cm(n))
    const p1 = store.list(GVRS.configmaps, { limit: 2 })
    expect(p1.items.map((o) => o.metadata.name)).toEqual(['a', 'b'])
    const p2 = store.list(GVRS.configmaps, { limit: 2, continue: p1.continue })
    expect(p2.items.map((o) => o.metadata.name)).toEqual(['c'])
    expect(p2.continue).toBeUndefined()
  })
})

describe('watch', () => {
  it('rv unset: synthetic ADDED for current objects, then live events', () => {
    const { store } = setup()
    store.create(GVRS.configmaps, 'default', cm('a'))
    const evs: WatchEvent[] = []
    store.watch(GVRS.configmaps, { namespace: 'default' }, (e) => evs.push(e))
    store.create(GVRS.configmaps, 'default', cm('b'))
    expect(evs.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'ADDED b'])
  })

  it('rv N: replays from the log; too old → 410', () => {
    const clock = new SimClock()
    const store = createStore({ clock, random: seededRandom(1), logSize: 3 })
    store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })
    const a = store.create(GVRS.configmaps, 'default', cm('a'))
    store.update(GVRS.configmaps, 'default', 'a', { ...a, data: { a: '2' } })
    const evs: string[] = []
    store.watch(GVRS.configmaps, { resourceVersion: a.metadata.resourceVersion }, (e) => evs.push(`${e.type} ${e.object.data.a}`))
    expect(evs).toEqual(['MODIFIED 2'])
    for (const n of ['x', 'y', 'z']) store.create(GVRS.configmaps, 'default', cm(n))
    const e = catchErr(() => store.watch(GVRS.configmaps, { resourceVersion: a.metadata.resourceVersion }, () => {}))
    expect(e.code).toBe(410)
    expect(e.reason).toBe('Expired')
    expect(e.message).toMatch(new RegExp(`^too old resource version: ${a.metadata.resourceVersion} \\(\\d+\\)$`))
  })

  it('a selector watch sees DELETED when an object stops matching', () => {
    const { store } = setup()
    const a = store.create(GVRS.configmaps, 'default', cm('a', { app: 'x' }))
    const evs: string[] = []
    store.watch(GVRS.configmaps, { labelSelector: 'app=x', resourceVersion: store.resourceVersion() }, (e) => evs.push(e.type))
    store.update(GVRS.configmaps, 'default', 'a', { ...a, metadata: { ...a.metadata, labels: { app: 'y' } } })
    expect(evs).toEqual(['DELETED'])
  })

  it('listeners that write do not reorder events for other listeners', () => {
    const { store } = setup()
    const seen: number[] = []
    store.watch(GVRS.configmaps, { resourceVersion: store.resourceVersion() }, (e) => {
      if (e.object.metadata.name === 'a') store.create(GVRS.configmaps, 'default', cm('b'))
    })
    store.watch(GVRS.configmaps, { resourceVersion: store.resourceVersion() }, (e) => seen.push(Number(e.object.metadata.resourceVersion)))
    store.create(GVRS.configmaps, 'default', cm('a'))
    expect(seen.length).toBe(2)
    expect(seen[0]).toBeLessThan(seen[1])
  })
})

describe('deletion', () => {
  it('finalizers keep the object with a deletionTimestamp until removed', () => {
    const { store, clock } = setup()
    store.create(GVRS.configmaps, 'default', { ...cm('a'), metadata: { name: 'a', finalizers: ['x/y'] } })
    clock.advance(5000)
    const r = store.delete(GVRS.configmaps, 'default', 'a')
    expect(r.deleted).toBe(false)
    expect(r.object.metadata.deletionTimestamp).toBe('2026-01-01T09:00:05Z')
    const cur = store.get(GVRS.configmaps, 'default', 'a')
    const e = catchErr(() => store.update(GVRS.configmaps, 'default', 'a', { ...cur, metadata: { ...cur.metadata, finalizers: ['x/y', 'new'] } }))
    expect(e.code).toBe(403)
    store.update(GVRS.configmaps, 'default', 'a', { ...cur, metadata: { ...cur.metadata, finalizers: [] } })
    expect(catchErr(() => store.get(GVRS.configmaps, 'default', 'a')).code).toBe(404)
  })

  it('a bound pod is deleted gracefully; grace 0 removes it (force)', () => {
    const { store } = setup()
    store.create(GVRS.pods, 'default', pod('p', { nodeName: 'n1', terminationGracePeriodSeconds: 10 }))
    const r = store.delete(GVRS.pods, 'default', 'p')
    expect(r.deleted).toBe(false)
    expect(r.object.metadata.deletionGracePeriodSeconds).toBe(10)
    expect(r.object.metadata.deletionTimestamp).toBe('2026-01-01T09:00:10Z')
    const again = store.delete(GVRS.pods, 'default', 'p')
    expect(again.deleted).toBe(false)
    const f = store.delete(GVRS.pods, 'default', 'p', { gracePeriodSeconds: 0 })
    expect(f.deleted).toBe(true)
    expect(catchErr(() => store.get(GVRS.pods, 'default', 'p')).code).toBe(404)
  })

  it('an unscheduled pod goes away immediately', () => {
    const { store } = setup()
    store.create(GVRS.pods, 'default', pod('p'))
    expect(store.delete(GVRS.pods, 'default', 'p').deleted).toBe(true)
  })

  it('Foreground and Orphan add their finalizers', () => {
    const { store } = setup()
    store.create(GVRS.configmaps, 'default', cm('a'))
    store.create(GVRS.configmaps, 'default', cm('b'))
    expect(store.delete(GVRS.configmaps, 'default', 'a', { propagationPolicy: 'Foreground' }).object.metadata.finalizers).toEqual(['foregroundDeletion'])
    expect(store.delete(GVRS.configmaps, 'default', 'b', { propagationPolicy: 'Orphan' }).object.metadata.finalizers).toEqual(['orphan'])
  })

  it('uid precondition mismatch is a conflict', () => {
    const { store } = setup()
    store.create(GVRS.configmaps, 'default', cm('a'))
    const e = catchErr(() => store.delete(GVRS.configmaps, 'default', 'a', { preconditions: { uid: 'nope' } }))
    expect(e.code).toBe(409)
    expect(e.message).toContain('Precondition failed: UID in precondition: nope')
  })

  it('the default namespace cannot be deleted', () => {
    const { store } = setup()
    expect(catchErr(() => store.delete(GVRS.namespaces, undefined, 'default')).message).toBe('namespaces "default" is forbidden: this namespace may not be deleted')
  })
})
