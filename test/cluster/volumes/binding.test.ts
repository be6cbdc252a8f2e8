// PersistentVolume binding and reclaim (fidelity §D): static PVs matched by class/access modes/capacity,
// Immediate vs WaitForFirstConsumer classes, Retain → Released with the claimRef kept, Delete, the protection
// finalizers, and a class-less claim with no default class staying Pending with FailedBinding.
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { startHarness, type Harness } from '../helpers'

const pv = (name: string, size: string, over: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` }, ...over },
})
const pvc = (name: string, size: string, over: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...over },
})
const podUsing = (name: string, claim: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'd', mountPath: '/d' }] }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: claim } }] },
})

const claim = (h: Harness, n: string) => h.cluster.store.get(GVRS.pvcs, 'default', n)
const vol = (h: Harness, n: string) => h.cluster.store.get(GVRS.pvs, undefined, n)
const gone = (f: () => unknown) => {
  try {
    f()
    return false
  } catch {
    return true
  }
}
const reasons = (h: Harness, name: string) => h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: `involvedObject.name=${name}` }).items.map((e) => `${e.type} ${e.reason} ${e.message}`)

function dropDefaultClass(h: Harness): void {
  const sc = h.cluster.store.get(GVRS.storageclasses, undefined, 'standard')
  h.cluster.store.update(GVRS.storageclasses, undefined, 'standard', { ...sc, metadata: { ...sc.metadata, annotations: {} } })
}

describe('static PersistentVolumes', () => {
  it('a class-less claim binds the smallest Available volume that fits its size and access modes', async () => {
    const h = startHarness()
    dropDefaultClass(h)
    h.cluster.store.create(GVRS.pvs, undefined, pv('small', '500Mi'))
    h.cluster.store.create(GVRS.pvs, undefined, pv('rox', '2Gi', { accessModes: ['ReadOnlyMany'] }))
    h.cluster.store.create(GVRS.pvs, undefined, pv('big', '10Gi'))
    h.cluster.store.create(GVRS.pvs, undefined, pv('fits', '2Gi'))
    h.cluster.store.create(GVRS.pvs, undefined, pv('classy', '1Gi', { storageClassName: 'standard' }))
    await h.run(1_000)
    expect(vol(h, 'fits').status.phase).toBe('Available')
    expect(vol(h, 'fits').metadata.finalizers).toEqual(['kubernetes.io/pv-protection'])
    expect(vol(h, 'fits').spec.persistentVolumeReclaimPolicy).toBe('Retain')
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('data', '1Gi'))
    await h.run(2_000)
    const c = claim(h, 'data')
    expect(c.spec.storageClassName).toBeUndefined()
    expect(c.spec.volumeName).toBe('fits')
    // A bound claim reports the volume's capacity and access modes (CAPACITY 2Gi, ACCESS MODES RWO).
    expect(c.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } })
    expect(vol(h, 'fits').status.phase).toBe('Bound')
    expect(vol(h, 'fits').spec.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: c.metadata.uid })
    expect(['small', 'rox', 'big', 'classy'].map((n) => vol(h, n).status.phase)).toEqual(['Available', 'Available', 'Available', 'Available'])
  })

  it('no storage class and no default: the claim stays Pending with the FailedBinding event', async () => {
    const h = startHarness()
    dropDefaultClass(h)
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('lonely', '1Gi'))
    await h.run(30_000)
    expect(claim(h, 'lonely').status).toEqual({ phase: 'Pending' })
    expect(reasons(h, 'lonely')).toEqual(['Normal FailedBinding no persistent volumes available for this claim and no storage class is set'])
    // A matching volume created later is picked up.
    h.cluster.store.create(GVRS.pvs, undefined, pv('late', '1Gi'))
    await h.run(20_000)
    expect(claim(h, 'lonely').status.phase).toBe('Bound')
  })

  it('Retain: deleting the claim leaves the volume Released, still pointing at the claim, data kept; not re-bound', async () => {
    const h = startHarness()
    dropDefaultClass(h)
    h.cluster.store.create(GVRS.pvs, undefined, pv('keep', '1Gi'))
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('data', '1Gi'))
    await h.run(2_000)
    const uid = claim(h, 'data').metadata.uid
    h.cluster.volumes.write('keep', { path: '/f', type: 'file', data: 'x', mode: 0o644, mtimeMs: 0 })
    h.cluster.store.delete(GVRS.pvcs, 'default', 'data')
    await h.run(2_000)
    expect(gone(() => claim(h, 'data'))).toBe(true)
    expect(vol(h, 'keep').status.phase).toBe('Released')
    expect(vol(h, 'keep').spec.claimRef).toMatchObject({ name: 'data', uid })
    expect(h.cluster.volumes.read('keep', '/f')?.data).toBe('x')
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('data', '1Gi'))
    await h.run(10_000)
    expect(claim(h, 'data').status.phase).toBe('Pending')
    expect(vol(h, 'keep').status.phase).toBe('Released')
  })

  it('pv-protection: a bound volume deleted by hand stays Terminating until its claim is gone', async () => {
    const h = startHarness()
    dropDefaultClass(h)
    h.cluster.store.create(GVRS.pvs, undefined, pv('v', '1Gi', { persistentVolumeReclaimPolicy: 'Delete' }))
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('c', '1Gi'))
    await h.run(2_000)
    h.cluster.store.delete(GVRS.pvs, undefined, 'v')
    await h.run(5_000)
    expect(vol(h, 'v').metadata.deletionTimestamp).toBeTruthy()
    expect(vol(h, 'v').status.phase).toBe('Bound')
    h.cluster.store.delete(GVRS.pvcs, 'default', 'c')
    await h.run(5_000)
    expect(gone(() => vol(h, 'v'))).toBe(true)
  })
})

describe('dynamic provisioning', () => {
  it('Immediate class: provisioned and bound at claim creation, before any pod exists', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.storageclasses, undefined, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Retain' })
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('now', '1Gi', { storageClassName: 'fast', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }))
    await h.run(5_000)
    const c = claim(h, 'now')
    expect(c.status.phase).toBe('Bound')
    expect(c.spec.volumeName).toBe(`pvc-${c.metadata.uid}`)
    const v = vol(h, c.spec.volumeName)
    expect(v.spec).toMatchObject({ storageClassName: 'fast', persistentVolumeReclaimPolicy: 'Retain', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '1Gi' } })
    expect(v.spec.nodeAffinity).toBeUndefined()
    expect(reasons(h, 'now').map((r) => r.split(' ')[1])).toEqual(['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded'])
  })

  it('WaitForFirstConsumer (the default class): Pending with the event until a pod is scheduled, then bound on that node', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('wait', '1Gi'))
    await h.run(10_000)
    expect(claim(h, 'wait').spec.storageClassName).toBe('standard')
    expect(claim(h, 'wait').status.phase).toBe('Pending')
    expect(reasons(h, 'wait')[0]).toBe('Normal WaitForFirstConsumer waiting for first consumer to be created before binding')
    h.cluster.store.create(GVRS.pods, 'default', podUsing('user', 'wait'))
    await h.run(20_000)
    const c = claim(h, 'wait')
    expect(c.status.phase).toBe('Bound')
    const node = h.pod('user')!.spec.nodeName
    expect(c.metadata.annotations!['volume.kubernetes.io/selected-node']).toBe(node)
    expect(vol(h, c.spec.volumeName).spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([node])
  })

  it('pvc-protection: deleting an in-use claim leaves it Terminating until its pod is gone, then Delete reclaims', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('busy', '1Gi'))
    h.cluster.store.create(GVRS.pods, 'default', podUsing('user', 'busy'))
    await h.run(20_000)
    const pvName = claim(h, 'busy').spec.volumeName
    h.cluster.store.delete(GVRS.pvcs, 'default', 'busy')
    await h.run(10_000)
    expect(claim(h, 'busy').metadata.deletionTimestamp).toBeTruthy()
    expect(claim(h, 'busy').metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
    h.cluster.store.delete(GVRS.pods, 'default', 'user')
    await h.run(40_000)
    expect(gone(() => claim(h, 'busy'))).toBe(true)
    expect(gone(() => vol(h, pvName))).toBe(true)
    expect(h.cluster.volumes.has(pvName)).toBe(false)
  })

  it('pvc-protection: a terminating claim waits through its pod\'s status writes and is released when the pod finishes', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pvcs, 'default', pvc('job', '1Gi'))
    // Placed by hand on a node no kubelet runs: only these status writes change the pod.
    const p = podUsing('worker', 'job')
    h.cluster.store.create(GVRS.pods, 'default', { ...p, spec: { ...p.spec, nodeName: 'elsewhere', restartPolicy: 'Never' } })
    await h.run(1_000)
    h.cluster.store.delete(GVRS.pvcs, 'default', 'job')
    const setPhase = (phase: string) => {
      const cur = h.pod('worker')!
      h.cluster.store.update(GVRS.pods, 'default', 'worker', { ...cur, status: { ...cur.status, phase } }, { subresource: 'status' })
    }
    setPhase('Running')
    await h.run(5_000)
    expect(claim(h, 'job').metadata.deletionTimestamp).toBeTruthy()
    expect(claim(h, 'job').metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
    setPhase('Succeeded')
    await h.run(5_000)
    expect(gone(() => claim(h, 'job'))).toBe(true)
  })
})
