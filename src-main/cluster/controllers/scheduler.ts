// default-scheduler: binds each unscheduled pod to a node. Filters in the real plugin order (scheduling-filters.ts):
// cordon, taints, nodeSelector/node affinity, then volumes (bound PVs' node affinity pins local-path claims).
// WaitForFirstConsumer claims are handed the chosen node (annotation volume.kubernetes.io/selected-node) and the
// pod is bound once they are Bound. Scoring spreads: fewest pods of the same controller, then fewest pods, ties
// broken by the injected random. Pod counts per node are kept incrementally from the pod watch, so a decision
// costs O(nodes), not O(pods) (a 1,000-replica StatefulSet schedules in linear time).
import type { KObject, Pod } from '../api-types'
import type { Clock } from '../clock'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import { getRef, listRefs, watchRefs } from '../store/store'
import type { Store } from '../store/types'
import type { Recorder } from './events'
import { createQueue, nsKey, splitKey, type WorkQueue } from './queue'
import { affinityReason, fitErrorMessage, taintReason, unschedulableReason } from './scheduling-filters'
import { updateRef } from '../store/refs'

export const SELECTED_NODE = 'volume.kubernetes.io/selected-node'

export interface Controller {
  dispose(): void
}

export function claimNames(pod: KObject): string[] {
  // A plain loop: this runs for several pod events and reconciles per pod (no intermediate arrays).
  const out: string[] = []
  for (const v of pod.spec?.volumes ?? []) {
    const name = v?.persistentVolumeClaim?.claimName
    if (typeof name === 'string') out.push(name)
  }
  return out
}

/** Hostnames a PV's required node affinity allows (undefined = any). */
function pvNodes(pv: KObject): string[] | undefined {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms
  if (!Array.isArray(terms)) return undefined
  const out: string[] = []
  for (const t of terms) for (const e of t.matchExpressions ?? []) if (e.key === 'kubernetes.io/hostname' && e.operator === 'In') for (const v of e.values ?? []) out.push(v)
  return out
}

const terminal = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'
function controllerUid(p: KObject): string | undefined {
  for (const r of p.metadata.ownerReferences ?? []) if (r.controller) return r.uid
  return undefined
}

/** Pods per node and pods per (controller, node), kept up to date from pod events: O(1) per event. */
class NodeLoad {
  private total = new Map<string, number>()
  private byOwner = new Map<string, Map<string, number>>()
  private counted = new Map<string, { node: string; owner?: string }>() // pod uid → where it is counted

  /** Pods placed on a node while their WaitForFirstConsumer claims bind (the scheduler's "assumed" pods). */
  private assumed = new Map<string, string>()

  assume(p: KObject, node: string): void {
    this.assumed.set(p.metadata.uid!, node)
    this.observe(p, false)
  }

  observe(p: KObject, deleted: boolean): void {
    const uid = p.metadata.uid!
    if (deleted || p.spec?.nodeName) this.assumed.delete(uid)
    const node: string | undefined = p.spec?.nodeName ?? this.assumed.get(uid)
    const want = !deleted && node && !terminal(p) ? { node, owner: controllerUid(p) } : undefined
    const cur = this.counted.get(uid)
    if (cur && want && cur.node === want.node && cur.owner === want.owner) return
    if (cur) this.bump(cur.node, cur.owner, -1)
    if (want) this.bump(want.node, want.owner, 1)
    if (want) this.counted.set(uid, want)
    else this.counted.delete(uid)
  }

  private bump(node: string, owner: string | undefined, d: number): void {
    this.total.set(node, (this.total.get(node) ?? 0) + d)
    if (!owner) return
    let m = this.byOwner.get(owner)
    if (!m) this.byOwner.set(owner, (m = new Map()))
    const n = (m.get(node) ?? 0) + d
    if (n) m.set(node, n)
    else m.delete(node)
    if (!m.size) this.byOwner.delete(owner)
  }

  pods(node: string): number {
    return this.total.get(node) ?? 0
  }

  siblings(owner: string | undefined, node: string): number {
    return owner ? (this.byOwner.get(owner)?.get(node) ?? 0) : 0
  }
}

export function startScheduler(deps: { store: Store; clock: Clock; random: () => number; recorder: Recorder }): Controller {
  const { store, clock, random, recorder } = deps
  const failed = new Map<string, string>() // pod uid → last FailedScheduling message (avoid spamming)
  const load = new NodeLoad()
  const q: WorkQueue = createQueue(clock, 'scheduler', reconcile)

  // Unscheduled pods by the claims they mount, so a claim event wakes only its pods (not every pending pod).
  const byClaim = new Map<string, Set<string>>() // "ns/claim" → pod keys
  const claimsOf = new Map<string, string[]>() // pod key → its "ns/claim" keys
  const unindexClaims = (key: string) => {
    for (const c of claimsOf.get(key) ?? []) {
      const set = byClaim.get(c)
      set?.delete(key)
      if (set && !set.size) byClaim.delete(c)
    }
    claimsOf.delete(key)
  }
  const indexClaims = (p: KObject, key: string) => {
    unindexClaims(key)
    const claims = claimNames(p).map((c) => `${p.metadata.namespace}/${c}`)
    if (!claims.length) return
    claimsOf.set(key, claims)
    for (const c of claims) {
      let set = byClaim.get(c)
      if (!set) byClaim.set(c, (set = new Set()))
      set.add(key)
    }
  }
  /** Pods that could not be placed: retried when capacity or nodes change. */
  const retryFailed = () => {
    for (const key of failedKeys.values()) q.add(key)
  }
  const failedKeys = new Map<string, string>() // pod uid → key

  // The nodes as a list returns them (by name), kept from the node watch (delivered as each write commits, before
  // any reconcile runs): placing a pod does not list the nodes each time.
  const nodeByName = new Map<string, Readonly<KObject>>()
  for (const n of listRefs(store, GVRS.nodes)) nodeByName.set(n.metadata.name!, n)
  let nodeList: readonly Readonly<KObject>[] | undefined
  const currentNodes = () => (nodeList ??= [...nodeByName.values()].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1)))

  const unwatch = [
    // Load first, so a bind made by this scheduler is counted before its next decision.
    watchRefs(store, GVRS.pods, {}, (e) => {
      load.observe(e.object, e.type === 'DELETED')
      // A pod going away frees capacity; retry the pods that did not fit.
      if (e.type === 'DELETED') {
        failed.delete(e.object.metadata.uid!)
        failedKeys.delete(e.object.metadata.uid!)
        if (e.object.spec?.nodeName) retryFailed()
      }
    }),
    watchRefs(store, GVRS.pods, { fieldSelector: 'spec.nodeName=' }, (e) => {
      const key = nsKey(e.object.metadata.namespace, e.object.metadata.name!)
      if (e.type === 'DELETED') return unindexClaims(key)
      indexClaims(e.object, key)
      q.add(key)
    }),
    // A claim changing (selected node set, provisioned, bound) can unblock the pods that mount it.
    watchRefs(store, GVRS.pvcs, {}, (e) => {
      for (const key of byClaim.get(`${e.object.metadata.namespace}/${e.object.metadata.name}`) ?? []) q.add(key)
    }),
    watchRefs(store, GVRS.nodes, { resourceVersion: store.resourceVersion() }, (e) => {
      if (e.type === 'DELETED') nodeByName.delete(e.object.metadata.name!)
      else nodeByName.set(e.object.metadata.name!, e.object)
      nodeList = undefined
      retryFailed()
    }),
  ]

  function fail(pod: Pod, message: string): void {
    if (failed.get(pod.metadata.uid!) === message) return
    failed.set(pod.metadata.uid!, message)
    failedKeys.set(pod.metadata.uid!, nsKey(pod.metadata.namespace, pod.metadata.name!))
    const t = rfc3339(clock.now())
    const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: t, reason: 'Unschedulable', message }
    const prev = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled')
    if (prev && prev.status === 'False') cond.lastTransitionTime = prev.lastTransitionTime ?? t
    try {
      updateRef(
        store,
        GVRS.pods,
        pod.metadata.namespace,
        pod.metadata.name!,
        { ...pod, status: { phase: 'Pending', ...(pod.status ?? {}), conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), cond] } } as unknown as Pod,
        { subresource: 'status' },
      )
    } catch {
      // The pod changed or went away; the next reconcile sees the new state.
    }
    recorder.event(pod, 'Warning', 'FailedScheduling', message, { component: 'default-scheduler' })
  }

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    // Read-only references (no copy): this runs for every pending pod, often several times.
    const pod = getRef(store, GVRS.pods, namespace, name) as Pod | undefined
    if (!pod) return
    if (pod.spec.nodeName || pod.metadata.deletionTimestamp) return
    if ((pod.spec.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return
    const nodes = currentNodes()
    const total = nodes.length

    // PreFilter: claims that are missing, being deleted or unbound with Immediate binding fail the whole pod.
    const waitingClaims: KObject[] = []
    const pinned: (string[] | undefined)[] = []
    for (const claim of claimNames(pod)) {
      const pvc = getRef(store, GVRS.pvcs, namespace, claim)
      if (!pvc) return fail(pod, fitErrorMessage(total, new Map(), `persistentvolumeclaim "${claim}" not found`))
      if (pvc.metadata.deletionTimestamp) return fail(pod, fitErrorMessage(total, new Map(), `persistentvolumeclaim "${claim}" is being deleted`))
      if (pvc.spec?.volumeName && pvc.status?.phase === 'Bound') {
        const pv = getRef(store, GVRS.pvs, undefined, pvc.spec.volumeName)
        if (pv) pinned.push(pvNodes(pv)) // PV gone: the claim is Lost; nothing pins the node
        continue
      }
      let mode = 'Immediate'
      if (pvc.spec?.storageClassName) {
        mode = getRef(store, GVRS.storageclasses, undefined, pvc.spec.storageClassName)?.volumeBindingMode ?? 'Immediate'
      }
      if (mode !== 'WaitForFirstConsumer') return fail(pod, fitErrorMessage(total, new Map(), 'pod has unbound immediate PersistentVolumeClaims'))
      waitingClaims.push(pvc)
    }

    // Filter: the first plugin that rejects a node gives that node's reason.
    const reasons = new Map<string, number>()
    const candidates: string[] = []
    for (const n of nodes) {
      const nodeName = n.metadata.name!
      let why = unschedulableReason(pod, n) ?? taintReason(pod, n) ?? affinityReason(pod, n)
      if (!why && pinned.some((allowed) => allowed && !allowed.includes(nodeName))) why = 'node(s) had volume node affinity conflict'
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1)
      else candidates.push(nodeName)
    }
    if (!candidates.length) return fail(pod, fitErrorMessage(total, reasons))

    // A claim that already has a selected node pins the pod there.
    const preselected = waitingClaims.map((c) => c.metadata.annotations?.[SELECTED_NODE]).find((n) => n && candidates.includes(n))
    let node: string
    if (preselected) node = preselected
    else {
      const owner = controllerUid(pod)
      let best: string[] = []
      let min = Infinity
      for (const n of candidates) {
        // Spread siblings first, then total load. (Inline, not a local closure: this runs for every pod placed.)
        const sc = load.siblings(owner, n) * 1_000_000 + load.pods(n)
        if (sc < min) {
          min = sc
          best = [n]
        } else if (sc === min) best.push(n)
      }
      node = best[Math.floor(random() * best.length)]
    }

    if (waitingClaims.length) {
      load.assume(pod, node)
      for (const pvc of waitingClaims) {
        if (pvc.metadata.annotations?.[SELECTED_NODE]) continue
        updateRef(store, GVRS.pvcs, namespace, pvc.metadata.name!, {
          ...pvc,
          metadata: { ...pvc.metadata, annotations: { ...(pvc.metadata.annotations ?? {}), [SELECTED_NODE]: node } },
        })
      }
      return // the PVC watch brings us back once the claims are bound
    }

    const now = rfc3339(clock.now())
    updateRef(
      store,
      GVRS.pods,
      namespace,
      name,
      { ...pod, spec: { ...pod.spec, nodeName: node }, status: { conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }] } } as unknown as Pod,
      { subresource: 'binding' },
    )
    failed.delete(pod.metadata.uid!)
    failedKeys.delete(pod.metadata.uid!)
    unindexClaims(key)
    recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${node}`, { component: 'default-scheduler' })
  }

  return {
    dispose() {
      for (const u of unwatch) u()
      q.dispose()
    },
  }
}
