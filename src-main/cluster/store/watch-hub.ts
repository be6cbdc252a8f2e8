// The store's event side: the bounded event log that watches replay from, the open watchers (indexed by resource
// and namespace so a write only visits the watchers that can care), and ordered delivery to watchers and
// onChange listeners.
import type { KObject } from '../api-types'
import { errors } from './errors'
import { clone } from './objects'
import type { Change, WatchEvent } from './types'

/** One committed change. It is also what in-process observers receive: the Change for every onChangeRefs listener
 *  and the WatchEvent for every shared watcher that sees it with its own type (no object per write per listener). */
export interface LogEntry extends Change {
  rv: number
  rkey: string
  prev?: KObject
}

export interface Watcher {
  rkey: string
  /** Only this namespace's objects (undefined: all namespaces, or a cluster-scoped resource). */
  namespace?: string
  matches: (o: KObject) => boolean
  /** No selector: every object matches (skips calling `matches` once or twice per write). */
  matchesAll?: boolean
  listener: (ev: WatchEvent) => void
  /** Hand out the (frozen) stored object instead of a copy: in-process readers that promise not to write. */
  shared: boolean
  closed: boolean
}

interface WatcherSet {
  all: Set<Watcher>
  byNamespace: Map<string, Set<Watcher>>
}


export class WatchHub {
  private log: LogEntry[] = []
  private head = 0 // log[head…] are the live entries (dropping from the front without copying every write)
  /** Every event with rv > logStart is in the log. */
  private logStart: number
  private watchers = new Map<string, WatcherSet>()
  // Each change listener and whether it takes the frozen stored object (onChangeRefs) or a copy of its own.
  private changeListeners = new Map<(c: Change) => void, boolean>()
  // Deliveries are queued so a listener that writes cannot reorder events for the listeners after it.
  private outbox: LogEntry[] = []
  private delivering = false
  // Snapshots of the watcher buckets and change listeners that deliveries iterate (a listener may subscribe or
  // unsubscribe while being called), rebuilt only when a bucket changes instead of copied for every event.
  private snapshots = new Map<Set<Watcher>, Watcher[]>()
  private changeSnapshot: [(c: Change) => void, boolean][] | undefined
  // The WatchEvent objects of the entry being delivered for shared watchers that see it with another type (a selector
  // watch sees an object enter or leave as ADDED/DELETED), one per type. With the entry's own type they get the entry.
  private sharedFor: LogEntry | undefined
  private sharedEvents: Partial<Record<WatchEvent['type'], WatchEvent>> = {}

  constructor(
    private readonly logSize: number,
    rv: number,
  ) {
    this.logStart = rv
  }

  /** Forget history (restore): watches may only resume from `rv` on. */
  reset(rv: number): void {
    this.log = []
    this.head = 0
    this.logStart = rv
  }

  /** The oldest resourceVersion a watch can resume from. */
  get oldest(): number {
    return this.logStart
  }

  record(entry: LogEntry): void {
    this.log.push(entry)
    if (this.log.length - this.head > this.logSize) {
      this.logStart = this.log[this.head].rv
      this.head++
      if (this.head > this.logSize) {
        this.log = this.log.slice(this.head)
        this.head = 0
      }
    }
    this.outbox.push(entry)
    this.deliver()
  }

  /** Replay the logged events after `from` to `w`; 410 Expired when they are no longer all in the log. */
  replay(w: Watcher, from: number): void {
    // Like the watch cache: the message names the oldest resourceVersion still resumable (oldest event - 1).
    if (from < this.logStart) throw errors.gone(`too old resource version: ${from} (${this.logStart})`)
    for (let i = this.head; i < this.log.length; i++) {
      const e = this.log[i]
      if (e.rv > from && e.rkey === w.rkey) this.sendTo(w, e)
    }
  }

  add(w: Watcher): () => void {
    let set = this.watchers.get(w.rkey)
    if (!set) this.watchers.set(w.rkey, (set = { all: new Set(), byNamespace: new Map() }))
    let bucket = set.all
    if (w.namespace !== undefined) {
      bucket = set.byNamespace.get(w.namespace) ?? new Set()
      set.byNamespace.set(w.namespace, bucket)
    }
    bucket.add(w)
    this.snapshots.delete(bucket)
    return () => {
      w.closed = true
      bucket.delete(w)
      this.snapshots.delete(bucket)
      if (w.namespace !== undefined && !bucket.size && set.byNamespace.get(w.namespace) === bucket) set.byNamespace.delete(w.namespace)
    }
  }

  onChange(listener: (c: Change) => void, shared = false): () => void {
    this.changeListeners.set(listener, shared)
    this.changeSnapshot = undefined
    return () => {
      this.changeSnapshot = undefined
      return this.changeListeners.delete(listener)
    }
  }

  /** Open watchers (tests and the bench). */
  get watcherCount(): number {
    let n = 0
    for (const s of this.watchers.values()) {
      n += s.all.size
      for (const b of s.byNamespace.values()) n += b.size
    }
    return n
  }

  private deliver(): void {
    if (this.delivering) return
    this.delivering = true
    try {
      while (this.outbox.length) {
        const e = this.outbox.shift()!
        const set = this.watchers.get(e.rkey)
        if (set) {
          const ns = e.object.metadata.namespace
          const scoped = ns !== undefined ? set.byNamespace.get(ns) : undefined
          // Both snapshots before any listener runs: a watch opened during this delivery must not also get this event.
          const all = this.snapshot(set.all)
          const inNs = scoped?.size ? this.snapshot(scoped) : undefined
          for (const w of all) if (!w.closed) this.sendTo(w, e)
          if (inNs) for (const w of inNs) if (!w.closed) this.sendTo(w, e)
        }
        if (this.changeListeners.size) {
          // The entry itself for every listener that takes the stored object; a copy of its own for each other one.
          for (const [l, shared] of (this.changeSnapshot ??= [...this.changeListeners])) {
            try {
              l(shared ? e : { type: e.type, gvr: e.gvr, object: clone(e.object), resourceVersion: e.rv })
            } catch {
              // A broken observer must not break the write path.
            }
          }
        }
      }
    } finally {
      this.delivering = false
    }
  }

  private snapshot(bucket: Set<Watcher>): Watcher[] {
    let a = this.snapshots.get(bucket)
    if (!a) this.snapshots.set(bucket, (a = [...bucket]))
    return a
  }

  /** Translate a change into what a filtered watcher sees (k8s: leaving the selection is a DELETED). */
  private sendTo(w: Watcher, e: LogEntry): void {
    // (No per-call closures here: this runs once per watcher per write.)
    const now = (w.namespace === undefined || e.object.metadata.namespace === w.namespace) && (w.matchesAll === true || w.matches(e.object))
    const before = e.prev !== undefined && (w.namespace === undefined || e.prev.metadata.namespace === w.namespace) && (w.matchesAll === true || w.matches(e.prev))
    let type: WatchEvent['type'] | undefined
    if (e.type === 'ADDED') type = now ? 'ADDED' : undefined
    else if (e.type === 'DELETED') type = now || before ? 'DELETED' : undefined
    else if (now && before) type = 'MODIFIED'
    else if (now) type = 'ADDED'
    else if (before) type = 'DELETED'
    if (!type) return
    let ev: WatchEvent
    if (w.shared && type === e.type) ev = e
    else if (w.shared) {
      if (this.sharedFor !== e) {
        this.sharedFor = e
        this.sharedEvents = {}
      }
      ev = this.sharedEvents[type] ??= { type, object: e.object }
    } else ev = { type, object: clone(e.object) }
    try {
      w.listener(ev)
    } catch {
      // Listener failures are the listener's problem.
    }
  }
}
