// The runtime's per-namespace Service list (service-link variables): the same list a store list gives, at every
// moment, including while the store is still delivering earlier changes.
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import { createServiceLister } from '../../../src-main/cluster/runtime/service-list'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { onChangeRefs } from '../../../src-main/cluster/store/refs'
import { createStore } from '../../../src-main/cluster/store/store'

const svc = (name: string, namespace = 'default'): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { ports: [{ port: 80, protocol: 'TCP' }] },
})

function setup() {
  const store = createStore({ clock: new SimClock(), random: seededRandom(1) })
  for (const ns of ['default', 'other']) store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
  const list = createServiceLister(store)
  const names = (ns: string) => list(ns).map((s) => s.metadata.name)
  return { store, list, names }
}

describe('service lister', () => {
  it('lists a namespace\'s Services in store order, and answers again from the same list while nothing changed', () => {
    const { store, list, names } = setup()
    store.create(GVRS.services, 'default', svc('b'))
    store.create(GVRS.services, 'default', svc('a'))
    expect(names('default')).toEqual(['a', 'b'])
    expect(list('default')).toBe(list('default'))
    // Unrelated writes do not drop it.
    store.create(GVRS.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } })
    const before = list('default')
    store.create(GVRS.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm2' } })
    expect(list('default')).toBe(before)
    expect(names('other')).toEqual([])
  })

  it('follows creates, updates and deletes of Services in that namespace only', () => {
    const { store, list, names } = setup()
    store.create(GVRS.services, 'default', svc('a'))
    expect(names('default')).toEqual(['a'])
    const other = list('other')
    store.create(GVRS.services, 'default', svc('c'))
    expect(names('default')).toEqual(['a', 'c'])
    expect(list('other')).toBe(other)
    const cur = store.get(GVRS.services, 'default', 'a')
    store.update(GVRS.services, 'default', 'a', { ...cur, metadata: { ...cur.metadata, labels: { x: 'y' } } })
    expect(list('default')[0].metadata.labels).toEqual({ x: 'y' })
    store.delete(GVRS.services, 'default', 'c')
    expect(names('default')).toEqual(['a'])
  })

  it('sees a Service created while the store is still delivering an earlier change', () => {
    const { store, names } = setup()
    expect(names('default')).toEqual([])
    let seenInside: (string | undefined)[] | undefined
    onChangeRefs(store, (c) => {
      if (c.gvr.resource !== 'configmaps') return
      // This write's change is queued behind the ConfigMap's: the lister has not been told of it yet.
      store.create(GVRS.services, 'default', svc('late'))
      seenInside = names('default')
    })
    store.create(GVRS.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'trigger' } })
    expect(seenInside).toEqual(['late'])
    expect(names('default')).toEqual(['late'])
  })
})
