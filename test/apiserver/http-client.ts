// Minimal HTTPS client for API-level tests (trusts the test server's self-signed CA).
import { request } from 'node:https'
import type { TestCluster } from '../helpers/cluster-harness'

/** What `call` needs of a server: a TestCluster, or any app's API server with its token. */
export interface ApiTarget {
  url: string
  token: string
  api: { ca: string }
}

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json(): any
}

export function call(
  tc: ApiTarget,
  method: string,
  path: string,
  opts: { body?: unknown; contentType?: string; accept?: string; token?: string | null } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    const token = opts.token === undefined ? tc.token : opts.token
    if (token !== null) headers.authorization = `Bearer ${token}`
    if (opts.accept) headers.accept = opts.accept
    let payload: string | Buffer | undefined
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body)
      headers['content-type'] = opts.contentType ?? 'application/json'
      headers['content-length'] = String(Buffer.byteLength(payload))
    }
    const req = request(new URL(path, tc.url), { method, headers, ca: tc.api.ca }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }))
    })
    req.on('error', reject)
    if (payload) req.write(payload)
    req.end()
  })
}

/** Open a watch and collect its newline-delimited events until `until` says stop (then the client disconnects). */
export function watch(tc: TestCluster, path: string, accept?: string): { events: any[]; status: Promise<number>; done: Promise<void>; stop(): void; ended: () => boolean } {
  const events: any[] = []
  let stopFn = () => {}
  let ended = false
  let resolveStatus: (n: number) => void = () => {}
  const status = new Promise<number>((r) => (resolveStatus = r))
  const done = new Promise<void>((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${tc.token}` }
    if (accept) headers.accept = accept
    const req = request(new URL(path, tc.url), { method: 'GET', headers, ca: tc.api.ca }, (res) => {
      resolveStatus(res.statusCode ?? 0)
      let buf = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        buf += d
        let i
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)))
          buf = buf.slice(i + 1)
        }
      })
      res.on('end', () => {
        ended = true
        resolve()
      })
      res.on('close', () => {
        ended = true
        resolve()
      })
    })
    req.on('error', (e) => (ended ? resolve() : reject(e)))
    stopFn = () => req.destroy()
    req.end()
  })
  return { events, status, done, stop: () => stopFn(), ended: () => ended }
}
