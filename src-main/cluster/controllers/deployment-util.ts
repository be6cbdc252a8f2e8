// Pure helpers of the deployment controller (the arithmetic of pkg/controller/deployment/util, in our words):
// maxSurge/maxUnavailable resolution, the revision annotations, template equality ignoring pod-template-hash,
// proportional scaling and condition bookkeeping. No store access here, so every rule is unit-testable.
import type { KObject } from '../api-types'
import { stableJSON } from '../stable-json'
import { revisionHash } from './revisions'

export const HASH_LABEL = 'pod-template-hash'
export const REVISION = 'deployment.kubernetes.io/revision'
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history'
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas'
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'
const ROLLBACK_TO = 'deprecated.deployment.rollback.to'

/** Deployment annotations that are the controller's own bookkeeping and never copied onto a ReplicaSet. */
const NOT_COPIED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO])

/** An int-or-percent against `total`: percentages round up for surge, down for unavailability. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v)
    if (m) {
      const x = (Number(m[1]) * total) / 100
      return roundUp ? Math.ceil(x) : Math.floor(x)
    }
    if (/^\d+$/.test(v)) return Number(v)
  }
  return 0
}

export function isRolling(d: KObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
}

/** [maxSurge, maxUnavailable]; both zero would deadlock a rollout, so unavailability becomes 1. */
export function fenceposts(d: KObject): [number, number] {
  if (!isRolling(d)) return [0, 0]
  const replicas = d.spec?.replicas ?? 1
  const ru = d.spec?.strategy?.rollingUpdate ?? {}
  const surge = scaledValue(ru.maxSurge ?? '25%', replicas, true)
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false)
  if (surge === 0 && unavailable === 0) unavailable = 1
  return [surge, unavailable]
}

export function maxSurge(d: KObject): number {
  return fenceposts(d)[0]
}

export function maxUnavailable(d: KObject): number {
  const replicas = d.spec?.replicas ?? 1
  if (!isRolling(d) || replicas === 0) return 0
  return Math.min(fenceposts(d)[1], replicas)
}

export const specReplicas = (rs: KObject | undefined): number => rs?.spec?.replicas ?? 0
export const sumSpec = (rss: KObject[]): number => rss.reduce((a, rs) => a + specReplicas(rs), 0)
export const sumStatus = (rss: KObject[], f: 'replicas' | 'availableReplicas' | 'readyReplicas'): number => rss.reduce((a, rs) => a + (rs.status?.[f] ?? 0), 0)

export function revisionOf(o: KObject | undefined): number {
  const n = Number(o?.metadata.annotations?.[REVISION] ?? '0')
  return Number.isFinite(n) ? n : 0
}

/** A template as the comparison sees it: no pod-template-hash label, empty maps dropped (nil == empty). */
function normalizedTemplate(t: any): string {
  const c = structuredClone(t ?? {})
  c.metadata ??= {}
  if (c.metadata.labels) {
    delete c.metadata.labels[HASH_LABEL]
    if (!Object.keys(c.metadata.labels).length) delete c.metadata.labels
  }
  if (c.metadata.annotations && !Object.keys(c.metadata.annotations).length) delete c.metadata.annotations
  if (c.metadata.creationTimestamp === null) delete c.metadata.creationTimestamp
  return stableJSON(c)
}

export function equalIgnoreHash(a: any, b: any): boolean {
  return normalizedTemplate(a) === normalizedTemplate(b)
}

/** The pod-template-hash: FNV-32 of the template (+ collisionCount) spelled in the vowel-free alphabet. */
export function templateHash(template: any, collisionCount = 0): string {
  return revisionHash(JSON.parse(normalizedTemplate(template)), collisionCount)
}

/** Oldest first (ties by name), the order old ReplicaSets are scaled down in. */
export function byCreation(a: KObject, b: KObject): number {
  const x = a.metadata.creationTimestamp ?? ''
  const y = b.metadata.creationTimestamp ?? ''
  return x < y ? -1 : x > y ? 1 : (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1
}

/** The ReplicaSet whose template equals the Deployment's (the oldest one if several do). */
export function findNewReplicaSet(d: KObject, rss: KObject[]): KObject | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template))
}

/**
 * Annotations for the (new) ReplicaSet at `revision`: the Deployment's own annotations are copied over (so
 * `kubernetes.io/change-cause` reaches `rollout history`), and a revision that is reused records its old number
 * in revision-history. Returns undefined when nothing changes.
 */
export function newRSAnnotations(d: KObject, rs: KObject, revision: number): Record<string, string> | undefined {
  const cur = rs.metadata.annotations ?? {}
  const next: Record<string, string> = { ...cur }
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) next[k] = v
  const old = revisionOf(rs)
  if (old < revision) {
    next[REVISION] = String(revision)
    if (old > 0) next[REVISION_HISTORY] = cur[REVISION_HISTORY] ? `${cur[REVISION_HISTORY]},${old}` : String(old)
  }
  return stableJSON(next) === stableJSON(cur) ? undefined : next
}

/** desired-replicas / max-replicas stamps a ReplicaSet carries for proportional scaling. */
export function replicasAnnotations(d: KObject, anns: Record<string, string> | undefined): Record<string, string> | undefined {
  const replicas = d.spec?.replicas ?? 1
  const desired = String(replicas)
  const max = String(replicas + maxSurge(d))
  const cur = anns ?? {}
  if (cur[DESIRED_REPLICAS] === desired && cur[MAX_REPLICAS] === max) return undefined
  return { ...cur, [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max }
}

/** How many replicas the new ReplicaSet may have now under maxSurge (RollingUpdate) or at all (Recreate). */
export function newRSReplicas(d: KObject, all: KObject[], newRS: KObject | undefined): number {
  const replicas = d.spec?.replicas ?? 1
  if (!isRolling(d)) return replicas
  const current = specReplicas(newRS)
  const maxTotal = replicas + maxSurge(d)
  const total = sumSpec(all)
  if (total >= maxTotal) return current
  return current + Math.max(0, Math.min(maxTotal - total, replicas - current))
}

/** Target sizes when the Deployment is resized in the middle of a rollout: spread the change by current size. */
export function proportionalSizes(d: KObject, active: KObject[]): Map<string, number> {
  const replicas = d.spec?.replicas ?? 1
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0
  const toAdd = allowed - sumSpec(active)
  const sizeOf = (rs: KObject) => specReplicas(rs)
  const newerFirst = (a: KObject, b: KObject) => -byCreation(a, b)
  const sorted = [...active].sort((a, b) => (toAdd >= 0 ? sizeOf(b) - sizeOf(a) || newerFirst(a, b) : sizeOf(b) - sizeOf(a) || byCreation(a, b)))
  const sizes = new Map<string, number>()
  let added = 0
  for (const rs of sorted) {
    if (toAdd === 0) {
      sizes.set(rs.metadata.name!, sizeOf(rs))
      continue
    }
    let fraction: number
    if (replicas === 0) fraction = -sizeOf(rs)
    else {
      const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? NaN)
      const base = Number.isFinite(annotated) && annotated > 0 ? annotated : (d.status?.replicas ?? 0)
      fraction = base > 0 ? Math.round((sizeOf(rs) * allowed) / base) - sizeOf(rs) : 0
    }
    const room = toAdd - added
    const p = toAdd > 0 ? Math.min(fraction, room) : Math.max(fraction, room)
    sizes.set(rs.metadata.name!, sizeOf(rs) + p)
    added += p
  }
  if (sorted.length && toAdd !== 0) {
    const first = sorted[0].metadata.name!
    sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added))
  }
  return sizes
}

export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  lastUpdateTime: string
  lastTransitionTime: string
  reason: string
  message: string
}

/**
 * Set a condition the way the controller does: unchanged status+reason → keep the old one as is; otherwise the
 * new one goes to the end of the list, keeping lastTransitionTime when only the reason changed.
 */
export function setCondition(conds: Condition[], c: Condition): Condition[] {
  const cur = conds.find((x) => x.type === c.type)
  if (cur && cur.status === c.status && cur.reason === c.reason) return conds
  const next = cur && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c
  return [...conds.filter((x) => x.type !== c.type), next]
}

export function condition(type: string, status: Condition['status'], reason: string, message: string, now: string): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message }
}

export function getCondition(d: KObject, type: string): Condition | undefined {
  return (d.status?.conditions ?? []).find((c: Condition) => c.type === type)
}

export const hasProgressDeadline = (d: KObject): boolean => {
  const s = d.spec?.progressDeadlineSeconds
  return s !== undefined && s !== null && s !== 2147483647
}
