// A streaming GET for `logs -f`: the shared RestClient buffers whole bodies, a followed log never ends on its own.
// Errors become ApiError like the client's, so commands word them the same way.
import http from 'node:http'
import https from 'node:https'
import { StringDecoder } from 'node:string_decoder'
import type { Invocation } from '../command'
import { ApiError, ConnectionError, USER_AGENT, buildQuery } from '../client'

export async function streamGet(inv: Invocation, path: string, query: Record<string, string | undefined>,
  onText: (s: string) => void): Promise<void> {
  const cfg = inv.config
  const url = new URL(cfg.server + path + buildQuery(query))
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: '*/*' }
  if (cfg.token) headers.Authorization = `Bearer ${cfg.token}`
  const mod = url.protocol === 'https:' ? https : http
  await new Promise<void>((resolve, reject) => {
    if (inv.signal.aborted) return resolve()
    const req = mod.request(url, {
      method: 'GET', headers,
      ...(url.protocol === 'https:' ? { rejectUnauthorized: !cfg.insecure, ca: cfg.caData, cert: cfg.certData, key: cfg.keyData } : {}),
    }, (res) => {
      const code = res.statusCode ?? 0
      if (code >= 400) {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: any
          try { body = JSON.parse(text) } catch { body = undefined }
          if (body?.kind === 'Status') reject(new ApiError({ ...body, code: body.code ?? code }))
          else reject(new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, message: text.trim() }))
        })
        return
      }
      const dec = new StringDecoder('utf8')
      res.on('data', (c: Buffer) => onText(dec.write(c)))
      res.on('end', () => { onText(dec.end()); resolve() })
      res.on('error', () => resolve())
      res.on('close', () => resolve())
    })
    const onAbort = () => { req.destroy(); resolve() }
    inv.signal.addEventListener('abort', onAbort, { once: true })
    req.on('close', () => inv.signal.removeEventListener('abort', onAbort))
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (inv.signal.aborted) return resolve()
      if (e.code === 'ECONNREFUSED') reject(new ConnectionError(`The connection to the server ${url.host} was refused - did you specify the right host or port?`))
      else reject(new ConnectionError(`Unable to connect to the server: ${e.message}`))
    })
    req.end()
  })
}
