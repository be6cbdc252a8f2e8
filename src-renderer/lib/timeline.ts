// Pod phase history for the Events timeline (one row per pod, its phases as bars), accumulated from the snapshots
// the renderer receives. Pure, unit-tested. Bars start at the pod's creation time from the API, so ordered creation
// shows even when a fast clock skipped the intermediate phases between two snapshots.
import type { ClusterView, PodPhaseView } from '../../src-main/shared/view-models'

export interface TimelineSegment {
  phase: PodPhaseView
  from: number
  to: number | null // null: still in this phase
}

export interface TimelineRow {
  uid: string
  name: string
  segments: TimelineSegment[]
  gone: number | null // when the pod disappeared from the snapshots
}

const MAX_ROWS = 40

export function recordTimeline(rows: readonly TimelineRow[], view: ClusterView): TimelineRow[] {
  const seen = new Set<string>()
  const next = rows.map((r) => ({ ...r, segments: [...r.segments] }))
  const byUid = new Map(next.map((r) => [r.uid, r]))
  for (const pod of view.pods) {
    seen.add(pod.uid)
    const row = byUid.get(pod.uid)
    if (!row) {
      const r: TimelineRow = { uid: pod.uid, name: pod.name, segments: [{ phase: pod.phase, from: Math.min(pod.createdAt, view.now), to: null }], gone: null }
      next.push(r)
      byUid.set(pod.uid, r)
      continue
    }
    const last = row.segments[row.segments.length - 1]
    if (last && last.phase !== pod.phase) {
      row.segments[row.segments.length - 1] = { ...last, to: view.now }
      row.segments.push({ phase: pod.phase, from: view.now, to: null })
    }
  }
  for (const row of next) {
    if (row.gone !== null || seen.has(row.uid)) continue
    row.gone = view.now
    const last = row.segments[row.segments.length - 1]
    if (last && last.to === null) row.segments[row.segments.length - 1] = { ...last, to: view.now }
  }
  next.sort((a, b) => (a.segments[0]?.from ?? 0) - (b.segments[0]?.from ?? 0))
  return next.slice(-MAX_ROWS)
}

/** The time span the chart covers: first creation to now (at least one second, so bars have width). */
export function timelineSpan(rows: readonly TimelineRow[], now: number): { start: number; end: number } {
  const start = rows.reduce((m, r) => Math.min(m, r.segments[0]?.from ?? m), now)
  return { start, end: Math.max(now, start + 1000) }
}
