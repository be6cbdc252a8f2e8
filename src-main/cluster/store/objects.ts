// Small helpers on stored objects shared by the store's parts: copying, freezing, comparing.
import type { KObject } from '../api-types'
import { sameStable } from '../stable-json'

/**
 * Deep copy of plain JSON-like data (what API objects are). Several times faster than structuredClone, which
 * dominated every write once a handful of watchers each needed a copy. Anything that is not a plain object or array
 * (a Date, a Map) falls back to structuredClone. `for…in` rather than `Object.keys()`: no key array per object, and
 * it stays fast on the frozen objects the store hands out (plain objects only, so nothing inherited is enumerable).
 */
export function clone<T>(o: T): T {
  return copy(o, false)
}

/**
 * `clone` for input that may embed parts of stored objects (a controller's `{ ...ref, status }`): a frozen object
 * is one the store deep-froze, never written again, so it is shared instead of copied. Only for code that does not
 * write into the copy's nested objects afterwards (they may be frozen).
 */
export function cloneUnfrozen<T>(o: T): T {
  return copy(o, true)
}

function copy<T>(o: T, shareFrozen: boolean): T {
  if (o === null || typeof o !== 'object' || (shareFrozen && Object.isFrozen(o))) return o
  if (Array.isArray(o)) {
    const n = o.length
    const out = new Array(n)
    for (let i = 0; i < n; i++) {
      const v = o[i]
      out[i] = v !== null && typeof v === 'object' ? copy(v, shareFrozen) : v
    }
    return out as T
  }
  const proto = Object.getPrototypeOf(o)
  if (proto !== Object.prototype && proto !== null) return structuredClone(o)
  const out: Record<string, unknown> = {}
  for (const k in o) {
    const v = (o as Record<string, unknown>)[k]
    out[k] = v !== null && typeof v === 'object' ? copy(v, shareFrozen) : v
  }
  return out as T
}

/**
 * `cloneUnfrozen(next)` that also reuses the parts of `prev` (a frozen stored version) that `next` repeats exactly
 * (same JSON, in any key order): a status write that changes one condition keeps the stored copies of everything else,
 * so they are neither copied nor frozen again, and the no-op check compares them by reference.
 */
export function cloneReusing<T>(next: T, prev: unknown): T {
  return reuse(next, prev) as T
}

/** Returns `prev` itself when `next` equals it, else a copy of `next` (sharing frozen parts and equal sub-parts). */
function reuse(next: unknown, prev: unknown): unknown {
  if (next === null || typeof next !== 'object') return next
  if (Object.isFrozen(next)) return next
  const prevUsable = prev !== null && typeof prev === 'object' && Object.isFrozen(prev)
  if (Array.isArray(next)) {
    const n = next.length
    const p = prevUsable && Array.isArray(prev) ? (prev as unknown[]) : undefined
    let same = p !== undefined && p.length === n
    const out = new Array(n)
    for (let i = 0; i < n; i++) {
      const v = next[i]
      const c = v !== null && typeof v === 'object' ? reuse(v, p?.[i]) : v
      out[i] = c
      if (same && c !== p![i]) same = false
    }
    return same ? prev : out
  }
  const proto = Object.getPrototypeOf(next)
  if (proto !== Object.prototype && proto !== null) return structuredClone(next)
  const p = prevUsable && !Array.isArray(prev) ? (prev as Record<string, unknown>) : undefined
  // Equal when every member is (the same reused part) and prev has no others; key order does not count, as for
  // sameJSON. Counting prev's keys with for…in instead of an Object.keys array: no allocation per object walked.
  let same = p !== undefined
  let n = 0
  const out: Record<string, unknown> = {}
  for (const k in next) {
    const v = (next as Record<string, unknown>)[k]
    const pv = p?.[k]
    const c = v !== null && typeof v === 'object' ? reuse(v, pv) : v
    out[k] = c
    n++
    if (same && (c !== pv || (c === undefined && !Object.prototype.hasOwnProperty.call(p, k)))) same = false
  }
  if (same) for (const _ in p) n--
  return same && n === 0 ? prev : out
}

/** Stored objects are shared by the event log and by `listRefs`; freezing them turns an accidental write into a throw.
 *  A frozen part is taken to be deep-frozen already (it came from the store), so shared parts are not walked again.
 *  Children first: a parent is frozen only once everything below it is. */
export function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v = o[i]
        if (v !== null && typeof v === 'object') deepFreeze(v)
      }
    } else {
      for (const k in o) {
        const v = (o as Record<string, unknown>)[k]
        if (v !== null && typeof v === 'object') deepFreeze(v)
      }
    }
    Object.freeze(o)
  }
  return o
}

/** Whether `a` and `b` are the same API data up to key order (undefined members are dropped): what the API server's
 *  no-op detection sees, since it decodes into typed structs whose field order is fixed (and encodes maps with sorted
 *  keys), so a client re-sending an object with its keys in another order changes nothing. */
export const sameJSON = sameStable

/** Kinds whose strategy maintains metadata.generation (in 1.32 pods, services, configmaps… have none). */
export const GENERATION = new Set(['apps/statefulsets', 'apps/deployments', 'apps/replicasets'])

export function rkeyOf(gvr: { group: string; resource: string }): string {
  return `${gvr.group}/${gvr.resource}`
}

/** Everything but metadata/status counts as "spec" for generation purposes (ConfigMap data, CR data…). */
export function specOf(o: KObject): unknown {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o
  return rest
}
