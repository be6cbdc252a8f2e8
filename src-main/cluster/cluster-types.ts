// The composed simulated cluster that hosts (app/, tests, benchmarks) create with createCluster() from ./index.
import type { GVR, KObject } from './api-types'
import type { Clock, SimClock } from './clock'
import type { DnsQueryFeed } from './dns/query-feed'
import type { DnsServer } from './dns/types'
import type { KubeletRuntime, Runtime } from './runtime/types'
import type { Store } from './store/types'
import type { VolumeFile, VolumeStore } from './volumes/types'

export interface ClusterSnapshot {
  now: number // sim clock epoch ms
  resourceVersion: number
  objects: { gvr: GVR; object: KObject }[]
  volumes: Record<string, VolumeFile[]>
}

export interface ClusterOptions {
  clock: SimClock
  random: () => number
  /** Restore state (from SQLite or a lesson checkpoint). Running pods get their containers restarted by the kubelet. */
  snapshot?: ClusterSnapshot
  /** Timing knobs in simulated ms (defaults are realistic at 1x: a few seconds per pod). */
  timing?: Partial<{ scheduleMs: number; pullMs: number; createMs: number; startMs: number }>
}

/** Simulated node failure (lessons: "pull the plug"). fail/recover throw a NotFound StatusError for unknown nodes. */
export interface NodeControl {
  /** The node crashes: its kubelet stops heartbeating and its containers die; NotReady after the grace period. */
  fail(name: string): void
  /** The node reboots: Ready again, its surviving pods restart, pods deleted meanwhile are cleaned up. */
  recover(name: string): void
  isUp(name: string): boolean
}

export interface Cluster {
  readonly clock: Clock
  readonly store: Store
  readonly runtime: Runtime & KubeletRuntime
  readonly volumes: VolumeStore
  readonly dns: DnsServer
  /** The DNS questions containers asked (not the panel's or a lesson's own), as they happen. Optional: scripted
   *  clusters in tests may lack it; lesson checks on what a pod's lookup saw then see none. */
  readonly podDnsQueries?: DnsQueryFeed
  readonly nodes: NodeControl
  /** Capture everything for a checkpoint or a save. */
  snapshot(): ClusterSnapshot
  /** Stop controllers/kubelet timers (the host is shutting down). */
  dispose(): void
}
