// Browser-side OrdinalApi over the browser-mode WebSocket (web/server.ts). Pure: no node imports, so the renderer
// bundles it. Requests carry ids and resolve from `res` frames; `evt` frames fan out to listeners. The socket
// reconnects with backoff (the host may restart or the laptop may sleep); requests made while disconnected wait
// for the next connection, requests in flight when it drops are rejected (they may or may not have run).
import type { EventName, Events, Frame, OrdinalApi, RequestArg, RequestName, RequestResult } from '../shared/contract'

/** The part of the WebSocket API we use; the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((ev: any) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: any) => void) | null
  onerror: ((ev: any) => void) | null
}

export interface WebApiOptions {
  /** ws://127.0.0.1:PORT/ws?token=…; default: derived from window.location. */
  url?: string
  /** Default: the global WebSocket. */
  WebSocketImpl?: new (url: string) => WebSocketLike
  /** Delay before reconnect attempt n (1-based). Default: 250 ms doubling to 5 s. */
  reconnectDelayMs?: (attempt: number) => number
}

export interface WebOrdinalApi extends OrdinalApi {
  readonly connected: boolean
  /** Connection state changes (the renderer shows a "reconnecting…" banner). */
  onConnection(cb: (connected: boolean) => void): () => void
  /** Stop for good: rejects pending requests, no more reconnects. */
  close(): void
}

const OPEN = 1

function missingWebSocket(): never {
  throw new Error('ordinal: no WebSocket implementation available')
}

/** The WebSocket URL for a page served by web/server.ts: same host, path /ws, the page's token if it has one
 *  (otherwise the HttpOnly cookie set on first load authenticates the upgrade). */
export function wsUrlFromLocation(loc: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(loc.search).get('token')
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${loc.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`
}

export function connectWebApi(opts: WebApiOptions = {}): WebOrdinalApi {
  const g = globalThis as unknown as { WebSocket?: new (url: string) => WebSocketLike; location?: Location }
  const Impl: new (url: string) => WebSocketLike = opts.WebSocketImpl ?? g.WebSocket ?? missingWebSocket()
  const url = opts.url ?? (g.location ? wsUrlFromLocation(g.location) : '')
  if (!url) throw new Error('ordinal: no WebSocket URL (pass opts.url)')
  const delay = opts.reconnectDelayMs ?? ((n: number) => Math.min(5000, 250 * 2 ** (n - 1)))

  let ws: WebSocketLike | null = null
  let nextId = 1
  let closed = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  const inflight = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  const queue: { id: number; text: string }[] = [] // requests made while disconnected, sent on the next open
  const listeners = new Map<EventName, Set<(p: any) => void>>()
  const connListeners = new Set<(c: boolean) => void>()
  let connected = false

  const setConnected = (c: boolean) => {
    if (c === connected) return
    connected = c
    for (const l of connListeners) l(c)
  }

  const failInflight = (why: string, includeQueued: boolean) => {
    const queued = new Set(queue.map((q) => q.id))
    for (const [id, p] of inflight) {
      if (!includeQueued && queued.has(id)) continue
      inflight.delete(id)
      p.reject(new Error(why))
    }
  }

  function open(): void {
    if (closed) return
    const sock = new Impl(url)
    ws = sock
    sock.onopen = () => {
      attempt = 0
      setConnected(true)
      while (queue.length && sock.readyState === OPEN) sock.send(queue.shift()!.text)
    }
    sock.onmessage = (ev) => onFrame(ev.data)
    sock.onerror = () => {
      /* onclose follows and handles it */
    }
    sock.onclose = () => {
      if (ws !== sock) return
      ws = null
      setConnected(false)
      failInflight('ordinal: the connection to the app was lost', false)
      if (!closed) {
        attempt++
        timer = setTimeout(open, delay(attempt))
      }
    }
  }

  function onFrame(data: unknown): void {
    let frame: Frame
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data)) as Frame
    } catch {
      return
    }
    if (frame.t === 'res') {
      const p = inflight.get(frame.id)
      if (!p) return
      inflight.delete(frame.id)
      if (frame.ok) p.resolve(frame.result)
      else p.reject(new Error(frame.error))
    } else if (frame.t === 'evt') {
      const set = listeners.get(frame.name)
      if (set) for (const cb of [...set]) cb(frame.payload)
    }
  }

  open()

  return {
    get connected() {
      return connected
    },
    request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>> {
      if (closed) return Promise.reject(new Error('ordinal: the connection is closed'))
      const id = nextId++
      const text = JSON.stringify({ t: 'req', id, name, arg: arg ?? null } satisfies Frame)
      return new Promise<RequestResult<K>>((resolve, reject) => {
        inflight.set(id, { resolve: resolve as (v: unknown) => void, reject })
        if (ws && ws.readyState === OPEN) ws.send(text)
        else queue.push({ id, text })
      })
    },
    on<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void {
      let set = listeners.get(name)
      if (!set) listeners.set(name, (set = new Set()))
      set.add(cb)
      return () => {
        set!.delete(cb)
      }
    },
    onConnection(cb) {
      connListeners.add(cb)
      return () => {
        connListeners.delete(cb)
      }
    },
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      failInflight('ordinal: the connection is closed', true)
      queue.length = 0
      const s = ws
      ws = null
      setConnected(false)
      s?.close()
    },
  }
}
