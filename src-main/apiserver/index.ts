// The Kubernetes REST API over the simulated cluster, on 127.0.0.1 with a bearer token. Real kubectl 1.32 and our
// own kubectl both talk to it. Routing lives here; each concern has its own module.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import type { Duplex } from 'node:stream'
import type { Cluster } from '../cluster/cluster-types'
import { errors, StatusError } from '../cluster/store/errors'
import { AuditLog, type AuditEntry } from './audit'
import {
  aggregatedContentType,
  aggregatedDiscovery,
  legacyApiVersions,
  legacyGroup,
  legacyGroupList,
  resourceList,
} from './discovery'
import { readBody, sendJson, sendStatus, successStatus, toStatusError } from './http-util'
import { wantsAggregatedDiscovery } from './negotiate'
import { openApiDocument, openApiIndex } from './openapi/openapi'
import { handleEviction } from './eviction'
import { handleResource, pageNotFound } from './resources'
import { parseResourcePath } from './routes'
import { createStreamServer, execRequestFrom, pumpSession, rejectUpgrade, serveLogs } from './streams'
import { DEFAULT_BOOKMARK_INTERVAL_MS, WatchRegistry } from './watch'
import { serveHealth } from './health'
import { makeServerCert } from './tls-cert'
import { rememberServerCa } from './kubeconfig'
import type { CommandRecord } from '../shared/command-record'

export { writeKubeconfig, kubeconfigText } from './kubeconfig'
export type { AuditEntry } from './audit'

export type { CommandRecord } from '../shared/command-record'

export interface ApiServer {
  url: string
  port: number
  audit: AuditEntry[]
  /** PEM of the self-signed serving certificate (clients trust it as their CA; it is in the kubeconfig). */
  ca: string
  onAudit(cb: (e: AuditEntry) => void): () => void
  close(): Promise<void>
}

export interface ApiServerOptions {
  cluster: Cluster
  token: string
  port?: number // 0 = any free port
  onCommand?: (rec: CommandRecord) => void
  /** Called as each request (or stream upgrade) arrives and as each event of a watch on one named object is sent
   *  (watchesOneObject: a list watch such as `kubectl get -w` only reads). The clock driver uses it so `instant`
   *  speed gives a client a moment to react to what it was just told, and does not jump sim time in the middle of a
   *  request sequence (kubectl's delete: DELETE, GET, LIST, WATCH; run -i: watch until Running, attach). */
  onActivity?: () => void
  /** Called when a request that may have changed the cluster (any method but GET and HEAD) has been answered (its
   *  handler has written the response), before the controllers' reaction to it runs: the app hands pending changes to
   *  SQLite then, so what a client is told has happened is on disk. */
  onAnsweredWrite?: () => void
  /** Real-time period of watch BOOKMARK events (default 60 s, like a real server); tests shorten it. */
  bookmarkIntervalMs?: number
}

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
}

function authorized(req: IncomingMessage, token: string): boolean {
  const h = req.headers.authorization ?? ''
  const m = /^Bearer\s+(.+)$/i.exec(h)
  return !!m && m[1].trim() === token
}

const verbsByMethod: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { cluster, token } = opts
  const store = cluster.store
  const audit = new AuditLog()
  const watches = new WatchRegistry(() => opts.onActivity?.())
  const wss = createStreamServer()
  let baseUrl = ''

  const record = (req: IncomingMessage, url: URL, verb: string, code: number) =>
    audit.add({
      time: cluster.clock.now(),
      verb,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      userAgent: String(req.headers['user-agent'] ?? ''),
      code,
    })

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, setVerb: (v: string) => void, streaming: () => void): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/'
    const method = req.method ?? 'GET'
    const accept = req.headers.accept

    if (path === '/version') return sendJson(res, 200, SERVER_VERSION)
    if (serveHealth(path, url.searchParams, res)) return
    if (path === '/ordinal/v1/commands') {
      if (method !== 'POST') throw errors.methodNotAllowed('the server does not allow this method on the requested resource')
      setVerb('create')
      const rec = parseCommandRecord(await readBody(req))
      opts.onCommand?.(rec)
      return sendJson(res, 201, successStatus())
    }
    if (path === '/api') {
      const v = wantsAggregatedDiscovery(accept)
      if (v) return sendJson(res, 200, aggregatedDiscovery(store.resources(), true, v), aggregatedContentType(v))
      return sendJson(res, 200, legacyApiVersions(`${url.hostname}:${url.port}`))
    }
    if (path === '/apis') {
      const v = wantsAggregatedDiscovery(accept)
      if (v) return sendJson(res, 200, aggregatedDiscovery(store.resources(), false, v), aggregatedContentType(v))
      return sendJson(res, 200, legacyGroupList(store.resources()))
    }
    if (path === '/openapi/v3') return sendJson(res, 200, openApiIndex(store.resources()))
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiDocument(store.resources(), path.slice('/openapi/v3/'.length))
      if (!doc) pageNotFound()
      return sendJson(res, 200, doc)
    }
    const segs = path.split('/').filter(Boolean)
    if (segs[0] === 'api' && segs.length === 2) {
      const list = resourceList(store.resources(), '', segs[1])
      if (!list) pageNotFound()
      return sendJson(res, 200, list)
    }
    if (segs[0] === 'apis' && segs.length === 2) {
      const g = legacyGroup(store.resources(), segs[1])
      if (!g) pageNotFound()
      return sendJson(res, 200, g)
    }
    if (segs[0] === 'apis' && segs.length === 3) {
      const list = resourceList(store.resources(), segs[1], segs[2])
      if (!list) pageNotFound()
      return sendJson(res, 200, list)
    }
    const p = parseResourcePath(path, (g, r) => !!store.resource(g, r))
    if (!p) pageNotFound()
    if (p.resource === 'pods' && p.group === '' && p.name && p.namespace !== undefined) {
      if (p.subresource === 'log') {
        setVerb('get')
        store.get({ group: '', version: 'v1', resource: 'pods' }, p.namespace, p.name)
        serveLogs(cluster, req, res, p.namespace, p.name, url.searchParams)
        if (!res.writableEnded) streaming()
        return
      }
      if (p.subresource === 'exec' || p.subresource === 'attach') {
        throw errors.badRequest('Upgrade request required')
      }
      if (p.subresource === 'eviction') {
        setVerb('create')
        return handleEviction(cluster, req, res, url.searchParams, p.namespace, p.name)
      }
    }
    return handleResource({ cluster, req, res, query: url.searchParams, watches, setVerb, streaming, bookmarkIntervalMs: opts.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS }, p)
  }

  const tls = makeServerCert()
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    opts.onActivity?.()
    const url = new URL(req.url ?? '/', baseUrl || 'https://127.0.0.1')
    let verb = verbsByMethod[req.method ?? 'GET'] ?? (req.method ?? '').toLowerCase()
    let recorded = false
    const recordOnce = () => {
      if (recorded) return
      recorded = true
      record(req, url, verb, res.statusCode)
    }
    // Watches and followed logs are recorded when they start streaming, everything else when it completes.
    res.on('finish', recordOnce)
    res.on('close', recordOnce)
    if (!authorized(req, token)) {
      req.resume()
      return sendStatus(res, errors.unauthorized().status)
    }
    route(req, res, url, (v) => (verb = v), recordOnce)
      .catch((e) => {
        const err = toStatusError(e)
        if (res.headersSent) {
          res.end()
          return
        }
        sendStatus(res, err.status)
      })
      // In the microtasks right after the handler's last synchronous step (the store write, then the answer), so
      // before anything the controllers do in reaction (timers, immediates), however long the answer takes to leave.
      .finally(() => {
        if (req.method !== 'GET' && req.method !== 'HEAD') opts.onAnsweredWrite?.()
      })
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    opts.onActivity?.()
    const url = new URL(req.url ?? '/', baseUrl || 'https://127.0.0.1')
    socket.on('error', () => socket.destroy())
    const fail = (e: StatusError) => {
      record(req, url, 'create', e.code)
      rejectUpgrade(socket, e.status)
    }
    if (!authorized(req, token)) return fail(errors.unauthorized())
    const p = parseResourcePath(url.pathname, (g, r) => !!store.resource(g, r))
    if (!p || p.resource !== 'pods' || !p.name || p.namespace === undefined || (p.subresource !== 'exec' && p.subresource !== 'attach')) {
      return fail(new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 }))
    }
    const websocket = String(req.headers.upgrade ?? '').toLowerCase() === 'websocket'
    let session
    let execReq
    try {
      execReq = execRequestFrom(p.namespace, p.name, url.searchParams, p.subresource === 'attach')
      store.get({ group: '', version: 'v1', resource: 'pods' }, p.namespace, p.name)
      // A client that falls back to SPDY (the real kubectl does after a failed WebSocket upgrade) must hear the real
      // reason, e.g. that the container has exited, not only that SPDY is unsupported. So a SPDY request is checked
      // with an attach, which has no side effect (an exec is never started for it), and then refused.
      if (!websocket) session = cluster.runtime.attach({ ...execReq, stdin: false, tty: false })
      else session = p.subresource === 'attach' ? cluster.runtime.attach(execReq) : cluster.runtime.exec(execReq)
    } catch (e) {
      return fail(toStatusError(e))
    }
    if (!websocket) {
      session.close()
      return fail(errors.badRequest(`unable to upgrade: only WebSocket streams (${'v5.channel.k8s.io'}) are supported`))
    }
    const s = session
    const r = execReq
    wss.handleUpgrade(req, socket, head, (ws) => {
      record(req, url, 'create', 101)
      pumpSession(ws, s, r, p.subresource === 'attach')
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  baseUrl = `https://127.0.0.1:${port}`
  rememberServerCa(baseUrl, tls.cert)

  let closing: Promise<void> | undefined
  return {
    url: baseUrl,
    port,
    audit: audit.entries,
    ca: tls.cert,
    onAudit: (cb) => audit.on(cb),
    close() {
      closing ??= new Promise<void>((resolve) => {
        watches.closeAll()
        for (const ws of wss.clients) ws.close(1001)
        server.close(() => resolve())
        server.closeIdleConnections()
        setTimeout(() => {
          server.closeAllConnections()
          for (const ws of wss.clients) ws.terminate()
        }, 100).unref()
      })
      return closing
    },
  }
}

function parseCommandRecord(text: string): CommandRecord {
  let body: any
  try {
    body = JSON.parse(text)
  } catch {
    throw errors.badRequest('command record must be JSON')
  }
  const ok =
    body &&
    typeof body.line === 'string' &&
    typeof body.cwd === 'string' &&
    Number.isInteger(body.exitCode) &&
    typeof body.startedAt === 'number' &&
    typeof body.endedAt === 'number'
  if (!ok) throw errors.badRequest('command record needs line, cwd (strings), exitCode (integer), startedAt, endedAt (numbers)')
  return { line: body.line, cwd: body.cwd, exitCode: body.exitCode, startedAt: body.startedAt, endedAt: body.endedAt }
}
