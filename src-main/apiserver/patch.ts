// The four PATCH flavours: JSON merge patch (RFC 7386), strategic merge patch (merge keys for lists of named
// things, `$patch` directives), JSON patch (RFC 6902), and the merge step of server-side apply.
import { errors } from '../cluster/store/errors'

type Json = any

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v)
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)))

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return clone(patch)
  const out: Record<string, Json> = isObj(target) ? { ...target } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = mergePatch(out[k], v)
  }
  return out
}

/** Merge key for a list field, by its path (kind + field names). Lists not named here are replaced whole. */
export function mergeKeyFor(kind: string, path: string[]): string | undefined {
  const field = path[path.length - 1]
  const parent = path[path.length - 2]
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
      return 'name'
    case 'volumeMounts':
      return 'mountPath'
    case 'volumeDevices':
      return 'devicePath'
    case 'hostAliases':
      return 'ip'
    case 'topologySpreadConstraints':
      return 'topologyKey'
    case 'ownerReferences':
      return 'uid'
    case 'conditions':
      return 'type'
    case 'ports':
      // Container ports merge by containerPort; a Service's ports by port.
      if (parent === 'spec' && kind === 'Service' && path.length === 2) return 'port'
      if (path.includes('containers') || path.includes('initContainers') || path.includes('ephemeralContainers')) return 'containerPort'
      return undefined
    default:
      return undefined
  }
}

/** Primitive lists whose patch strategy is "merge" (set union) rather than replace. */
const mergedPrimitiveLists = new Set(['finalizers'])

function mergeList(kind: string, path: string[], orig: Json[] | undefined, patch: Json[], order: Json[] | undefined): Json[] {
  const key = mergeKeyFor(kind, path)
  const field = path[path.length - 1]
  if (patch.some((p) => isObj(p) && p.$patch === 'replace')) return patch.filter((p) => !(isObj(p) && p.$patch === 'replace')).map(clone)
  if (!key) {
    if (mergedPrimitiveLists.has(field) && Array.isArray(orig)) {
      const out = [...orig]
      for (const v of patch) if (!out.includes(v)) out.push(v)
      return out
    }
    return patch.map(clone)
  }
  const out: Json[] = Array.isArray(orig) ? orig.map(clone) : []
  for (const item of patch) {
    if (!isObj(item)) continue
    const id = item[key]
    const idx = out.findIndex((o) => isObj(o) && o[key] === id)
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1)
      continue
    }
    if (idx >= 0) out[idx] = strategicMerge(kind, path, out[idx], item)
    else out.push(strategicMerge(kind, path, undefined, item))
  }
  if (order?.length) {
    // `$setElementOrder/<field>` (sent by kubectl apply) gives the final order of the keyed items.
    const rank = (o: Json) => {
      const i = order.findIndex((e) => isObj(e) && e[key] === o[key])
      return i < 0 ? order.length : i
    }
    out.sort((a, b) => rank(a) - rank(b))
  }
  return out
}

export function strategicMerge(kind: string, path: string[], target: Json, patch: Json): Json {
  if (!isObj(patch)) return clone(patch)
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch
    return clone(rest)
  }
  if (patch.$patch === 'delete') return undefined
  const out: Record<string, Json> = isObj(target) ? { ...target } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length)
      if (Array.isArray(out[f]) && Array.isArray(v)) out[f] = out[f].filter((x: Json) => !v.includes(x))
      continue
    }
    const p = [...path, k]
    if (v === null) delete out[k]
    else if (Array.isArray(v)) out[k] = mergeList(kind, p, out[k], v, patch[`$setElementOrder/${k}`])
    else if (isObj(v)) {
      const merged = strategicMerge(kind, p, out[k], v)
      if (merged === undefined) delete out[k]
      else out[k] = merged
    } else out[k] = v
  }
  if (Array.isArray(patch.$retainKeys)) {
    for (const k of Object.keys(out)) if (!patch.$retainKeys.includes(k)) delete out[k]
  }
  return out
}

// ---- JSON patch (RFC 6902) ----

function pointer(path: string): string[] {
  if (path === '') return []
  if (!path.startsWith('/')) throw errors.badRequest(`the server rejected our request due to an error in our request`)
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function parentOf(doc: Json, parts: string[], path: string): { parent: Json; key: string } {
  let cur = doc
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined
    if (cur === undefined) throw errors.internal(`doc is missing path: "${path}": missing value`)
  }
  return { parent: cur, key: parts[parts.length - 1] }
}

function getAt(doc: Json, path: string): Json {
  let cur = doc
  for (const p of pointer(path)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined
    if (cur === undefined) throw errors.internal(`doc is missing path: "${path}": missing value`)
  }
  return cur
}

function removeAt(doc: Json, path: string): Json {
  const parts = pointer(path)
  const { parent, key } = parentOf(doc, parts, path)
  if (Array.isArray(parent)) {
    const i = Number(key)
    if (!(i >= 0 && i < parent.length)) throw errors.internal(`unable to remove nonexistent key: ${key}: missing value`)
    return parent.splice(i, 1)[0]
  }
  if (!isObj(parent) || !(key in parent)) throw errors.internal(`unable to remove nonexistent key: ${key}: missing value`)
  const v = parent[key]
  delete parent[key]
  return v
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const parts = pointer(path)
  if (!parts.length) return clone(value)
  const { parent, key } = parentOf(doc, parts, path)
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key)
    if (!(i >= 0 && i <= parent.length) || (replace && i >= parent.length))
      throw errors.internal(`unable to ${replace ? 'replace' : 'add'} index ${key}: index out of range`)
    if (replace) parent[i] = clone(value)
    else parent.splice(i, 0, clone(value))
  } else if (isObj(parent)) {
    if (replace && !(key in parent)) throw errors.internal(`replace operation does not apply: doc is missing key: ${path}: missing value`)
    parent[key] = clone(value)
  } else throw errors.internal(`doc is missing path: "${path}": missing value`)
  return doc
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
  let doc = clone(target)
  for (const op of ops) {
    if (!isObj(op) || typeof op.path !== 'string') throw errors.badRequest('the server rejected our request due to an error in our request')
    switch (op.op) {
      case 'add':
        doc = addAt(doc, op.path, op.value, false)
        break
      case 'replace':
        doc = addAt(doc, op.path, op.value, true)
        break
      case 'remove':
        removeAt(doc, op.path)
        break
      case 'move': {
        const v = removeAt(doc, op.from)
        doc = addAt(doc, op.path, v, false)
        break
      }
      case 'copy':
        doc = addAt(doc, op.path, getAt(doc, op.from), false)
        break
      case 'test':
        if (JSON.stringify(getAt(doc, op.path)) !== JSON.stringify(op.value))
          throw errors.internal(`testing value ${op.path} failed: test failed`)
        break
      default:
        throw errors.badRequest(`Unexpected kind: ${op.op}`)
    }
  }
  return doc
}

export const patchContentTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const
export type PatchType = (typeof patchContentTypes)[number]

/** Apply `patch` (already parsed) of `type` to `current`. Server-side apply merges like a strategic patch. */
export function applyPatch(type: PatchType, kind: string, current: Json, patch: Json): Json {
  switch (type) {
    case 'application/json-patch+json':
      return jsonPatch(current, patch)
    case 'application/merge-patch+json':
      if (!isObj(patch)) throw errors.badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}')
      return mergePatch(current, patch)
    case 'application/strategic-merge-patch+json':
    case 'application/apply-patch+yaml':
      if (!isObj(patch)) throw errors.badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}')
      return strategicMerge(kind, [], current, patch)
  }
}
