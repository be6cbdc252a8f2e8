// Zero-copy read paths for in-process readers (controllers, the API server's list/watch encoder): the stored,
// deep-frozen objects themselves instead of structuredClone copies. Registered per store instance by createStore;
// for any other Store implementation they fall back to the copying methods.
import type { GVR, KObject } from '../api-types'
import { StatusError } from './errors'
import type { Change, DeleteOptions, ListOptions, Store, WatchEvent, WatchOptions, WriteOptions } from './types'

export interface RefAccess {
  list(gvr: GVR, opts: ListOptions): { items: readonly Readonly<KObject>[]; resourceVersion: string; continue?: string }
  get(gvr: GVR, namespace: string | undefined, name: string): Readonly<KObject> | undefined
  watch(gvr: GVR, opts: WatchOptions, listener: (ev: WatchEvent) => void): () => void
  onChange(listener: (c: Change) => void): () => void
  create(gvr: GVR, namespace: string | undefined, obj: KObject, opts?: WriteOptions, adopt?: boolean): Readonly<KObject>
  update(gvr: GVR, namespace: string | undefined, name: string, obj: KObject, opts?: WriteOptions): Readonly<KObject>
  delete(gvr: GVR, namespace: string | undefined, name: string, opts?: DeleteOptions): { object: Readonly<KObject>; deleted: boolean }
}

const access = new WeakMap<Store, RefAccess>()

export function registerRefAccess(store: Store, a: RefAccess): void {
  access.set(store, a)
}

/**
 * In-process controllers only: what `store.list(gvr, opts).items` would return (same filter, same order, no paging),
 * but the stored objects themselves, deep-frozen, instead of copies. A controller that lists every pod on every
 * event cannot afford a structuredClone per pod per list. Falls back to `list()` for any other Store.
 */
export function listRefs(store: Store, gvr: GVR, opts: Omit<ListOptions, 'limit' | 'continue'> = {}): readonly Readonly<KObject>[] {
  const a = access.get(store)
  return a ? a.list(gvr, { ...opts, limit: undefined, continue: undefined }).items : store.list(gvr, opts).items
}

/** `store.list()` with paging (limit/continue) but frozen stored objects: the API server serializes them as they are. */
export function listRefsPage(store: Store, gvr: GVR, opts: ListOptions = {}): { items: readonly Readonly<KObject>[]; resourceVersion: string; continue?: string } {
  const a = access.get(store)
  return a ? a.list(gvr, opts) : store.list(gvr, opts)
}

/** In-process controllers only: the stored object (deep-frozen, not a copy), or undefined where `get()` would 404. */
export function getRef(store: Store, gvr: GVR, namespace: string | undefined, name: string): Readonly<KObject> | undefined {
  const a = access.get(store)
  if (a) return a.get(gvr, namespace, name)
  try {
    return store.get(gvr, namespace, name)
  } catch (e) {
    if (e instanceof StatusError && e.code === 404) return undefined
    throw e
  }
}

/** `store.watch()` whose events carry the frozen stored objects: for readers that only serialize or inspect them. */
export function watchRefs(store: Store, gvr: GVR, opts: WatchOptions, listener: (ev: WatchEvent) => void): () => void {
  const a = access.get(store)
  return a ? a.watch(gvr, opts, listener) : store.watch(gvr, opts, listener)
}

/** `store.onChange()` whose changes carry the frozen stored objects: for in-process observers (the garbage collector,
 *  the namespace controller) that only index or inspect what changed. A copy per change per listener was a large
 *  part of every write's cost. */
export function onChangeRefs(store: Store, listener: (c: Change) => void): () => void {
  const a = access.get(store)
  return a ? a.onChange(listener) : store.onChange(listener)
}

// The write side: the same semantics (and errors) as store.create/update/delete, but the result is the stored object
// itself, deep-frozen, instead of a copy made for the caller to own. For in-process writers that ignore the result
// or only read it (most controller writes): a deep copy per write that nobody looks at was a large part of its cost.
// The input is still the caller's: the store never keeps or writes into it, and frozen parts of it (taken from a
// stored object, `{ ...ref, status }`) may be shared by the new version instead of copied.

/** `store.create()` returning the stored object (frozen; a dry run returns an unstored copy). */
export function createRef(store: Store, gvr: GVR, namespace: string | undefined, obj: KObject, opts?: WriteOptions): Readonly<KObject> {
  const a = access.get(store)
  return a ? a.create(gvr, namespace, obj, opts) : store.create(gvr, namespace, obj, opts)
}

/**
 * `createRef` for a writer that builds `obj` for this one call (a fresh literal; parts of it may be taken from stored,
 * frozen objects) and never touches it again: the store stamps and freezes `obj` itself and stores it, instead of
 * a deep copy. The Event recorders write ~11 Events per pod this way. Kinds with a defaulting hook are still copied.
 * If the create fails, `obj` may have been stamped; the caller discards it anyway.
 */
export function adoptRef(store: Store, gvr: GVR, namespace: string | undefined, obj: KObject): Readonly<KObject> {
  const a = access.get(store)
  return a ? a.create(gvr, namespace, obj, undefined, true) : store.create(gvr, namespace, obj)
}

/** `store.update()` returning the stored object (frozen; the unchanged one for a no-op). */
export function updateRef(store: Store, gvr: GVR, namespace: string | undefined, name: string, obj: KObject, opts?: WriteOptions): Readonly<KObject> {
  const a = access.get(store)
  return a ? a.update(gvr, namespace, name, obj, opts) : store.update(gvr, namespace, name, obj, opts)
}

/** `store.delete()` returning the stored object's last (or current, when deletion is pending) state, frozen. */
export function deleteRef(store: Store, gvr: GVR, namespace: string | undefined, name: string, opts?: DeleteOptions): { object: Readonly<KObject>; deleted: boolean } {
  const a = access.get(store)
  return a ? a.delete(gvr, namespace, name, opts) : store.delete(gvr, namespace, name, opts)
}
