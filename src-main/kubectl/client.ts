// REST client: node http/https with a bearer token, JSON bodies, and newline-delimited watch streams.
// Errors from the server become ApiError carrying the metav1.Status, so commands can word them like kubectl.
import http from 'node:http'
import https from 'node:https'
import type { Status } from '../cluster/api-types'
import type { RestConfig } from './kubeconfig'

export const USER_AGENT = 'kubectl/v1.32.4 (linux/amd64) kubernetes/ordinal'
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? '')
  }
  get code(): number { return this.status.code ?? 0 }
  get reason(): string { return this.status.reason ?? '' }
}

/** Network-level failure, worded like kubectl's "connection refused" line. */
export class ConnectionError extends Error {}

export class AbortedError extends Error {}

export interface RequestOptions {
  query?: Record<string, string | string[] | undefined>
  body?: unknown
  contentType?: string
  accept?: string
  signal?: AbortSignal
  /** Return the body as text instead of parsing JSON (logs). */
  text?: boolean
}

export interface WatchEvent { type: string; object: any }

const reasonForCode: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
  409: 'Conflict', 410: 'Expired', 415: 'UnsupportedMediaType', 422: 'Invalid', 429: 'TooManyRequests',
  500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
}

export function buildQuery(q: RequestOptions['query']): string {
  if (!q) return ''
  const parts: string[] = []
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(one)}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

export class RestClient {
  constructor(readonly config: RestConfig) {}

  get hostPort(): string {
    return new URL(this.config.server).host
  }

  private open(method: string, path: string, opts: RequestOptions): Promise<http.IncomingMessage> {
    const url = new URL(this.config.server + path + buildQuery(opts.query))
    const headers: Record<string, string> = {
      'User-Agent': USER_AGENT,
      Accept: opts.accept ?? 'application/json',
    }
    if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`
    let payload: string | undefined
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
      headers['Content-Type'] = opts.contentType ?? 'application/json'
      headers['Content-Length'] = String(Buffer.byteLength(payload))
    }
    const mod = url.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new AbortedError('aborted'))
      const req = mod.request(url, {
        method, headers,
        ...(url.protocol === 'https:' ? { rejectUnauthorized: !this.config.insecure, ca: this.config.caData, cert: this.config.certData, key: this.config.keyData } : {}),
      }, resolve)
      const onAbort = () => { req.destroy(new AbortedError('aborted')) }
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      req.on('error', (e: NodeJS.ErrnoException) => {
        opts.signal?.removeEventListener('abort', onAbort)
        if (e instanceof AbortedError || opts.signal?.aborted) return reject(new AbortedError('aborted'))
        if (e.code === 'ECONNREFUSED') {
          return reject(new ConnectionError(`The connection to the server ${url.host} was refused - did you specify the right host or port?`))
        }
        reject(new ConnectionError(`Unable to connect to the server: ${e.message}`))
      })
      req.on('response', () => opts.signal?.removeEventListener('abort', onAbort))
      if (payload !== undefined) req.write(payload)
      req.end()
    })
  }

  /** One request; resolves with the parsed JSON body, throws ApiError for HTTP >= 400. */
  async request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.open(method, path, opts)
    const text = await readAll(res, opts.signal)
    const code = res.statusCode ?? 0
    let body: any = undefined
    try { body = text ? JSON.parse(text) : undefined } catch { body = undefined }
    if (code >= 400) throw new ApiError(toStatus(code, body, text))
    if (opts.text) return text as T
    return body as T
  }

  /** Watch stream: calls onEvent per line; resolves when the server ends the stream or the signal aborts. */
  async watch(path: string, opts: RequestOptions, onEvent: (e: WatchEvent) => void | Promise<void>): Promise<void> {
    const res = await this.open('GET', path, opts)
    const code = res.statusCode ?? 0
    if (code >= 400) {
      const text = await readAll(res, opts.signal)
      let body: any
      try { body = JSON.parse(text) } catch { body = undefined }
      throw new ApiError(toStatus(code, body, text))
    }
    res.setEncoding('utf8')
    let buf = ''
    await new Promise<void>((resolve, reject) => {
      let chain = Promise.resolve()
      const onAbort = () => { res.destroy(); resolve() }
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      res.on('data', (chunk: string) => {
        buf += chunk
        let nl: number
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim()
          buf = buf.slice(nl + 1)
          if (!line) continue
          let ev: WatchEvent
          try { ev = JSON.parse(line) } catch { continue }
          chain = chain.then(() => onEvent(ev)).catch((e) => { res.destroy(); reject(e) })
        }
      })
      const done = () => { opts.signal?.removeEventListener('abort', onAbort); chain.then(() => resolve(), reject) }
      res.on('end', done)
      res.on('close', done)
      res.on('error', () => done())
    })
  }
}

function readAll(res: http.IncomingMessage, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const onAbort = () => { res.destroy(); reject(new AbortedError('aborted')) }
    signal?.addEventListener('abort', onAbort, { once: true })
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => { signal?.removeEventListener('abort', onAbort); resolve(Buffer.concat(chunks).toString('utf8')) })
    res.on('error', reject)
  })
}

function toStatus(code: number, body: any, text: string): Status {
  if (body && body.kind === 'Status') return { ...body, code: body.code ?? code }
  const reason = reasonForCode[code] ?? 'Unknown'
  // Without a Status body client-go words the error from the HTTP code.
  const generic: Record<number, string> = {
    404: 'the server could not find the requested resource',
    401: 'the server has asked for the client to provide credentials',
    403: 'the server does not allow access to the requested resource',
    405: 'the server does not allow this method on the requested resource',
    409: 'the server reported a conflict',
    500: 'an error on the server ("' + text.trim() + '") has prevented the request from succeeding',
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason,
    message: generic[code] ?? `the server responded with the status code ${code} but did not return more information` }
}
