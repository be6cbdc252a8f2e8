// Scenario: storage through a StatefulSet's life on the real runtime (invariants at every timer, including "no
// claim deleted under Retain"). The claim outlives its pods; deleting it while web-0 runs leaves it Terminating
// (pvc-protection) until the pod is gone; with a Retain class the volume then goes Released and keeps its data and
// claimRef, with the default Delete class it is removed with its files.
import { afterEach, describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { podIsReady } from '../../../src-main/cluster/controllers/endpoints'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { getObj, startScenario, type Scenario } from './harness'

const sts = (policy: string, storageClassName?: string): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'nginx',
    replicas: 2,
    podManagementPolicy: policy,
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(storageClassName ? { storageClassName } : {}) } }],
  },
})

let s: Scenario | undefined
afterEach(() => s?.dispose())

describe.each(['OrderedReady', 'Parallel'])('claims and volumes (%s)', (policy) => {
  it.each([
    ['Delete', undefined],
    ['Retain', 'keep'],
  ])('ClaimProtectedWhileInUse, then reclaim %s', async (reclaim, cls) => {
    s = startScenario({ seed: 21 })
    if (cls) s.store.create(GVRS.storageclasses, undefined, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: cls }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' })
    s.store.create(GVRS.statefulsets, 'default', sts(policy, cls))
    await s.until('2 Ready', () => ['web-0', 'web-1'].every((n) => podIsReady(getObj(s!.store, GVRS.pods, n) ?? ({} as KObject))))
    const claim = s.store.get(GVRS.pvcs, 'default', 'www-web-0')
    expect(claim.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } })
    const pvName = claim.spec.volumeName
    expect(s.store.get(GVRS.pvs, undefined, pvName).spec.persistentVolumeReclaimPolicy).toBe(reclaim)
    s.cluster.volumes.write(pvName, { path: '/index.html', type: 'file', data: 'hello web-0\n', mode: 0o644, mtimeMs: s.clock.now() })

    // The learner deletes the claim while web-0 uses it: Terminating, held by its finalizer.
    s.allowClaimDeletion('www-web-0')
    s.store.delete(GVRS.pvcs, 'default', 'www-web-0')
    await s.run(10_000)
    const held = s.store.get(GVRS.pvcs, 'default', 'www-web-0')
    expect(held.metadata.deletionTimestamp).toBeTruthy()
    expect(held.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
    expect(podIsReady(s.store.get(GVRS.pods, 'default', 'web-0'))).toBe(true)

    // Scale to 0: web-0 goes, so does the claim; the volume is reclaimed by its policy.
    const cur = s.store.get(GVRS.statefulsets, 'default', 'web')
    s.store.update(GVRS.statefulsets, 'default', 'web', { ...cur, spec: { ...cur.spec, replicas: 0 } })
    await s.until('claim gone', () => !getObj(s!.store, GVRS.pvcs, 'www-web-0'))
    await s.run(10_000)
    const pv = getObj(s.store, GVRS.pvs, pvName)
    if (reclaim === 'Delete') {
      expect(pv).toBeUndefined()
      expect(s.cluster.volumes.has(pvName)).toBe(false)
    } else {
      expect(pv!.status.phase).toBe('Released')
      expect(pv!.spec.claimRef).toMatchObject({ name: 'www-web-0', uid: claim.metadata.uid })
      expect(s.cluster.volumes.read(pvName, '/index.html')?.data).toBe('hello web-0\n')
    }
    // The other claim was never touched (Retain policy of the StatefulSet).
    expect(s.store.get(GVRS.pvcs, 'default', 'www-web-1').status.phase).toBe('Bound')
    expect(s.violations).toEqual([])
  })
})
