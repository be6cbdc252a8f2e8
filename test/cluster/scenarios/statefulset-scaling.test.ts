// Scaling behaviours of the StatefulSet controller, each under OrderedReady and Parallel, with the harness checking
// the invariants (one incarnation per ordinal, OrderedReady order, Retain keeps claims) after every timer.
import { afterEach, describe, expect, it } from 'vitest'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { podRunningAndReady, startScenario, type Scenario } from './harness'
import { applyWeb, claim, claimNames, pod, podNames, POLICIES, recordPodTimeline, settled, stsEvents, updateWeb, web, webSts } from './sts-fixtures'

let s: Scenario
afterEach(() => s?.dispose())

describe.each(POLICIES)('StatefulSet scaling (%s)', (policy) => {
  const ordered = policy === 'OrderedReady'

  it('ScalesUp: every ordinal gets a pod and a Bound claim; the claim event precedes the pod event', async () => {
    s = startScenario()
    const timeline = recordPodTimeline(s)
    const readyWhenCreated: number[] = []
    s.store.watch(GVRS.pods, { namespace: 'default', resourceVersion: s.store.resourceVersion() }, (e) => {
      if (e.type === 'ADDED') readyWhenCreated.push(podNames(s).filter((n) => podRunningAndReady(pod(s, n))).length)
    })
    applyWeb(s, webSts(policy))
    await s.until('3 Ready', settled(s, 3))
    expect(timeline.filter((l) => l.startsWith('ADDED'))).toEqual(['ADDED web-0', 'ADDED web-1', 'ADDED web-2'])
    // OrderedReady creates web-k only once k pods are Ready; Parallel creates them all before any is Ready.
    expect(readyWhenCreated).toEqual(ordered ? [0, 1, 2] : [0, 0, 0])
    expect(claimNames(s)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
    for (const c of claimNames(s)) expect(claim(s, c)!.status.phase).toBe('Bound')
    expect(stsEvents(s)).toEqual(
      [0, 1, 2].flatMap((i) => [`SuccessfulCreate create Claim www-web-${i} Pod web-${i} in StatefulSet web success`, `SuccessfulCreate create Pod web-${i} in StatefulSet web successful`]),
    )
    expect(s.violations).toEqual([])
  })

  it('ScalesDownInReverse: highest ordinal first (OrderedReady one at a time), claims kept', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy, { replicas: 4 }))
    await s.until('4 Ready', settled(s, 4))
    const timeline = recordPodTimeline(s)
    updateWeb(s, (o) => (o.spec.replicas = 1))
    await s.until('1 left', () => podNames(s).length === 1 && web(s).status.replicas === 1)
    if (ordered) expect(timeline).toEqual(['TERMINATING web-3', 'DELETED web-3', 'TERMINATING web-2', 'DELETED web-2', 'TERMINATING web-1', 'DELETED web-1'])
    else expect(timeline.slice(0, 3)).toEqual(['TERMINATING web-3', 'TERMINATING web-2', 'TERMINATING web-1'])
    expect(podNames(s)).toEqual(['web-0'])
    expect(claimNames(s)).toEqual(['www-web-0', 'www-web-1', 'www-web-2', 'www-web-3'])
    expect(stsEvents(s).filter((e) => e.startsWith('SuccessfulDelete'))).toEqual([3, 2, 1].map((i) => `SuccessfulDelete delete Pod web-${i} in StatefulSet web successful`))
    // Scaling back up reuses the retained claims (same uid: same data).
    const uid = claim(s, 'www-web-3')!.metadata.uid
    updateWeb(s, (o) => (o.spec.replicas = 4))
    await s.until('4 Ready again', settled(s, 4))
    expect(claim(s, 'www-web-3')!.metadata.uid).toBe(uid)
    expect(s.violations).toEqual([])
  })

  it('RecreatesDeletedPodWithSameIdentity: same name, hostname and claim; new uid; only after the old one is gone', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy))
    await s.until('3 Ready', settled(s, 3))
    const old = pod(s, 'web-1')!
    const timeline = recordPodTimeline(s)
    s.store.delete(GVRS.pods, 'default', 'web-1')
    await s.until('web-1 back', () => pod(s, 'web-1')?.metadata.uid !== old.metadata.uid && podRunningAndReady(pod(s, 'web-1')))
    expect(timeline.slice(0, 3)).toEqual(['TERMINATING web-1', 'DELETED web-1', 'ADDED web-1'])
    const now = pod(s, 'web-1')!
    expect(now.spec.hostname).toBe('web-1')
    expect(now.spec.subdomain).toBe('nginx')
    expect(now.spec.volumes.find((v: any) => v.name === 'www').persistentVolumeClaim.claimName).toBe('www-web-1')
    expect(now.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1' })
    expect(claimNames(s)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
    expect(s.violations).toEqual([])
  })

  it('OrdinalsStart: ordinals start..start+replicas-1, scale-down removes the highest', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy, { replicas: 2, ordinals: { start: 5 } }))
    await s.until('2 Ready', settled(s, 2))
    expect(podNames(s)).toEqual(['web-5', 'web-6'])
    expect(claimNames(s)).toEqual(['www-web-5', 'www-web-6'])
    expect(pod(s, 'web-5')!.metadata.labels!['apps.kubernetes.io/pod-index']).toBe('5')
    // Moving the start condemns the old low ordinals and creates the new ones.
    updateWeb(s, (o) => (o.spec.ordinals = { start: 6 }))
    await s.until('web-6, web-7', () => podNames(s).join() === 'web-6,web-7' && settled(s, 2)())
    expect(s.violations).toEqual([])
  })

  it('MinReadySecondsDelaysAvailable: availableReplicas lags readyReplicas by minReadySeconds', async () => {
    s = startScenario()
    let readyAt = NaN
    let availableAt = NaN
    s.store.watch(GVRS.statefulsets, {}, (e) => {
      const st = e.object.status ?? {}
      if (st.readyReplicas >= 1 && Number.isNaN(readyAt)) readyAt = s.clock.now()
      if (st.availableReplicas >= 1 && Number.isNaN(availableAt)) availableAt = s.clock.now()
    })
    const created: Record<string, number> = {}
    s.store.watch(GVRS.pods, { namespace: 'default' }, (e) => {
      if (e.type === 'ADDED') created[e.object.metadata.name!] ??= s.clock.now()
    })
    applyWeb(s, webSts(policy, { replicas: 2, minReadySeconds: 10 }))
    await s.until('2 available', () => web(s).status?.availableReplicas === 2)
    // lastTransitionTime has whole seconds, so "Ready for 10 s" can be reached up to 1 s early, as upstream.
    expect(availableAt - readyAt).toBeGreaterThanOrEqual(9_000)
    expect(availableAt - readyAt).toBeLessThanOrEqual(11_000)
    expect(web(s).status.readyReplicas).toBe(2)
    // OrderedReady waits for web-0 to be *available* before creating web-1.
    if (ordered) expect(created['web-1']).toBeGreaterThanOrEqual(availableAt)
    else expect(created['web-1']).toBe(created['web-0'])
    expect(s.violations).toEqual([])
  })

  it('a pod that never becomes Ready: OrderedReady stops there; Parallel carries on', async () => {
    s = startScenario()
    applyWeb(
      s,
      webSts(policy, {
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'registry.k8s.io/nginx-slim:0.21',
                readinessProbe: { httpGet: { path: '/missing.html', port: 80 }, periodSeconds: 1 },
              },
            ],
          },
        },
        volumeClaimTemplates: [],
      }),
    )
    await s.run(120_000)
    expect(pod(s, 'web-0')!.status.phase).toBe('Running')
    expect(podRunningAndReady(pod(s, 'web-0'))).toBe(false)
    expect(podNames(s)).toEqual(ordered ? ['web-0'] : ['web-0', 'web-1', 'web-2'])
    expect(web(s).status).toMatchObject({ replicas: ordered ? 1 : 3, availableReplicas: 0 })
    expect(web(s).status.readyReplicas).toBeUndefined()
    expect(s.violations).toEqual([])
  })
})

describe('StatefulSet status (§A5)', () => {
  it('carries every field once settled, and only the non-zero counters while starting', async () => {
    s = startScenario()
    applyWeb(s, webSts('OrderedReady', { replicas: 2 }))
    await s.run(1)
    const early = web(s).status
    expect(Object.keys(early).sort()).toEqual(['availableReplicas', 'collisionCount', 'currentReplicas', 'currentRevision', 'observedGeneration', 'replicas', 'updateRevision', 'updatedReplicas'].sort())
    expect(early).toMatchObject({ observedGeneration: 1, replicas: 1, availableReplicas: 0, collisionCount: 0 })
    await s.until('2 Ready', settled(s, 2))
    const st = web(s).status
    const rev = s.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items
    expect(rev.map((r) => r.metadata.name)).toEqual([st.updateRevision])
    expect(st).toEqual({
      observedGeneration: 1,
      replicas: 2,
      readyReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 2,
      currentRevision: rev[0].metadata.name,
      updateRevision: rev[0].metadata.name,
      collisionCount: 0,
      availableReplicas: 2,
    })
    expect(rev[0].metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{8,10}$/)
    expect(rev[0].metadata.labels).toEqual({ app: 'nginx', 'controller.kubernetes.io/hash': rev[0].metadata.name!.slice(4) })
    expect(pod(s, 'web-0')!.metadata.labels!['controller-revision-hash']).toBe(rev[0].metadata.name)
  })

  it('puts back identity labels a user removed (SuccessfulUpdate)', async () => {
    s = startScenario()
    applyWeb(s, webSts('Parallel', { replicas: 1 }))
    await s.until('1 Ready', settled(s, 1))
    const p = structuredClone(pod(s, 'web-0')!)
    delete p.metadata.labels!['statefulset.kubernetes.io/pod-name']
    s.store.update(GVRS.pods, 'default', 'web-0', p)
    await s.run(100)
    expect(pod(s, 'web-0')!.metadata.labels!['statefulset.kubernetes.io/pod-name']).toBe('web-0')
    expect(stsEvents(s)).toContain('SuccessfulUpdate update Pod web-0 in StatefulSet web successful')
  })
})
