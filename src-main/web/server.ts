// Browser mode: serves the built renderer and carries the contract (src-main/shared/contract.ts) over a loopback
// WebSocket. Same security posture as the API server: 127.0.0.1 only, and every request needs the per-run token
// (in the page URL once, then in an HttpOnly cookie or the WebSocket URL), so other local users and web pages
// cannot drive the learner's terminal.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import type { Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { REQUEST_NAMES, type EventName, type Frame, type RequestName } from '../shared/contract'

/** The app side of the contract: what createApp returns satisfies this. */
export interface WebDispatcher {
  dispatch(name: RequestName, arg: unknown): Promise<unknown>
  /** Every app event; returns an unsubscribe function. */
  onEvent(cb: (name: EventName, payload: unknown) => void): () => void
}

export interface WebServerOptions {
  dispatcher: WebDispatcher
  staticDir: string // out/renderer
  port?: number // 0 or undefined = any free port
  token: string
}

export interface WebServer {
  url: string // http://127.0.0.1:PORT/?token=…
  port: number
  close(): Promise<void>
}

export const TOKEN_COOKIE = 'ordinal_token'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

// Same policy as the Electron window (desktop/security.ts), plus ws: for the contract socket.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === TOKEN_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return null
}

function sendPage(res: ServerResponse, code: number, title: string, text: string): void {
  const body = `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${text}</p>\n`
  res.writeHead(code, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP })
  res.end(body)
}

/** Map a URL path onto a file inside root, or null when it would escape root (traversal) or is malformed. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  if (decoded.split('/').includes('..')) return null // refuse outright, even when it would stay inside root
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const base = resolve(root)
  const full = resolve(base, rel)
  if (full !== base && !full.startsWith(base + sep)) return null
  return full
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const { dispatcher, token } = opts
  const root = resolve(opts.staticDir)
  const sockets = new Set<Socket>()

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err) => {
      if (!res.headersSent) sendPage(res, 500, 'Internal error', String((err as Error)?.message ?? err))
      else res.destroy()
    })
  })

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('405 Method Not Allowed\n')
      return
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const queryToken = url.searchParams.get('token')
    const authorized = tokenMatches(queryToken, token) || tokenMatches(cookieToken(req), token)
    if (!authorized) {
      sendPage(res, 401, 'Unauthorized', 'Open Ordinal with the link printed in the terminal (it contains the access token).')
      return
    }
    // Raw path (before URL normalisation removed `..`), so traversal attempts are refused, not silently rewritten.
    const rawPath = (req.url ?? '/').split('?')[0]
    const file = resolveStatic(root, rawPath)
    if (!file) {
      sendPage(res, 404, 'Not found', 'No such file.')
      return
    }
    let st
    try {
      st = await stat(file)
    } catch {
      st = null
    }
    if (!st || !st.isFile()) {
      if (rawPath === '/' || rawPath === '/index.html') {
        sendPage(res, 503, 'Renderer not built', `No index.html in ${root}. Build it with: npm run build`)
      } else {
        sendPage(res, 404, 'Not found', 'No such file.')
      }
      return
    }
    const headers: Record<string, string | string[]> = {
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(st.size),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    }
    if (extname(file) === '.html') headers['Content-Security-Policy'] = CSP
    if (tokenMatches(queryToken, token)) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`
    }
    res.writeHead(200, headers)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    res.end(await readFile(file))
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const ok = url.pathname === '/ws' && (tokenMatches(url.searchParams.get('token'), token) || tokenMatches(cookieToken(req), token))
    // Defence in depth: a page from another origin must not drive the terminal even if it got hold of a cookie.
    const origin = req.headers.origin
    const port = (server.address() as { port: number }).port
    const sameOrigin = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
    if (!sameOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n403 Forbidden: cross-origin WebSocket\n')
      return
    }
    if (!ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n401 Unauthorized\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws))
  })

  function onSocket(ws: WebSocket): void {
    const send = (frame: Frame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
    }
    const unsubscribe = dispatcher.onEvent((name, payload) => send({ t: 'evt', name, payload }))
    ws.on('close', unsubscribe)
    ws.on('error', () => ws.terminate())
    ws.on('message', (raw) => {
      let frame: Frame
      try {
        frame = JSON.parse(String(raw)) as Frame
      } catch {
        return // not ours; ignore rather than crash the host
      }
      if (!frame || frame.t !== 'req' || typeof frame.id !== 'number') return
      const { id, name } = frame
      if (!(REQUEST_NAMES as readonly string[]).includes(name)) {
        send({ t: 'res', id, ok: false, error: `unknown request ${JSON.stringify(name)}` })
        return
      }
      Promise.resolve()
        .then(() => dispatcher.dispatch(name, frame.t === 'req' ? frame.arg : undefined))
        .then(
          (result) => send({ t: 'res', id, ok: true, result: result ?? null }),
          (err) => send({ t: 'res', id, ok: false, error: err instanceof Error ? err.message : String(err) }),
        )
    })
  }

  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
  const port = (server.address() as { port: number }).port

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    close: () =>
      new Promise<void>((done) => {
        for (const c of wss.clients) c.terminate()
        wss.close()
        for (const s of sockets) s.destroy()
        server.close(() => done())
      }),
  }
}
