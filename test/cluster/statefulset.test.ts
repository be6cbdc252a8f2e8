import { describe, expect, it } from 'vitest'
import { GVRS } from '../../src-main/cluster/store/registry'
import { podIsReady } from '../../src-main/cluster/controllers/endpoints'
import { podStatusWord, startHarness, WEB_SERVICE, webStatefulSet } from './helpers'

function apply(h: ReturnType<typeof startHarness>, sts = webStatefulSet()) {
  h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
  h.cluster.store.create(GVRS.statefulsets, 'default', sts)
}

describe('StatefulSet OrderedReady (the seed lesson)', () => {
  it('creates web-0, waits for Running+Ready, then web-1; each pod goes Pending, Pending(node), ContainerCreating, Running', async () => {
    const h = startHarness()
    const rows: string[] = []
    h.cluster.store.watch(GVRS.pods, { namespace: 'default', labelSelector: 'app=nginx', resourceVersion: h.cluster.store.resourceVersion() }, (e) => {
      rows.push(`${e.object.metadata.name} ${podStatusWord(e.object)}${e.object.spec.nodeName ? '@node' : ''}`)
    })
    apply(h)
    await h.until(() => {
      const p = h.pod('web-1')
      return !!p && podIsReady(p)
    }, 60_000)
    expect(rows).toEqual([
      'web-0 Pending',
      'web-0 Pending@node',
      'web-0 ContainerCreating@node',
      'web-0 Running@node',
      'web-1 Pending',
      'web-1 Pending@node',
      'web-1 ContainerCreating@node',
      'web-1 Running@node',
    ])
    expect(h.violations).toEqual([])
    await h.run(10) // let the controller write the status it computes after web-1's update
    const web0 = h.pod('web-0')!
    expect(web0.spec.hostname).toBe('web-0')
    expect(web0.spec.subdomain).toBe('nginx')
    expect(web0.metadata.labels).toMatchObject({ app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0' })
    expect(web0.metadata.labels!['controller-revision-hash']).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/)
    expect(web0.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'StatefulSet', name: 'web', controller: true, blockOwnerDeletion: true })])
    expect(web0.spec.volumes.find((v: any) => v.name === 'www')).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } })
    expect(web0.status.podIP).toMatch(/^10\.244\.[123]\.\d+$/)
    expect(web0.status.hostIP).toMatch(/^172\.18\.0\.\d$/)
    expect(web0.status.conditions.map((c: any) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'])
    expect(web0.status.containerStatuses[0].containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/)
    expect(web0.status.containerStatuses[0].imageID).toMatch(/@sha256:/)

    const rev = h.cluster.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items
    expect(rev.map((r) => r.metadata.name)).toEqual([web0.metadata.labels!['controller-revision-hash']])
    expect(rev[0].revision).toBe(1)
    const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
    expect(sts.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, currentReplicas: 2, updatedReplicas: 2, observedGeneration: 1, collisionCount: 0 })
    expect(sts.status.currentRevision).toBe(rev[0].metadata.name)

    const events = h.cluster.store
      .list(GVRS.events, { namespace: 'default', fieldSelector: 'involvedObject.kind=StatefulSet' })
      .items.map((e) => `${e.reason} ${e.message}`)
    expect(events).toEqual([
      'SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'SuccessfulCreate create Pod web-1 in StatefulSet web successful',
    ])
    const podEvents = h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: 'involvedObject.name=web-0' }).items
    expect(podEvents.map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'])
    expect(podEvents[0].message).toBe(`Successfully assigned default/web-0 to ${web0.spec.nodeName}`)
    // kube-scheduler records through events.k8s.io/v1: empty source, reportingComponent + eventTime instead.
    expect(podEvents[0]).toMatchObject({ source: {}, reportingComponent: 'default-scheduler', action: 'Binding', lastTimestamp: null })
    expect(podEvents[2].message).toMatch(/^Successfully pulled image "registry.k8s.io\/nginx-slim:0.21" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: 41286624 bytes\.$/)
    expect(podEvents[3].message).toBe('Created container: nginx')
  })

  it('PVCs www-web-0/1 are Bound to pvc-<uid> volumes with the class reclaim policy', async () => {
    const h = startHarness()
    apply(h)
    await h.run(60_000)
    const pvcs = h.cluster.store.list(GVRS.pvcs, { namespace: 'default', labelSelector: 'app=nginx' }).items
    expect(pvcs.map((p) => p.metadata.name)).toEqual(['www-web-0', 'www-web-1'])
    for (const pvc of pvcs) {
      expect(pvc.status.phase).toBe('Bound')
      expect(pvc.spec.storageClassName).toBe('standard')
      expect(pvc.spec.volumeName).toBe(`pvc-${pvc.metadata.uid}`)
      expect(pvc.status.capacity).toEqual({ storage: '1Gi' })
      const pv = h.cluster.store.get(GVRS.pvs, undefined, pvc.spec.volumeName)
      expect(pv.status.phase).toBe('Bound')
      expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Delete')
      expect(pv.spec.claimRef).toMatchObject({ namespace: 'default', name: pvc.metadata.name, uid: pvc.metadata.uid })
      expect(pvc.metadata.annotations!['volume.kubernetes.io/selected-node']).toBe(h.pod(pvc.metadata.name!.replace('www-', ''))!.spec.nodeName)
      expect(h.cluster.volumes.has(pv.metadata.name!)).toBe(true)
    }
  })

  it('a deleted pod comes back with the same name, hostname and PVC, a new uid and IP, only after the old one is gone', async () => {
    const h = startHarness()
    apply(h)
    await h.run(60_000)
    const old = h.pod('web-0')!
    const seen: string[] = []
    h.cluster.store.watch(GVRS.pods, { fieldSelector: 'metadata.name=web-0', resourceVersion: h.cluster.store.resourceVersion() }, (e) => seen.push(`${e.type} ${e.object.metadata.uid === old.metadata.uid ? 'old' : 'new'}`))
    h.cluster.store.delete(GVRS.pods, 'default', 'web-0')
    await h.until(() => {
      const p = h.pod('web-0')
      return !!p && p.metadata.uid !== old.metadata.uid && podIsReady(p)
    }, 120_000)
    const now = h.pod('web-0')!
    expect(seen.indexOf('DELETED old')).toBeGreaterThan(-1)
    expect(seen.indexOf('ADDED new')).toBeGreaterThan(seen.indexOf('DELETED old'))
    expect(now.spec.hostname).toBe('web-0')
    expect(now.spec.nodeName).toBe(old.spec.nodeName) // local-path volume pins the node
    expect(now.spec.volumes.find((v: any) => v.name === 'www').persistentVolumeClaim.claimName).toBe('www-web-0')
    expect(now.status.podIP).not.toBe(old.status.podIP)
    expect(h.cluster.store.list(GVRS.pvcs, { namespace: 'default' }).items.length).toBe(2)
    expect(h.runtime.removed).toContain(old.metadata.uid)
    const killing = h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: 'reason=Killing' }).items
    expect(killing.map((e) => e.message)).toEqual(['Stopping container nginx'])
    expect(h.violations).toEqual([])
  })

  it('scales down in reverse ordinal order, one pod at a time, keeping the PVCs', async () => {
    const h = startHarness()
    apply(h, webStatefulSet({ replicas: 5 }))
    await h.until(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas === 5, 200_000)
    const deletions: string[] = []
    h.cluster.store.watch(GVRS.pods, { resourceVersion: h.cluster.store.resourceVersion() }, (e) => {
      if (e.type === 'DELETED') deletions.push(`gone ${e.object.metadata.name}`)
      else if (e.object.metadata.deletionTimestamp && !deletions.includes(`terminating ${e.object.metadata.name}`)) deletions.push(`terminating ${e.object.metadata.name}`)
    })
    const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
    h.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, spec: { ...sts.spec, replicas: 3 } })
    await h.run(60_000)
    expect(deletions).toEqual(['terminating web-4', 'gone web-4', 'terminating web-3', 'gone web-3'])
    expect(h.cluster.store.list(GVRS.pvcs, { namespace: 'default' }).items.length).toBe(5)
    const msgs = h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: 'reason=SuccessfulDelete' }).items.map((e) => e.message)
    expect(msgs).toEqual(['delete Pod web-4 in StatefulSet web successful', 'delete Pod web-3 in StatefulSet web successful'])
    expect(h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.replicas).toBe(3)
  })

  it('Parallel creates every pod at once', async () => {
    const h = startHarness()
    apply(h, webStatefulSet({ replicas: 3, podManagementPolicy: 'Parallel' }))
    await h.run(10)
    expect(['web-0', 'web-1', 'web-2'].map((n) => !!h.pod(n))).toEqual([true, true, true])
    await h.run(60_000)
    expect(h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas).toBe(3)
  })

  it('a pod that never becomes Ready blocks the next ordinal (readiness probe)', async () => {
    const h = startHarness()
    h.runtime.probeResult = () => false
    apply(h, webStatefulSet({}, { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } }))
    await h.run(60_000)
    const web0 = h.pod('web-0')!
    expect(web0.status.phase).toBe('Running')
    expect(podIsReady(web0)).toBe(false)
    expect(h.pod('web-1')).toBeUndefined()
    expect(h.cluster.dns.query('web-0.nginx.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN')
    h.runtime.probeResult = () => true
    await h.run(60_000)
    expect(podIsReady(h.pod('web-1')!)).toBe(true)
    expect(h.violations).toEqual([])
  })

  it('RollingUpdate replaces pods from the highest ordinal down', async () => {
    const h = startHarness()
    apply(h, webStatefulSet({ replicas: 3 }))
    await h.until(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas === 3, 200_000)
    const order: string[] = []
    h.cluster.store.watch(GVRS.pods, { resourceVersion: h.cluster.store.resourceVersion() }, (e) => {
      if (e.type === 'DELETED') order.push(e.object.metadata.name!)
    })
    const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
    const tmpl = structuredClone(sts.spec.template)
    tmpl.spec.containers[0].image = 'nginx'
    h.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, spec: { ...sts.spec, template: tmpl } })
    await h.until(() => {
      const s = h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status
      return s.observedGeneration === 2 && s.updatedReplicas === 3 && s.readyReplicas === 3 && s.currentRevision === s.updateRevision
    }, 300_000)
    expect(order).toEqual(['web-2', 'web-1', 'web-0'])
    expect(h.cluster.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items.map((r) => r.revision).sort()).toEqual([1, 2])
    expect(h.pod('web-0')!.spec.containers[0].image).toBe('nginx')
  })

  it('ordinals.start shifts pod names', async () => {
    const h = startHarness()
    apply(h, webStatefulSet({ ordinals: { start: 5 } }))
    await h.run(60_000)
    expect(h.pod('web-5')).toBeDefined()
    expect(h.pod('web-6')).toBeDefined()
    expect(h.pod('web-0')).toBeUndefined()
    expect(h.cluster.store.get(GVRS.pvcs, 'default', 'www-web-5').status.phase).toBe('Bound')
  })
})

describe('StatefulSet revision history (re-listed only after a revision changes)', () => {
  const revisions = (h: ReturnType<typeof startHarness>) => h.cluster.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items

  it('a ControllerRevision deleted by someone else is made again by the next pass', async () => {
    const h = startHarness()
    apply(h, webStatefulSet({ replicas: 1 }))
    await h.until(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas === 1, 200_000)
    const [rev] = revisions(h)
    h.cluster.store.delete(GVRS.controllerrevisions, 'default', rev.metadata.name!)
    expect(revisions(h)).toEqual([])
    const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
    h.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, spec: { ...sts.spec, replicas: 2 } })
    await h.until(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas === 2, 200_000)
    expect(revisions(h).map((r) => [r.metadata.name, r.revision])).toEqual([[rev.metadata.name, 1]])
    expect(h.pod('web-1')!.metadata.labels!['controller-revision-hash']).toBe(rev.metadata.name)
  })

  it('revisionHistoryLimit prunes the oldest non-live revisions once there are more', async () => {
    const h = startHarness()
    apply(h, webStatefulSet({ replicas: 1, revisionHistoryLimit: 1 }))
    await h.until(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas === 1, 200_000)
    for (const [gen, image] of [[2, 'nginx'], [3, 'busybox:1.28']] as const) {
      const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
      const tmpl = structuredClone(sts.spec.template)
      tmpl.spec.containers[0].image = image
      h.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, spec: { ...sts.spec, template: tmpl } })
      await h.until(() => {
        const s = h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status
        return s.observedGeneration === gen && s.updatedReplicas === 1 && s.readyReplicas === 1 && s.currentRevision === s.updateRevision
      }, 300_000)
    }
    await h.run(10)
    // Revision 3 is live (current = update = the pod's); of the old ones only the newest (2) is kept.
    expect(revisions(h).map((r) => r.revision).sort()).toEqual([2, 3])
  })
})

describe('StatefulSet passes after its own status writes', () => {
  /** Passes of the statefulset queue while `fn` runs the cluster (each drain of its queue is one timer). */
  async function countPasses(h: ReturnType<typeof startHarness>, fn: () => Promise<void>): Promise<number> {
    let passes = 0
    const schedule = h.clock.schedule.bind(h.clock)
    h.clock.schedule = ((ms: number, cb: () => void, label = '', opts?: never) =>
      schedule(ms, label === 'statefulset queue' ? () => (passes++, cb()) : cb, label, opts)) as typeof h.clock.schedule
    try {
      await fn()
    } finally {
      h.clock.schedule = schedule
    }
    return passes
  }

  it('a quiet pass (nothing to do but report) is not followed by a second pass for its own status write', async () => {
    const h = startHarness()
    apply(h, webStatefulSet({ podManagementPolicy: 'Parallel' }))
    await h.until(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas === 2, 200_000)
    await h.run(5000)
    const passes = await countPasses(h, async () => {
      // A spec change without a new template (both pods have been Ready for longer than 1 s): one pass re-checks
      // every pod and writes only observedGeneration.
      const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
      h.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, spec: { ...sts.spec, minReadySeconds: 1 } })
      await h.run(1000)
    })
    expect(h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.observedGeneration).toBe(2)
    expect(passes).toBe(1)
  })

  it('a status written by someone else still gets a pass (which puts the status back)', async () => {
    const h = startHarness()
    apply(h, webStatefulSet({ podManagementPolicy: 'Parallel' }))
    await h.until(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas === 2, 200_000)
    await h.run(1000)
    const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
    const passes = await countPasses(h, async () => {
      h.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, status: { ...sts.status, readyReplicas: 0 } }, { subresource: 'status' })
      await h.run(1000)
    })
    expect(passes).toBeGreaterThanOrEqual(1)
    expect(h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status).toEqual(sts.status)
  })
})
