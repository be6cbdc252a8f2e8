// Client-side apply's 3-way strategic merge patch: changes = (live → new, ignoring deletions) merged with
// deletions = (last-applied → new, deletions only). Lists with a merge key (containers by name…) are merged per
// item; other lists are atomic and replaced whole. An empty patch means "unchanged".

type Obj = Record<string, unknown>

/** Merge keys of the built-in list fields kubectl users write (from the API's x-kubernetes-patch-merge-key). */
function mergeKeyFor(path: string[], kind: string): string | null {
  const field = path[path.length - 1]
  const parent = path[path.length - 2]
  switch (field) {
    case 'containers': case 'initContainers': case 'ephemeralContainers': case 'volumes': case 'env':
    case 'imagePullSecrets': case 'resourceClaims':
      return 'name'
    case 'volumeMounts': return 'mountPath'
    case 'volumeDevices': return 'devicePath'
    case 'hostAliases': return 'ip'
    case 'ownerReferences': return 'uid'
    case 'topologySpreadConstraints': return 'topologyKey'
    case 'ports':
      // Service ports merge on `port`, container ports on `containerPort`.
      if (kind === 'Service' && parent === 'spec' && path.length === 2) return 'port'
      return 'containerPort'
    default:
      return null
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const equal = (a: unknown, b: unknown): boolean => JSON.stringify(canon(a)) === JSON.stringify(canon(b))
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon)
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]))
  return v
}

export function threeWayPatch(original: Obj | null, modified: Obj, current: Obj): Obj {
  const kind = String(modified.kind ?? '')
  const delta = diffAdditions(current, modified, [], kind)
  const deletions = original ? diffDeletions(original, modified, [], kind) : {}
  return mergePatches(deletions, delta, [], kind)
}

/** What `to` sets differently from `from` (additions and changes only). */
function diffAdditions(from: Obj, to: Obj, path: string[], kind: string): Obj {
  const patch: Obj = {}
  for (const [k, tv] of Object.entries(to)) {
    const fv = from[k]
    const p = [...path, k]
    if (isObj(tv) && isObj(fv)) {
      const sub = diffAdditions(fv, tv, p, kind)
      if (Object.keys(sub).length) patch[k] = sub
    } else if (Array.isArray(tv) && Array.isArray(fv) && mergeKeyFor(p, kind) && tv.every(isObj)) {
      const key = mergeKeyFor(p, kind)!
      const items: Obj[] = []
      for (const item of tv as Obj[]) {
        const match = (fv as unknown[]).find((x) => isObj(x) && equal(x[key], item[key])) as Obj | undefined
        if (!match) { items.push(item); continue }
        const sub = diffAdditions(match, item, p, kind)
        if (Object.keys(sub).length) items.push({ [key]: item[key], ...sub })
      }
      if (items.length) patch[k] = items
    } else if (!equal(tv, fv)) {
      patch[k] = tv
    }
  }
  return patch
}

/** Fields present in `from` (last applied) but gone from `to` (new): null, or `$patch: delete` list items. */
function diffDeletions(from: Obj, to: Obj, path: string[], kind: string): Obj {
  const patch: Obj = {}
  for (const [k, fv] of Object.entries(from)) {
    const p = [...path, k]
    if (!(k in to)) { patch[k] = null; continue }
    const tv = to[k]
    if (isObj(fv) && isObj(tv)) {
      const sub = diffDeletions(fv, tv, p, kind)
      if (Object.keys(sub).length) patch[k] = sub
    } else if (Array.isArray(fv) && Array.isArray(tv) && mergeKeyFor(p, kind) && fv.every(isObj) && tv.every(isObj)) {
      const key = mergeKeyFor(p, kind)!
      const items: Obj[] = []
      for (const item of fv as Obj[]) {
        const match = (tv as Obj[]).find((x) => equal(x[key], item[key]))
        if (!match) { items.push({ $patch: 'delete', [key]: item[key] }); continue }
        const sub = diffDeletions(item, match, p, kind)
        if (Object.keys(sub).length) items.push({ [key]: item[key], ...sub })
      }
      if (items.length) patch[k] = items
    }
  }
  return patch
}

function mergePatches(a: Obj, b: Obj, path: string[], kind: string): Obj {
  const out: Obj = { ...a }
  for (const [k, bv] of Object.entries(b)) {
    const av = out[k]
    const p = [...path, k]
    const key = mergeKeyFor(p, kind)
    if (isObj(av) && isObj(bv)) out[k] = mergePatches(av, bv, p, kind)
    else if (Array.isArray(av) && Array.isArray(bv) && key) {
      const items = [...(av as Obj[])]
      for (const item of bv as Obj[]) {
        const i = items.findIndex((x) => equal(x[key], item[key]))
        if (i >= 0) items[i] = mergePatches(items[i], item, p, kind)
        else items.push(item)
      }
      out[k] = items
    } else out[k] = bv
  }
  return out
}
