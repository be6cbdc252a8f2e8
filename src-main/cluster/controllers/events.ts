// The event recorder: Event objects (core/v1) like client-go's legacy recorder writes them (kubelet, controllers):
// identical events are deduplicated into count/lastTimestamp, and once an object has had 10 different messages
// for one reason within 10 minutes they are aggregated into one "(combined from similar events): …" event.
// kube-scheduler's events go through the events.k8s.io recorder instead (events-series.ts: eventTime + series).
// Recording never throws: an event is best-effort, like upstream.
import type { KObject } from '../api-types'
import type { Clock } from '../clock'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import { createRef, getRef, listRefs, updateRef, watchRefs } from '../store/store'
import type { Store } from '../store/types'
import { createSeriesRecorder } from './events-series'

export interface EventSource {
  component: string
  host?: string
}

export interface Recorder {
  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void
}

/** uid/reason values for which the index lookup is exactly the field selector `involvedObject.uid=U,reason=R`. */
const PLAIN = /^[A-Za-z0-9._:-]+$/

const AGGREGATE_AFTER = 10 // distinct messages per object+reason…
const AGGREGATE_WINDOW_MS = 10 * 60_000 // …within this long of each other
export const COMBINED_PREFIX = '(combined from similar events): '

/** Components that record through the events.k8s.io/v1 API in 1.32 (host = the instance's node). */
const NEW_API: Record<string, string> = { 'default-scheduler': 'ordinal-control-plane' }

export function createRecorder(store: Store, clock: Clock): Recorder {
  let seq = 0
  // Dedupe index: "ns\nuid\nreason\nmessage class" → event names, so recording an event does not scan every event in
  // the namespace, nor every event of its object and reason (a StatefulSet has one SuccessfulCreate per pod and claim:
  // scanning those made a 1,000-replica set quadratic). The message class is the message itself, or the combined
  // prefix for aggregated events: exactly what the dedupe below compares, so a bucket holds every possible match.
  // Fed by a watch on events (so deletions and edits by others are seen) and written through on our own creates (a
  // watch delivery can lag when we record from inside another delivery). Hits are re-checked against the store.
  const index = new Map<string, Set<string>>()
  const keyOfName = new Map<string, string>() // "ns/name" → index key
  const messageClass = (m: string | undefined) => (m?.startsWith(COMBINED_PREFIX) ? COMBINED_PREFIX : (m ?? ''))
  const idxKey = (ns: string, uid: string, reason: string, message: string | undefined) => `${ns}\n${uid}\n${reason}\n${messageClass(message)}`
  const unindex = (o: KObject) => {
    const nk = `${o.metadata.namespace}/${o.metadata.name}`
    const k = keyOfName.get(nk)
    if (k === undefined) return
    keyOfName.delete(nk)
    const set = index.get(k)
    set?.delete(o.metadata.name!)
    if (set && !set.size) index.delete(k)
  }
  const reindex = (o: KObject) => {
    const k = idxKey(o.metadata.namespace ?? '', o.involvedObject?.uid ?? '', o.reason ?? '', o.message)
    const nk = `${o.metadata.namespace}/${o.metadata.name}`
    // Already there (a count bump, or our own create seen by the watch first): nothing to move.
    if (keyOfName.get(nk) === k) return
    unindex(o)
    keyOfName.set(nk, k)
    let set = index.get(k)
    if (!set) index.set(k, (set = new Set()))
    set.add(o.metadata.name!)
  }
  watchRefs(store, GVRS.events, {}, (e) => (e.type === 'DELETED' ? unindex(e.object) : reindex(e.object)))
  const series = createSeriesRecorder(store, clock)
  const similar = new Map<string, { messages: Set<string>; last: number }>()

  /** The aggregator: the message to record, combined once this object+reason has seen 10 distinct messages. */
  function aggregate(obj: KObject, type: string, reason: string, message: string, source: EventSource): string {
    // (`?? ''` where the array join this replaces turned undefined into '': the same keys, without an array per call.)
    const md = obj.metadata
    const key = `${md.namespace ?? ''}\n${md.uid ?? ''}\n${obj.kind ?? ''}\n${md.name ?? ''}\n${type}\n${reason}\n${source.component}\n${source.host ?? ''}`
    const t = clock.now()
    let rec = similar.get(key)
    if (!rec || t - rec.last > AGGREGATE_WINDOW_MS) similar.set(key, (rec = { messages: new Set(), last: t }))
    rec.messages.add(message)
    rec.last = t
    if (rec.messages.size < AGGREGATE_AFTER) return message
    // Keep the set at its cap, as the upstream LRU record does.
    rec.messages.delete(rec.messages.values().next().value!)
    return COMBINED_PREFIX + message
  }

  // Upstream names events `<object>.<unix nanos in hex>`; we derive the suffix from sim time plus a counter.
  // The real-time clock driver advances sim time by fractional milliseconds; BigInt() of a non-integer throws.
  const nameSuffix = () => (BigInt(Math.floor(clock.now())) * 1_000_000n + BigInt(seq++)).toString(16)

  /** Whether stored event `e` is one a new (type, source, field path, message) event repeats. */
  function repeats(e: Readonly<KObject>, combined: boolean, type: string, message: string, component: string, fieldPath: string): boolean {
    return (combined ? !!e.message?.startsWith(COMBINED_PREFIX) : e.message === message) && e.type === type && e.source?.component === component && (e.involvedObject?.fieldPath ?? '') === fieldPath
  }

  /** The stored event this one repeats (same object, reason, message class, type, source and field path), if any;
   *  the first by name when several match, as a list in name order would find it. (No closures: this runs for every
   *  event recorded.) */
  function findExisting(obj: KObject, ns: string, type: string, reason: string, message: string, component: string, fieldPath: string): Readonly<KObject> | undefined {
    const combined = message.startsWith(COMBINED_PREFIX)
    const uid = obj.metadata.uid
    if (uid === undefined || !PLAIN.test(uid) || !PLAIN.test(reason)) {
      for (const e of listRefs(store, GVRS.events, { namespace: ns, fieldSelector: `involvedObject.uid=${uid},reason=${reason}` })) {
        if (repeats(e, combined, type, message, component, fieldPath)) return e
      }
      return undefined
    }
    const bucket = index.get(idxKey(ns, uid, reason, message))
    if (!bucket) return undefined
    for (const n of bucket.size === 1 ? bucket : [...bucket].sort()) {
      const e = getRef(store, GVRS.events, ns, n)
      if (e && (e.involvedObject?.uid ?? '') === uid && (e.reason ?? '') === reason && repeats(e, combined, type, message, component, fieldPath)) return e
    }
    return undefined
  }

  return {
    event(obj, type, reason, rawMessage, source, fieldPath) {
      try {
        if (NEW_API[source.component] !== undefined) {
          series.event(obj, type, reason, rawMessage, source.component, `${source.component}-${NEW_API[source.component]}`, nameSuffix())
          return
        }
        const message = aggregate(obj, type, reason, rawMessage, source)
        const ns = obj.metadata.namespace || 'default'
        const now = rfc3339(clock.now())
        // The recorder never reads what the store returns beyond this call: the ref writers skip the copy for it.
        const existing = findExisting(obj, ns, type, reason, message, source.component, fieldPath ?? '')
        if (existing) {
          updateRef(store, GVRS.events, ns, existing.metadata.name!, { ...existing, message, count: (existing.count ?? 1) + 1, lastTimestamp: now })
          return
        }
        const involvedObject: Record<string, unknown> = {
          kind: obj.kind,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name,
          uid: obj.metadata.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: obj.metadata.resourceVersion,
        }
        if (fieldPath) involvedObject.fieldPath = fieldPath
        if (!obj.metadata.namespace) delete involvedObject.namespace
        const suffix = nameSuffix()
        const created = createRef(store, GVRS.events, ns, {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${obj.metadata.name}.${suffix}`, namespace: ns },
          involvedObject,
          reason,
          message,
          source: source.host ? { component: source.component, host: source.host } : { component: source.component },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          type,
          eventTime: null,
          reportingComponent: source.component,
          reportingInstance: source.host ?? '',
        })
        reindex(created)
      } catch {
        // best-effort
      }
    },
  }
}
