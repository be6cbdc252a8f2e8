// The events.k8s.io/v1 recorder (client-go tools/events) that kube-scheduler uses in 1.32, seen through core/v1:
// `eventTime` (microseconds) instead of first/lastTimestamp, `action`, `reportingComponent/Instance`, empty source.
// A repeat of an identical event starts a `series` (count 2, written at once); later repeats only bump the count
// in memory, written by the 30-minute heartbeat or when the series ends (6 minutes without a repeat). Those two
// writes happen lazily, on the recorder's next call, so the engine keeps no long timers (they would hold the sim
// clock busy and make instant speed run ahead).
import type { KObject } from '../api-types'
import type { Clock } from '../clock'
import { createRef, getRef, updateRef } from '../store/refs'
import { GVRS } from '../store/registry'
import type { Store } from '../store/types'

const SERIES_END_MS = 6 * 60_000
const HEARTBEAT_MS = 30 * 60_000

/** RFC3339 with microseconds, as metav1.MicroTime serializes. */
export function microTime(ms: number): string {
  const whole = Math.floor(ms)
  const micros = Math.floor((ms - whole) * 1000)
  const iso = new Date(whole).toISOString() // …SS.mmmZ
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`
}

/** The action the scheduler reports with each reason. */
const ACTIONS: Record<string, string> = { Scheduled: 'Binding', FailedScheduling: 'Scheduling', Preempted: 'Preempting' }

interface Cached {
  ns: string
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
  const cache = new Map<string, Cached>()
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

  /** End series idle for 6 minutes (final count written) and heartbeat the ongoing ones every 30 minutes. */
  function sweep(now: number): void {
    if (now < nextDue) return
    nextDue = Infinity
    for (const [key, c] of cache) {
      if (now - c.lastObserved > SERIES_END_MS) {
        write(c)
        cache.delete(key)
        continue
      } else if (c.count >= 2 && now - c.lastWrite >= HEARTBEAT_MS) write(c)
      nextDue = Math.min(nextDue, dueOf(c))
    }
  }

  return {
    event(obj, type, reason, message, component, instance, nameSuffix) {
      const ns = obj.metadata.namespace || 'default'
      // (`?? ''` where an array join turned undefined into '': the same keys without an array per call.)
      const key = `${ns}\n${obj.metadata.uid ?? ''}\n${obj.kind ?? ''}\n${obj.metadata.name ?? ''}\n${reason}\n${ACTIONS[reason] ?? ''}\n${component}\n${type}\n${message}`
      const now = clock.now()
      sweep(now)
      const hit = cache.get(key)
      if (hit) {
        hit.count++
        hit.lastObserved = now
        if (hit.count === 2) write(hit)
        nextDue = Math.min(nextDue, dueOf(hit))
        return
      }
      const name = `${obj.metadata.name}.${nameSuffix}`
      createRef(store, GVRS.events, ns, {
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
      const entry: Cached = { ns, name, count: 1, lastObserved: now, lastWrite: now, written: 1 }
      cache.set(key, entry)
      nextDue = Math.min(nextDue, dueOf(entry))
    },
  }
}
