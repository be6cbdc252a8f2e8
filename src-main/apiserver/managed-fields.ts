// metadata.managedFields and server-side apply's ownership rules, simplified but observable the real way:
// every create/update/patch records which fields its field manager set (operation Update); an apply
// (operation Apply) owns exactly the fields of its configuration, conflicts (409) when it would change a field
// another manager owns unless forced, and removes fields it owned before and no longer sets.
// Field paths use the fieldsV1 segment spelling: `f:<field>`, `k:{"name":"x"}` for keyed list items; a field whose
// value is a scalar, an atomic list or an empty object is a leaf.
import type { KObject } from '../cluster/api-types'
import { StatusError } from '../cluster/store/errors'
import { mergeKeyFor } from './patch'

export interface ManagedFieldsEntry {
  manager: string
  operation: 'Apply' | 'Update'
  apiVersion: string
  time: string
  fieldsType: 'FieldsV1'
  fieldsV1: Record<string, unknown>
  subresource?: string
}

type Path = string[] // fieldsV1 segments
const SEP = '\u0001'
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Associative-list keys as SSA knows them (ports are keyed by port number and protocol). */
function listKeys(kind: string, path: string[]): string[] | undefined {
  const field = path[path.length - 1]
  if (field === 'ports') {
    if (kind === 'Service' && path.length === 2) return ['port', 'protocol']
    if (path.some((p) => p === 'containers' || p === 'initContainers')) return ['containerPort', 'protocol']
  }
  const k = mergeKeyFor(kind, path)
  return k ? [k] : undefined
}

function keySegment(keys: string[], item: Record<string, unknown>): string {
  const o: Record<string, unknown> = {}
  for (const k of keys) o[k] = item[k] ?? (k === 'protocol' ? 'TCP' : undefined)
  return `k:${JSON.stringify(o)}`
}

/** Leaf paths of `obj` with their values. Skips what no manager owns: type meta, status, server-set metadata. */
export function leaves(kind: string, obj: KObject): Map<string, unknown> {
  const out = new Map<string, unknown>()
  const walk = (v: unknown, path: Path, names: string[]) => {
    if (isObj(v) && Object.keys(v).length) {
      for (const [k, c] of Object.entries(v)) walk(c, [...path, `f:${k}`], [...names, k])
      return
    }
    if (Array.isArray(v) && v.length) {
      const keys = listKeys(kind, names)
      if (keys && v.every(isObj)) {
        for (const item of v) {
          const seg = keySegment(keys, item)
          out.set([...path, seg, '.'].join(SEP), true)
          for (const [k, c] of Object.entries(item)) walk(c, [...path, seg, `f:${k}`], [...names, k])
        }
        return
      }
    }
    out.set(path.join(SEP), v)
  }
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'status') continue
    if (k === 'metadata') {
      for (const mk of ['labels', 'annotations', 'finalizers', 'ownerReferences']) if (v?.[mk] !== undefined) walk(v[mk], ['f:metadata', `f:${mk}`], ['metadata', mk])
      continue
    }
    walk(v, [`f:${k}`], [k])
  }
  return out
}

export function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, any> = {}
  for (const p of paths) {
    let node = root
    for (const seg of p.split(SEP)) node = node[seg] ??= {}
  }
  return root
}

function fromFieldsV1(tree: unknown): Set<string> {
  const out = new Set<string>()
  const walk = (node: unknown, path: string[]) => {
    const entries = isObj(node) ? Object.entries(node) : []
    if (!entries.length) {
      if (path.length) out.add(path.join(SEP))
      return
    }
    for (const [k, c] of entries) walk(c, [...path, k])
  }
  walk(tree, [])
  return out
}

/** `.spec.template.spec.containers[name="nginx"].image`, the way apply conflicts name a field. */
export function pathString(p: string): string {
  return p
    .split(SEP)
    .filter((s) => s !== '.')
    .map((s) => {
      if (s.startsWith('f:')) return `.${s.slice(2)}`
      if (s.startsWith('k:')) {
        const o = JSON.parse(s.slice(2)) as Record<string, unknown>
        return `[${Object.entries(o).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`
      }
      return `[${s}]`
    })
    .join('')
}

function entriesOf(obj: KObject | undefined): ManagedFieldsEntry[] {
  const mf = obj?.metadata?.managedFields
  return Array.isArray(mf) ? (mf.filter((e) => isObj(e) && typeof (e as any).manager === 'string') as ManagedFieldsEntry[]) : []
}

function sameManager(e: ManagedFieldsEntry, manager: string, operation: string, subresource?: string): boolean {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '')
}

function withEntry(list: ManagedFieldsEntry[], entry: ManagedFieldsEntry): ManagedFieldsEntry[] {
  const out = list.filter((e) => !sameManager(e, entry.manager, entry.operation, entry.subresource))
  if (Object.keys(entry.fieldsV1).length) out.push(entry)
  return out
}

/** Drop `taken` paths from everyone else's entries (and entries left empty). */
function takeFrom(list: ManagedFieldsEntry[], taken: Set<string>, except: (e: ManagedFieldsEntry) => boolean): ManagedFieldsEntry[] {
  if (!taken.size) return list
  const out: ManagedFieldsEntry[] = []
  for (const e of list) {
    if (except(e)) {
      out.push(e)
      continue
    }
    const kept = [...fromFieldsV1(e.fieldsV1)].filter((p) => !taken.has(p))
    if (kept.length) out.push({ ...e, fieldsV1: toFieldsV1(kept) })
  }
  return out
}

/** JSON with object keys sorted, so equal content compares equal whatever order a merge left the keys in. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`
  return JSON.stringify(v) ?? 'null'
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b)

/** managedFields after a non-apply write by `manager`: it now owns every field it changed (or set, on create). */
export function recordUpdate(kind: string, old: KObject | undefined, next: KObject, manager: string, apiVersion: string, time: string, subresource?: string): ManagedFieldsEntry[] {
  const before = old ? leaves(kind, old) : new Map<string, unknown>()
  const after = leaves(kind, next)
  const changed = new Set<string>()
  for (const [p, v] of after) if (!before.has(p) || !same(before.get(p), v)) changed.add(p)
  let list = entriesOf(old)
  // Nothing set, changed or removed: managedFields stay exactly as they were (no new timestamp, same order).
  if (!changed.size && [...before.keys()].every((p) => after.has(p))) return list
  const mine = list.find((e) => sameManager(e, manager, 'Update', subresource))
  const owned = new Set([...(mine ? fromFieldsV1(mine.fieldsV1) : []), ...changed].filter((p) => after.has(p)))
  list = takeFrom(list, changed, (e) => sameManager(e, manager, 'Update', subresource))
  // Fields that no longer exist are owned by nobody.
  list = list
    .map((e) => ({ ...e, fieldsV1: toFieldsV1([...fromFieldsV1(e.fieldsV1)].filter((p) => after.has(p))) }))
    .filter((e) => Object.keys(e.fieldsV1).length)
  if (owned.size) list = withEntry(list, { manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(owned), ...(subresource ? { subresource } : {}) })
  return changed.size ? list : keepIfOnlyTimesDiffer(entriesOf(old), list)
}

/** A write that changes nothing must not change managedFields either (not even a timestamp): the store then sees a
 *  no-op, keeps the resourceVersion, and kubectl reports "(no change)". */
function keepIfOnlyTimesDiffer(before: ManagedFieldsEntry[], after: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  const strip = (l: ManagedFieldsEntry[]) =>
    l
      .map(({ time: _t, ...e }) => stableJson(e))
      .sort()
      .join('\n')
  return strip(before) === strip(after) ? before : after
}

/** The 409 a real server sends for apply conflicts (k8s.io/apiserver fieldmanager wording). */
export function applyConflict(conflicts: { manager: ManagedFieldsEntry; path: string }[], group: string, resource: string, name: string): StatusError {
  const who = (e: ManagedFieldsEntry) => (e.operation === 'Update' ? `"${e.manager}" using ${e.apiVersion}` : `"${e.manager}"`)
  let message: string
  if (conflicts.length === 1) message = `Apply failed with 1 conflict: conflict with ${who(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`
  else {
    const byManager = new Map<string, { label: string; paths: string[] }>()
    for (const c of conflicts) {
      const id = JSON.stringify([c.manager.manager, c.manager.operation, c.manager.apiVersion])
      const m = byManager.get(id) ?? { label: who(c.manager), paths: [] }
      m.paths.push(pathString(c.path))
      byManager.set(id, m)
    }
    const lines: string[] = []
    for (const id of [...byManager.keys()].sort()) {
      const m = byManager.get(id)!
      lines.push(`conflicts with ${m.label}:`, ...m.paths.map((p) => `- ${p}`))
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`
  }
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Conflict',
    details: {
      name,
      group: group || undefined,
      kind: resource,
      causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${who(c.manager)}`, field: pathString(c.path) })),
    },
    code: 409,
  })
}

function deletePath(obj: any, segs: string[]): void {
  if (!segs.length || obj === null || typeof obj !== 'object') return
  const [seg, ...rest] = segs
  if (seg.startsWith('f:')) {
    const k = seg.slice(2)
    if (!isObj(obj) || !(k in obj)) return
    if (!rest.length) delete obj[k]
    else {
      deletePath(obj[k], rest)
      if (isObj(obj[k]) && !Object.keys(obj[k]).length) delete obj[k]
    }
  } else if (seg.startsWith('k:') && Array.isArray(obj)) {
    const want = JSON.parse(seg.slice(2)) as Record<string, unknown>
    const i = obj.findIndex((it) => isObj(it) && Object.entries(want).every(([k, v]) => (it[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === v))
    if (i < 0) return
    if (rest.length === 1 && rest[0] === '.') obj.splice(i, 1)
    else deletePath(obj[i], rest)
  }
}

/**
 * Server-side apply of `config` by `manager` onto `current` (undefined: create). `merged` is the object after the
 * strategic merge. Returns the final object with its managedFields, or throws the 409 conflict.
 */
export function applyOwnership(opts: {
  kind: string
  group: string
  resource: string
  name: string
  current: KObject | undefined
  config: KObject
  merged: KObject
  manager: string
  apiVersion: string
  time: string
  force: boolean
}): KObject {
  const { kind, current, config, manager } = opts
  const applied = leaves(kind, config)
  const currentLeaves = current ? leaves(kind, current) : new Map<string, unknown>()
  let list = entriesOf(current)
  const isMine = (e: ManagedFieldsEntry) => sameManager(e, manager, 'Apply')
  const conflicts: { manager: ManagedFieldsEntry; path: string }[] = []
  const taken = new Set<string>()
  for (const e of list) {
    if (isMine(e)) continue
    for (const p of fromFieldsV1(e.fieldsV1)) {
      if (!applied.has(p) || p.endsWith(SEP + '.')) continue
      if (currentLeaves.has(p) && same(currentLeaves.get(p), applied.get(p))) continue // same value: shared ownership
      conflicts.push({ manager: e, path: p })
      taken.add(p)
    }
  }
  if (conflicts.length && !opts.force) throw applyConflict(conflicts, opts.group, opts.resource, opts.name)
  list = takeFrom(list, taken, isMine)
  const merged = structuredClone(opts.merged)
  // Fields this applier set last time and no longer sets are removed, unless another manager also owns them.
  const previous = list.find(isMine)
  if (previous) {
    const others = new Set<string>()
    for (const e of list) if (!isMine(e)) for (const p of fromFieldsV1(e.fieldsV1)) others.add(p)
    for (const p of fromFieldsV1(previous.fieldsV1)) if (!applied.has(p) && !others.has(p)) deletePath(merged, p.split(SEP))
  }
  list = withEntry(list, { manager, operation: 'Apply', apiVersion: opts.apiVersion, time: opts.time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(applied.keys()) })
  const content = (o: KObject | undefined) => {
    if (!o) return ''
    const { managedFields: _m, resourceVersion: _r, ...md } = o.metadata ?? {}
    return stableJson({ ...o, metadata: md })
  }
  if (current && content(current) === content(merged)) list = keepIfOnlyTimesDiffer(entriesOf(current), list)
  merged.metadata = { ...(merged.metadata ?? {}), managedFields: list }
  return merged
}

/** Without ?fieldManager the real server names the manager after the client: the user agent up to the first '/'. */
export function managerFromUserAgent(ua: string | undefined): string {
  const s = (ua ?? '').split('/')[0].trim()
  return s.length > 128 ? s.slice(0, 128) : s || 'unknown'
}
