// One resource's objects, indexed by namespace with names kept sorted, so that a list or a watch scoped to one
// namespace costs O(objects in that namespace), and a page after a continue token starts with a binary search
// instead of a sort of everything. Order is etcd's key order, `<namespace>/<name>` compared as strings.
import type { KObject } from '../api-types'
import { SortedNames, lowerBound } from './sorted-names'

interface Bucket {
  /** Sorted ascending (plain string order, like etcd keys). */
  names: SortedNames
  byName: Map<string, KObject>
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
      b = { names: new SortedNames(), byName: new Map() }
      this.buckets.set(ns, b)
      this.nsOrder.splice(lowerBound(this.nsOrder.map((n) => n + '/'), ns + '/', false), 0, ns)
    }
    const size = b.byName.size
    b.byName.set(name, o)
    if (b.byName.size !== size) {
      b.names.insert(name)
      this.count++
    }
  }

  delete(namespace: string, name: string): void {
    const b = this.buckets.get(namespace)
    if (!b || !b.byName.delete(name)) return
    b.names.delete(name)
    this.count--
    if (!b.names.size) {
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
    return this.page(undefined, undefined, undefined, Infinity).items
  }

  /**
   * Like `scan`, but the objects themselves (no key pair per object): at most `max`, and the key of the last one
   * plus whether more matched, which is all a continue token needs.
   */
  page(namespace: string | undefined, after: string | undefined, keep: ((o: KObject) => boolean) | undefined, max: number): { items: KObject[]; lastKey?: string; more: boolean } {
    const items: KObject[] = []
    let lastNs = ''
    let lastName = ''
    let more = false
    const namespaces = namespace !== undefined ? (this.buckets.has(namespace) ? [namespace] : []) : this.nsOrder
    for (const ns of namespaces) {
      const b = this.buckets.get(ns)!
      let start: string | undefined
      if (after !== undefined) {
        const prefix = ns + '/'
        if (after.startsWith(prefix)) start = after.slice(prefix.length)
        else if (after > prefix) continue // every key of this namespace sorts before the continue position
      }
      b.names.forEachAfter(start, (name) => {
        const o = b.byName.get(name)!
        if (keep !== undefined && !keep(o)) return true
        if (items.length >= max) return !(more = true)
        items.push(o)
        lastNs = ns
        lastName = name
        return true
      })
      if (more) break
    }
    return { items, lastKey: items.length ? `${lastNs}/${lastName}` : undefined, more }
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
      let start: string | undefined
      if (after !== undefined) {
        if (after.startsWith(prefix)) start = after.slice(prefix.length)
        else if (after > prefix) continue // every key of this namespace sorts before the continue position
      }
      let full = false
      b.names.forEachAfter(start, (name) => {
        const o = b.byName.get(name)!
        if (!keep(o)) return true
        if (out.length >= max) return !(full = true)
        out.push([prefix + name, o])
        return true
      })
      if (full) return out
    }
    return out
  }
}
