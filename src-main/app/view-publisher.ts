// Pushes ClusterView snapshots to the renderer when the cluster changes, coalesced and throttled: a burst of
// controller writes becomes one view, never more than `maxPerSecond` views reach the renderer, and building and
// sending views takes at most `maxBusyShare` of the main thread (a 1,000-pod view costs ~20 ms: at 20 a second it
// would eat 40% of the thread the cluster runs on, and slow an instant-speed run by half).
import type { Cluster } from '../cluster/cluster-types'
import { onChangeRefs } from '../cluster/store/refs'
import type { ClusterView, VolumeView } from '../shared/view-models'
import { createAttachTracker, type AttachTracker } from './attach-tracker'
import { buildClusterView } from './views'

export interface ViewPublisher {
  namespace: string
  /** Volume attach history (kept across restarts by the host). */
  readonly tracker: AttachTracker
  /** The view now (e.g. for a newly connected renderer). */
  current(): ClusterView
  /** Ask for a push (namespace switched, clock stepped). */
  invalidate(): void
  dispose(): void
}

export interface ViewPublisherOptions {
  namespace?: string
  maxPerSecond?: number
  /** Most of the main thread's time that building and emitting views may take (default 0.1). */
  maxBusyShare?: number
  heartbeatMs?: number
  attachHistory?: Record<string, VolumeView['attachHistory']>
}

export function createViewPublisher(cluster: Cluster, emit: (v: ClusterView) => void, opts: ViewPublisherOptions = {}): ViewPublisher {
  const minGap = 1000 / (opts.maxPerSecond ?? 20)
  const busyShare = opts.maxBusyShare ?? 0.1
  const tracker = createAttachTracker(cluster, opts.attachHistory)
  let nextAt = -Infinity // real time the next push may start
  let timer: ReturnType<typeof setTimeout> | null = null
  let disposed = false

  const push = () => {
    timer = null
    if (disposed) return
    const start = performance.now()
    try {
      emit(pub.current())
    } catch (err) {
      console.error('[ordinal] building the cluster view failed:', err)
    }
    // A view that took `spent` ms is followed by at least spent / busyShare ms before the next one starts.
    const spent = performance.now() - start
    nextAt = start + Math.max(minGap, spent / busyShare)
  }

  const invalidate = () => {
    if (timer || disposed) return
    // Wait at least one turn so a synchronous burst coalesces, and keep the gap between pushes.
    timer = setTimeout(push, Math.max(0, nextAt - performance.now()))
  }

  // onChangeRefs: invalidate ignores the change, so it must not cost a copy of every committed object.
  const offStore = onChangeRefs(cluster.store, () => invalidate())
  const offVolumes = cluster.volumes.onChange(invalidate)
  // Ages and "now" move with the clock even when nothing changes; and a renderer that missed a push catches up.
  const heartbeat = opts.heartbeatMs === 0 ? null : setInterval(invalidate, opts.heartbeatMs ?? 1000)
  heartbeat?.unref?.()

  const pub: ViewPublisher = {
    namespace: opts.namespace ?? 'default',
    tracker,
    current: () => buildClusterView(cluster, pub.namespace, tracker),
    invalidate,
    dispose() {
      disposed = true
      if (timer) clearTimeout(timer)
      if (heartbeat) clearInterval(heartbeat)
      offStore()
      offVolumes()
      tracker.dispose()
    },
  }
  return pub
}
