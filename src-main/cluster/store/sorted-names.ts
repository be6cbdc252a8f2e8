// A sorted set of strings (plain string order, like etcd keys) kept in bounded chunks: an insert or delete moves at
// most one chunk's worth of entries instead of shifting one array of every name. With ~10,000 Events in a namespace
// the single sorted array's splice was a visible share of every event write.
// Inserts are appended to a pending list and merged in only when the order is next needed (a read or a delete):
// Events and pods are written thousands of times between two lists of them, and a burst merges in one pass.

const MAX_CHUNK = 512
/** Fewer pending names than this are inserted one by one; more are sorted and merged with everything in one pass. */
const MERGE_AT = 64

/** First index in sorted `a` whose element is > x (strict) or >= x. */
export function lowerBound(a: readonly string[], x: string, strict: boolean): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid] < x || (strict && a[mid] === x)) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class SortedNames {
  /** Non-empty, each sorted, and every name of chunk k sorts before every name of chunk k+1. */
  private chunks: string[][] = []
  private count = 0
  /** Inserted but not yet in `chunks`, in insertion order. */
  private pending: string[] = []

  get size(): number {
    return this.count
  }

  /** The chunk that holds `x` or where it would go: the first whose last name is >= x (else the last chunk). */
  private chunkFor(x: string): number {
    const c = this.chunks
    let lo = 0
    let hi = c.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const last = c[mid][c[mid].length - 1]
      if (last < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Adds `name` (the caller knows it is not in the set yet). */
  insert(name: string): void {
    this.count++
    this.pending.push(name)
  }

  /** Moves the pending names into the chunks. */
  private settle(): void {
    const p = this.pending
    if (!p.length) return
    this.pending = []
    if (p.length < MERGE_AT) {
      for (const name of p) this.place(name)
      return
    }
    p.sort(byCodeUnits)
    const merged: string[] = []
    const old = this.chunks
    let pi = 0
    for (const chunk of old) {
      for (const name of chunk) {
        while (pi < p.length && p[pi] < name) merged.push(p[pi++])
        merged.push(name)
      }
    }
    while (pi < p.length) merged.push(p[pi++])
    const half = MAX_CHUNK >>> 1
    this.chunks = []
    for (let i = 0; i < merged.length; i += half) this.chunks.push(merged.slice(i, i + half))
  }

  private place(name: string): void {
    if (!this.chunks.length) {
      this.chunks.push([name])
      return
    }
    const ci = this.chunkFor(name)
    const chunk = this.chunks[ci]
    // Appending in order (generated names, restore) is the common case: no binary search, no shifting.
    if (chunk[chunk.length - 1] < name) chunk.push(name)
    else chunk.splice(lowerBound(chunk, name, false), 0, name)
    if (chunk.length > MAX_CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(chunk.length >>> 1))
  }

  delete(name: string): boolean {
    this.settle()
    if (!this.chunks.length) return false
    const ci = this.chunkFor(name)
    const chunk = this.chunks[ci]
    const at = lowerBound(chunk, name, false)
    if (chunk[at] !== name) return false
    chunk.splice(at, 1)
    if (!chunk.length) this.chunks.splice(ci, 1)
    this.count--
    return true
  }

  /** Calls `visit` with each name after `after` (strictly; from the start when undefined), in order, until it
   *  returns false. */
  forEachAfter(after: string | undefined, visit: (name: string) => boolean): void {
    this.settle()
    const c = this.chunks
    let ci = 0
    let i = 0
    if (after !== undefined && c.length) {
      ci = this.chunkFor(after)
      i = lowerBound(c[ci], after, true)
    }
    for (; ci < c.length; ci++, i = 0) {
      const chunk = c[ci]
      for (; i < chunk.length; i++) if (!visit(chunk[i])) return
    }
  }
}

/** Plain string order (UTF-16 code units), as `<` compares: the default sort would also do, but says less. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
