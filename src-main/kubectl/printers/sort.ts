// --sort-by: order objects (or table rows, through their embedded objects) by a relaxed JSONPath field, the way
// kubectl compares: numbers numerically, RFC 3339 timestamps in time order, other strings in natural order
// ("web-2" before "web-10"). A field found in no object at all is an error.
import { parseJsonPath, findResults, relaxedJsonPath, JsonPathParseError, type JpNode } from './jsonpath'

export class SortError extends Error {}

export function compileSortField(field: string): { path: string; nodes: JpNode[] } {
  let path: string
  try { path = relaxedJsonPath(field) } catch (e) { throw new SortError((e as Error).message) }
  try { return { path, nodes: parseJsonPath(path) } } catch (e) {
    if (e instanceof JsonPathParseError) throw new SortError(`error parsing jsonpath ${path}, ${e.message}`)
    throw e
  }
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/

/** Natural order: runs of digits compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  const re = /(\d+|\D+)/g
  const pa = a.match(re) ?? []
  const pb = b.match(re) ?? []
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]
    const y = pb[i]
    if (x === y) continue
    const dx = /^\d/.test(x)
    const dy = /^\d/.test(y)
    if (dx && dy) {
      const nx = BigInt(x)
      const ny = BigInt(y)
      if (nx !== ny) return nx < ny
      return x.length < y.length
    }
    return x < y
  }
  return pa.length < pb.length
}

function less(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b
  if (typeof a === 'string' && typeof b === 'string') {
    if (RFC3339.test(a) && RFC3339.test(b)) return Date.parse(a) < Date.parse(b)
    return naturalLess(a, b)
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b
  return false
}

/** Stable sort of items by the field; `get(item)` gives the object to look into. */
export function sortByField<T>(items: T[], field: { path: string; nodes: JpNode[] }, get: (t: T) => unknown): T[] {
  const keyed = items.map((item) => {
    const r = findResults(field.nodes, get(item)).flat()
    return { item, found: r.length > 0, key: r[0] }
  })
  if (items.length > 0 && !keyed.some((k) => k.found)) {
    throw new SortError(`couldn't find any field with path "${field.path}" in the list of objects`)
  }
  for (const k of keyed) {
    if (k.found && k.key !== null && typeof k.key === 'object') {
      throw new SortError(`Field ${field.path} in *unstructured.Unstructured is an unsortable type`)
    }
  }
  keyed.sort((x, y) => (less(x.key, y.key) ? -1 : less(y.key, x.key) ? 1 : 0))
  return keyed.map((k) => k.item)
}
