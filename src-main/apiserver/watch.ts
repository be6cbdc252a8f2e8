// Streaming watch: HTTP 200, chunked, one JSON event per line. Objects become single-row Tables when the client
// asked for Tables (column definitions only in the first event), like `kubectl get -w` expects.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { GVR, KObject } from '../cluster/api-types'
import { watchRefs } from '../cluster/store/refs'
import type { Store, WatchEvent, WatchOptions } from '../cluster/store/types'
import { toStatusError } from './http-util'
import { buildTable, partialObjectMetadata, type IncludeObject, type Printer } from './tables/index'

export interface WatchRequest {
  store: Store
  gvr: GVR
  opts: WatchOptions
  /** Adds kind/apiVersion to stored objects before they go out. */
  typeMeta(obj: KObject): KObject
  table?: { printer: Printer; include: IncludeObject; contentType: string; now: () => number }
  partialMetadata?: boolean
  timeoutSeconds?: number
  /** allowWatchBookmarks=true: a BOOKMARK every `intervalMs` (real time) and one just before a timeout ends the watch. */
  bookmarks?: { intervalMs: number; kind: string; apiVersion: string }
  /** sendInitialEvents=true: after the initial ADDED events, a BOOKMARK annotated `k8s.io/initial-events-end`. */
  initialEventsEnd?: boolean
}

/** Real servers send bookmarks about once a minute; tests shorten it through ApiServerOptions. */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000

/** Open watches, so closing the server can end them cleanly. */
export class WatchRegistry {
  private ends = new Set<() => void>()
  /** `onSend` hears every event a watch on one named object sends (the clock driver's quiet gate; see
   *  ApiServerOptions.onActivity and watchesOneObject). */
  constructor(readonly onSend: () => void = () => {}) {}
  add(end: () => void): () => void {
    this.ends.add(end)
    return () => this.ends.delete(end)
  }
  closeAll(): void {
    for (const end of [...this.ends]) end()
  }
  get size(): number {
    return this.ends.size
  }
}

/**
 * Whether a watch follows one object by name (`fieldSelector=metadata.name=web-0`), as a client waiting on that object
 * does: kubectl run -i (attach once the pod is Running), delete --wait, rollout status, wait. Such a client reacts to
 * what it is told, so instant speed holds still after each event. A watch on a list (`kubectl get pods -w`) is a
 * reader: holding time still after each of its events made a 100-replica StatefulSet take ~10 s instead of ~0.3 s.
 */
export function watchesOneObject(fieldSelector: string | undefined): boolean {
  return (fieldSelector ?? '').split(',').some((term) => /^\s*metadata\.name\s*==?\s*\S/.test(term))
}

export function serveWatch(req: IncomingMessage, res: ServerResponse, w: WatchRequest, registry: WatchRegistry): void {
  res.writeHead(200, {
    'Content-Type': w.table?.contentType ?? 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  })
  // Send the headers now: a watch with no events yet must still look established to the client.
  res.flushHeaders()
  let first = true
  let ended = false
  const holdsClock = watchesOneObject(w.opts.fieldSelector)
  let unsubscribe: (() => void) | undefined
  let timer: NodeJS.Timeout | undefined
  let ticker: NodeJS.Timeout | undefined
  let unregister: (() => void) | undefined

  const end = () => {
    if (ended) return
    ended = true
    unsubscribe?.()
    unregister?.()
    if (timer) clearTimeout(timer)
    if (ticker) clearInterval(ticker)
    if (!res.writableEnded) res.end()
  }

  /** A BOOKMARK carries only the type and the resourceVersion the client may resume from. */
  const bookmark = (annotations?: Record<string, string>): WatchEvent => ({
    type: 'BOOKMARK',
    object: {
      kind: w.bookmarks?.kind ?? '',
      apiVersion: w.bookmarks?.apiVersion ?? '',
      metadata: { resourceVersion: w.store.resourceVersion(), ...(annotations ? { annotations } : {}) },
    },
  })

  const encode = (ev: WatchEvent): unknown => {
    if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') return ev
    const obj = w.typeMeta(ev.object)
    if (w.table) {
      const table = buildTable(w.table.printer, [obj], w.table.now(), {
        include: w.table.include,
        resourceVersion: obj.metadata.resourceVersion,
        withColumns: first,
      })
      first = false
      return { type: ev.type, object: table }
    }
    if (w.partialMetadata) return { type: ev.type, object: partialObjectMetadata(obj) }
    return { type: ev.type, object: obj }
  }

  const send = (ev: WatchEvent) => {
    if (ended) return
    res.write(JSON.stringify(encode(ev)) + '\n')
    if (holdsClock) registry.onSend()
  }

  req.on('close', end)
  res.on('close', end)
  unregister = registry.add(end)
  if (w.timeoutSeconds && w.timeoutSeconds > 0)
    timer = setTimeout(() => {
      if (w.bookmarks) send(bookmark())
      end()
    }, w.timeoutSeconds * 1000)
  if (w.bookmarks) ticker = setInterval(() => send(bookmark()), w.bookmarks.intervalMs)
  try {
    // Stored objects go out as they are (serialized, never modified), so no copy per event per watcher.
    unsubscribe = watchRefs(w.store, w.gvr, w.opts, (ev) => {
      // Events emitted synchronously during subscribe (the initial ADDED burst) are written right away too.
      send(ev)
    })
    if (w.initialEventsEnd) send(bookmark({ 'k8s.io/initial-events-end': 'true' }))
    if (ended) unsubscribe()
  } catch (e) {
    // Too-old resourceVersion and similar: the real server answers 200 with one ERROR event carrying the Status.
    const status = toStatusError(e).status
    res.write(JSON.stringify({ type: 'ERROR', object: status }) + '\n')
    end()
  }
}
