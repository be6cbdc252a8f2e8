// Indexes over a ClusterView the panels share. Pure, unit-tested.
import type { ClaimView, ClusterView, EventView } from '../../src-main/shared/view-models'

/** pod uid → 'sts/web' or 'deploy/x'; pods missing from the map have no controller the graph knows. */
export function ownerIndex(view: ClusterView | null): Map<string, string> {
  const owners = new Map<string, string>()
  for (const sts of view?.statefulSets ?? []) {
    for (const lane of sts.lanes) if (lane.pod) owners.set(lane.pod.uid, `sts/${sts.name}`)
  }
  for (const d of view?.deployments ?? []) for (const p of d.pods) owners.set(p.uid, `deploy/${d.name}`)
  return owners
}

/** Claims no StatefulSet lane shows: left behind by a deleted StatefulSet (claims outlive it by default), or made
 *  on their own. Without this they would be in the cluster but nowhere in the graph. */
export function looseClaims(view: ClusterView | null): ClaimView[] {
  const inLanes = new Set<string>()
  for (const sts of view?.statefulSets ?? []) for (const lane of sts.lanes) for (const c of lane.claims) inLanes.add(c.name)
  return (view?.claims ?? []).filter((c) => !inLanes.has(c.name))
}

/** Events whose object contains the filter text (case-insensitive); all of them for an empty filter. */
export function filterEvents(events: readonly EventView[], filter: string): EventView[] {
  const f = filter.trim().toLowerCase()
  if (!f) return [...events]
  return events.filter((e) => e.object.toLowerCase().includes(f))
}
