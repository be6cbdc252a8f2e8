// Builds the renderer's ClusterView (shared/view-models.ts) from the store, the way a client reads a cluster:
// list + get. StatefulSet pods sit in lanes by ordinal (ui.md "Ordinals are geography"): a missing pod leaves its
// lane empty, claims stay under their ordinal after the pod is gone, and "why" notes say what the controller waits for.
import type { GVR, KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import { summarizePod } from '../apiserver/tables/pod-printer'
import type {
  ClaimView,
  ClusterView,
  DeploymentView,
  DnsRecordView,
  EventView,
  LaneView,
  PodPhaseView,
  PodView,
  ServiceView,
  StatefulSetView,
  VolumeView,
} from '../shared/view-models'
import { listRefs } from '../cluster/store/refs'
import type { AttachTracker } from './attach-tracker'

const core = (resource: string): GVR => ({ group: '', version: 'v1', resource })
const GVRS = {
  pods: core('pods'),
  pvcs: core('persistentvolumeclaims'),
  pvs: core('persistentvolumes'),
  services: core('services'),
  events: core('events'),
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets' },
}

const MAX_EVENTS = 100
const MAX_DNS = 200
const FAILED_REASONS = /^(ErrImagePull|ImagePullBackOff|CrashLoopBackOff|Error|InvalidImageName|CreateContainerConfigError|OOMKilled|ContainerStatusUnknown)$/

/** The stored objects themselves (frozen; a view only reads them), in a fresh array the caller may sort. A copy of
 *  every object per view cost more than the view: a 1,000-replica StatefulSet has ~14,000 objects with its Events,
 *  and the renderer gets up to 20 views a second. */
function list(cluster: Cluster, gvr: GVR, namespace?: string): KObject[] {
  try {
    return [...listRefs(cluster.store, gvr, namespace === undefined ? {} : { namespace })] as KObject[]
  } catch {
    return [] // a resource this engine build does not serve yet
  }
}

const byName = (a: KObject, b: KObject) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1)
const ts = (s: unknown): number => (typeof s === 'string' ? Date.parse(s) || 0 : 0)
const podIsReady = (p: KObject) => !!p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')

function phaseOf(pod: KObject, statusText: string): PodPhaseView {
  if (pod.metadata.deletionTimestamp) return 'Terminating'
  if (FAILED_REASONS.test(statusText)) return 'Failed'
  const phase = pod.status?.phase
  if (phase === 'Running') return podIsReady(pod) ? 'Running' : 'NotReady'
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Unknown') return phase
  if (statusText === 'ContainerCreating' || statusText === 'PodInitializing' || statusText.startsWith('Init:')) return 'ContainerCreating'
  return 'Pending'
}

// A pod's view depends on the stored (frozen) pod alone, so a pod that has not changed since the last build keeps its
// view: the heartbeat rebuilds a 1,000-pod view every second, and during a burst most of the pods in the next build
// are as they were. (summarizePod reads the clock only for the RESTARTS column's age, which a pod view does not show.)
const podViews = new WeakMap<KObject, PodView>()

export function podView(pod: KObject): PodView {
  let v = podViews.get(pod)
  if (!v) podViews.set(pod, (v = Object.freeze(buildPodView(pod))))
  return v
}

function buildPodView(pod: KObject): PodView {
  const s = summarizePod(pod, 0)
  const restarts = (pod.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0)
  return {
    name: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? '',
    uid: pod.metadata.uid ?? '',
    status: s.status,
    phase: phaseOf(pod, s.status),
    ready: podIsReady(pod),
    readyText: s.ready,
    ip: pod.status?.podIP || null,
    node: pod.spec?.nodeName || null,
    hostname: pod.spec?.hostname || null,
    restarts,
    createdAt: ts(pod.metadata.creationTimestamp),
    claims: Object.freeze(podClaims(pod)) as string[],
  }
}

export function podClaims(pod: KObject): string[] {
  return (pod.spec?.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter((c: unknown): c is string => typeof c === 'string')
}

/** Claim name → the first pod (in `pods` order) still using it: one pass over the pods, not one per claim. */
function claimUsers(pods: KObject[]): Map<string, KObject> {
  const users = new Map<string, KObject>()
  for (const p of pods) {
    if (isFinished(p)) continue
    for (const c of podClaims(p)) if (!users.has(c)) users.set(c, p)
  }
  return users
}

function claimView(pvc: KObject, users: Map<string, KObject>): ClaimView {
  const name = pvc.metadata.name ?? ''
  const user = users.get(name)
  return {
    name,
    namespace: pvc.metadata.namespace ?? '',
    phase: pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? 'Pending'),
    volume: pvc.spec?.volumeName || null,
    capacity: pvc.status?.capacity?.storage ?? pvc.spec?.resources?.requests?.storage ?? null,
    accessModes: [...(pvc.status?.accessModes ?? pvc.spec?.accessModes ?? [])], // its own array, not the stored (frozen) one
    storageClass: pvc.spec?.storageClassName ?? null,
    mountedBy: user?.metadata.name ?? null,
  }
}

const isFinished = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

function volumeView(cluster: Cluster, pv: KObject, tracker: AttachTracker | undefined): VolumeView {
  const name = pv.metadata.name ?? ''
  const ref = pv.spec?.claimRef
  const files = cluster.volumes.has(name) ? cluster.volumes.list(name) : []
  return {
    name,
    phase: pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? 'Pending'),
    capacity: pv.spec?.capacity?.storage ?? '',
    reclaimPolicy: pv.spec?.persistentVolumeReclaimPolicy ?? 'Delete',
    claim: ref ? `${ref.namespace}/${ref.name}` : null,
    files: files
      .filter((f) => f.path !== '/')
      .map((f) => ({ path: f.path, type: f.type, size: f.type === 'file' ? Buffer.byteLength(f.data) : 0, mtimeMs: f.mtimeMs })),
    attachHistory: tracker?.history(name) ?? [],
  }
}

function ownedBy(o: KObject, owner: KObject): boolean {
  return (o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid || (r.kind === owner.kind && r.name === owner.metadata.name && !r.uid))
}

function statefulSetView(sts: KObject, pods: KObject[], claims: ClaimView[]): StatefulSetView {
  const name = sts.metadata.name ?? ''
  const replicas: number = sts.spec?.replicas ?? 1
  const start: number = sts.spec?.ordinals?.start ?? 0
  const policy: 'OrderedReady' | 'Parallel' = sts.spec?.podManagementPolicy === 'Parallel' ? 'Parallel' : 'OrderedReady'
  const templates: string[] = (sts.spec?.volumeClaimTemplates ?? []).map((t: KObject) => t.metadata?.name).filter(Boolean)
  const whenScaled = sts.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain'
  const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`)
  const ordinalOf = (n: string | undefined) => {
    const m = re.exec(n ?? '')
    return m ? Number(m[1]) : -1
  }

  const podByOrdinal = new Map<number, KObject>()
  for (const p of pods) {
    const o = ordinalOf(p.metadata.name)
    if (o >= 0 && (ownedBy(p, sts) || !(p.metadata.ownerReferences ?? []).length)) podByOrdinal.set(o, p)
  }
  const claimsByOrdinal = new Map<number, ClaimView[]>()
  for (const c of claims) {
    for (const t of templates) {
      if (!c.name.startsWith(`${t}-`)) continue
      const o = ordinalOf(c.name.slice(t.length + 1))
      if (o >= 0) (claimsByOrdinal.get(o) ?? claimsByOrdinal.set(o, []).get(o)!).push(c)
    }
  }
  let last = start + replicas - 1
  for (const o of [...podByOrdinal.keys(), ...claimsByOrdinal.keys()]) last = Math.max(last, o)

  const lanes: LaneView[] = []
  for (let ord = start; ord <= last; ord++) {
    const pod = podByOrdinal.get(ord) ?? null
    const laneClaims = claimsByOrdinal.get(ord) ?? []
    const kept = ord >= start + replicas && !pod && laneClaims.length ? { claims: laneClaims.map((c) => c.name), policy: whenScaled } : null
    lanes.push({ ordinal: ord, pod: pod ? podView(pod) : null, claims: laneClaims, why: whyNote(), ...(kept ? { kept } : {}) })

    function whyNote(): string | null {
      const me = `${name}-${ord}`
      const wanted = ord < start + replicas
      if (!wanted) {
        if (pod) return `${me} is being removed: scaled down to ${replicas} (highest ordinal first)`
        if (laneClaims.length) return laneClaims.map((c) => `PVC ${c.name} kept after scale-down (${whenScaled})`).join('; ')
        return null
      }
      if (pod && !pod.metadata.deletionTimestamp) {
        const pending = laneClaims.find((c) => c.phase === 'Pending')
        if (!pod.spec?.nodeName && pending) return `${me} waits: PVC ${pending.name} is Pending`
        return null
      }
      if (policy === 'OrderedReady') {
        for (let j = start; j < ord; j++) {
          const before = podByOrdinal.get(j)
          if (!before || before.metadata.deletionTimestamp || !podIsReady(before)) {
            return `${me} waits: ${name}-${j} is not Ready (OrderedReady)`
          }
        }
      }
      if (pod?.metadata.deletionTimestamp) return `${me} is terminating; the controller recreates it with the same name`
      return null
    }
  }
  return {
    name,
    namespace: sts.metadata.namespace ?? '',
    serviceName: sts.spec?.serviceName ?? '',
    podManagementPolicy: policy,
    replicas,
    readyReplicas: sts.status?.readyReplicas ?? 0,
    lanes,
  }
}

function deploymentView(dep: KObject, replicaSets: KObject[], pods: KObject[]): DeploymentView {
  const mine = replicaSets.filter((rs) => ownedBy(rs, dep))
  return {
    name: dep.metadata.name ?? '',
    namespace: dep.metadata.namespace ?? '',
    replicas: dep.spec?.replicas ?? 1,
    readyReplicas: dep.status?.readyReplicas ?? 0,
    pods: pods.filter((p) => mine.some((rs) => ownedBy(p, rs))).map(podView),
  }
}

/** Every A answer for `name`, as nslookup lists them: a headless Service's name resolves to each ready pod's IP. */
function aRecords(cluster: Cluster, name: string): string | null {
  try {
    const a = cluster.dns.query(name, 'A')
    const ips = a.rcode === 'NOERROR' ? a.answers.filter((r) => r.type === 'A').map((r) => r.answer) : []
    return ips.length ? ips.join(', ') : null
  } catch {
    return null
  }
}

function serviceView(cluster: Cluster, svc: KObject, pods: KObject[]): ServiceView {
  const name = svc.metadata.name ?? ''
  const ns = svc.metadata.namespace ?? ''
  const clusterIP: string = svc.spec?.clusterIP ?? ''
  const headless = clusterIP === 'None'
  const domain = `${name}.${ns}.svc.cluster.local`
  const dnsNames: ServiceView['dnsNames'] = []
  const selector: Record<string, string> | undefined = svc.spec?.selector
  if (headless && selector && Object.keys(selector).length) {
    const selected = pods.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v))
    for (const p of selected.sort(byName)) {
      // Only pods with hostname + subdomain = this service get a per-pod name (StatefulSet pods do).
      if (!p.spec?.hostname || p.spec?.subdomain !== name) continue
      const fqdn = `${p.spec.hostname}.${domain}`
      dnsNames.push({ name: fqdn, ip: aRecords(cluster, fqdn) })
    }
  }
  dnsNames.unshift({ name: domain, ip: aRecords(cluster, domain) })
  return {
    name,
    namespace: ns,
    type: svc.spec?.type ?? 'ClusterIP',
    clusterIP: clusterIP || '<none>',
    headless,
    ports: (svc.spec?.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>',
    dnsNames,
  }
}

function eventView(e: KObject): EventView {
  const io = e.involvedObject ?? e.regarding ?? {}
  return {
    type: e.type === 'Warning' ? 'Warning' : 'Normal',
    reason: e.reason ?? '',
    object: `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
    message: e.message ?? e.note ?? '',
    count: e.count ?? e.series?.count ?? 1,
    lastSeen: lastSeenOf(e),
  }
}

const lastSeenOf = (e: KObject): number => ts(e.lastTimestamp) || ts(e.eventTime) || ts(e.firstTimestamp) || ts(e.metadata.creationTimestamp)

interface EventOrder {
  lastSeen: number
  rv: number
}
// Per stored (frozen) Event: a version that has not changed is not parsed again for the next view.
const eventOrders = new WeakMap<KObject, EventOrder>()
const orderOf = (e: KObject): EventOrder => {
  let o = eventOrders.get(e)
  if (!o) eventOrders.set(e, (o = { lastSeen: lastSeenOf(e), rv: Number(e.metadata.resourceVersion) || 0 }))
  return o
}
/** Whether `a` comes before `b`: newest first; within the same second, the later write (higher resourceVersion). */
const newer = (a: EventOrder, b: EventOrder) => a.lastSeen > b.lastSeen || (a.lastSeen === b.lastSeen && a.rv > b.rv)

/** The MAX_EVENTS newest of `events`, newest first: one pass that keeps the newest so far, not a sort of every
 *  Event (a 1,000-replica StatefulSet's namespace holds ~10,000). */
export function newestEvents(events: KObject[], max = MAX_EVENTS): KObject[] {
  const top: KObject[] = []
  const orders: EventOrder[] = []
  for (const e of events) {
    const o = orderOf(e)
    if (top.length === max && !newer(o, orders[max - 1])) continue
    // The first place `o` is newer than what is there (the kept ones are newest first): after its equals, as a
    // stable sort would put it.
    let lo = 0
    let hi = top.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (newer(o, orders[mid])) hi = mid
      else lo = mid + 1
    }
    if (top.length === max) {
      top.pop()
      orders.pop()
    }
    top.splice(lo, 0, e)
    orders.splice(lo, 0, o)
  }
  return top
}

function dnsRecords(cluster: Cluster, namespace: string): DnsRecordView[] {
  let all: DnsRecordView[]
  try {
    all = cluster.dns.records()
  } catch {
    return []
  }
  const mark = `.${namespace}.svc.`
  return all.filter((r) => r.name.includes(mark) || r.answer.includes(mark)).slice(0, MAX_DNS)
}

export function buildClusterView(cluster: Cluster, namespace: string, tracker?: AttachTracker): ClusterView {
  const now = cluster.clock.now()
  const pods = list(cluster, GVRS.pods, namespace).sort(byName)
  const users = claimUsers(pods)
  const claims = list(cluster, GVRS.pvcs, namespace).sort(byName).map((c) => claimView(c, users))
  const pvs = list(cluster, GVRS.pvs).filter((pv) => {
    const ns = pv.spec?.claimRef?.namespace
    return !ns || ns === namespace
  })
  const replicaSets = list(cluster, GVRS.replicasets, namespace)
  return {
    now,
    namespace,
    statefulSets: list(cluster, GVRS.statefulsets, namespace).sort(byName).map((s) => statefulSetView(s, pods, claims)),
    deployments: list(cluster, GVRS.deployments, namespace).sort(byName).map((d) => deploymentView(d, replicaSets, pods)),
    pods: pods.map(podView),
    services: list(cluster, GVRS.services, namespace).sort(byName).map((s) => serviceView(cluster, s, pods)),
    claims,
    volumes: pvs.sort(byName).map((pv) => volumeView(cluster, pv, tracker)),
    dns: dnsRecords(cluster, namespace),
    events: newestEvents(list(cluster, GVRS.events, namespace)).map(eventView),
  }
}
