// One pass of the StatefulSet algorithm (fidelity §A2–§A4), over the tracker's per-ordinal facts:
// replicas in ascending ordinal order (create / recreate finished / claims for Pending / wait in OrderedReady /
// repair identity and claim ownership), then condemned pods highest first, then the RollingUpdate step.
import type { KObject } from '../../api-types'
import type { Facts, SetState } from './tracker'
import type { spec as specOf } from './identity'

export interface PassOps {
  /** Create claims + pod for `ord` at `revision`. False when it could not (stale/terminating claim, error). */
  create(ord: number, revision: string): boolean
  /** Recreate a Failed/Succeeded pod (event RecreatingFailedPod / RecreatingTerminatedPod, delete, create). */
  recreate(ord: number, f: Facts, revision: string): void
  /** Create any claims a Pending pod is missing. */
  createMissingClaims(ord: number, pod: Readonly<KObject>): void
  /** Identity labels, storage and claim ownerReferences; `scaledDown` for condemned pods. */
  repair(ord: number, f: Facts, scaledDown: boolean): void
  delete(f: Facts): boolean
  /** Ask for another pass after `ms` (minReadySeconds). */
  requeueAfter(ms: number): void
  now(): number
}

type Spec = ReturnType<typeof specOf>

/** The ordinal a would-be pod gets its template from: below the partition the current revision, else the update. */
export function revisionFor(sp: Spec, ord: number, current: string, update: string): string {
  return sp.rolling && ord < sp.start + sp.partition ? current : update
}

function available(f: Facts, minReadyMs: number, now: number): boolean {
  return f.ready && (minReadyMs === 0 || (f.since !== undefined && f.since + minReadyMs < now))
}

function healthy(f: Facts): boolean {
  return f.ready && !f.terminating
}

/** upstream processReplica; true = stop the pass (OrderedReady waits). (Module level, not a closure per pass.) */
function processReplica(st: SetState, sp: Spec, rev: { current: string; update: string }, ops: PassOps, now: number, ord: number): boolean {
  const { monotonic, minReadyMs } = sp
  let f = st.facts.get(ord)
  if (!f) {
    // A pod by that name we don't own (an older set's, still terminating): wait for it to go.
    if (st.names.has(ord)) return monotonic
    ops.create(ord, revisionFor(sp, ord, rev.current, rev.update))
    return monotonic
  }
  if (f.finished && !f.terminating) {
    ops.recreate(ord, f, revisionFor(sp, ord, rev.current, rev.update))
    return monotonic
  }
  if (f.pending) ops.createMissingClaims(ord, f.pod)
  if (monotonic) {
    if (f.terminating || !f.ready) return true
    if (!available(f, minReadyMs, now)) {
      ops.requeueAfter(f.since! + minReadyMs - now + 1)
      return true
    }
  }
  if (st.allDirty || st.needsCheck.has(ord)) {
    st.needsCheck.delete(ord)
    f = st.facts.get(ord)
    if (f) ops.repair(ord, f, false)
  }
  return false
}

export function runPass(st: SetState, sts: KObject, sp: Spec, rev: { current: string; update: string }, ops: PassOps): void {
  const { replicas, start, monotonic, minReadyMs } = sp
  const now = ops.now()

  if (monotonic) {
    for (let ord = start; ord < start + replicas; ord++) if (processReplica(st, sp, rev, ops, now, ord)) return
  } else {
    // Parallel: only the slots that can need work – missing ones and pods that changed.
    const visit = new Set<number>()
    if (st.inRange < replicas) for (let ord = start; ord < start + replicas; ord++) if (!st.facts.has(ord)) visit.add(ord)
    const changed = st.allDirty ? st.facts.keys() : st.needsCheck.values()
    for (const ord of changed) if (st.within(ord)) visit.add(ord)
    for (const ord of [...visit].sort((a, b) => a - b)) processReplica(st, sp, rev, ops, now, ord)
  }

  // Condemned: ordinals outside [start, start+replicas), highest first.
  if (st.facts.size > st.inRange) {
    const condemned = [...st.facts.keys()].filter((o) => !st.within(o)).sort((a, b) => b - a)
    for (const ord of condemned) {
      const f = st.facts.get(ord)!
      if (!f.terminating) ops.repair(ord, f, true) // whenScaled: Delete hands the claims to the pod first
    }
    let firstUnhealthy: number | undefined
    for (let ord = start; ord < start + replicas && firstUnhealthy === undefined; ord++) {
      const f = st.facts.get(ord)
      if (!f || !healthy(f)) firstUnhealthy = ord
    }
    for (let i = condemned.length - 1; i >= 0 && firstUnhealthy === undefined; i--) if (!healthy(st.facts.get(condemned[i])!)) firstUnhealthy = condemned[i]
    for (const ord of condemned) {
      const f = st.facts.get(ord)
      if (!f) continue
      if (f.terminating) {
        if (monotonic) return
        continue
      }
      if (monotonic && !available(f, minReadyMs, now) && ord !== firstUnhealthy) return
      ops.delete(f)
      if (monotonic) return
    }
  }

  if (!sp.rolling) return
  // Nothing to roll when every replica exists at the update revision.
  if (st.facts.size === replicas && st.inRange === replicas && (st.byRevision.get(rev.update) ?? 0) === replicas) return
  for (let ord = start + replicas - 1; ord >= start + sp.partition; ord--) {
    const f = st.facts.get(ord)
    if (!f) return
    if (f.revision !== rev.update && !f.terminating) {
      ops.delete(f)
      return
    }
    if (!healthy(f)) return
  }
}
