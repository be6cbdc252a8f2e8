// Small helpers on stored objects shared by the store's parts: copying, freezing, comparing.
import type { KObject } from '../api-types'

export const clone = <T>(o: T): T => structuredClone(o)

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
