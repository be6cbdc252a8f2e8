// Volume attach history for the Volumes panel ("www-web-0 was mounted by web-0 (uid …a1), then by web-0 (uid …b7)").
// Kubernetes keeps no such history, so we derive it from store changes: a pod mounts a claim's volume once it is
// placed on a node, and lets go when it finishes or its object is gone.
import type { GVR, KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import { getRef, listRefs, onChangeRefs } from '../cluster/store/refs'
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

  // The stored (frozen) objects, read in place: this observer sees every change of the cluster, and a copy of each
  // (plus a namespace's pods re-listed per claim change) was a real share of a large StatefulSet's cost.
  const volumeOf = (ns: string, claim: string): string | null => getRef(cluster.store, PVCS, ns, claim)?.spec?.volumeName || null

  // Which pods mount which claim ("ns/claim" → pod name → the pod's latest state), so a claim that binds wakes only
  // its own pods.
  const podsByClaim = new Map<string, Map<string, Readonly<KObject>>>()
  const claimsOfPod = new Map<string, string[]>() // "ns/pod" → its "ns/claim" keys
  const indexPod = (pod: Readonly<KObject>, type: 'ADDED' | 'MODIFIED' | 'DELETED') => {
    const ns = pod.metadata.namespace ?? ''
    const name = pod.metadata.name ?? ''
    const key = `${ns}/${name}`
    const known = claimsOfPod.get(key)
    if (type === 'MODIFIED' && known) {
      // A pod's volumes cannot change once it exists (a new pod under the name comes as DELETED, ADDED): only its
      // latest state is kept.
      for (const c of known) podsByClaim.get(c)?.set(name, pod)
      return
    }
    for (const c of known ?? []) {
      const pods = podsByClaim.get(c)
      pods?.delete(name)
      if (pods && !pods.size) podsByClaim.delete(c)
    }
    claimsOfPod.delete(key)
    if (type === 'DELETED') return
    const claims = podClaims(pod as KObject).map((c) => `${ns}/${c}`)
    if (!claims.length) return
    claimsOfPod.set(key, claims)
    for (const c of claims) (podsByClaim.get(c) ?? podsByClaim.set(c, new Map()).get(c)!).set(name, pod)
  }

  const attach = (pod: Readonly<KObject>, volume: string, from: number) => {
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

  const consider = (pod: Readonly<KObject>, at: number) => {
    const uid = pod.metadata.uid ?? ''
    const phase = pod.status?.phase
    if (phase === 'Succeeded' || phase === 'Failed') return release(uid, at)
    if (!pod.spec?.nodeName) return
    const ns = pod.metadata.namespace ?? ''
    const claims = claimsOfPod.get(`${ns}/${pod.metadata.name ?? ''}`)
    if (!claims || (open.get(uid)?.size ?? 0) >= claims.length) return // no claims, or every volume already held
    for (const c of claims) {
      const v = volumeOf(ns, c.slice(ns.length + 1))
      if (v) attach(pod, v, at)
    }
  }

  // A restored cluster: pods already running hold their volumes since they started; saved open entries whose
  // pod is gone now were closed while the app was away.
  try {
    const pods = listRefs(cluster.store, PODS)
    const alive = new Set(pods.map((p) => p.metadata.uid))
    for (const uid of [...open.keys()]) if (!alive.has(uid)) release(uid, cluster.clock.now())
    for (const pod of pods) {
      indexPod(pod, 'ADDED')
      consider(pod, Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '') || cluster.clock.now())
    }
  } catch {
    /* no pods served */
  }

  const off = onChangeRefs(cluster.store, (c) => {
    if (c.gvr.resource === 'pods' && c.gvr.group === '') {
      indexPod(c.object, c.type)
      const now = cluster.clock.now()
      if (c.type === 'DELETED') release(c.object.metadata.uid ?? '', now)
      else consider(c.object, now)
    } else if (c.gvr.resource === 'persistentvolumeclaims' && c.gvr.group === '' && c.object.spec?.volumeName) {
      // The claim just bound: a pod already on a node may be waiting to mount it (in name order, as a list has them).
      const pods = podsByClaim.get(`${c.object.metadata.namespace ?? ''}/${c.object.metadata.name ?? ''}`)
      if (!pods) return
      const now = cluster.clock.now()
      for (const name of [...pods.keys()].sort()) consider(pods.get(name)!, now)
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
