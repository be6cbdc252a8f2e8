// The event recorder under the app's real-time clock driver, which advances sim time by fractional milliseconds.
import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import { createRecorder } from '../../../src-main/cluster/controllers/events'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { createStore } from '../../../src-main/cluster/store/store'

describe('event recorder', () => {
  it('records events when sim time is not a whole millisecond (speed 1 advances by real, fractional elapsed time)', () => {
    const clock = new SimClock()
    const store = createStore({ clock, random: seededRandom(1) })
    store.create(GVRS.namespaces, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as never)
    const pod = store.create(GVRS.pods, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
    } as never)
    clock.advance(16.6667)
    const rec = createRecorder(store, clock)
    rec.event(pod, 'Normal', 'Scheduled', 'Successfully assigned default/web-0 to ordinal-worker', { component: 'default-scheduler' })
    rec.event(pod, 'Normal', 'Scheduled', 'Successfully assigned default/web-0 to ordinal-worker', { component: 'default-scheduler' })
    const events = store.list(GVRS.events, { namespace: 'default' }).items
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ reason: 'Scheduled', count: 2, involvedObject: { kind: 'Pod', name: 'web-0' } })
    expect(events[0].metadata.name).toMatch(/^web-0\.[0-9a-f]+$/)
  })
})
