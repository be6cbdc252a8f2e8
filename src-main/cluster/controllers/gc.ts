// Garbage collector: deletes dependents whose owners are all gone (background), orphans dependents of owners
// deleted with propagationPolicy=Orphan, and holds owners deleted with Foreground until every dependent whose
// ownerReference has blockOwnerDeletion=true is gone (other dependents are deleted but do not block).
// A dependent with another, live owner only loses the reference. Generic over kinds: it knows ownerReferences,
// not StatefulSets or ReplicaSets. It follows every change through store.onChange with an owner-uid index.
import type { GVR, KObject } from '../api-types'
import type { Clock } from '../clock'
import { getRef as storedRef, onChangeRefs } from '../store/store'
import type { Store } from '../store/types'
import { createQueue } from './queue'
import type { Controller } from './scheduler'
import { deleteRef, updateRef } from '../store/refs'

interface Ref {
  gvr: GVR
  namespace?: string
  name: string
}

const refKey = (r: Ref) => `${r.gvr.group}|${r.gvr.version}|${r.gvr.resource}|${r.namespace ?? ''}|${r.name}`
function parseRef(k: string): Ref {
  const [group, version, resource, ns, name] = k.split('|')
  return { gvr: { group, version, resource }, namespace: ns || undefined, name }
}

/** Whether `refs` names exactly the owner uids `uids`, in order. */
function sameOwners(uids: string[], refs: readonly { uid: string }[]): boolean {
  if (uids.length !== refs.length) return false
  for (let i = 0; i < uids.length; i++) if (uids[i] !== refs[i].uid) return false
  return true
}

/** An object the collector has seen: where it lives, and its queue key (built only once something needs it). */
interface Seen {
  gvr: GVR
  namespace?: string
  name: string
  key?: string
}

function keyOf(o: Seen): string {
  return (o.key ??= refKey(o))
}

export function startGarbageCollector(deps: { store: Store; clock: Clock }): Controller {
  const { store, clock } = deps
  const dependents = new Map<string, Set<string>>() // owner uid → dependent refKeys
  const ownersOf = new Map<string, string[]>() // dependent uid → owner uids
  const q = createQueue(clock, 'garbage-collector', reconcile)

  function index(uid: string, seen: Seen, obj: KObject | undefined): void {
    const had = ownersOf.get(uid)
    const refs = obj?.metadata.ownerReferences
    // Most writes (status, events) keep the owners as they were: the index only moves the key to the end of its
    // owners' sets (the order a later pass over an owner's dependents visits them in: last changed last).
    if (had !== undefined && refs !== undefined && sameOwners(had, refs)) {
      const key = keyOf(seen)
      for (const o of had) {
        const set = dependents.get(o)
        if (set) {
          set.delete(key)
          set.add(key)
        }
      }
      return
    }
    if (had === undefined && (obj === undefined || !refs?.length)) return
    const key = keyOf(seen)
    if (had !== undefined) for (const o of had) dependents.get(o)?.delete(key)
    ownersOf.delete(uid)
    if (!obj) return
    const uids = (refs ?? []).map((r) => r.uid)
    if (!uids.length) return
    ownersOf.set(uid, uids)
    for (const o of uids) {
      let s = dependents.get(o)
      if (!s) dependents.set(o, (s = new Set()))
      s.add(key)
    }
  }

  // uid → every live object the collector has seen: its key for the queue (its own, and an owner's when a dependent goes). (Keyed by uid,
  // the strings the stored objects already carry, and the key built lazily: most objects – Events – never need one,
  // and building one per change was a visible part of every write.)
  const byUid = new Map<string, Seen>()
  for (const { gvr, object } of (store as Store & { dump?: () => { gvr: GVR; object: KObject }[] }).dump?.() ?? []) {
    const seen: Seen = { gvr, namespace: object.metadata.namespace, name: object.metadata.name! }
    byUid.set(object.metadata.uid!, seen)
    index(object.metadata.uid!, seen, object)
    if (object.metadata.ownerReferences?.length || object.metadata.deletionTimestamp) q.add(keyOf(seen))
  }

  const unsubscribe = onChangeRefs(store, (c) => {
    const md = c.object.metadata
    const uid = md.uid!
    const deleted = c.type === 'DELETED'
    // An object's key never changes for its uid (same kind, namespace and name): noted at its first change.
    let seen = byUid.get(uid)
    if (!seen) {
      seen = { gvr: c.gvr, namespace: md.namespace, name: md.name! }
      if (!deleted) byUid.set(uid, seen)
    }
    index(uid, seen, deleted ? undefined : c.object)
    if (!deleted && (md.ownerReferences?.length || md.finalizers?.length)) q.add(keyOf(seen))
    if (deleted || md.deletionTimestamp) {
      for (const d of dependents.get(uid) ?? []) q.add(d)
    }
    if (deleted) {
      // An owner waiting for its dependents (foreground) learns here that one went away.
      for (const r of md.ownerReferences ?? []) {
        const owner = byUid.get(r.uid)
        if (owner) q.add(keyOf(owner))
      }
      byUid.delete(uid)
    }
  })

  // The stored (frozen) object: reconcile only reads it and writes through spread copies.
  function getRef(r: Ref): Readonly<KObject> | undefined {
    return storedRef(store, r.gvr, r.namespace, r.name)
  }

  // The served resources are fixed: look each owner kind up once (the lookup hands out a fresh copy every time).
  const kinds = new Map<string, ReturnType<Store['resourceForKind']>>()
  const resourceForKind = (apiVersion: string, kind: string) => {
    const k = `${apiVersion}|${kind}`
    if (!kinds.has(k)) kinds.set(k, store.resourceForKind(apiVersion, kind))
    return kinds.get(k)
  }

  function ownerState(obj: Readonly<KObject>, ref: NonNullable<KObject['metadata']['ownerReferences']>[number]): 'present' | 'absent' | 'foreground' {
    const info = resourceForKind(ref.apiVersion, ref.kind)
    if (!info) return 'absent'
    const owner = getRef({ gvr: { group: info.group, version: info.version, resource: info.resource }, namespace: info.namespaced ? obj.metadata.namespace : undefined, name: ref.name })
    if (!owner || owner.metadata.uid !== ref.uid) return 'absent'
    if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes('foregroundDeletion')) return 'foreground'
    return 'present'
  }

  function removeFinalizer(r: Ref, obj: Readonly<KObject>, f: string): void {
    updateRef(store, r.gvr, r.namespace, r.name, { ...obj, metadata: { ...obj.metadata, finalizers: (obj.metadata.finalizers ?? []).filter((x) => x !== f) } })
  }

  function reconcile(key: string): void {
    const r = parseRef(key)
    const obj = getRef(r)
    if (!obj) return
    const uid = obj.metadata.uid!
    const fin = obj.metadata.finalizers ?? []
    if (obj.metadata.deletionTimestamp && fin.includes('orphan')) {
      for (const dk of [...(dependents.get(uid) ?? [])]) {
        const dr = parseRef(dk)
        const d = getRef(dr)
        if (!d) continue
        updateRef(store, dr.gvr, dr.namespace, dr.name, { ...d, metadata: { ...d.metadata, ownerReferences: (d.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid) } })
      }
      removeFinalizer(r, getRef(r)!, 'orphan')
      return
    }
    if (obj.metadata.deletionTimestamp && fin.includes('foregroundDeletion')) {
      // Deleting dependents: every dependent goes; only those that block owner deletion are waited for.
      let blocking = false
      for (const dk of [...(dependents.get(uid) ?? [])]) {
        const dr = parseRef(dk)
        const d = getRef(dr)
        if (!d) continue
        const ref = d.metadata.ownerReferences?.find((o) => o.uid === uid)
        if (!ref) continue
        if (ref.blockOwnerDeletion) blocking = true
        if (!d.metadata.deletionTimestamp) q.add(dk)
      }
      if (!blocking) removeFinalizer(r, obj, 'foregroundDeletion')
      return
    }
    const refs = obj.metadata.ownerReferences ?? []
    if (!refs.length || obj.metadata.deletionTimestamp) return
    const states = refs.map((ref) => ownerState(obj, ref))
    if (states.includes('present')) {
      // A solid owner keeps the object; references to vanished or foreground-deleting owners are dropped.
      if (states.some((st) => st !== 'present')) {
        updateRef(store, r.gvr, r.namespace, r.name, { ...obj, metadata: { ...obj.metadata, ownerReferences: refs.filter((_, i) => states[i] === 'present') } })
      }
      return
    }
    if (states.includes('foreground')) {
      // The owner waits for this object: if it has dependents of its own, they must go first (foreground again).
      const hasDependents = [...(dependents.get(uid) ?? [])].some((dk) => !!getRef(parseRef(dk)))
      deleteRef(store, r.gvr, r.namespace, r.name, { propagationPolicy: hasDependents ? 'Foreground' : 'Background' })
      return
    }
    // Every owner is gone: collect it, honouring a propagation the object itself asks for through its finalizers.
    const policy = fin.includes('orphan') ? 'Orphan' : fin.includes('foregroundDeletion') ? 'Foreground' : 'Background'
    deleteRef(store, r.gvr, r.namespace, r.name, { propagationPolicy: policy })
  }

  return {
    dispose() {
      unsubscribe()
      q.dispose()
    },
  }
}
