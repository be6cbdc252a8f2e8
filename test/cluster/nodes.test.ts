// Nodes: cordon (the unschedulable taint, `SchedulingDisabled`), failure (NotReady after the monitor grace period,
// unreachable taints, pods not Ready, taint eviction after 300s that never completes), force delete, and recovery.
import { describe, expect, it } from 'vitest'
import { nodePrinter } from '../../src-main/apiserver/tables/other-printers'
import type { KObject } from '../../src-main/cluster/api-types'
import { NODE_MONITOR_GRACE_MS } from '../../src-main/cluster/controllers/node-lifecycle'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness, type Harness } from './helpers'
import { events, pod, statusOf } from './pod-helpers'

const node = (h: Harness, name: string): KObject => h.cluster.store.get(GVRS.nodes, undefined, name)
const nodeStatus = (h: Harness, name: string) => nodePrinter.row(node(h, name), h.clock.now())[1]
const cond = (o: KObject, type: string) => (o.status?.conditions ?? []).find((c: any) => c.type === type)
const nodeEvents = (h: Harness, name: string, reason: string) =>
  h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: `involvedObject.name=${name},reason=${reason}` }).items

async function podOn(h: Harness, name: string, nodeName: string, spec: Record<string, unknown> = {}): Promise<void> {
  h.cluster.store.create(GVRS.pods, 'default', pod(name, { nodeSelector: { 'kubernetes.io/hostname': nodeName }, ...spec }))
  await h.until(() => h.pod(name)?.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') === true)
}

describe('cordon', () => {
  it('spec.unschedulable adds the node.kubernetes.io/unschedulable taint; STATUS Ready,SchedulingDisabled; uncordon removes it', async () => {
    const h = startHarness()
    const n = node(h, 'ordinal-worker2')
    h.cluster.store.update(GVRS.nodes, undefined, 'ordinal-worker2', { ...n, spec: { ...n.spec, unschedulable: true } })
    await h.run(100)
    expect(node(h, 'ordinal-worker2').spec.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2026-01-01T09:00:00Z' }])
    expect(nodeStatus(h, 'ordinal-worker2')).toBe('Ready,SchedulingDisabled')
    const m = node(h, 'ordinal-worker2')
    delete m.spec.unschedulable
    h.cluster.store.update(GVRS.nodes, undefined, 'ordinal-worker2', m)
    await h.run(100)
    expect(node(h, 'ordinal-worker2').spec.taints).toBeUndefined()
    expect(nodeStatus(h, 'ordinal-worker2')).toBe('Ready')
  })

  it('a cordoned node keeps its running pods', async () => {
    const h = startHarness()
    await podOn(h, 'keep', 'ordinal-worker')
    const n = node(h, 'ordinal-worker')
    h.cluster.store.update(GVRS.nodes, undefined, 'ordinal-worker', { ...n, spec: { ...n.spec, unschedulable: true } })
    await h.run(60_000)
    expect(statusOf(h.cluster.store, h.clock.now(), 'keep')).toBe('1/1 Running 0')
  })
})

describe('node failure', () => {
  it('unknown node: NotFound in the API wording', () => {
    const h = startHarness()
    expect(() => h.cluster.nodes.fail('nope')).toThrow('nodes "nope" not found')
    expect(() => h.cluster.nodes.recover('nope')).toThrow('nodes "nope" not found')
  })

  it('NotReady after the grace period; pods lose Ready but still print 1/1 Running; evicted after 300s they stay Terminating', async () => {
    const h = startHarness()
    await podOn(h, 'victim', 'ordinal-worker')
    const uid = h.pod('victim')!.metadata.uid!
    const failedAt = h.clock.now()
    h.cluster.nodes.fail('ordinal-worker')
    expect(h.cluster.nodes.isUp('ordinal-worker')).toBe(false)
    // The containers died with the node, but nobody can report it.
    expect([...h.runtime.running.keys()].some((k) => k.startsWith(uid))).toBe(false)
    await h.run(NODE_MONITOR_GRACE_MS - 1_000)
    expect(nodeStatus(h, 'ordinal-worker')).toBe('Ready')
    await h.run(1_000)
    const n = node(h, 'ordinal-worker')
    expect(cond(n, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' })
    expect(cond(n, 'MemoryPressure')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' })
    expect(n.spec.taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute'])
    expect(nodeEvents(h, 'ordinal-worker', 'NodeNotReady')[0].message).toBe('Node ordinal-worker status is now: NodeNotReady')
    expect(cond(h.pod('victim')!, 'Ready')!.status).toBe('False')
    expect(events(h.cluster.store, 'victim', 'NodeNotReady')[0]).toMatchObject({ type: 'Warning', message: 'Node is not ready' })
    expect(statusOf(h.cluster.store, h.clock.now(), 'victim')).toBe('1/1 Running 0')
    // Default toleration: node.kubernetes.io/unreachable:NoExecute for 300s.
    await h.run(299_000)
    expect(h.pod('victim')!.metadata.deletionTimestamp).toBeUndefined()
    await h.run(1_000)
    expect(h.clock.now() - failedAt).toBe(NODE_MONITOR_GRACE_MS + 300_000)
    const p = h.pod('victim')!
    expect(p.metadata.deletionTimestamp).toBeDefined()
    expect(cond(p, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' })
    expect(events(h.cluster.store, 'victim', 'TaintManagerEviction')[0].message).toBe('Marking for deletion Pod default/victim')
    expect(statusOf(h.cluster.store, h.clock.now(), 'victim')).toBe('1/1 Terminating 0')
    // The kubelet cannot confirm: the pod stays, however long we wait.
    await h.run(3_600_000)
    expect(h.pod('victim')?.metadata.uid).toBe(uid)
    // Force delete removes it.
    h.cluster.store.delete(GVRS.pods, 'default', 'victim', { gracePeriodSeconds: 0 })
    expect(h.pod('victim')).toBeUndefined()
    expect(h.violations).toEqual([])
  })

  it('pods that tolerate unreachable without tolerationSeconds are never evicted', async () => {
    const h = startHarness()
    await podOn(h, 'stay', 'ordinal-worker3', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] })
    h.cluster.nodes.fail('ordinal-worker3')
    await h.run(3_600_000)
    expect(h.pod('stay')!.metadata.deletionTimestamp).toBeUndefined()
  })

  it('new pods avoid the unreachable node: FailedScheduling names its taint', async () => {
    const h = startHarness()
    h.cluster.nodes.fail('ordinal-worker')
    h.cluster.nodes.fail('ordinal-worker2')
    h.cluster.nodes.fail('ordinal-worker3')
    await h.run(NODE_MONITOR_GRACE_MS)
    h.cluster.store.create(GVRS.pods, 'default', pod('late'))
    await h.run(2_000)
    expect(events(h.cluster.store, 'late', 'FailedScheduling')[0].message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    )
  })

  it('recovery: Ready again, taints gone, surviving pods restart (Unknown/255, new IP); pods deleted meanwhile are finished off', async () => {
    const h = startHarness()
    await podOn(h, 'survivor', 'ordinal-worker2')
    await podOn(h, 'doomed', 'ordinal-worker2')
    const oldIP = h.pod('survivor')!.status.podIP
    h.cluster.nodes.fail('ordinal-worker2')
    await h.run(120_000)
    h.cluster.store.delete(GVRS.pods, 'default', 'doomed') // graceful: nobody there to finish it
    await h.run(60_000)
    expect(h.pod('doomed')!.metadata.deletionTimestamp).toBeDefined()
    h.cluster.nodes.recover('ordinal-worker2')
    await h.run(10_000)
    const n = node(h, 'ordinal-worker2')
    expect(cond(n, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' })
    expect(n.spec.taints).toBeUndefined()
    expect(nodeStatus(h, 'ordinal-worker2')).toBe('Ready')
    expect(nodeEvents(h, 'ordinal-worker2', 'NodeReady')[0].message).toBe('Node ordinal-worker2 status is now: NodeReady')
    expect(h.pod('doomed')).toBeUndefined()
    const cs = h.pod('survivor')!.status.containerStatuses[0]
    expect(cs.restartCount).toBe(1)
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' })
    expect(cs.ready).toBe(true)
    expect(h.pod('survivor')!.status.podIP).not.toBe(oldIP)
    expect(statusOf(h.cluster.store, h.clock.now(), 'survivor')).toMatch(/^1\/1 Running 1 \(\d+s ago\)$/)
  })
})
