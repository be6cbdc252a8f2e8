// The event recorder: Event objects (core/v1) like client-go's recorder writes them, with deduplication of
// identical events into count/lastTimestamp. Recording never throws: an event is best-effort, like upstream.
import type { KObject } from '../api-types'
import type { Clock } from '../clock'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import type { Store } from '../store/types'

export interface EventSource {
  component: string
  host?: string
}

export interface Recorder {
  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void
}

export function createRecorder(store: Store, clock: Clock): Recorder {
  let seq = 0
  return {
    event(obj, type, reason, message, source, fieldPath) {
      try {
        const ns = obj.metadata.namespace || 'default'
        const now = rfc3339(clock.now())
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
        const existing = store
          .list(GVRS.events, { namespace: ns, fieldSelector: `involvedObject.uid=${obj.metadata.uid},reason=${reason}` })
          .items.find((e) => e.message === message && e.type === type && e.source?.component === source.component && (e.involvedObject?.fieldPath ?? '') === (fieldPath ?? ''))
        if (existing) {
          store.update(GVRS.events, ns, existing.metadata.name!, { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: now })
          return
        }
        // Upstream names events `<object>.<unix nanos in hex>`; we derive the suffix from sim time plus a counter.
        // The real-time clock driver advances sim time by fractional milliseconds; BigInt() of a non-integer throws.
        const suffix = (BigInt(Math.floor(clock.now())) * 1_000_000n + BigInt(seq++)).toString(16)
        store.create(GVRS.events, ns, {
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
      } catch {
        // best-effort
      }
    },
  }
}
