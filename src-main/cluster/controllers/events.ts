// The event recorder: Event objects (core/v1) like client-go's legacy recorder writes them (kubelet, controllers):
// identical events are deduplicated into count/lastTimestamp, and once an object has had 10 different messages
// for one reason within 10 minutes they are aggregated into one "(combined from similar events): …" event.
// kube-scheduler's events go through the events.k8s.io recorder instead (events-series.ts: eventTime + series).
// Recording never throws: an event is best-effort, like upstream.
import type { KObject } from '../api-types'
import type { Clock } from '../clock'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import { adoptRef, getRef, listRefs, updateRef, watchRefs } from '../store/store'
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

interface SimilarRecord {
  reason: string
  ns: string
  kind: string
  name: string
  type: string
  component: string
  host: string
  /** Distinct messages in first-seen order, at most AGGREGATE_AFTER (an array: almost every record holds one). */
  messages: string[]
  last: number
}

/** One stored event in the dedupe index: where it is and what a repeat of it must match. */
interface Indexed {
  ns: string
  uid: string
  reason: string
  /** The message class: the message itself, or the combined prefix for an aggregated event. */
  cls: string
  name: string
}

export function createRecorder(store: Store, clock: Clock): Recorder {
  let seq = 0
  // Dedupe index: involved object uid → the events about it, so recording an event does not scan every event in the
  // namespace. An object has a handful of events at most (aggregation caps one reason at 10 distinct messages in 10
  // minutes), so its short list is scanned: one record per event and one array per object, where nested maps per
  // namespace, uid, reason and message class cost four Maps and a Set per object and reason.
  // Fed by a watch on events (so deletions and edits by others are seen) and written through on our own creates (a
  // watch delivery can lag when we record from inside another delivery). Hits are re-checked against the store.
  const byUid = new Map<string, Indexed[]>()
  const placed = new Map<string, Map<string, Indexed>>() // namespace → event name → its index entry
  const messageClass = (m: string | undefined) => (m?.startsWith(COMBINED_PREFIX) ? COMBINED_PREFIX : (m ?? ''))
  const unindex = (o: Readonly<KObject>) => {
    const names = placed.get(o.metadata.namespace ?? '')
    const at = names?.get(o.metadata.name!)
    if (at === undefined) return
    names!.delete(o.metadata.name!)
    const list = byUid.get(at.uid)!
    list.splice(list.indexOf(at), 1)
    if (!list.length) byUid.delete(at.uid)
  }
  const reindex = (o: Readonly<KObject>) => {
    const ns = o.metadata.namespace ?? ''
    const uid = o.involvedObject?.uid ?? ''
    const reason = o.reason ?? ''
    const cls = messageClass(o.message)
    let names = placed.get(ns)
    const at = names?.get(o.metadata.name!)
    if (at !== undefined) {
      // Already there (a count bump, or our own create seen by the watch first): nothing to move.
      if (at.uid === uid && at.reason === reason && at.cls === cls) return
      unindex(o)
    }
    if (!names) placed.set(ns, (names = new Map()))
    const entry: Indexed = { ns, uid, reason, cls, name: o.metadata.name! }
    names.set(entry.name, entry)
    const list = byUid.get(uid)
    if (list) list.push(entry)
    else byUid.set(uid, [entry])
  }
  watchRefs(store, GVRS.events, {}, (e) => (e.type === 'DELETED' ? unindex(e.object) : reindex(e.object)))
  const series = createSeriesRecorder(store, clock)
  // uid → the records of that object, told apart by reason and the other key fields (namespace, kind, name, type,
  // source): looked up without building a joined key string per event, and without a Map per object and reason
  // (an object has a handful of records; a Map and a Set per record were most of this function's cost).
  const similar = new Map<string, SimilarRecord[]>()

  /** The aggregator: the message to record, combined once this object+reason has seen 10 distinct messages. */
  function aggregate(obj: KObject, type: string, reason: string, message: string, source: EventSource): string {
    // (Missing fields count as '', as in the joined string key this replaces.)
    const md = obj.metadata
    const ns = md.namespace ?? ''
    const kind = obj.kind ?? ''
    const name = md.name ?? ''
    const host = source.host ?? ''
    const component = source.component
    const t = clock.now()
    const uid = md.uid ?? ''
    let recs = similar.get(uid)
    if (!recs) similar.set(uid, (recs = []))
    let rec: SimilarRecord | undefined
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i]
      if (r.reason === reason && r.ns === ns && r.kind === kind && r.name === name && r.type === type && r.component === component && r.host === host) {
        rec = r
        break
      }
    }
    if (!rec) recs.push((rec = { reason, ns, kind, name, type, component, host, messages: [], last: t }))
    else if (t - rec.last > AGGREGATE_WINDOW_MS) {
      rec.messages = []
      rec.last = t
    }
    // A set of at most 10 strings, in insertion order: an array and includes() are exact and far cheaper.
    const messages = rec.messages
    if (!messages.includes(message)) messages.push(message)
    rec.last = t
    if (messages.length < AGGREGATE_AFTER) return message
    // Keep the set at its cap, as the upstream LRU record does.
    messages.shift()
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
    const list = byUid.get(uid)
    if (!list) return undefined
    const cls = messageClass(message)
    // Usually one candidate; several (an event re-created under another name) are tried in name order.
    let first: Indexed | undefined
    let names: string[] | undefined
    for (const r of list) {
      if (r.ns !== ns || r.reason !== reason || r.cls !== cls) continue
      if (!first) first = r
      else (names ??= [first.name]).push(r.name)
    }
    if (!first) return undefined
    names?.sort()
    for (let i = 0, n = names ? names.length : 1; i < n; i++) {
      const e = getRef(store, GVRS.events, ns, names ? names[i] : first.name)
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
        // A fresh literal handed to the store (adoptRef): stored as it is, not copied.
        const created = adoptRef(store, GVRS.events, ns, {
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
