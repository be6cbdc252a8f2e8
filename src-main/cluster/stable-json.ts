// Structural comparison of API data the way the API server sees it: key order does not count (it decodes into typed
// structs and encodes maps with sorted keys). `stableJSON` renders sorted-key JSON (the ControllerRevision hash input,
// so its text must not change); `sameStable` compares without rendering. Used by validation, the store's no-op
// detection and the workload controllers.

/** JSON with sorted keys, for structural comparison (and the ControllerRevision hash, so the text must not change).
 *  Written out instead of a JSON.stringify replacer that rebuilt every object sorted: this runs for every claim and
 *  revision comparison, and the copies were a visible share of a 1,000-pod StatefulSet's create. The output is what
 *  `JSON.stringify(v, replacer-with-sorted-copies)` gives, including its key order: a rebuilt object lists integer-like
 *  keys first (ascending), then the others in sorted order. */
export function stableJSON(v: unknown): string {
  return stableValue(v, '') ?? 'undefined'
}

/** `stableJSON(a) === stableJSON(b)` without rendering either: the binder and the scheduler update every claim a few
 *  times, and each update compared the claim's spec as two strings. Anything but plain data (toJSON, Dates, class
 *  instances) is compared by rendering that part. */
export function sameStable(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return stableJSON(a) === stableJSON(b)
    return JSON.stringify(a) === JSON.stringify(b) // primitives; undefined, functions and symbols render as nothing
  }
  const arr = Array.isArray(a)
  if (arr !== Array.isArray(b)) return false
  if (arr) {
    const x = a as unknown[]
    const y = b as unknown[]
    if (x.length !== y.length) return false
    for (let i = 0; i < x.length; i++) if (!sameStable(omitted(x[i]) ? null : x[i], omitted(y[i]) ? null : y[i])) return false
    return true
  }
  if (!plainData(a) || !plainData(b)) return stableJSON(a) === stableJSON(b)
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  let n = 0
  for (const k in x) {
    if (omitted(x[k])) continue
    n++
    if (!Object.prototype.hasOwnProperty.call(y, k) || omitted(y[k]) || !sameStable(x[k], y[k])) return false
  }
  for (const k in y) if (!omitted(y[k])) n--
  return n === 0
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
export const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol'

/** A plain object (no class, no toJSON): compared member by member. */
export function plainData(o: object): boolean {
  const proto = Object.getPrototypeOf(o)
  return (proto === Object.prototype || proto === null) && typeof (o as { toJSON?: unknown }).toJSON !== 'function'
}

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/
const isArrayIndex = (k: string) => ARRAY_INDEX.test(k) && Number(k) < 4294967295

/** One value as JSON.stringify would write it; undefined where it omits the value (undefined, functions, symbols). */
function stableValue(v: unknown, key: string): string | undefined {
  if (v !== null && (typeof v === 'object' || typeof v === 'function' || typeof v === 'bigint') && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON(k: string): unknown }).toJSON(key)
  }
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) {
    let out = '['
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + (stableValue(v[i], String(i)) ?? 'null')
    return out + ']'
  }
  const keys = Object.keys(v)
  let sorted = keys
  let needsSort = false
  let hasIndex = false
  for (let i = 0; i < keys.length; i++) {
    if (i && keys[i - 1] > keys[i]) needsSort = true
    if (!hasIndex && isArrayIndex(keys[i])) hasIndex = true
  }
  if (hasIndex) {
    // Object.keys already lists integer-like keys first, ascending; the rebuilt object keeps them there.
    const ints = keys.filter(isArrayIndex)
    sorted = [...ints, ...keys.filter((k) => !isArrayIndex(k)).sort()]
  } else if (needsSort) sorted = [...keys].sort()
  let out = '{'
  let first = true
  for (const k of sorted) {
    const s = stableValue((v as Record<string, unknown>)[k], k)
    if (s === undefined) continue
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + s
    first = false
  }
  return out + '}'
}
