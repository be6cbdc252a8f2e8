// Per-resource create/update hooks the store runs inside every write (the apiserver's "strategy"): defaulting,
// validation, status reset. The table itself lives in ../strategies.ts so this file stays dependency-free.
import type { GVR, KObject, StatusCause } from '../api-types'

/** Read-only view of the store a strategy may consult (ClusterIP allocation, default StorageClass…). */
export interface StrategyContext {
  now(): string // RFC3339 seconds
  random(): number
  list(gvr: GVR): KObject[]
  get(gvr: GVR, namespace: string | undefined, name: string): KObject | undefined
}

export interface Strategy {
  /** Mutate a new object in place: defaults, initial status. Runs before validation. */
  prepareForCreate?(obj: KObject, ctx: StrategyContext): void
  validate?(obj: KObject, ctx: StrategyContext): StatusCause[]
  /** Mutate `next` in place (e.g. keep immutable defaults). Runs before validateUpdate. */
  prepareForUpdate?(next: KObject, old: KObject, ctx: StrategyContext): void
  validateUpdate?(next: KObject, old: KObject, ctx: StrategyContext): StatusCause[]
  /** Pods: the graceful-deletion period a DELETE without gracePeriodSeconds gets (undefined = immediate). */
  defaultGracePeriod?(obj: KObject): number | undefined
}

export type StrategyTable = Record<string, Strategy> // key: `${group}/${resource}`
