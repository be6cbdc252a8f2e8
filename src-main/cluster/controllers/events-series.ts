// The events.k8s.io/v1 recorder (client-go tools/events) that kube-scheduler uses in 1.32, seen through core/v1:
// `eventTime` (microseconds) instead of first/lastTimestamp, `action`, `reportingComponent/Instance`, empty source.
// A repeat of an identical event starts a `series` (count 2, written at once); later repeats only bump the count
// in memory, written by the 30-minute heartbeat or when the series ends (6 minutes without a repeat). Those two
// writes happen lazily, on the recorder's next call, so the engine keeps no long timers (they would hold the sim
// clock busy and make instant speed run ahead).
import type { KObject } from '../api-types'
import type { Clock } from '../clock'
import { adoptRef, getRef, updateRef } from '../store/refs'
import { GVRS } from '../store/registry'
import type { Store } from '../store/types'

const SERIES_END_MS = 6 * 60_000
const HEARTBEAT_MS = 30 * 60_000

// The last millisecond rendered (sim time stands still across a tick's many events and heartbeats).
let lastWhole = Number.NaN
let lastIso = ''

/** RFC3339 with microseconds, as metav1.MicroTime serializes. */
export function microTime(ms: number): string {
  const whole = Math.floor(ms)
  const micros = Math.floor((ms - whole) * 1000)
  if (whole !== lastWhole) {
    lastIso = new Date(whole).toISOString().slice(0, 23) // …SS.mmm
    lastWhole = whole
  }
  return `${lastIso}${String(micros).padStart(3, '0')}Z`
}

/** The action the scheduler reports with each reason. */
const ACTIONS: Record<string, string> = { Scheduled: 'Binding', FailedScheduling: 'Scheduling', Preempted: 'Preempting' }

interface Cached {
  // What makes two events the same (client-go's event key), compared field by field. The event's action is a
  // function of its reason, so comparing the reason covers it.
  ns: string
  uid: string
  kind: string
  objName: string
  reason: string
  component: string
  type: string
  message: string
  name: string // the Event object's name
  count: number // series count (1 = no series yet)
  lastObserved: number
  lastWrite: number
  written: number // count last written
}

export interface SeriesRecorder {
  event(obj: KObject, type: string, reason: string, message: string, component: string, instance: string, nameSuffix: string): void
}

export function createSeriesRecorder(store: Store, clock: Clock): SeriesRecorder {
  // Every cached series in the order it started (the sweep writes due ones in this order), and the same entries by
  // the involved object's uid: a lookup compares the few entries of one object instead of building and hashing a
  // long joined key (message included) per event.
  const cache = new Set<Cached>()
  const byUid = new Map<string, Cached[]>()
  // No entry can be due before this time (a lower bound): sweeping every cached series on every call made the
  // scheduler's 1,000 Scheduled events quadratic, while almost always nothing was due.
  let nextDue = Infinity
  const dueOf = (c: Cached) => Math.min(c.lastObserved + SERIES_END_MS, c.count >= 2 ? c.lastWrite + HEARTBEAT_MS : Infinity)

  function write(c: Cached): void {
    c.lastWrite = clock.now()
    if (c.count < 2 || c.written === c.count) return
    c.written = c.count
    try {
      // Refs (no copies): the recorder only reads the stored event to write the next version of it.
      const cur = getRef(store, GVRS.events, c.ns, c.name)
      if (!cur) return // deleted (TTL, namespace deletion)
      updateRef(store, GVRS.events, c.ns, c.name, { ...cur, series: { count: c.count, lastObservedTime: microTime(c.lastObserved) } })
    } catch {
      // the event was deleted (TTL, namespace deletion): nothing to update
    }
  }

  function forget(c: Cached): void {
    cache.delete(c)
    const list = byUid.get(c.uid)!
    list.splice(list.indexOf(c), 1)
    if (!list.length) byUid.delete(c.uid)
  }

  /** The cached series of exactly this event (all key fields equal), if any. */
  function find(ns: string, uid: string, kind: string, objName: string, reason: string, component: string, type: string, message: string): Cached | undefined {
    const list = byUid.get(uid)
    if (!list) return undefined
    for (let i = 0; i < list.length; i++) {
      const c = list[i]
      if (c.message === message && c.reason === reason && c.ns === ns && c.kind === kind && c.objName === objName && c.component === component && c.type === type) return c
    }
    return undefined
  }

  /** End series idle for 6 minutes (final count written) and heartbeat the ongoing ones every 30 minutes. */
  function sweep(now: number): void {
    if (now < nextDue) return
    nextDue = Infinity
    for (const c of cache) {
      if (now - c.lastObserved > SERIES_END_MS) {
        write(c)
        forget(c)
        continue
      } else if (c.count >= 2 && now - c.lastWrite >= HEARTBEAT_MS) write(c)
      nextDue = Math.min(nextDue, dueOf(c))
    }
  }

  return {
    event(obj, type, reason, message, component, instance, nameSuffix) {
      const ns = obj.metadata.namespace || 'default'
      // (`?? ''` where the joined key this replaces turned undefined into ''.)
      const uid = obj.metadata.uid ?? ''
      const kind = obj.kind ?? ''
      const objName = obj.metadata.name ?? ''
      const now = clock.now()
      sweep(now)
      const hit = find(ns, uid, kind, objName, reason, component, type, message)
      if (hit) {
        hit.count++
        hit.lastObserved = now
        if (hit.count === 2) write(hit)
        nextDue = Math.min(nextDue, dueOf(hit))
        return
      }
      const name = `${obj.metadata.name}.${nameSuffix}`
      // A fresh literal handed to the store (adoptRef): stored as it is, not copied.
      adoptRef(store, GVRS.events, ns, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: {
          kind: obj.kind,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name,
          uid: obj.metadata.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: obj.metadata.resourceVersion,
        },
        action: ACTIONS[reason] ?? '',
        reason,
        message,
        source: {},
        firstTimestamp: null,
        lastTimestamp: null,
        eventTime: microTime(now),
        type,
        reportingComponent: component,
        reportingInstance: instance,
      })
      const entry: Cached = { ns, uid, kind, objName, reason, component, type, message, name, count: 1, lastObserved: now, lastWrite: now, written: 1 }
      cache.add(entry)
      const list = byUid.get(uid)
      if (list) list.push(entry)
      else byUid.set(uid, [entry])
      nextDue = Math.min(nextDue, dueOf(entry))
    },
  }
}
