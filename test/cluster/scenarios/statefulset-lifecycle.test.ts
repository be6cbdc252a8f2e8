// Claim retention (fidelity §A7), deletion with each propagation policy, and adoption of orphans on re-apply.
import { afterEach, describe, expect, it } from 'vitest'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { getObj, podRunningAndReady, startScenario, type Scenario } from './harness'
import { applyWeb, claim, claimNames, pod, podNames, POLICIES, recordPodTimeline, settled, stsEvents, updateWeb, web, webSts } from './sts-fixtures'

let s: Scenario
afterEach(() => s?.dispose())

const setRefOf = (uid: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid })

describe.each(POLICIES)('StatefulSet lifecycle (%s)', (policy) => {
  it('RetentionPolicyDeleteOnScale: condemned pods own their claims, which go after them; kept ordinals keep theirs', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }))
    await s.until('3 Ready', settled(s, 3))
    const uid1 = claim(s, 'www-web-1')!.metadata.uid
    const podUid2 = pod(s, 'web-2')!.metadata.uid
    let handedOver = false
    s.store.watch(GVRS.pvcs, { namespace: 'default', resourceVersion: s.store.resourceVersion() }, (e) => {
      if (e.object.metadata.name === 'www-web-2' && e.object.metadata.ownerReferences?.some((r) => r.kind === 'Pod' && r.uid === podUid2)) handedOver = true
    })
    updateWeb(s, (o) => (o.spec.replicas = 1))
    await s.until('claims of web-1, web-2 gone', () => claimNames(s).join() === 'www-web-0' && podNames(s).join() === 'web-0')
    expect(handedOver).toBe(true)
    expect(claim(s, 'www-web-0')!.metadata.ownerReferences).toBeUndefined()
    // Scale up again: fresh claims (new uids, empty volumes).
    updateWeb(s, (o) => (o.spec.replicas = 3))
    await s.until('3 Ready again', settled(s, 3))
    expect(claim(s, 'www-web-1')!.metadata.uid).not.toBe(uid1)
    expect(s.violations).toEqual([])
  })

  it('RetentionPolicyRetainKeepsClaims: scale to 0 and delete the set; the claims (and their data) stay for the next set', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy, { replicas: 2 }))
    await s.until('2 Ready', settled(s, 2))
    const uids = claimNames(s).map((n) => claim(s, n)!.metadata.uid)
    updateWeb(s, (o) => (o.spec.replicas = 0))
    await s.until('0 pods', () => podNames(s).length === 0)
    s.store.delete(GVRS.statefulsets, 'default', 'web')
    await s.run(60_000)
    expect(claimNames(s)).toEqual(['www-web-0', 'www-web-1'])
    for (const n of claimNames(s)) expect(claim(s, n)!.metadata.ownerReferences).toBeUndefined()
    applyWeb(s, webSts(policy, { replicas: 2 }))
    await s.until('2 Ready again', settled(s, 2))
    expect(claimNames(s).map((n) => claim(s, n)!.metadata.uid)).toEqual(uids)
    expect(s.violations).toEqual([])
  })

  it('RetentionPolicyDeleteOnDelete: claims carry a plain StatefulSet ownerReference; deleting the set removes them', async () => {
    s = startScenario()
    const created = applyWeb(s, webSts(policy, { replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }))
    await s.until('2 Ready', settled(s, 2))
    await s.run(100)
    for (const n of claimNames(s)) expect(claim(s, n)!.metadata.ownerReferences).toEqual([setRefOf(created.metadata.uid!)])
    // Scaling down keeps the claim (whenScaled: Retain) …
    updateWeb(s, (o) => (o.spec.replicas = 1))
    await s.until('1 pod', () => podNames(s).join() === 'web-0')
    await s.run(30_000)
    expect(claimNames(s)).toEqual(['www-web-0', 'www-web-1'])
    // … deleting the set (background) takes pods, then claims.
    s.store.delete(GVRS.statefulsets, 'default', 'web', { propagationPolicy: 'Background' })
    await s.until('all gone', () => podNames(s).length === 0 && claimNames(s).length === 0)
    expect(s.violations).toEqual([])
  })

  it('OrphanAndAdopt: delete --cascade=orphan leaves pods running; re-applying adopts them without recreating', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy))
    await s.until('3 Ready', settled(s, 3))
    const uids = podNames(s).map((n) => pod(s, n)!.metadata.uid)
    const revName = web(s).status.currentRevision
    s.store.delete(GVRS.statefulsets, 'default', 'web', { propagationPolicy: 'Orphan' })
    await s.until('set gone', () => !getObj(s.store, GVRS.statefulsets, 'web'))
    await s.run(30_000)
    expect(podNames(s).map((n) => pod(s, n)!.metadata.uid)).toEqual(uids)
    for (const n of podNames(s)) expect(pod(s, n)!.metadata.ownerReferences ?? []).toEqual([])
    expect(getObj(s.store, GVRS.controllerrevisions, revName)!.metadata.ownerReferences ?? []).toEqual([])
    const timeline = recordPodTimeline(s)
    const again = applyWeb(s, webSts(policy))
    await s.until('adopted', () => settled(s, 3)() && podNames(s).every((n) => pod(s, n)!.metadata.ownerReferences?.[0]?.uid === again.metadata.uid))
    await s.run(30_000)
    expect(timeline).toEqual([]) // not one pod created or deleted
    expect(podNames(s).map((n) => pod(s, n)!.metadata.uid)).toEqual(uids)
    expect(pod(s, 'web-0')!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: again.metadata.uid, controller: true, blockOwnerDeletion: true }])
    expect(web(s).status.currentRevision).toBe(revName)
    expect(getObj(s.store, GVRS.controllerrevisions, revName)!.metadata.ownerReferences![0].uid).toBe(again.metadata.uid)
    expect(s.violations).toEqual([])
  })

  it('ForegroundDelete: the set stays (deletionTimestamp, foregroundDeletion) until its pods are gone', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy))
    await s.until('3 Ready', settled(s, 3))
    s.store.delete(GVRS.statefulsets, 'default', 'web', { propagationPolicy: 'Foreground' })
    await s.run(1)
    const dying = getObj(s.store, GVRS.statefulsets, 'web')!
    expect(dying.metadata.deletionTimestamp).toBeDefined()
    expect(dying.metadata.finalizers).toContain('foregroundDeletion')
    await s.until('set gone', () => !getObj(s.store, GVRS.statefulsets, 'web'))
    expect(podNames(s)).toEqual([])
    expect(claimNames(s)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
    expect(s.violations).toEqual([])
  })

  it('BackgroundDelete: the set goes at once; its pods all terminate together, and no pod is recreated', async () => {
    s = startScenario()
    applyWeb(s, webSts(policy))
    await s.until('3 Ready', settled(s, 3))
    const timeline = recordPodTimeline(s)
    s.store.delete(GVRS.statefulsets, 'default', 'web')
    expect(getObj(s.store, GVRS.statefulsets, 'web')).toBeUndefined()
    await s.until('pods gone', () => podNames(s).length === 0)
    expect(timeline.slice(0, 3).sort()).toEqual(['TERMINATING web-0', 'TERMINATING web-1', 'TERMINATING web-2'])
    expect(timeline.filter((l) => l.startsWith('ADDED'))).toEqual([])
    expect(claimNames(s)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
    expect(s.violations).toEqual([])
  })
})

describe('adoption edge cases', () => {
  it('a pod relabelled out of the selector is released and keeps running; the set does not fight over its name', async () => {
    s = startScenario()
    const sts = webSts('Parallel', { replicas: 1, volumeClaimTemplates: [] })
    delete sts.spec.template.spec.containers[0].volumeMounts
    applyWeb(s, sts)
    await s.until('1 Ready', settled(s, 1))
    const p = structuredClone(pod(s, 'web-0')!)
    p.metadata.labels!.app = 'debug'
    s.store.update(GVRS.pods, 'default', 'web-0', p)
    await s.run(1000)
    const released = pod(s, 'web-0')!
    expect(released.metadata.labels!.app).toBe('debug')
    expect(released.metadata.ownerReferences ?? []).toEqual([])
    expect(podRunningAndReady(released)).toBe(true)
    // Its name is taken, so the set waits rather than fight over `web-0`.
    expect(web(s).status.replicas).toBe(0)
  })

  it('a Failed pod (evicted) is deleted and recreated under the same name, with RecreatingFailedPod', async () => {
    s = startScenario()
    applyWeb(s, webSts('OrderedReady', { replicas: 2 }))
    await s.until('2 Ready', settled(s, 2))
    const old = pod(s, 'web-1')!
    const failed = structuredClone(old)
    failed.status = { ...failed.status, phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }
    s.store.update(GVRS.pods, 'default', 'web-1', failed, { subresource: 'status' })
    await s.until('web-1 replaced', () => pod(s, 'web-1')?.metadata.uid !== old.metadata.uid && podRunningAndReady(pod(s, 'web-1')))
    expect(stsEvents(s)).toContain('RecreatingFailedPod StatefulSet default/web is recreating failed Pod web-1')
    expect(stsEvents(s).slice(-3)).toEqual([
      'RecreatingFailedPod StatefulSet default/web is recreating failed Pod web-1',
      'SuccessfulDelete delete Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate create Pod web-1 in StatefulSet web successful',
    ])
    expect(s.violations).toEqual([])
  })

  it('a claim being deleted blocks the pod (FailedCreate, exact wording); a fresh claim is made once it is gone', async () => {
    s = startScenario()
    applyWeb(s, webSts('OrderedReady', { replicas: 2 }))
    await s.until('2 Ready', settled(s, 2))
    // A finalizer of someone else's holds the claim in Terminating after its pod is gone.
    const held = structuredClone(claim(s, 'www-web-1')!)
    held.metadata.finalizers = [...(held.metadata.finalizers ?? []), 'example.com/hold']
    const oldClaim = s.store.update(GVRS.pvcs, 'default', 'www-web-1', held).metadata.uid
    s.allowClaimDeletion('www-web-1')
    s.store.delete(GVRS.pvcs, 'default', 'www-web-1')
    s.store.delete(GVRS.pods, 'default', 'web-1')
    await s.until('web-1 gone', () => !pod(s, 'web-1'))
    await s.run(5_000)
    expect(pod(s, 'web-1')).toBeUndefined()
    expect(stsEvents(s)).toContain('FailedCreate create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted')
    const release = structuredClone(claim(s, 'www-web-1')!)
    release.metadata.finalizers = release.metadata.finalizers!.filter((f: string) => f !== 'example.com/hold')
    s.store.update(GVRS.pvcs, 'default', 'www-web-1', release)
    await s.until('web-1 back', () => podRunningAndReady(pod(s, 'web-1')) && !!claim(s, 'www-web-1') && claim(s, 'www-web-1')!.metadata.uid !== oldClaim)
    expect(claim(s, 'www-web-1')!.status.phase).toBe('Bound')
    expect(s.violations).toEqual([])
  })
})
