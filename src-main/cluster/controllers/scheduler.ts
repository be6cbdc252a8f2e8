// default-scheduler: binds each unscheduled pod to a worker. Filters: taints, nodeSelector, required node
// affinity on bound PVs (local-path volumes pin a pod to its node). WaitForFirstConsumer claims are handed the
// chosen node (annotation volume.kubernetes.io/selected-node) and the pod is bound once they are Bound.
// Scoring: fewest pods, ties broken by the injected random.
import type { KObject, Pod } from '../api-types'
import type { Clock } from '../clock'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import { listRefs } from '../store/store'
import type { Store } from '../store/types'
import type { Recorder } from './events'
import { createQueue, nsKey, splitKey, type WorkQueue } from './queue'

export const SELECTED_NODE = 'volume.kubernetes.io/selected-node'

export interface Controller {
  dispose(): void
}

export function claimNames(pod: KObject): string[] {
  return (pod.spec?.volumes ?? []).map((v: any) => v?.persistentVolumeClaim?.claimName).filter((x: unknown): x is string => typeof x === 'string')
}

function tolerates(pod: Pod, taint: any): boolean {
  return (pod.spec.tolerations ?? []).some((t: any) => {
    if (t.effect && t.effect !== taint.effect) return false
    if (t.operator === 'Exists') return !t.key || t.key === taint.key
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '')
  })
}

/** Hostnames a PV's required node affinity allows (undefined = any). */
function pvNodes(pv: KObject): string[] | undefined {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms
  if (!Array.isArray(terms)) return undefined
  const out: string[] = []
  for (const t of terms) for (const e of t.matchExpressions ?? []) if (e.key === 'kubernetes.io/hostname' && e.operator === 'In') out.push(...(e.values ?? []))
  return out
}

export function startScheduler(deps: { store: Store; clock: Clock; random: () => number; recorder: Recorder }): Controller {
  const { store, clock, random, recorder } = deps
  const failed = new Map<string, string>() // pod uid → last FailedScheduling message (avoid spamming)
  const q: WorkQueue = createQueue(clock, 'scheduler', reconcile)

  const enqueuePending = (ns?: string) => {
    for (const p of listRefs(store, GVRS.pods, { namespace: ns, fieldSelector: 'spec.nodeName=' })) q.add(nsKey(p.metadata.namespace, p.metadata.name!))
  }
  const unwatch = [
    store.watch(GVRS.pods, { fieldSelector: 'spec.nodeName=' }, (e) => {
      if (e.type !== 'DELETED') q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))
    }),
    // A claim or volume changing (provisioned, bound) can unblock pods waiting on it; so can a node change.
    store.watch(GVRS.pvcs, {}, (e) => enqueuePending(e.object.metadata.namespace)),
    store.watch(GVRS.nodes, { resourceVersion: store.resourceVersion() }, () => enqueuePending()),
    store.watch(GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
      // A pod going away frees capacity; rescore waiting pods.
      if (e.type === 'DELETED') enqueuePending(e.object.metadata.namespace)
    }),
  ]

  function fail(pod: Pod, message: string): void {
    if (failed.get(pod.metadata.uid!) === message) return
    failed.set(pod.metadata.uid!, message)
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
    let candidates = nodes.filter((n) => !n.spec?.unschedulable && n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'))
    const tainted = candidates.filter((n) => (n.spec?.taints ?? []).some((t: any) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod, t)))
    candidates = candidates.filter((n) => !tainted.includes(n))
    const sel = pod.spec.nodeSelector ?? {}
    const unmatched = candidates.filter((n) => Object.entries(sel).some(([k, v]) => n.metadata.labels?.[k] !== v))
    candidates = candidates.filter((n) => !unmatched.includes(n))

    // Volumes: bound PVs may pin the node; WaitForFirstConsumer claims wait for a selected node.
    const waitingClaims: KObject[] = []
    let conflict = 0
    for (const claim of claimNames(pod)) {
      let pvc: KObject
      try {
        pvc = store.get(GVRS.pvcs, namespace, claim)
      } catch {
        fail(pod, `0/${total} nodes are available: persistentvolumeclaim "${claim}" not found. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`)
        return
      }
      if (pvc.metadata.deletionTimestamp) {
        fail(pod, `0/${total} nodes are available: persistentvolumeclaim "${claim}" is being deleted. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`)
        return
      }
      if (pvc.spec?.volumeName && pvc.status?.phase === 'Bound') {
        try {
          const allowed = pvNodes(store.get(GVRS.pvs, undefined, pvc.spec.volumeName))
          if (allowed) {
            const before = candidates.length
            candidates = candidates.filter((n) => allowed.includes(n.metadata.name!))
            conflict += before - candidates.length
          }
        } catch {
          // PV gone: the claim is Lost; leave scheduling to fail below if nothing fits.
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
      if (mode !== 'WaitForFirstConsumer') {
        fail(pod, `0/${total} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`)
        return
      }
      waitingClaims.push(pvc)
    }

    if (!candidates.length) {
      const reasons: string[] = []
      if (tainted.length) reasons.push(`${tainted.length} node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }`)
      if (unmatched.length) reasons.push(`${unmatched.length} node(s) didn't match Pod's node affinity/selector`)
      if (conflict) reasons.push(`${conflict} node(s) had volume node affinity conflict`)
      fail(pod, `0/${total} nodes are available: ${reasons.join(', ')}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`)
      return
    }

    // A claim that already has a selected node pins the pod there.
    const preselected = waitingClaims.map((c) => c.metadata.annotations?.[SELECTED_NODE]).find((n) => n && candidates.some((c) => c.metadata.name === n))
    let node: string
    if (preselected) node = preselected
    else {
      const load = new Map<string, number>()
      for (const p of listRefs(store, GVRS.pods)) {
        if (!p.spec?.nodeName || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue
        load.set(p.spec.nodeName, (load.get(p.spec.nodeName) ?? 0) + 1)
      }
      const min = Math.min(...candidates.map((n) => load.get(n.metadata.name!) ?? 0))
      const best = candidates.filter((n) => (load.get(n.metadata.name!) ?? 0) === min)
      node = best[Math.floor(random() * best.length)].metadata.name!
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
