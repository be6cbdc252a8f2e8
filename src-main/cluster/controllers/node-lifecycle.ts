// node-lifecycle controller + taint-based eviction. Cordon: spec.unschedulable ⇄ the node.kubernetes.io/unschedulable
// taint. A node whose kubelet stopped heartbeating (NodeHealth) goes Unknown after the monitor grace period: its
// conditions become Unknown, it gets the unreachable NoSchedule+NoExecute taints, and its pods' Ready turns False.
// Pods on a node with NoExecute taints are deleted once their toleration runs out (300s for the default
// tolerations) — deleted gracefully, so with the kubelet gone they stay Terminating until someone force-deletes them.
import type { KObject, Pod } from '../api-types'
import type { Clock, TimerHandle } from '../clock'
import type { NodeHealth } from '../nodes'
import { isStatusError } from '../store/errors'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import { getRef, listRefs, watchRefs } from '../store/store'
import type { Store } from '../store/types'
import type { Recorder } from './events'
import { createQueue, nsKey, splitKey } from './queue'

/** kube-controller-manager --node-monitor-grace-period (50s since v1.32; 40s before). */
export const NODE_MONITOR_GRACE_MS = 50_000
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable'
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable'

export interface Controller {
  dispose(): void
}

interface Taint {
  key: string
  value?: string
  effect: string
  timeAdded?: string
}

/** Does toleration `t` tolerate `taint` (the core/v1 matching rules)? */
export function toleratesTaint(t: any, taint: Taint): boolean {
  if (t?.effect && t.effect !== taint.effect) return false
  if (t?.operator === 'Exists') return !t.key || t.key === taint.key
  return t?.key === taint.key && (t.value ?? '') === (taint.value ?? '')
}

/** Seconds until a pod must leave a node with these NoExecute taints: 0 = now, Infinity = never. */
export function evictionDelaySeconds(pod: Pod, taints: Taint[]): number {
  const tolerations: any[] = pod.spec.tolerations ?? []
  let min = Infinity
  for (const taint of taints) {
    const used = tolerations.filter((t) => toleratesTaint(t, taint))
    if (!used.length) return 0
    for (const t of used) if (typeof t.tolerationSeconds === 'number') min = Math.min(min, Math.max(0, t.tolerationSeconds))
  }
  return min
}

export function startNodeLifecycleController(deps: { store: Store; clock: Clock; recorder: Recorder; health: NodeHealth }): Controller {
  const { store, clock, recorder, health } = deps
  const graceTimers = new Map<string, TimerHandle>() // node → "grace period over" check
  const evictions = new Map<string, { at: number; timer: TimerHandle }>() // pod uid → scheduled eviction
  const noExecuteNodes = new Set<string>()
  const q = createQueue(clock, 'node-lifecycle', reconcile)
  const now = () => rfc3339(clock.now())

  const unwatch = [
    watchRefs(store, GVRS.nodes, {}, (e) => q.add(`node/${e.object.metadata.name}`)),
    watchRefs(store, GVRS.pods, {}, (e) => {
      const p = e.object
      if (!p.spec?.nodeName) return
      if (noExecuteNodes.has(p.spec.nodeName) || evictions.has(p.metadata.uid!)) q.add(`pod/${nsKey(p.metadata.namespace, p.metadata.name!)}`)
    }),
  ]
  const unhealth = health.onChange((node) => q.add(`node/${node}`))

  function reconcile(key: string): void {
    if (key.startsWith('node/')) return reconcileNode(key.slice(5))
    if (key.startsWith('pod/')) return reconcilePod(key.slice(4))
  }

  function reconcileNode(name: string): void {
    let node = getRef(store, GVRS.nodes, undefined, name)
    if (!node) return
    const down = health.downSince(name)
    const lost = down !== undefined && clock.now() >= down + NODE_MONITOR_GRACE_MS
    if (down !== undefined && !lost && !graceTimers.has(name)) {
      graceTimers.set(name, clock.schedule(down + NODE_MONITOR_GRACE_MS - clock.now(), () => {
        graceTimers.delete(name)
        q.add(`node/${name}`)
      }, `node monitor grace ${name}`))
    }
    if (down === undefined) {
      graceTimers.get(name)?.cancel()
      graceTimers.delete(name)
    }
    if (lost) node = markUnknown(node)

    // Taints follow spec.unschedulable and reachability. Unreachable taints go once the kubelet posts Ready again.
    const readyTrue = (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
    const old: Taint[] = node.spec?.taints ?? []
    let taints = old.filter((t) => !(t.key === UNSCHEDULABLE_TAINT && !node!.spec?.unschedulable))
    if (node.spec?.unschedulable && !taints.some((t) => t.key === UNSCHEDULABLE_TAINT)) taints.push({ key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule', timeAdded: now() })
    if (lost) {
      for (const effect of ['NoSchedule', 'NoExecute']) {
        if (!taints.some((t) => t.key === UNREACHABLE_TAINT && t.effect === effect)) taints.push({ key: UNREACHABLE_TAINT, effect, timeAdded: now() })
      }
    } else if (down === undefined && readyTrue) taints = taints.filter((t) => t.key !== UNREACHABLE_TAINT)
    if (JSON.stringify(taints) !== JSON.stringify(old)) {
      const spec = { ...node.spec }
      if (taints.length) spec.taints = taints
      else delete spec.taints
      node = store.update(GVRS.nodes, undefined, name, { ...node, spec })
    }

    const hadNoExecute = noExecuteNodes.has(name)
    if (taints.some((t) => t.effect === 'NoExecute')) noExecuteNodes.add(name)
    else noExecuteNodes.delete(name)
    if (hadNoExecute || noExecuteNodes.has(name)) {
      for (const p of listRefs(store, GVRS.pods, { fieldSelector: `spec.nodeName=${name}` })) q.add(`pod/${nsKey(p.metadata.namespace, p.metadata.name!)}`)
    }
  }

  /** The kubelet has been silent for the grace period: conditions Unknown, pods not Ready. */
  function markUnknown(node: KObject): KObject {
    const conds: any[] = node.status?.conditions ?? []
    if (conds.some((c) => c.type === 'Ready' && c.status === 'Unknown')) return node
    const t = now()
    const conditions = conds.map((c) =>
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].includes(c.type)
        ? { ...c, status: 'Unknown', lastTransitionTime: t, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }
        : c,
    )
    const updated = store.update(GVRS.nodes, undefined, node.metadata.name!, { ...node, status: { ...node.status, conditions } }, { subresource: 'status' })
    recorder.event(updated, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`, { component: 'node-controller' })
    for (const p of listRefs(store, GVRS.pods, { fieldSelector: `spec.nodeName=${node.metadata.name}` })) markPodNotReady(p as Pod, t)
    return updated
  }

  function markPodNotReady(pod: Pod, t: string): void {
    const conds = pod.status?.conditions ?? []
    if (!conds.some((c) => c.type === 'Ready' && c.status === 'True')) return
    const conditions = conds.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const, lastTransitionTime: t } : c))
    try {
      const updated = store.update(GVRS.pods, pod.metadata.namespace, pod.metadata.name!, { ...pod, status: { ...pod.status, conditions } }, { subresource: 'status' })
      recorder.event(updated, 'Warning', 'NodeNotReady', 'Node is not ready', { component: 'node-controller' })
    } catch (e) {
      if (!(isStatusError(e) && (e.code === 404 || e.code === 409))) throw e
    }
  }

  function cancelEviction(uid: string): void {
    evictions.get(uid)?.timer.cancel()
    evictions.delete(uid)
  }

  function reconcilePod(key: string): void {
    const { namespace, name } = splitKey(key)
    const pod = getRef(store, GVRS.pods, namespace, name) as Pod | undefined
    if (!pod) {
      for (const [uid] of evictions) if (!store.list(GVRS.pods, { namespace, fieldSelector: `metadata.name=${name}` }).items.some((p) => p.metadata.uid === uid)) cancelEviction(uid)
      return
    }
    const uid = pod.metadata.uid!
    const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
    const node = pod.spec.nodeName ? getRef(store, GVRS.nodes, undefined, pod.spec.nodeName) : undefined
    const taints: Taint[] = (node?.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute')
    if (!node || terminal || pod.metadata.deletionTimestamp || !taints.length) return cancelEviction(uid)
    const seconds = evictionDelaySeconds(pod, taints)
    if (seconds === Infinity) return cancelEviction(uid)
    const since = Math.max(...taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : clock.now())))
    const at = since + seconds * 1000
    const existing = evictions.get(uid)
    if (existing && existing.at === at) return
    cancelEviction(uid)
    const timer = clock.schedule(Math.max(0, at - clock.now()), () => {
      evictions.delete(uid)
      evict(namespace, name, uid)
    }, `taint eviction ${key}`)
    evictions.set(uid, { at, timer })
  }

  function evict(namespace: string | undefined, name: string, uid: string): void {
    const pod = getRef(store, GVRS.pods, namespace, name) as Pod | undefined
    if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp) return
    const t = now()
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'),
      { type: 'DisruptionTarget', status: 'True' as const, lastTransitionTime: t, reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
    ]
    try {
      const updated = store.update(GVRS.pods, namespace, name, { ...pod, status: { ...pod.status, conditions } }, { subresource: 'status' })
      recorder.event(updated, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`, { component: 'taint-eviction-controller' })
      store.delete(GVRS.pods, namespace, name, { preconditions: { uid } })
    } catch (e) {
      if (!(isStatusError(e) && (e.code === 404 || e.code === 409))) throw e
    }
  }

  for (const n of listRefs(store, GVRS.nodes)) q.add(`node/${n.metadata.name}`)
  return {
    dispose() {
      for (const u of unwatch) u()
      unhealth()
      q.dispose()
      for (const t of graceTimers.values()) t.cancel()
      for (const e of evictions.values()) e.timer.cancel()
    },
  }
}
