// The controllers' read-only store path (listRefs/getRef) and the recorder's dedupe index.
import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createRecorder } from '../../src-main/cluster/controllers/events'
import { GVRS } from '../../src-main/cluster/store/registry'
import { createStore, getRef, listRefs } from '../../src-main/cluster/store/store'

function setup() {
  const clock = new SimClock()
  const store = createStore({ clock, random: seededRandom(1) })
  store.create(GVRS.namespaces, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as never)
  for (const n of ['b', 'a', 'c']) {
    store.create(GVRS.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: n, labels: { app: n } }, spec: { containers: [{ name: 'x', image: 'nginx' }] } } as never)
  }
  return { clock, store }
}

describe('listRefs / getRef', () => {
  it('return what list/get return, in the same order, as frozen stored objects', () => {
    const { store } = setup()
    const refs = listRefs(store, GVRS.pods, { namespace: 'default' })
    expect(refs.map((p) => p.metadata.name)).toEqual(['a', 'b', 'c'])
    expect(refs).toEqual(store.list(GVRS.pods, { namespace: 'default' }).items)
    expect(listRefs(store, GVRS.pods, { labelSelector: 'app=b' }).map((p) => p.metadata.name)).toEqual(['b'])
    expect(() => {
      ;(refs[0].metadata as any).name = 'z'
    }).toThrow(TypeError)
    expect(getRef(store, GVRS.pods, 'default', 'a')).toBe(refs[0])
    expect(getRef(store, GVRS.pods, 'default', 'nope')).toBeUndefined()
  })

  it('leave list() and get() handing out mutable copies', () => {
    const { store } = setup()
    const p = store.list(GVRS.pods, { namespace: 'default' }).items[0]
    p.metadata.labels!.app = 'changed'
    store.get(GVRS.pods, 'default', 'b').metadata.labels!.app = 'changed'
    expect(listRefs(store, GVRS.pods).map((x) => x.metadata.labels?.app)).toEqual(['a', 'b', 'c'])
  })
})

describe('event recorder dedupe index', () => {
  it('counts repeats, and starts a new event once the old one is deleted', () => {
    const { store } = setup()
    const clock = new SimClock()
    const rec = createRecorder(store, clock)
    const pod = store.get(GVRS.pods, 'default', 'a')
    const say = () => rec.event(pod, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', { component: 'kubelet' })
    say()
    say()
    let events = store.list(GVRS.events, { namespace: 'default' }).items
    expect(events.map((e) => e.count)).toEqual([2])
    store.delete(GVRS.events, 'default', events[0].metadata.name!)
    say()
    events = store.list(GVRS.events, { namespace: 'default' }).items
    expect(events.map((e) => e.count)).toEqual([1])
  })

  it('finds events that existed before the recorder was created', () => {
    const { store, clock } = setup()
    const pod = store.get(GVRS.pods, 'default', 'a')
    createRecorder(store, clock).event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', { component: 'kubelet' })
    createRecorder(store, clock).event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', { component: 'kubelet' })
    expect(store.list(GVRS.events, { namespace: 'default' }).items.map((e) => e.count)).toEqual([2])
  })
})
