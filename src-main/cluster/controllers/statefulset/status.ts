// The status block (fidelity §A5) from the tracker's totals: replicas (created pods, terminating included),
// readyReplicas, availableReplicas (Ready for longer than minReadySeconds), current/updatedReplicas (non-terminating
// pods per revision), revisions, observedGeneration and collisionCount. Written only when something changed.
import type { KObject } from '../../api-types'
import type { Clock } from '../../clock'
import { GVRS } from '../../store/registry'
import type { Store } from '../../store/types'
import type { spec as specOf } from './identity'
import type { Revisions } from './history'
import type { SetState } from './tracker'
import { updateRef } from '../../store/refs'

// Field order as the API server serializes StatefulSetStatus (Go struct order).
const ORDER = ['observedGeneration', 'replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision', 'updateRevision', 'collisionCount', 'availableReplicas'] as const
// omitempty in the Go type: absent when zero.
const OMIT_ZERO = new Set(['readyReplicas', 'currentReplicas', 'updatedReplicas'])

export function computeStatus(clock: Clock, sts: Readonly<KObject>, st: SetState, rev: Revisions, sp: ReturnType<typeof specOf>, requeue: (ms: number) => void): Record<string, unknown> {
  let availableReplicas = st.ready
  if (sp.minReadyMs > 0) {
    availableReplicas = 0
    const now = clock.now()
    let next = Infinity
    for (const f of st.facts.values()) {
      if (!f.ready) continue
      const at = f.since! + sp.minReadyMs
      if (at < now) availableReplicas++
      else next = Math.min(next, at - now + 1)
    }
    if (next !== Infinity) requeue(next)
  }
  const s: Record<string, unknown> = {
    observedGeneration: sts.metadata.generation,
    replicas: st.created,
    readyReplicas: st.ready,
    currentReplicas: st.byRevision.get(rev.current) ?? 0,
    updatedReplicas: st.byRevision.get(rev.update) ?? 0,
    currentRevision: rev.current,
    updateRevision: rev.update,
    collisionCount: rev.collisionCount,
    availableReplicas,
  }
  // completeRollingUpdate: once every pod is updated and ready, the update revision becomes current.
  if (sp.rolling && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
    s.currentReplicas = s.updatedReplicas
    s.currentRevision = rev.update
  }
  const out: Record<string, unknown> = {}
  for (const k of ORDER) if (!(OMIT_ZERO.has(k) && s[k] === 0)) out[k] = s[k]
  return out
}

/** Write the status if it changed; returns it (its currentRevision may have just become the update revision).
 *  `beforeWrite` sees the new status just before it is written. */
export function writeStatus(store: Store, clock: Clock, sts: Readonly<KObject>, st: SetState, rev: Revisions, sp: ReturnType<typeof specOf>, requeue: (ms: number) => void, beforeWrite?: (status: Record<string, unknown>) => void): Record<string, unknown> {
  const status = computeStatus(clock, sts, st, rev, sp, requeue)
  const old = (sts.status ?? {}) as Record<string, unknown>
  const keys = Object.keys(status)
  if (keys.length === Object.keys(old).length && keys.every((k) => old[k] === status[k])) return status
  beforeWrite?.(status)
  updateRef(store, GVRS.statefulsets, sts.metadata.namespace, sts.metadata.name!, { ...sts, status } as KObject, { subresource: 'status' })
  return status
}
