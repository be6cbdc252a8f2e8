// The store's namespace index (ObjectTable), paging across namespaces, namespace-scoped watchers, the zero-copy
// readers, the event-log horizon, managedFields bookkeeping and the Secret fallback strategy.
import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { StatusError } from '../../src-main/cluster/store/errors'
import { ObjectTable } from '../../src-main/cluster/store/object-table'
import { GVRS } from '../../src-main/cluster/store/registry'
import { createStore, listRefsPage, watchRefs } from '../../src-main/cluster/store/store'
import type { WatchEvent } from '../../src-main/cluster/store/types'

const NAMESPACES = ['default', 'a', 'a-b', 'a0', 'b']
function setup(logSize?: number) {
  const store = createStore({ clock: new SimClock(), random: seededRandom(1), logSize })
  for (const name of NAMESPACES) store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  return store
}
const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: {} })
const names = (items: readonly { metadata: { namespace?: string; name?: string } }[]) => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)

describe('ObjectTable', () => {
  it('iterates in etcd key order (`ns/name` as strings), whatever the insertion order', () => {
    const t = new ObjectTable()
    const keys = ['a/x', 'a-b/y', 'a0/z', 'a/b', 'b/a', 'a-b/a', 'a/x-1']
    for (const k of keys) {
      const [namespace, name] = k.split('/')
      t.set({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name } })
    }
    expect(t.values().map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([...keys].sort())
    expect(t.size).toBe(keys.length)
    t.delete('a-b', 'a')
    t.delete('a-b', 'y')
    t.delete('nope', 'x')
    expect(t.size).toBe(keys.length - 2)
    expect(t.scan(undefined, 'a/x', () => true, Infinity).map(([k]) => k)).toEqual(['a/x-1', 'a0/z', 'b/a'])
  })

  it('a namespace scan only looks at that namespace', () => {
    const t = new ObjectTable()
    for (let i = 0; i < 1000; i++) t.set({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: `ns${i % 10}`, name: `p${i}` } })
    let visited = 0
    const out = t.scan('ns3', undefined, () => (visited++, true), Infinity)
    expect(out).toHaveLength(100)
    expect(visited).toBe(100)
    expect(t.scan('missing', undefined, () => true, Infinity)).toEqual([])
  })
})

describe('store lists and watches through the index', () => {
  it('limit/continue pages across namespaces in key order and match the unpaged list', () => {
    const store = setup()
    for (const ns of NAMESPACES) for (const n of ['b', 'a', 'c']) store.create(GVRS.configmaps, ns, cm(n, { p: n === 'b' ? 'no' : 'yes' }))
    const all = names(store.list(GVRS.configmaps, { labelSelector: 'p=yes' }).items)
    expect(all).toEqual([...all].sort())
    expect(all).toHaveLength(10)
    const paged: string[] = []
    let cont: string | undefined
    do {
      const page = store.list(GVRS.configmaps, { labelSelector: 'p=yes', limit: 3, continue: cont })
      expect(page.items.length).toBeLessThanOrEqual(3)
      paged.push(...names(page.items))
      cont = page.continue
    } while (cont)
    expect(paged).toEqual(all)
    expect(names(store.list(GVRS.configmaps, { namespace: 'a-b' }).items)).toEqual(['a-b/a', 'a-b/b', 'a-b/c'])
  })

  it('a bad continue token is a 400', () => {
    const store = setup()
    expect(() => store.list(GVRS.configmaps, { continue: '%%%' })).toThrow(StatusError)
  })

  it('namespace-scoped watchers hear only their namespace; cluster-wide ones hear all', () => {
    const store = setup()
    const scoped: WatchEvent[] = []
    const all: WatchEvent[] = []
    const stopScoped = store.watch(GVRS.configmaps, { namespace: 'a', resourceVersion: store.resourceVersion() }, (e) => scoped.push(e))
    store.watch(GVRS.configmaps, { resourceVersion: store.resourceVersion() }, (e) => all.push(e))
    store.create(GVRS.configmaps, 'a', cm('one'))
    store.create(GVRS.configmaps, 'a-b', cm('two'))
    stopScoped()
    store.create(GVRS.configmaps, 'a', cm('three'))
    expect(names(scoped.map((e) => e.object))).toEqual(['a/one'])
    expect(names(all.map((e) => e.object))).toEqual(['a/one', 'a-b/two', 'a/three'])
  })

  it('unsubscribing twice does not drop a later watcher of the same namespace', () => {
    const store = setup()
    const stop = store.watch(GVRS.configmaps, { namespace: 'b' }, () => {})
    stop()
    const seen: WatchEvent[] = []
    store.watch(GVRS.configmaps, { namespace: 'b' }, (e) => seen.push(e))
    stop()
    store.create(GVRS.configmaps, 'b', cm('late'))
    expect(seen.map((e) => e.object.metadata.name)).toEqual(['late'])
  })

  it('listRefsPage and watchRefs hand out the frozen stored objects; watch() hands out copies', () => {
    const store = setup()
    store.create(GVRS.configmaps, 'a', cm('x'))
    const page = listRefsPage(store, GVRS.configmaps, { namespace: 'a', limit: 1 })
    expect(Object.isFrozen(page.items[0].metadata)).toBe(true)
    const refs: WatchEvent[] = []
    const copies: WatchEvent[] = []
    watchRefs(store, GVRS.configmaps, { namespace: 'a' }, (e) => refs.push(e))
    store.watch(GVRS.configmaps, { namespace: 'a' }, (e) => copies.push(e))
    expect(refs[0].object).toBe(page.items[0])
    expect(Object.isFrozen(copies[0].object)).toBe(false)
  })

  it('a resourceVersion older than the event log → 410 Expired with the real message', () => {
    const store = setup(5)
    const start = Number(store.resourceVersion())
    for (let i = 0; i < 10; i++) store.create(GVRS.configmaps, 'a', cm(`c${i}`))
    let err: StatusError | undefined
    try {
      store.watch(GVRS.configmaps, { resourceVersion: String(start) }, () => {})
    } catch (e) {
      err = e as StatusError
    }
    expect(err?.status).toMatchObject({ code: 410, reason: 'Expired', message: `too old resource version: ${start} (${start + 5})` })
    const seen: WatchEvent[] = []
    store.watch(GVRS.configmaps, { resourceVersion: String(start + 5) }, (e) => seen.push(e))
    expect(seen.map((e) => e.object.metadata.name)).toEqual(['c5', 'c6', 'c7', 'c8', 'c9'])
  })
})

describe('managedFields and the Secret strategy', () => {
  const entry = { manager: 'm', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }
  it('kept when an update omits them, replaced when given, cleared by [{}]', () => {
    const store = setup()
    const c = store.create(GVRS.configmaps, 'a', { ...cm('x'), metadata: { name: 'x', managedFields: [entry] } })
    expect(c.metadata.managedFields).toEqual([entry])
    const { managedFields: _drop, resourceVersion: _rv, ...md } = c.metadata
    expect(store.update(GVRS.configmaps, 'a', 'x', { ...c, metadata: md, data: { a: '1' } }).metadata.managedFields).toEqual([entry])
    const other = { ...entry, manager: 'n' }
    expect(store.update(GVRS.configmaps, 'a', 'x', { ...c, metadata: { ...md, managedFields: [other] }, data: { a: '2' } }).metadata.managedFields).toEqual([other])
    expect(store.update(GVRS.configmaps, 'a', 'x', { ...c, metadata: { ...md, managedFields: [{}] }, data: { a: '3' } }).metadata.managedFields).toBeUndefined()
  })

  it('secrets: stringData folds into base64 data, type defaults to Opaque and is immutable, names are validated', () => {
    const store = setup()
    const s = store.create(GVRS.secrets, 'a', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==' }, stringData: { b: 'héllo' } })
    expect(s.data).toEqual({ a: 'eA==', b: Buffer.from('héllo').toString('base64') })
    expect(s.stringData).toBeUndefined()
    expect(s.type).toBe('Opaque')
    expect(() => store.update(GVRS.secrets, 'a', 's', { ...s, type: 'kubernetes.io/tls' })).toThrow('Secret "s" is invalid: type: Invalid value: "kubernetes.io/tls": field is immutable')
    expect(() => store.create(GVRS.secrets, 'a', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'Bad' } })).toThrow(/^Secret "Bad" is invalid: metadata.name: Invalid value: "Bad": a lowercase RFC 1123 subdomain/)
  })
})
