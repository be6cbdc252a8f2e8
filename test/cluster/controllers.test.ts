import { describe, expect, it } from 'vitest'
import { GVRS } from '../../src-main/cluster/store/registry'
import { podIsReady } from '../../src-main/cluster/controllers/endpoints'
import { startHarness, WEB_SERVICE, webStatefulSet } from './helpers'

const simplePod = (name: string, extra: Record<string, unknown> = {}, image = 'nginx') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'nginx' } },
  spec: { containers: [{ name: 'c', image }], ...extra },
})

describe('endpoints', () => {
  it('ready pods in addresses, unready in notReadyAddresses, and an EndpointSlice', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    h.runtime.probeResult = (pod) => pod.metadata.name === 'a'
    h.cluster.store.create(GVRS.pods, 'default', simplePod('a', {}, 'nginx'))
    const b = simplePod('b')
    ;(b.spec.containers[0] as any).readinessProbe = { exec: { command: ['true'] }, periodSeconds: 1 }
    ;(b.spec.containers[0] as any).ports = [{ containerPort: 80, name: 'web' }]
    h.cluster.store.create(GVRS.pods, 'default', b)
    await h.run(30_000)
    const ep = h.cluster.store.get(GVRS.endpoints, 'default', 'nginx')
    expect(ep.subsets).toHaveLength(1)
    expect(ep.subsets[0].addresses.map((a: any) => a.targetRef.name)).toEqual(['a'])
    expect(ep.subsets[0].notReadyAddresses.map((a: any) => a.targetRef.name)).toEqual(['b'])
    expect(ep.subsets[0].ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP' }])
    const slices = h.cluster.store.list(GVRS.endpointslices, { namespace: 'default', labelSelector: 'kubernetes.io/service-name=nginx' }).items
    expect(slices).toHaveLength(1)
    expect(slices[0].metadata.name).toMatch(/^nginx-[a-z0-9]{5}$/)
    expect(slices[0].endpoints.map((e: any) => e.conditions.ready).sort()).toEqual([false, true])
  })
})

describe('garbage collection', () => {
  it('background: deleting the StatefulSet deletes its pods and revisions, keeps PVCs and the Service', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet())
    await h.run(60_000)
    h.cluster.store.delete(GVRS.statefulsets, 'default', 'web', { propagationPolicy: 'Background' })
    await h.run(60_000)
    expect(h.cluster.store.list(GVRS.pods, { namespace: 'default' }).items).toEqual([])
    expect(h.cluster.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items).toEqual([])
    expect(h.cluster.store.list(GVRS.pvcs, { namespace: 'default' }).items.map((p) => p.metadata.name)).toEqual(['www-web-0', 'www-web-1'])
    expect(h.cluster.store.get(GVRS.services, 'default', 'nginx').metadata.name).toBe('nginx')
  })

  it('orphan: pods keep running without an owner, and a re-created StatefulSet adopts them', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet())
    await h.run(60_000)
    const uid0 = h.pod('web-0')!.metadata.uid
    const r = h.cluster.store.delete(GVRS.statefulsets, 'default', 'web', { propagationPolicy: 'Orphan' })
    expect(r.deleted).toBe(false)
    await h.run(5_000)
    expect(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web')).toThrow(/not found/)
    expect(h.pod('web-0')!.metadata.ownerReferences ?? []).toEqual([])
    expect(podIsReady(h.pod('web-1')!)).toBe(true)
    const created = h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet())
    await h.run(10_000)
    expect(h.pod('web-0')!.metadata.uid).toBe(uid0)
    expect(h.pod('web-0')!.metadata.ownerReferences![0].uid).toBe(created.metadata.uid)
  })

  it('foreground: the owner stays (with its finalizer) until the dependents are gone', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet({ replicas: 1 }))
    await h.run(30_000)
    h.cluster.store.delete(GVRS.statefulsets, 'default', 'web', { propagationPolicy: 'Foreground' })
    await h.run(0)
    await h.run(10)
    expect(h.cluster.store.get(GVRS.statefulsets, 'default', 'web').metadata.finalizers).toEqual(['foregroundDeletion'])
    await h.run(30_000)
    expect(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web')).toThrow(/not found/)
    expect(h.pod('web-0')).toBeUndefined()
  })
})

describe('kubelet', () => {
  it('unknown image: ErrImagePull then ImagePullBackOff, with events', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', simplePod('bad', {}, 'doesnotexist:1.0'))
    const reasons: string[] = []
    h.cluster.store.watch(GVRS.pods, { fieldSelector: 'metadata.name=bad' }, (e) => {
      const r = e.object.status?.containerStatuses?.[0]?.state?.waiting?.reason
      if (r && reasons[reasons.length - 1] !== r) reasons.push(r)
    })
    await h.run(30_000)
    expect(reasons.slice(0, 3)).toEqual(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff'])
    const evs = h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: 'involvedObject.name=bad' }).items
    expect(evs.some((e) => e.reason === 'Failed' && e.message.startsWith('Failed to pull image "doesnotexist:1.0": '))).toBe(true)
    expect(evs.some((e) => e.reason === 'BackOff' && e.message === 'Back-off pulling image "doesnotexist:1.0"')).toBe(true)
    expect(h.pod('bad')!.status.phase).toBe('Pending')
  })

  it('restartPolicy Never: exit 0 → Succeeded, exit 1 → Failed', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', simplePod('ok', { restartPolicy: 'Never' }))
    h.cluster.store.create(GVRS.pods, 'default', simplePod('ko', { restartPolicy: 'Never' }))
    await h.run(20_000)
    h.runtime.exit('ok', 'c', 0)
    h.runtime.exit('ko', 'c', 1)
    await h.run(100)
    expect(h.pod('ok')!.status.phase).toBe('Succeeded')
    expect(h.pod('ok')!.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' })
    expect(h.pod('ko')!.status.phase).toBe('Failed')
    expect(h.pod('ko')!.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' })
    // A finished pod is deleted at once.
    expect(h.cluster.store.delete(GVRS.pods, 'default', 'ok').deleted).toBe(true)
  })

  it('restartPolicy Always: a crashing container restarts with back-off (CrashLoopBackOff)', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', simplePod('crash'))
    await h.run(20_000)
    h.runtime.exit('crash', 'c', 1)
    await h.run(3_000)
    expect(h.pod('crash')!.status.containerStatuses[0].restartCount).toBe(1)
    expect(h.pod('crash')!.status.containerStatuses[0].lastState.terminated.exitCode).toBe(1)
    h.runtime.exit('crash', 'c', 1)
    await h.run(1_000)
    expect(h.pod('crash')!.status.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff')
    // 10s back-off from the exit, then (imagePullPolicy Always for an untagged image) a re-pull, create and start.
    await h.run(12_000)
    expect(h.pod('crash')!.status.containerStatuses[0].restartCount).toBe(2)
    expect(h.pod('crash')!.status.containerStatuses[0].state.running).toBeDefined()
  })

  it('graceful deletion: TERM, KILL after the grace period when the container ignores TERM', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', simplePod('slow', { terminationGracePeriodSeconds: 5 }))
    await h.run(20_000)
    const uid = h.pod('slow')!.metadata.uid!
    // Make this container ignore SIGTERM.
    const orig = h.runtime.stopContainer
    h.runtime.stopContainer = (u, n, sig) => {
      if (sig === 'KILL') orig(u, n, sig)
    }
    h.cluster.store.delete(GVRS.pods, 'default', 'slow')
    await h.run(4_000)
    expect(h.pod('slow')!.metadata.deletionTimestamp).toBeDefined()
    await h.run(2_000)
    expect(h.pod('slow')).toBeUndefined()
    expect(h.runtime.removed).toContain(uid)
  })

  it('a second delete with a shorter grace period kills sooner', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', simplePod('slow2', { terminationGracePeriodSeconds: 30 }))
    await h.run(20_000)
    const orig = h.runtime.stopContainer
    h.runtime.stopContainer = (u, n, sig) => {
      if (sig === 'KILL') orig(u, n, sig)
    }
    h.cluster.store.delete(GVRS.pods, 'default', 'slow2')
    await h.run(1_000)
    h.cluster.store.delete(GVRS.pods, 'default', 'slow2', { gracePeriodSeconds: 1 })
    await h.run(1_500)
    expect(h.pod('slow2')).toBeUndefined()
  })

  it('a scheduled pod on the tainted control plane is refused; nodeSelector is honoured', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', simplePod('pinned', { nodeSelector: { 'kubernetes.io/hostname': 'ordinal-worker3' } }))
    h.cluster.store.create(GVRS.pods, 'default', simplePod('cp', { nodeSelector: { 'kubernetes.io/hostname': 'ordinal-control-plane' } }))
    await h.run(10_000)
    expect(h.pod('pinned')!.spec.nodeName).toBe('ordinal-worker3')
    expect(h.pod('cp')!.spec.nodeName).toBeUndefined()
    const ev = h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: 'reason=FailedScheduling' }).items
    expect(ev[0].message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    )
  })
})

describe('persistent volumes', () => {
  it('pvc-protection holds a used claim; reclaim Delete removes the PV and its files', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet({ replicas: 1 }))
    await h.run(30_000)
    const pvName = h.cluster.store.get(GVRS.pvcs, 'default', 'www-web-0').spec.volumeName
    expect(h.cluster.volumes.has(pvName)).toBe(true)
    h.cluster.store.delete(GVRS.pvcs, 'default', 'www-web-0')
    await h.run(5_000)
    expect(h.cluster.store.get(GVRS.pvcs, 'default', 'www-web-0').metadata.deletionTimestamp).toBeDefined()
    h.cluster.store.delete(GVRS.statefulsets, 'default', 'web')
    await h.run(30_000)
    expect(() => h.cluster.store.get(GVRS.pvcs, 'default', 'www-web-0')).toThrow(/not found/)
    expect(() => h.cluster.store.get(GVRS.pvs, undefined, pvName)).toThrow(/not found/)
    expect(h.cluster.volumes.has(pvName)).toBe(false)
  })

  it('a missing StorageClass leaves the claim Pending with ProvisioningFailed', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pvcs, 'default', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'c' },
      spec: { storageClassName: 'my-storage-class', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    })
    await h.run(5_000)
    expect(h.cluster.store.get(GVRS.pvcs, 'default', 'c').status.phase).toBe('Pending')
    const ev = h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: 'reason=ProvisioningFailed' }).items
    expect(ev[0].message).toBe('storageclass.storage.k8s.io "my-storage-class" not found')
  })
})

describe('namespaces', () => {
  it('new namespaces get a default ServiceAccount; deleting one empties it then removes it', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } })
    await h.run(10)
    expect(h.cluster.store.get(GVRS.serviceaccounts, 'demo', 'default').metadata.name).toBe('default')
    h.cluster.store.create(GVRS.configmaps, 'demo', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })
    const r = h.cluster.store.delete(GVRS.namespaces, undefined, 'demo')
    expect(r.object.status.phase).toBe('Terminating')
    await h.run(1_000)
    expect(() => h.cluster.store.get(GVRS.namespaces, undefined, 'demo')).toThrow(/not found/)
  })
})

describe('snapshot and restore', () => {
  it('restores objects and volumes; running pods get their containers back without status changes', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet())
    await h.run(60_000)
    const pv = h.cluster.store.get(GVRS.pvcs, 'default', 'www-web-0').spec.volumeName
    h.cluster.volumes.write(pv, { path: '/index.html', type: 'file', data: 'hello web-0\n', mode: 0o644, mtimeMs: h.clock.now() })
    const snap = h.cluster.snapshot()
    h.cluster.dispose()
    const before = h.pod('web-0')!
    const h2 = startHarness({ snapshot: JSON.parse(JSON.stringify(snap)) })
    expect(h2.clock.now()).toBe(snap.now)
    await h2.run(10_000)
    const after = h2.pod('web-0')!
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion)
    expect(after.status).toEqual(before.status)
    // Every running container comes back once: the two CoreDNS replicas and the StatefulSet's pods.
    expect(h2.runtime.starts.filter((x) => !x.startsWith('coredns-')).sort()).toEqual(['web-0/nginx', 'web-1/nginx'])
    expect(h2.runtime.starts.filter((x) => x.startsWith('coredns-'))).toHaveLength(2)
    expect(h2.cluster.volumes.read(pv, '/index.html')?.data).toBe('hello web-0\n')
    // The restored cluster keeps working: scale up.
    const sts = h2.cluster.store.get(GVRS.statefulsets, 'default', 'web')
    h2.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, spec: { ...sts.spec, replicas: 3 } })
    await h2.run(60_000)
    expect(podIsReady(h2.pod('web-2')!)).toBe(true)
    expect(new Set(['web-0', 'web-1', 'web-2'].map((n) => h2.pod(n)!.status.podIP)).size).toBe(3)
  })
})
