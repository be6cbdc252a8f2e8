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
import { listRefs } from '../store/store'
import type { Store } from '../store/types'
import type { Recorder } from './events'
import { createQueue, nsKey, splitKey, type WorkQueue } from './queue'
import { affinityReason, fitErrorMessage, taintReason, unschedulableReason } from './scheduling-filters'

export const SELECTED_NODE = 'volume.kubernetes.io/selected-node'

export interface Controller {
  dispose(): void
}

export function claimNames(pod: KObject): string[] {
  return (pod.spec?.volumes ?? []).map((v: any) => v?.persistentVolumeClaim?.claimName).filter((x: unknown): x is string => typeof x === 'string')
}

/** Hostnames a PV's required node affinity allows (undefined = any). */
function pvNodes(pv: KObject): string[] | undefined {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms
  if (!Array.isArray(terms)) return undefined
  const out: string[] = []
  for (const t of terms) for (const e of t.matchExpressions ?? []) if (e.key === 'kubernetes.io/hostname' && e.operator === 'In') out.push(...(e.values ?? []))
  return out
}

const terminal = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'
const controllerUid = (p: KObject) => p.metadata.ownerReferences?.find((r) => r.controller)?.uid

/** Pods per node and pods per (controller, node), kept up to date from pod events: O(1) per event. */
class NodeLoad {
  private total = new Map<string, number>()
  private byOwner = new Map<string, Map<string, number>>()
  private counted = new Map<string, { node: string; owner?: string }>() // pod uid → where it is counted

  observe(p: KObject, deleted: boolean): void {
    const uid = p.metadata.uid!
    const want = !deleted && p.spec?.nodeName && !terminal(p) ? { node: p.spec.nodeName as string, owner: controllerUid(p) } : undefined
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

  const enqueuePending = (ns?: string) => {
    for (const p of listRefs(store, GVRS.pods, { namespace: ns, fieldSelector: 'spec.nodeName=' })) q.add(nsKey(p.metadata.namespace, p.metadata.name!))
  }
  const unwatch = [
    // Load first, so a bind made by this scheduler is counted before its next decision.
    store.watch(GVRS.pods, {}, (e) => {
      load.observe(e.object, e.type === 'DELETED')
      // A pod going away frees capacity; rescore waiting pods.
      if (e.type === 'DELETED') {
        failed.delete(e.object.metadata.uid!)
        if (e.object.spec?.nodeName) enqueuePending(e.object.metadata.namespace)
      }
    }),
    store.watch(GVRS.pods, { fieldSelector: 'spec.nodeName=' }, (e) => {
      if (e.type !== 'DELETED') q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))
    }),
    // A claim or volume changing (provisioned, bound) can unblock pods waiting on it; so can a node change.
    store.watch(GVRS.pvcs, {}, (e) => enqueuePending(e.object.metadata.namespace)),
    store.watch(GVRS.nodes, { resourceVersion: store.resourceVersion() }, () => enqueuePending()),
  ]

  function fail(pod: Pod, message: string): void {
    if (failed.get(pod.metadata.uid!) === message) return
    failed.set(pod.metadata.uid!, message)
    const t = rfc3339(clock.now())
    const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: t, reason: 'Unschedulable', message }
    const prev = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled')
    if (prev && prev.status === 'False') cond.lastTransitionTime = prev.lastTransitionTime ?? t
    try {
      store.update(
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
    let pod: Pod
    try {
      pod = store.get(GVRS.pods, namespace, name) as Pod
    } catch {
      return
    }
    if (pod.spec.nodeName || pod.metadata.deletionTimestamp) return
    if ((pod.spec.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return
    const nodes = listRefs(store, GVRS.nodes)
    const total = nodes.length

    // PreFilter: claims that are missing, being deleted or unbound with Immediate binding fail the whole pod.
    const waitingClaims: KObject[] = []
    const pinned: (string[] | undefined)[] = []
    for (const claim of claimNames(pod)) {
      let pvc: KObject
      try {
        pvc = store.get(GVRS.pvcs, namespace, claim)
      } catch {
        return fail(pod, fitErrorMessage(total, new Map(), `persistentvolumeclaim "${claim}" not found`))
      }
      if (pvc.metadata.deletionTimestamp) return fail(pod, fitErrorMessage(total, new Map(), `persistentvolumeclaim "${claim}" is being deleted`))
      if (pvc.spec?.volumeName && pvc.status?.phase === 'Bound') {
        try {
          pinned.push(pvNodes(store.get(GVRS.pvs, undefined, pvc.spec.volumeName)))
        } catch {
          // PV gone: the claim is Lost; nothing pins the node.
        }
        continue
      }
      let mode = 'Immediate'
      if (pvc.spec?.storageClassName) {
        try {
          mode = store.get(GVRS.storageclasses, undefined, pvc.spec.storageClassName).volumeBindingMode ?? 'Immediate'
        } catch {
          mode = 'Immediate'
        }
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
      const score = (n: string) => load.siblings(owner, n) * 1_000_000 + load.pods(n)
      let best: string[] = []
      let min = Infinity
      for (const n of candidates) {
        const sc = score(n)
        if (sc < min) {
          min = sc
          best = [n]
        } else if (sc === min) best.push(n)
      }
      node = best[Math.floor(random() * best.length)]
    }

    if (waitingClaims.length) {
      for (const pvc of waitingClaims) {
        if (pvc.metadata.annotations?.[SELECTED_NODE]) continue
        store.update(GVRS.pvcs, namespace, pvc.metadata.name!, {
          ...pvc,
          metadata: { ...pvc.metadata, annotations: { ...(pvc.metadata.annotations ?? {}), [SELECTED_NODE]: node } },
        })
      }
      return // the PVC watch brings us back once the claims are bound
    }

    const now = rfc3339(clock.now())
    store.update(
      GVRS.pods,
      namespace,
      name,
      { ...pod, spec: { ...pod.spec, nodeName: node }, status: { conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }] } } as unknown as Pod,
      { subresource: 'binding' },
    )
    failed.delete(pod.metadata.uid!)
    recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${node}`, { component: 'default-scheduler' })
  }

  enqueuePending()
  return {
    dispose() {
      for (const u of unwatch) u()
      q.dispose()
    },
  }
}
