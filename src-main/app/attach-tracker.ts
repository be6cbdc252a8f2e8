// Volume attach history for the Volumes panel ("www-web-0 was mounted by web-0 (uid …a1), then by web-0 (uid …b7)").
// Kubernetes keeps no such history, so we derive it from store changes: a pod mounts a claim's volume once it is
// placed on a node, and lets go when it finishes or its object is gone.
import type { GVR, KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import type { VolumeView } from '../shared/view-models'
import { podClaims } from './views'

type Entry = VolumeView['attachHistory'][number]

export interface AttachTracker {
  history(volume: string): Entry[]
  /** Everything, for saving (the host keeps it across restarts). */
  dump(): Record<string, Entry[]>
  /** Bumped on every change, so a saver can skip unchanged state. */
  readonly version: number
  dispose(): void
}

const PVCS: GVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }
const PODS: GVR = { group: '', version: 'v1', resource: 'pods' }
const MAX_PER_VOLUME = 50

export function createAttachTracker(cluster: Cluster, saved: Record<string, Entry[]> = {}): AttachTracker {
  const byVolume = new Map<string, Entry[]>()
  const open = new Map<string, Set<string>>() // pod uid → volumes it holds now
  let version = 0
  // Saved history: closed entries as they were; entries still open are re-derived from the pods below, so an
  // entry whose pod vanished while the app was closed is closed at the saved clock time.
  for (const [volume, entries] of Object.entries(saved)) {
    if (!Array.isArray(entries)) continue
    const ok = entries.filter((e) => e && typeof e.pod === 'string' && typeof e.podUid === 'string' && typeof e.from === 'number')
    byVolume.set(volume, ok.map((e) => ({ pod: e.pod, podUid: e.podUid, from: e.from, to: typeof e.to === 'number' ? e.to : null })))
  }
  const openSaved = () => {
    for (const [volume, entries] of byVolume) {
      for (const e of entries) if (e.to === null) (open.get(e.podUid) ?? open.set(e.podUid, new Set()).get(e.podUid)!).add(volume)
    }
  }
  openSaved()

  const volumeOf = (ns: string, claim: string): string | null => {
    try {
      return cluster.store.get(PVCS, ns, claim).spec?.volumeName || null
    } catch {
      return null
    }
  }

  const attach = (pod: KObject, volume: string, from: number) => {
    const uid = pod.metadata.uid ?? ''
    const held = open.get(uid) ?? open.set(uid, new Set()).get(uid)!
    if (held.has(volume)) return
    held.add(volume)
    version++
    const list = byVolume.get(volume) ?? byVolume.set(volume, []).get(volume)!
    list.push({ pod: pod.metadata.name ?? '', podUid: uid, from, to: null })
    if (list.length > MAX_PER_VOLUME) list.shift()
  }

  const release = (uid: string, at: number) => {
    const held = open.get(uid)
    if (!held) return
    for (const v of held) {
      for (const e of byVolume.get(v) ?? []) if (e.podUid === uid && e.to === null) e.to = at
    }
    open.delete(uid)
    version++
  }

  const consider = (pod: KObject, at: number) => {
    const uid = pod.metadata.uid ?? ''
    const phase = pod.status?.phase
    if (phase === 'Succeeded' || phase === 'Failed') return release(uid, at)
    if (!pod.spec?.nodeName) return
    for (const claim of podClaims(pod)) {
      const v = volumeOf(pod.metadata.namespace ?? '', claim)
      if (v) attach(pod, v, at)
    }
  }

  // A restored cluster: pods already running hold their volumes since they started; saved open entries whose
  // pod is gone now were closed while the app was away.
  try {
    const pods = cluster.store.list(PODS).items
    const alive = new Set(pods.map((p) => p.metadata.uid))
    for (const uid of [...open.keys()]) if (!alive.has(uid)) release(uid, cluster.clock.now())
    for (const pod of pods) {
      consider(pod, Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '') || cluster.clock.now())
    }
  } catch {
    /* no pods served */
  }

  const off = cluster.store.onChange((c) => {
    const now = cluster.clock.now()
    if (c.gvr.resource === 'pods' && c.gvr.group === '') {
      if (c.type === 'DELETED') release(c.object.metadata.uid ?? '', now)
      else consider(c.object, now)
    } else if (c.gvr.resource === 'persistentvolumeclaims' && c.gvr.group === '' && c.object.spec?.volumeName) {
      // The claim just bound: a pod already on a node may be waiting to mount it.
      const ns = c.object.metadata.namespace
      try {
        for (const pod of cluster.store.list(PODS, { namespace: ns }).items) {
          if (podClaims(pod).includes(c.object.metadata.name ?? '')) consider(pod, now)
        }
      } catch {
        /* ignore */
      }
    }
  })

  return {
    history: (volume) => (byVolume.get(volume) ?? []).map((e) => ({ ...e })),
    dump: () => Object.fromEntries([...byVolume].map(([v, es]) => [v, es.map((e) => ({ ...e }))])),
    get version() {
      return version
    },
    dispose: off,
  }
}
