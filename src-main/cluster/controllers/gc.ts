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

type OwnerRefs = NonNullable<KObject['metadata']['ownerReferences']>

/** Whether two ownerReference lists name the same owners, by uid and by the kind and name reconcile resolves them
 *  with (a write that leaves the list alone shares the stored array itself). */
function sameOwners(a: Readonly<OwnerRefs>, b: Readonly<OwnerRefs>): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (a[i].uid !== b[i].uid || a[i].name !== b[i].name || a[i].kind !== b[i].kind || a[i].apiVersion !== b[i].apiVersion) return false
  }
  return true
}

/** An object the collector has seen: where it lives, its queue key (built only once something needs it), and the
 *  ownerReferences it is indexed under (as last written). */
interface Seen {
  gvr: GVR
  namespace?: string
  name: string
  key?: string
  refs?: Readonly<OwnerRefs>
}

function keyOf(o: Seen): string {
  return (o.key ??= refKey(o))
}

export function startGarbageCollector(deps: { store: Store; clock: Clock }): Controller {
  const { store, clock } = deps
  const dependents = new Map<string, Set<string>>() // owner uid → dependent refKeys
  const q = createQueue(clock, 'garbage-collector', reconcile)

  /** Index `seen` under the owners of `refs` (none: a deleted or orphaned object). Every change moves its key to the
   *  end of its owners' sets: the order a later pass over an owner's dependents visits them in (last changed last).
   *  Returns whether the owners differ from the ones it was indexed under. */
  function index(seen: Seen, refs: Readonly<OwnerRefs> | undefined): boolean {
    const had = seen.refs
    if (had === undefined && !refs?.length) return false
    const key = keyOf(seen)
    if (had !== undefined) for (const r of had) dependents.get(r.uid)?.delete(key)
    if (!refs?.length) {
      seen.refs = undefined
      return true
    }
    seen.refs = refs
    for (const r of refs) {
      let s = dependents.get(r.uid)
      if (!s) dependents.set(r.uid, (s = new Set()))
      s.add(key)
    }
    return had === undefined || !sameOwners(had, refs)
  }

  // uid → where the objects live that the collector may have to queue by uid: dependents (indexed under their owners)
  // and objects whose deletion waits on it (finalizers), the only owners a dependent going away can matter to.
  // Nothing else gets an entry: most changes are Events being created, and a map entry per object was a visible part
  // of every write. (Keyed by uid, the strings the stored objects already carry; keys built only when needed.)
  const byUid = new Map<string, Seen>()
  const waitsOnCollector = (md: KObject['metadata']) => !!md.deletionTimestamp && !!md.finalizers?.length
  for (const { gvr, object } of (store as Store & { dump?: () => { gvr: GVR; object: KObject }[] }).dump?.() ?? []) {
    if (!object.metadata.ownerReferences?.length && !waitsOnCollector(object.metadata)) continue
    const seen: Seen = { gvr, namespace: object.metadata.namespace, name: object.metadata.name! }
    byUid.set(object.metadata.uid!, seen)
    index(seen, object.metadata.ownerReferences)
    q.add(keyOf(seen))
  }

  const unsubscribe = onChangeRefs(store, (c) => {
    const md = c.object.metadata
    const uid = md.uid!
    const deleted = c.type === 'DELETED'
    const refs = deleted ? undefined : md.ownerReferences
    const waits = !deleted && waitsOnCollector(md)
    // An object's key never changes for its uid (same kind, namespace and name): noted when it first needs an entry.
    // (An ADDED object is new: no lookup.)
    let seen = c.type === 'ADDED' ? undefined : byUid.get(uid)
    if (!seen && (refs?.length || waits)) byUid.set(uid, (seen = { gvr: c.gvr, namespace: md.namespace, name: md.name! }))
    if (seen) {
      const ownersChanged = index(seen, refs)
      // What reconcile looks at: the owners (new ones may already be gone), and the deletion of an object whose
      // finalizers ask the collector to orphan or delete its dependents first. Any other write (status, labels, most
      // of them) leaves its outcome as it was; owners going away wake their dependents below, when it happens.
      if ((refs?.length && (c.type === 'ADDED' || ownersChanged)) || waits) q.add(keyOf(seen))
    }
    if (deleted || md.deletionTimestamp) {
      for (const d of dependents.get(uid) ?? []) q.add(d)
    }
    if (deleted) {
      // An owner waiting for its dependents (foreground, orphan) learns here that one went away. (An owner without an
      // entry waits for nothing: its reconcile has nothing to do.)
      for (const r of md.ownerReferences ?? []) {
        const owner = byUid.get(r.uid)
        if (owner) q.add(keyOf(owner))
      }
    }
    if (seen && !refs?.length && !waits) byUid.delete(uid)
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
