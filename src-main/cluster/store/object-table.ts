// One resource's objects, indexed by namespace with names kept sorted, so that a list or a watch scoped to one
// namespace costs O(objects in that namespace), and a page after a continue token starts with a binary search
// instead of a sort of everything. Order is etcd's key order, `<namespace>/<name>` compared as strings.
import type { KObject } from '../api-types'

interface Bucket {
  /** Sorted ascending (plain string order, like etcd keys). */
  names: string[]
  byName: Map<string, KObject>
}

/** First index in sorted `a` whose element is > x (strict) or >= x. */
function lowerBound(a: readonly string[], x: string, strict: boolean): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid] < x || (strict && a[mid] === x)) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`
}

export class ObjectTable {
  private buckets = new Map<string, Bucket>()
  /** Namespace keys sorted by `<ns>/`, so iterating buckets in this order yields global key order. */
  private nsOrder: string[] = []
  private count = 0

  get size(): number {
    return this.count
  }

  get(namespace: string, name: string): KObject | undefined {
    return this.buckets.get(namespace)?.byName.get(name)
  }

  set(o: KObject): void {
    const ns = o.metadata.namespace ?? ''
    const name = o.metadata.name!
    let b = this.buckets.get(ns)
    if (!b) {
      b = { names: [], byName: new Map() }
      this.buckets.set(ns, b)
      this.nsOrder.splice(lowerBound(this.nsOrder.map((n) => n + '/'), ns + '/', false), 0, ns)
    }
    if (!b.byName.has(name)) {
      b.names.splice(lowerBound(b.names, name, false), 0, name)
      this.count++
    }
    b.byName.set(name, o)
  }

  delete(namespace: string, name: string): void {
    const b = this.buckets.get(namespace)
    if (!b || !b.byName.delete(name)) return
    b.names.splice(lowerBound(b.names, name, false), 1)
    this.count--
    if (!b.names.length) {
      this.buckets.delete(namespace)
      this.nsOrder.splice(this.nsOrder.indexOf(namespace), 1)
    }
  }

  clear(): void {
    this.buckets.clear()
    this.nsOrder = []
    this.count = 0
  }

  /** Every object, in key order. */
  values(): KObject[] {
    return this.scan(undefined, undefined, () => true, Infinity).map(([, o]) => o)
  }

  /**
   * Objects matching `keep`, in key order, limited to `namespace` when given, starting strictly after the key `after`
   * (a continue token's position), at most `max` of them. Returns [key, object] pairs.
   */
  scan(namespace: string | undefined, after: string | undefined, keep: (o: KObject) => boolean, max: number): [string, KObject][] {
    const out: [string, KObject][] = []
    const namespaces = namespace !== undefined ? (this.buckets.has(namespace) ? [namespace] : []) : this.nsOrder
    for (const ns of namespaces) {
      const b = this.buckets.get(ns)!
      const prefix = ns + '/'
      let start = 0
      if (after !== undefined) {
        if (after.startsWith(prefix)) start = lowerBound(b.names, after.slice(prefix.length), true)
        else if (after > prefix) continue // every key of this namespace sorts before the continue position
      }
      for (let i = start; i < b.names.length; i++) {
        const o = b.byName.get(b.names[i])!
        if (!keep(o)) continue
        if (out.length >= max) return out
        out.push([prefix + b.names[i], o])
      }
    }
    return out
  }
}
