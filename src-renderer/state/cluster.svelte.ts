// The cluster snapshot (replaced whole on every change) and the inspector's selection, resolved by name so it
// survives snapshots: selecting www-web-0 keeps it selected while its pod is recreated.
import type { ClaimView, ClusterView, EventView, PodView, ServiceView, VolumeView } from '../../src-main/shared/view-models'
import { filterEvents, looseClaims, ownerIndex } from '../lib/cluster-index'
import { recordTimeline, type TimelineRow } from '../lib/timeline'

export class ClusterState {
  view = $state.raw<ClusterView | null>(null)
  selectedClaim = $state<string | null>(null)
  selectedVolume = $state<string | null>(null)
  eventFilter = $state('')
  /** Phase history per pod, built from the snapshots seen so far (the Events timeline). */
  timeline = $state.raw<TimelineRow[]>([])

  readonly claim: ClaimView | null = $derived(this.view?.claims.find((c) => c.name === this.selectedClaim) ?? null)
  readonly volume: VolumeView | null = $derived.by(() => {
    const name = this.selectedVolume ?? this.claim?.volume ?? null
    return this.view?.volumes.find((v) => v.name === name) ?? null
  })
  /** Volumes no current claim points at (Released after a claim was deleted, or Available). */
  readonly orphanVolumes: VolumeView[] = $derived(
    (this.view?.volumes ?? []).filter((v) => !this.view?.claims.some((c) => c.volume === v.name)),
  )
  /** Services the learner made (the built-in `kubernetes` Service is noise in the graph). */
  readonly services: ServiceView[] = $derived((this.view?.services ?? []).filter((s) => s.name !== 'kubernetes'))
  /** 'sts/web', 'deploy/x' or null per pod uid: the graph groups by it, the table shows it. */
  readonly owners: Map<string, string> = $derived(ownerIndex(this.view))
  /** Pods no StatefulSet or Deployment owns (`kubectl run dns-test …`). */
  readonly loosePods: PodView[] = $derived((this.view?.pods ?? []).filter((p) => !this.owners.has(p.uid)))
  /** Claims outside every StatefulSet lane (their StatefulSet was deleted, or made on their own). */
  readonly looseClaims: ClaimView[] = $derived(looseClaims(this.view))
  readonly events: EventView[] = $derived(filterEvents(this.view?.events ?? [], this.eventFilter))
  readonly empty = $derived(
    !this.view ||
      (this.view.pods.length === 0 && this.view.statefulSets.length === 0 && this.view.deployments.length === 0 &&
        this.view.claims.length === 0 && this.services.length === 0),
  )

  /** Every snapshot from main goes through here. */
  update(view: ClusterView): void {
    this.view = view
    this.timeline = recordTimeline(this.timeline, view)
  }

  selectClaim(name: string): void {
    this.selectedClaim = name
    this.selectedVolume = null
  }

  selectVolume(name: string): void {
    this.selectedVolume = name
    this.selectedClaim = this.view?.claims.find((c) => c.volume === name)?.name ?? null
  }
}
