// The event recorder: legacy core/v1 dedupe (count, first/lastTimestamp), aggregation of similar events, and the
// events.k8s.io series kube-scheduler writes — also under the real-time driver's fractional sim milliseconds.
import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import { createRecorder } from '../../../src-main/cluster/controllers/events'
import { microTime } from '../../../src-main/cluster/controllers/events-series'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { createStore } from '../../../src-main/cluster/store/store'

function setup() {
  const clock = new SimClock()
  const store = createStore({ clock, random: seededRandom(1) })
  store.create(GVRS.namespaces, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as never)
  const pod = store.create(GVRS.pods, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
  } as never)
  return { clock, store, pod, rec: createRecorder(store, clock), events: () => store.list(GVRS.events, { namespace: 'default' }).items }
}

const KUBELET = { component: 'kubelet', host: 'ordinal-worker' }

describe('legacy recorder (kubelet, controllers)', () => {
  it('dedupes identical events into count + lastTimestamp, even at fractional sim milliseconds', () => {
    const { clock, rec, pod, events } = setup()
    clock.advance(16.6667)
    rec.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container nginx in pod web-0_default(x)', KUBELET, 'spec.containers{nginx}')
    clock.advance(12_000)
    rec.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container nginx in pod web-0_default(x)', KUBELET, 'spec.containers{nginx}')
    const ev = events()
    expect(ev).toHaveLength(1)
    expect(ev[0]).toMatchObject({
      reason: 'BackOff',
      count: 2,
      firstTimestamp: '2026-01-01T09:00:00Z',
      lastTimestamp: '2026-01-01T09:00:12Z',
      source: KUBELET,
      reportingComponent: 'kubelet',
      reportingInstance: 'ordinal-worker',
      involvedObject: { kind: 'Pod', name: 'web-0', fieldPath: 'spec.containers{nginx}' },
    })
    expect(ev[0].metadata.name).toMatch(/^web-0\.[0-9a-f]+$/)
  })

  it('a different message or fieldPath is a different event', () => {
    const { rec, pod, events } = setup()
    rec.event(pod, 'Normal', 'Pulled', 'a', KUBELET)
    rec.event(pod, 'Normal', 'Pulled', 'b', KUBELET)
    rec.event(pod, 'Normal', 'Pulled', 'a', KUBELET, 'spec.containers{x}')
    expect(events().map((e) => [e.message, e.count])).toEqual([['a', 1], ['b', 1], ['a', 1]])
  })

  it('the 10th distinct message for one object and reason within 10 minutes is combined, and later ones count on it', () => {
    const { clock, rec, pod, events } = setup()
    for (let i = 0; i < 12; i++) {
      rec.event(pod, 'Normal', 'SuccessfulCreate', `create Pod web-${i} in StatefulSet web successful`, { component: 'statefulset-controller' })
      clock.advance(1000)
    }
    const ev = events()
    expect(ev).toHaveLength(10)
    const combined = ev.filter((e) => e.message.startsWith('(combined from similar events): '))
    expect(combined).toHaveLength(1)
    expect(combined[0]).toMatchObject({ message: '(combined from similar events): create Pod web-11 in StatefulSet web successful', count: 3 })
    // After a quiet 10 minutes the aggregation starts over.
    clock.advance(11 * 60_000)
    rec.event(pod, 'Normal', 'SuccessfulCreate', 'create Pod web-20 in StatefulSet web successful', { component: 'statefulset-controller' })
    expect(events().at(-1)!.message).toBe('create Pod web-20 in StatefulSet web successful')
  })
})

describe('legacy recorder: what counts as distinct', () => {
  it('repeats of a message do not count towards the 10 distinct ones; other reasons and objects keep their own count', () => {
    const { store, rec, pod, events } = setup()
    const other = store.create(GVRS.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } as never)
    const SC = { component: 'statefulset-controller' }
    for (let i = 0; i < 9; i++) {
      rec.event(pod, 'Normal', 'SuccessfulCreate', `m${i}`, SC)
      rec.event(pod, 'Normal', 'SuccessfulCreate', 'm0', SC) // a repeat: counted on m0's event, not as distinct
      rec.event(pod, 'Normal', 'SuccessfulDelete', `d${i}`, SC)
      rec.event(other, 'Normal', 'SuccessfulCreate', `o${i}`, SC)
    }
    expect(events().filter((e) => e.message.startsWith('(combined'))).toEqual([])
    expect(events().find((e) => e.message === 'm0')!.count).toBe(10)
    rec.event(pod, 'Normal', 'SuccessfulCreate', 'm9', SC)
    expect(events().filter((e) => e.message.startsWith('(combined')).map((e) => [e.involvedObject.name, e.reason, e.message])).toEqual([
      ['web-0', 'SuccessfulCreate', '(combined from similar events): m9'],
    ])
  })
})

describe('legacy recorder: the dedupe index follows the stored events', () => {
  const KL = { component: 'kubelet', host: 'ordinal-worker' }

  it('an event deleted by someone else is not counted on: the repeat is a new event', () => {
    const { store, rec, pod, events } = setup()
    rec.event(pod, 'Normal', 'Pulled', 'pulled', KL)
    store.delete(GVRS.events, 'default', events()[0].metadata.name!)
    rec.event(pod, 'Normal', 'Pulled', 'pulled', KL)
    expect(events().map((e) => [e.message, e.count])).toEqual([['pulled', 1]])
  })

  it('an event whose message someone else changed is a repeat of its new message, not of its old one', () => {
    const { store, rec, pod, events } = setup()
    rec.event(pod, 'Normal', 'Pulled', 'old', KL)
    const e = events()[0]
    store.update(GVRS.events, 'default', e.metadata.name!, { ...e, message: 'new' })
    rec.event(pod, 'Normal', 'Pulled', 'old', KL)
    rec.event(pod, 'Normal', 'Pulled', 'new', KL)
    expect(events().map((x) => [x.metadata.name === e.metadata.name, x.message, x.count])).toEqual([
      [true, 'new', 2],
      [false, 'old', 1],
    ])
  })

  it('of two stored twins (one written by someone else), the repeat counts on the first by name; other objects and namespaces do not match', () => {
    const { store, rec, pod, events } = setup()
    store.create(GVRS.namespaces, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } } as never)
    rec.event(pod, 'Normal', 'Pulled', 'pulled', KL)
    const mine = events()[0]
    const twin = { ...mine, metadata: { name: 'web-0.0000000000000001', namespace: 'default' } }
    store.create(GVRS.events, 'default', twin as never)
    // Same uid and reason in another namespace, and another object's event: neither is a candidate.
    store.create(GVRS.events, 'other', { ...twin, metadata: { name: 'web-0.0', namespace: 'other' } } as never)
    store.create(GVRS.events, 'default', { ...twin, metadata: { name: 'web-0.00', namespace: 'default' }, involvedObject: { ...mine.involvedObject, uid: 'someone-else' } } as never)
    rec.event(pod, 'Normal', 'Pulled', 'pulled', KL)
    const counts = Object.fromEntries(store.list(GVRS.events, {}).items.map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e.count]))
    expect(counts).toEqual({
      'default/web-0.0000000000000001': 2,
      [`default/${mine.metadata.name}`]: 1,
      'default/web-0.00': 1,
      'other/web-0.0': 1,
    })
  })
})

describe('events.k8s.io recorder (kube-scheduler)', () => {
  const SCHED = { component: 'default-scheduler' }

  it('writes eventTime, action and reportingComponent; no first/lastTimestamp, empty source', () => {
    const { clock, rec, pod, events } = setup()
    clock.advance(1234.5)
    rec.event(pod, 'Normal', 'Scheduled', 'Successfully assigned default/web-0 to ordinal-worker', SCHED)
    expect(events()[0]).toMatchObject({
      action: 'Binding',
      reason: 'Scheduled',
      eventTime: '2026-01-01T09:00:01.234500Z',
      firstTimestamp: null,
      lastTimestamp: null,
      source: {},
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-ordinal-control-plane',
    })
    expect(events()[0].count).toBeUndefined()
    expect(microTime(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000000Z')
  })

  it('a repeat starts a series (count 2 at once); later repeats are written by the heartbeat or when the series ends', () => {
    const { clock, rec, pod, events } = setup()
    const msg = '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.'
    rec.event(pod, 'Warning', 'FailedScheduling', msg, SCHED)
    clock.advance(60_000)
    rec.event(pod, 'Warning', 'FailedScheduling', msg, SCHED)
    expect(events()[0].series).toEqual({ count: 2, lastObservedTime: '2026-01-01T09:01:00.000000Z' })
    expect(events()[0].action).toBe('Scheduling')
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000)
      rec.event(pod, 'Warning', 'FailedScheduling', msg, SCHED)
    }
    expect(events()[0].series.count).toBe(2) // still the first write
    // 7 quiet minutes: the next scheduler event flushes the ended series' final count.
    clock.advance(7 * 60_000)
    rec.event(pod, 'Normal', 'Scheduled', 'Successfully assigned default/web-0 to ordinal-worker', SCHED)
    const failed = events().find((e) => e.reason === 'FailedScheduling')!
    expect(failed.series).toEqual({ count: 5, lastObservedTime: '2026-01-01T09:04:00.000000Z' })
    expect(events()).toHaveLength(2)
    // The ended series is forgotten: the same event again is a new Event object, without a series.
    rec.event(pod, 'Warning', 'FailedScheduling', msg, SCHED)
    const again = events().filter((e) => e.reason === 'FailedScheduling')
    expect(again.map((e) => e.series?.count)).toEqual([5, undefined])
  })

  it('identical messages about different objects are separate series', () => {
    const { store, rec, pod, events } = setup()
    const other = store.create(GVRS.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } as never)
    for (const p of [pod, other, pod]) rec.event(p, 'Warning', 'FailedScheduling', '0/4 nodes are available.', SCHED)
    expect(events().map((e) => [e.involvedObject.name, e.series?.count])).toEqual([
      ['web-0', 2],
      ['web-1', undefined],
    ])
  })
})
