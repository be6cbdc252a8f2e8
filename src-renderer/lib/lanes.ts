// Lane geometry for the pod graph: ordinals are geography (ui.md). Pure, unit-tested.
import type { LaneView, StatefulSetView } from '../../src-main/shared/view-models'

/**
 * Every lane from ordinal 0 up to max(replicas, highest lane seen) - 1, in order, so a missing pod leaves a visible
 * empty lane in its place instead of shifting its neighbours left. Lanes above `replicas` stay while they still hold
 * a pod or a claim (scale-down keeps claims).
 */
export function laneLayout(sts: StatefulSetView): LaneView[] {
  const byOrdinal = new Map(sts.lanes.map((l) => [l.ordinal, l]))
  const highest = sts.lanes.reduce((m, l) => Math.max(m, l.ordinal + 1), 0)
  const count = Math.max(sts.replicas, highest)
  const out: LaneView[] = []
  for (let i = 0; i < count; i++) out.push(byOrdinal.get(i) ?? { ordinal: i, pod: null, claims: [], why: null })
  return out
}

/** The pod name for a lane, even when the lane is empty. */
export function laneName(sts: StatefulSetView, ordinal: number): string {
  return `${sts.name}-${ordinal}`
}

/** A lane's note in the UI language: the scale-down note comes as data (`kept`), the others as main wrote them. */
export function laneWhy(lane: LaneView, pvcKept: (claim: string, policy: string) => string): string | null {
  if (lane.kept) return lane.kept.claims.map((c) => pvcKept(c, lane.kept!.policy)).join('; ')
  return lane.why
}
