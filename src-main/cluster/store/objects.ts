// Small helpers on stored objects shared by the store's parts: copying, freezing, comparing.
import type { KObject } from '../api-types'

/**
 * Deep copy of plain JSON-like data (what API objects are). Several times faster than structuredClone, which
 * dominated every write once a handful of watchers each needed a copy. Anything that is not a plain object or array
 * (a Date, a Map) falls back to structuredClone.
 */
export function clone<T>(o: T): T {
  if (o === null || typeof o !== 'object') return o
  if (Array.isArray(o)) {
    const out = new Array(o.length)
    for (let i = 0; i < o.length; i++) out[i] = clone(o[i])
    return out as T
  }
  const proto = Object.getPrototypeOf(o)
  if (proto !== Object.prototype && proto !== null) return structuredClone(o)
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(o)) out[k] = clone((o as Record<string, unknown>)[k])
  return out as T
}

/** Stored objects are shared by the event log and by `listRefs`; freezing them turns an accidental write into a throw. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o)) deepFreeze(v)
  }
  return o
}

/**
 * `JSON.stringify(a) === JSON.stringify(b)` (key order counts, undefined members are dropped), without building the
 * two strings: every update compares the whole next object with the stored one, and stringifying both was a visible
 * share of each write. Anything unusual (toJSON, non-plain objects, NaN…) is compared by stringifying that part.
 */
export function sameJSON(a: unknown, b: unknown): boolean {
  return jsonEqual(a, b)
}

const dropped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol'

function plain(o: object): boolean {
  const proto = Object.getPrototypeOf(o)
  return (proto === Object.prototype || proto === null || Array.isArray(o)) && typeof (o as { toJSON?: unknown }).toJSON !== 'function'
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b && (typeof a !== 'number' || Number.isFinite(a))) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || !plain(a) || !plain(b)) {
    return JSON.stringify(a) === JSON.stringify(b)
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    if (a.length !== bb.length) return false
    for (let i = 0; i < a.length; i++) {
      const x = dropped(a[i]) ? null : a[i]
      const y = dropped(bb[i]) ? null : bb[i]
      if (!jsonEqual(x, y)) return false
    }
    return true
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const ak = Object.keys(ao)
  const bk = Object.keys(bo)
  let i = 0
  let j = 0
  for (;;) {
    while (i < ak.length && dropped(ao[ak[i]])) i++
    while (j < bk.length && dropped(bo[bk[j]])) j++
    if (i === ak.length || j === bk.length) return i === ak.length && j === bk.length
    if (ak[i] !== bk[j] || !jsonEqual(ao[ak[i]], bo[bk[j]])) return false
    i++
    j++
  }
}

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
