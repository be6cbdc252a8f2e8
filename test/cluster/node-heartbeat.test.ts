// Node heartbeats: one Lease per node in kube-node-lease renewed every 10 s of sim time, the node status (conditions'
// lastHeartbeatTime) re-posted every 5 minutes; a crashed node's heartbeats stop, recovery resumes them. They are
// background chores: the clock still goes idle (pending() 0, runUntilIdle() returns) on a settled cluster.
import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import { LEASES } from '../../src-main/cluster/node-heartbeat'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness } from './helpers'

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0)
const NODES = ['ordinal-control-plane', 'ordinal-worker', 'ordinal-worker2', 'ordinal-worker3']
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')

describe('node leases and heartbeats', () => {
  it('one Lease per node from boot: holder = node, 40 s duration, owned by the Node', () => {
    const h = startHarness()
    const leases = h.cluster.store.list(LEASES, { namespace: 'kube-node-lease' }).items
    expect(leases.map((l) => l.metadata.name)).toEqual(NODES)
    for (const l of leases) {
      const node = h.cluster.store.get(GVRS.nodes, undefined, l.metadata.name!)
      expect(l).toMatchObject({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid }] },
        spec: { holderIdentity: l.metadata.name, leaseDurationSeconds: 40, renewTime: '2026-01-01T09:00:00.000000Z' },
      })
    }
    expect(h.cluster.store.list(LEASES, {}).items).toHaveLength(4)
  })

  it('renewTime follows the sim clock every 10 s; conditions’ lastHeartbeatTime every 5 minutes, transition times kept', async () => {
    const h = startHarness()
    const lease = (n: string) => h.cluster.store.get(LEASES, 'kube-node-lease', n).spec.renewTime
    const heartbeat = (n: string) => h.cluster.store.get(GVRS.nodes, undefined, n).status.conditions.map((c: any) => c.lastHeartbeatTime)
    const modified: string[] = []
    h.cluster.store.watch(LEASES, { namespace: 'kube-node-lease', resourceVersion: h.cluster.store.resourceVersion() }, (e) => {
      if (e.type === 'MODIFIED' && e.object.metadata.name === 'ordinal-worker') modified.push(e.object.spec.renewTime)
    })
    await h.run(35_000)
    // ordinal-worker renews at 11 s, 21 s, 31 s (the nodes are a second apart).
    expect(lease('ordinal-worker')).toBe('2026-01-01T09:00:31.000000Z')
    expect(lease('ordinal-control-plane')).toBe('2026-01-01T09:00:30.000000Z')
    expect(modified).toEqual(['2026-01-01T09:00:11.000000Z', '2026-01-01T09:00:21.000000Z', '2026-01-01T09:00:31.000000Z'])
    expect(heartbeat('ordinal-worker')).toEqual([iso(T0), iso(T0), iso(T0), iso(T0)])
    await h.run(5 * 60_000)
    const hb = heartbeat('ordinal-worker')
    expect(new Set(hb).size).toBe(1)
    expect(Date.parse(hb[0]) - T0).toBeGreaterThanOrEqual(5 * 60_000)
    expect(h.clock.now() - Date.parse(hb[0])).toBeLessThan(5 * 60_000)
    const ready = h.cluster.store.get(GVRS.nodes, undefined, 'ordinal-worker').status.conditions.find((c: any) => c.type === 'Ready')
    expect(ready).toMatchObject({ status: 'True', lastTransitionTime: iso(T0), reason: 'KubeletReady' })
  })

  it('a crashed node stops renewing (its Lease and heartbeat go stale); recovery renews at once', async () => {
    const h = startHarness()
    await h.run(20_000)
    const before = h.cluster.store.get(LEASES, 'kube-node-lease', 'ordinal-worker2').spec.renewTime
    h.cluster.nodes.fail('ordinal-worker2')
    await h.run(6 * 60_000)
    expect(h.cluster.store.get(LEASES, 'kube-node-lease', 'ordinal-worker2').spec.renewTime).toBe(before)
    const cond = h.cluster.store.get(GVRS.nodes, undefined, 'ordinal-worker2').status.conditions.find((c: any) => c.type === 'Ready')
    expect(cond.status).toBe('Unknown') // the node lifecycle controller's verdict is not overwritten by a heartbeat
    // The others kept going.
    expect(Date.parse(h.cluster.store.get(LEASES, 'kube-node-lease', 'ordinal-worker').spec.renewTime)).toBeGreaterThan(h.clock.now() - 10_000)
    h.cluster.nodes.recover('ordinal-worker2')
    expect(Date.parse(h.cluster.store.get(LEASES, 'kube-node-lease', 'ordinal-worker2').spec.renewTime)).toBe(h.clock.now())
    await h.run(10_000)
    expect(Date.parse(h.cluster.store.get(LEASES, 'kube-node-lease', 'ordinal-worker2').spec.renewTime)).toBeGreaterThan(h.clock.now() - 10_000)
  })

  it('heartbeats are background chores: a settled cluster is idle, runUntilIdle() returns, time still renews them', () => {
    const clock = new SimClock()
    const c = createCluster({ clock, random: seededRandom(2) })
    try {
      const steps = clock.runUntilIdle()
      expect(steps).toBeLessThan(1000)
      expect(clock.pending()).toBe(0)
      expect(clock.nextBusyAt()).toBeUndefined()
      expect(clock.nextAt()).toBeDefined()
      const t = clock.now()
      clock.advance(60_000)
      expect(Date.parse(c.store.get(LEASES, 'kube-node-lease', 'ordinal-worker3').spec.renewTime)).toBeGreaterThan(t)
      expect(clock.pending()).toBe(0)
    } finally {
      c.dispose()
    }
  })

  it('dispose stops the renewals', () => {
    const clock = new SimClock()
    const c = createCluster({ clock, random: seededRandom(2) })
    c.dispose()
    const rv = c.store.resourceVersion()
    clock.advance(60_000)
    expect(c.store.resourceVersion()).toBe(rv)
  })
})
