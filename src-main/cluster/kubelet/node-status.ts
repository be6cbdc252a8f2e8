// The kubelet's side of node status: when a node comes back it posts Ready (and the pressure conditions) again
// and records `NodeReady`. While a node is down nothing is posted; the node lifecycle controller marks it Unknown.
import type { KObject } from '../api-types'
import type { Recorder } from '../controllers/events'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import type { Store } from '../store/types'
import { updateRef } from '../store/refs'

const HEALTHY: Record<string, [string, string, string]> = {
  MemoryPressure: ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
}

/** Post a healthy node status if the stored one is not (after a recovery or a restore). */
export function postReady(store: Store, recorder: Recorder, nowMs: number, name: string): void {
  let node: KObject
  try {
    node = store.get(GVRS.nodes, undefined, name)
  } catch {
    return
  }
  const now = rfc3339(nowMs)
  const old: any[] = node.status?.conditions ?? []
  const wasReady = old.some((c) => c.type === 'Ready' && c.status === 'True')
  if (wasReady) return
  const conditions = Object.entries(HEALTHY).map(([type, [status, reason, message]]) => {
    const prev = old.find((c) => c.type === type)
    return { type, status, lastHeartbeatTime: now, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, reason, message }
  })
  updateRef(store, GVRS.nodes, undefined, name, { ...node, status: { ...node.status, conditions } }, { subresource: 'status' })
  recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } }, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, { component: 'kubelet', host: name })
}
