// Store write-path micro-benchmark: the store writes of N StatefulSet pods' lives (claim, volume, pod, binding,
// status and event writes, ~21 per pod) with a dozen idle watchers and change observers, without any controller.
// So it measures the store alone: the µs per write that `sts-child.ts` pays before any consumer work.
// Usage: node --import tsx test/bench/store-writes.ts [PODS] [--refs]
//   default: writes as the consumers make them today (Store methods that return copies; events through refs);
//   --refs:  every write and read through refs.ts (createRef/updateRef/getRef), what a consumer saves by switching.
// Prints one JSON line: { pods, writes, cpuMs (best of 5 runs), usPerWrite }.
import type { KObject } from '../../src-main/cluster/api-types'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { GVRS } from '../../src-main/cluster/store/registry'
import { createRef, createStore, getRef, onChangeRefs, updateRef, watchRefs } from '../../src-main/cluster/store/store'
import type { Store, WriteOptions } from '../../src-main/cluster/store/types'
import type { GVR } from '../../src-main/cluster/api-types'

type Rw = {
  create(s: Store, g: GVR, ns: string | undefined, o: KObject): Readonly<KObject>
  update(s: Store, g: GVR, ns: string | undefined, name: string, o: KObject, wo?: WriteOptions): Readonly<KObject>
  get(s: Store, g: GVR, ns: string | undefined, name: string): Readonly<KObject>
}
const COPIES: Rw = { create: (s, g, ns, o) => s.create(g, ns, o), update: (s, g, ns, n, o, wo) => s.update(g, ns, n, o, wo), get: (s, g, ns, n) => s.get(g, ns, n) }
const REFS: Rw = { create: createRef, update: updateRef, get: (s, g, ns, n) => getRef(s, g, ns, n)! }

function run(pods: number, rw: Rw): { cpuMs: number; writes: number } {
  const clock = new SimClock()
  const store = createStore({ clock, random: seededRandom(1) })
  store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })
  const rv0 = Number(store.resourceVersion())
  let seen = 0
  for (const g of [GVRS.pods, GVRS.pods, GVRS.pods, GVRS.pods, GVRS.pods, GVRS.pods, GVRS.pvcs, GVRS.pvcs, GVRS.pvs, GVRS.events]) watchRefs(store, g, {}, () => seen++)
  watchRefs(store, GVRS.pods, { namespace: 'default', labelSelector: 'app=bench' }, () => seen++)
  onChangeRefs(store, () => seen++)
  onChangeRefs(store, () => seen++)
  const event = (i: number, kind: string, name: string, reason: string) =>
    createRef(store, GVRS.events, 'default', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${(1_764_000_000_000_000 + i).toString(16)}${reason}`, namespace: 'default' },
      involvedObject: { kind, namespace: 'default', name, uid: `uid-${name}`, apiVersion: 'v1', resourceVersion: '7' },
      reason,
      message: `${reason} ${name}`,
      source: { component: 'kubelet', host: 'ordinal-worker' },
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:00Z',
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: 'ordinal-worker',
    })
  const cpu0 = process.cpuUsage()
  let combined: Readonly<KObject> | undefined
  for (let i = 0; i < pods; i++) {
    const name = `bench-${i}`
    const claim = `data-${name}`
    const pv = `pvc-${i}`
    rw.create(store, GVRS.pvcs, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim, labels: { app: 'bench' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } })
    event(i, 'StatefulSet', 'bench', `SuccessfulCreateClaim${i}`)
    rw.create(store, GVRS.pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: 'bench' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'bench', uid: 'sts', controller: true, blockOwnerDeletion: true }] },
      spec: { hostname: name, subdomain: 'bench', containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] },
    })
    if (!combined) combined = event(i, 'StatefulSet', 'bench', 'SuccessfulCreate')
    else combined = updateRef(store, GVRS.events, 'default', combined.metadata.name!, { ...combined, count: i + 1 })
    event(i, 'PersistentVolumeClaim', claim, 'WaitForFirstConsumer')
    let c = rw.get(store, GVRS.pvcs, 'default', claim)
    c = rw.update(store, GVRS.pvcs, 'default', claim, { ...c, metadata: { ...c.metadata, annotations: { 'volume.kubernetes.io/selected-node': 'ordinal-worker' } } })
    event(i, 'PersistentVolumeClaim', claim, 'Provisioning')
    rw.create(store, GVRS.pvs, undefined, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pv },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', hostPath: { path: `/var/local-path-provisioner/${pv}`, type: 'DirectoryOrCreate' }, claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: claim, uid: c.metadata.uid } },
    })
    event(i, 'PersistentVolumeClaim', claim, 'ProvisioningSucceeded')
    const v = rw.get(store, GVRS.pvs, undefined, pv)
    rw.update(store, GVRS.pvs, undefined, pv, { ...v, status: { phase: 'Bound' } }, { subresource: 'status' })
    c = rw.update(store, GVRS.pvcs, 'default', claim, { ...c, spec: { ...c.spec, volumeName: pv } })
    rw.update(store, GVRS.pvcs, 'default', claim, { ...c, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } }, { subresource: 'status' })
    rw.update(store, GVRS.pods, 'default', name, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'ordinal-worker' } }, { subresource: 'binding' })
    event(i, 'Pod', name, 'Scheduled')
    let p = rw.get(store, GVRS.pods, 'default', name)
    const conditions = (ready: string) => ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: type === 'Ready' || type === 'ContainersReady' ? ready : 'True' }))
    p = rw.update(store, GVRS.pods, 'default', name, { ...p, status: { ...p.status, hostIP: '172.18.0.2', podIP: `10.244.1.${i % 250}`, conditions: conditions('False'), containerStatuses: [{ name: 'nginx', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } }, { subresource: 'status' })
    for (const reason of ['Pulled', 'Created', 'Started']) event(i, 'Pod', name, reason)
    p = rw.get(store, GVRS.pods, 'default', name)
    rw.update(store, GVRS.pods, 'default', name, { ...p, status: { ...p.status, phase: 'Running', conditions: conditions('True'), containerStatuses: [{ name: 'nginx', ready: true, started: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:01Z' } } }] } }, { subresource: 'status' })
  }
  const cpu = process.cpuUsage(cpu0)
  if (!seen) throw new Error('the watchers saw nothing')
  return { cpuMs: (cpu.user + cpu.system) / 1000, writes: Number(store.resourceVersion()) - rv0 }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)
if (isMain) {
  const args = process.argv.slice(2)
  const pods = Number(args.find((a) => !a.startsWith('--')) ?? 1000)
  if (!Number.isInteger(pods) || pods <= 0) {
    process.stderr.write('usage: node --import tsx test/bench/store-writes.ts [PODS] [--refs]\n')
    process.exit(2)
  }
  const rw = args.includes('--refs') ? REFS : COPIES
  run(200, rw) // warm-up (JIT)
  const runs = Array.from({ length: 5 }, () => run(pods, rw))
  const best = Math.min(...runs.map((r) => r.cpuMs))
  process.stdout.write(`${JSON.stringify({ pods, refs: rw === REFS, writes: runs[0].writes, cpuMs: Math.round(best), usPerWrite: +((best / runs[0].writes) * 1000).toFixed(1) })}\n`)
  process.exit(0)
}
