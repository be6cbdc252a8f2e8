// Update strategies (fidelity §A4): RollingUpdate from the highest ordinal down, partition canaries, OnDelete, the
// broken-template trap (kubernetes#67250), revision reuse and history pruning; under OrderedReady and Parallel.
import { afterEach, describe, expect, it } from 'vitest'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { podRunningAndReady, startScenario, type Scenario } from './harness'
import { applyWeb, BROKEN_IMAGE, GOOD_IMAGE, image, NEW_IMAGE, pod, podNames, POLICIES, recordPodTimeline, setImage, settled, stsEvents, updateWeb, web, webSts, type Policy } from './sts-fixtures'

let s: Scenario
afterEach(() => s?.dispose())

async function ready3(policy: Policy, over: Record<string, unknown> = {}): Promise<Scenario> {
  s = startScenario()
  applyWeb(s, webSts(policy, over))
  await s.until('3 Ready', settled(s, 3))
  return s
}

const images = () => ['web-0', 'web-1', 'web-2'].map((n) => image(s, n))

describe.each(POLICIES)('StatefulSet updates (%s)', (policy) => {
  it('RollingUpdateReverseOrder: web-2, web-1, web-0, each replaced and Ready before the next goes', async () => {
    await ready3(policy)
    const timeline = recordPodTimeline(s)
    const readyAtDelete: string[][] = []
    s.store.watch(GVRS.pods, { namespace: 'default', resourceVersion: s.store.resourceVersion() }, (e) => {
      if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp && !timeline.includes(`TERMINATING ${e.object.metadata.name}`)) {
        readyAtDelete.push(podNames(s).filter((n) => podRunningAndReady(pod(s, n))))
      }
    })
    const before = web(s).status.currentRevision
    setImage(s, NEW_IMAGE)
    await s.until('rolled', () => settled(s, 3)() && images().every((i) => i === NEW_IMAGE))
    expect(timeline.filter((l) => l.startsWith('TERMINATING'))).toEqual(['TERMINATING web-2', 'TERMINATING web-1', 'TERMINATING web-0'])
    expect(timeline.slice(0, 3)).toEqual(['TERMINATING web-2', 'DELETED web-2', 'ADDED web-2'])
    // One at a time: when a pod is taken down, every other pod is Ready.
    for (const r of readyAtDelete) expect(r.length).toBe(3)
    const st = web(s).status
    expect(st.currentRevision).toBe(st.updateRevision)
    expect(st.currentRevision).not.toBe(before)
    const revs = s.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items
    expect(revs.map((r) => [r.metadata.name, r.revision]).sort()).toEqual([[before, 1], [st.updateRevision, 2]].sort())
    expect(pod(s, 'web-0')!.metadata.labels!['controller-revision-hash']).toBe(st.updateRevision)
    expect(stsEvents(s).filter((e) => e.startsWith('SuccessfulDelete'))).toEqual([2, 1, 0].map((i) => `SuccessfulDelete delete Pod web-${i} in StatefulSet web successful`))
    expect(s.violations).toEqual([])
  })

  it('PartitionCanary: only ordinals >= partition move; lowering the partition finishes the rollout', async () => {
    await ready3(policy, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } })
    updateWeb(s, (o) => (o.spec.template.spec.containers[0].image = NEW_IMAGE))
    await s.until('canary', () => image(s, 'web-2') === NEW_IMAGE && podRunningAndReady(pod(s, 'web-2')) && web(s).status.updatedReplicas === 1)
    await s.run(60_000)
    expect(images()).toEqual([GOOD_IMAGE, GOOD_IMAGE, NEW_IMAGE])
    const st = web(s).status
    expect(st).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 1 })
    expect(st.currentRevision).not.toBe(st.updateRevision)
    // Below the partition a deleted pod comes back at the current (old) revision.
    s.store.delete(GVRS.pods, 'default', 'web-0')
    await s.until('web-0 back', () => podRunningAndReady(pod(s, 'web-0')) && web(s).status.readyReplicas === 3)
    expect(image(s, 'web-0')).toBe(GOOD_IMAGE)
    updateWeb(s, (o) => (o.spec.updateStrategy.rollingUpdate.partition = 0))
    await s.until('all updated', () => settled(s, 3)() && images().every((i) => i === NEW_IMAGE))
    expect(s.violations).toEqual([])
  })

  it('OnDeleteWaitsForDelete: nothing moves until a pod is deleted; that one comes back updated', async () => {
    await ready3(policy, { updateStrategy: { type: 'OnDelete' } })
    setImage(s, NEW_IMAGE)
    await s.run(120_000)
    expect(images()).toEqual([GOOD_IMAGE, GOOD_IMAGE, GOOD_IMAGE])
    expect(web(s).status.currentReplicas).toBe(3)
    expect(web(s).status.updatedReplicas).toBeUndefined() // omitempty: no pod is at the new revision yet
    s.store.delete(GVRS.pods, 'default', 'web-1')
    await s.until('web-1 updated', () => image(s, 'web-1') === NEW_IMAGE && podRunningAndReady(pod(s, 'web-1')))
    await s.run(30_000)
    expect(images()).toEqual([GOOD_IMAGE, NEW_IMAGE, GOOD_IMAGE])
    const st = web(s).status
    expect(st).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 })
    expect(st.currentRevision).not.toBe(st.updateRevision) // OnDelete never completes a "rolling update"
    expect(s.violations).toEqual([])
  })

  it('BrokenTemplateBlocksRollout: the broken web-2 stops the rollout; after a revert, deleting it unsticks OrderedReady', async () => {
    await ready3(policy)
    setImage(s, BROKEN_IMAGE)
    await s.run(180_000)
    expect(images()).toEqual([GOOD_IMAGE, GOOD_IMAGE, BROKEN_IMAGE])
    expect(pod(s, 'web-2')!.status.containerStatuses[0].state.waiting.reason).toMatch(/^(ErrImagePull|ImagePullBackOff)$/)
    expect(web(s).status).toMatchObject({ readyReplicas: 2, updatedReplicas: 1, currentReplicas: 2 })
    // Revert the template.
    setImage(s, GOOD_IMAGE)
    await s.run(180_000)
    if (policy === 'OrderedReady') {
      // The known trap (docs "Forced rollback"): OrderedReady still waits for the broken pod to become Ready.
      expect(image(s, 'web-2')).toBe(BROKEN_IMAGE)
      expect(web(s).status.readyReplicas).toBe(2)
      s.store.delete(GVRS.pods, 'default', 'web-2')
    }
    // Parallel does not wait on the unhealthy pod in its replica pass, so the revert alone replaces it.
    await s.until('healed', () => settled(s, 3)() && images().every((i) => i === GOOD_IMAGE))
    expect(web(s).status.currentRevision).toBe(web(s).status.updateRevision)
    expect(s.violations).toEqual([])
  })
})

describe('ControllerRevision history', () => {
  it('reverting reuses the old revision with the next number; revisionHistoryLimit prunes non-live ones', async () => {
    await ready3('Parallel', { revisionHistoryLimit: 1 })
    const first = web(s).status.updateRevision
    for (const img of [NEW_IMAGE, GOOD_IMAGE]) {
      setImage(s, img)
      await s.until(`on ${img}`, () => settled(s, 3)() && images().every((i) => i === img))
    }
    expect(web(s).status.updateRevision).toBe(first)
    let revs = s.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items
    expect(revs.find((r) => r.metadata.name === first)!.revision).toBe(3)
    expect(revs).toHaveLength(2) // live + 1 of history
    // A third template: history keeps only the newest non-live revision.
    setImage(s, 'registry.k8s.io/nginx-slim:0.8') // same as NEW_IMAGE → reuse, number 4
    await s.until('back on 0.8', () => settled(s, 3)() && images().every((i) => i === NEW_IMAGE))
    updateWeb(s, (o) => (o.spec.template.metadata.annotations = { note: 'three' }))
    await s.until('annotated', () => settled(s, 3)() && pod(s, 'web-0')!.metadata.annotations?.note === 'three')
    await s.run(100) // the pass after the one that completed the rollout prunes with the new current revision
    revs = s.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items
    expect(revs.map((r) => r.revision).sort()).toEqual([4, 5])
    for (const r of revs) expect(r.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'StatefulSet', name: 'web', controller: true })])
  })
})
