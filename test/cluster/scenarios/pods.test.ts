// Pod- and node-level behaviours a learner can observe, on the real runtime, with the StatefulSet invariants checked
// after every timer (harness.ts): a failed node never leads to two pods with one identity; readiness probes gate
// OrderedReady; a crash-looping pod blocks the next ordinal; a drained node's pods come back elsewhere.
import { afterEach, describe, expect, it } from 'vitest'
import { summarizePod } from '../../../src-main/apiserver/tables/pod-summary'
import { NODE_MONITOR_GRACE_MS } from '../../../src-main/cluster/controllers/node-lifecycle'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { startScenario, type Scenario } from './harness'
import { applyWeb, pod, podNames, POLICIES, recordPodTimeline, settled, webSts } from './sts-fixtures'

let s: Scenario
afterEach(() => s?.dispose())

const status = (name: string) => summarizePod(pod(s, name)!, s.clock.now()).status
const failedScheduling = (name: string) =>
  s.store
    .list(GVRS.events, { namespace: 'default', fieldSelector: `involvedObject.name=${name},reason=FailedScheduling` })
    .items.map((e) => e.message)

describe.each(POLICIES)('%s', (policy) => {
  it('NodeFailureDoesNotDuplicate: the lost pod stays Terminating; no replacement until it is force-deleted', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy))
    await s.until('3 ready', settled(s, 3))
    // The scheduler spreads one set's pods over the workers (claims bind after the choice: the pod is "assumed").
    expect(new Set(podNames(s).map((n) => pod(s, n)!.spec.nodeName)).size).toBe(3)
    const victim = 'web-1'
    const nodeName = pod(s, victim)!.spec.nodeName
    const uid = pod(s, victim)!.metadata.uid
    const timeline = recordPodTimeline(s)
    s.cluster.nodes.fail(nodeName)
    await s.run(NODE_MONITOR_GRACE_MS + 300_000 + 1_000)
    expect(pod(s, victim)!.metadata.deletionTimestamp).toBeDefined()
    expect(status(victim)).toBe('Terminating')
    expect(s.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas).toBe(2)
    // Ten more minutes: still the same (unconfirmed) pod, and no second web-1.
    await s.run(600_000)
    expect(pod(s, victim)!.metadata.uid).toBe(uid)
    expect(timeline.filter((l) => l === `ADDED ${victim}`)).toEqual([])
    expect(podNames(s)).toEqual(['web-0', 'web-1', 'web-2'])

    // Force delete: the controller creates web-1 again; its local-path volume lives on the failed node.
    s.store.delete(GVRS.pods, 'default', victim, { gracePeriodSeconds: 0 })
    await s.until('web-1 recreated', () => !!pod(s, victim) && pod(s, victim)!.metadata.uid !== uid)
    await s.run(5_000)
    expect(pod(s, victim)!.spec.nodeName).toBeUndefined()
    expect(failedScheduling(victim).at(-1)).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 node(s) had volume node affinity conflict. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    )
    // The node comes back: web-1 lands there again, with its claim.
    s.cluster.nodes.recover(nodeName)
    await s.until('3 ready again', settled(s, 3))
    expect(pod(s, victim)!.spec.nodeName).toBe(nodeName)
    expect(s.violations).toEqual([])
  })

  it('a readiness probe that never passes keeps the pod 0/1 Running', async () => {
    s = startScenario()
    const sts = webSts(policy)
    sts.spec.template.spec.containers[0].readinessProbe = { httpGet: { path: '/not-there', port: 80 }, periodSeconds: 2 }
    applyWeb(s, sts)
    await s.run(60_000)
    const ready = s.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas ?? 0
    expect(ready).toBe(0)
    if (policy === 'OrderedReady') expect(podNames(s)).toEqual(['web-0']) // web-1 waits for web-0 to be Ready
    else expect(podNames(s)).toEqual(['web-0', 'web-1', 'web-2'])
    expect(summarizePod(pod(s, 'web-0')!, s.clock.now())).toMatchObject({ ready: '0/1', status: 'Running' })
    expect(s.violations).toEqual([])
  })
})

describe('OrderedReady', () => {
  it('a crash-looping pod blocks the next ordinal: CrashLoopBackOff with growing RESTARTS, web-1 never created', async () => {
    s = startScenario()
    const sts = webSts('OrderedReady')
    // Without a readiness probe a container is Ready while it runs, which would let web-1 start in that window.
    sts.spec.template.spec.containers[0] = {
      name: 'app',
      image: 'busybox:1.28',
      command: ['sh', '-c', 'sleep 2; exit 1'],
      readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 },
    }
    applyWeb(s, sts)
    await s.run(120_000)
    expect(podNames(s)).toEqual(['web-0'])
    const row = summarizePod(pod(s, 'web-0')!, s.clock.now())
    expect(['CrashLoopBackOff', 'Error', 'Running']).toContain(row.status)
    expect(Number(row.restarts.split(' ')[0])).toBeGreaterThanOrEqual(3)
    expect(row.restarts).toMatch(/^\d+ \(\d+s ago\)$/)
    expect(s.violations).toEqual([])
  })

  it('drain: evicted pods come back on the remaining nodes under the same names (no claims)', async () => {
    s = startScenario()
    const sts = webSts('OrderedReady', { volumeClaimTemplates: undefined })
    sts.spec.template.spec.containers[0].volumeMounts = undefined
    applyWeb(s, sts)
    await s.until('3 ready', settled(s, 3))
    const nodeName = pod(s, 'web-0')!.spec.nodeName
    const before = pod(s, 'web-0')!.metadata.uid
    const n = s.store.get(GVRS.nodes, undefined, nodeName)
    s.store.update(GVRS.nodes, undefined, nodeName, { ...n, spec: { ...n.spec, unschedulable: true } })
    for (const p of s.store.list(GVRS.pods, { namespace: 'default', fieldSelector: `spec.nodeName=${nodeName}` }).items) {
      if (p.metadata.name!.startsWith('web-')) s.store.delete(GVRS.pods, 'default', p.metadata.name!)
    }
    await s.until('web-0 replaced and all ready', () => pod(s, 'web-0')?.metadata.uid !== before && settled(s, 3)())
    for (const name of podNames(s)) expect(pod(s, name)!.spec.nodeName).not.toBe(nodeName)
    expect(s.violations).toEqual([])
  })
})
