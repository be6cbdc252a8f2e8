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

export function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
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
