// Small helpers for writing Kubernetes-shaped HTTP responses. Every error body is a metav1.Status.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Status } from '../cluster/api-types'
import { errors, isStatusError, StatusError } from '../cluster/store/errors'

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body)
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    'X-Kubernetes-Pf-Flowschema-Uid': 'ordinal',
  })
  res.end(text)
}

export function sendStatus(res: ServerResponse, status: Status): void {
  sendJson(res, status.code ?? 500, status)
}

/** Turn anything thrown into a Status: StatusErrors keep their body, anything else becomes a 500. */
export function toStatusError(e: unknown): StatusError {
  if (isStatusError(e)) return e
  const msg = e instanceof Error ? e.message : String(e)
  return errors.internal(msg)
}

export async function readBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<string> {
  return (await readRawBody(req, limit)).toString('utf8')
}

/** The request body as bytes (protobuf bodies are binary). */
export function readRawBody(req: IncomingMessage, limit = 8 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(errors.badRequest('request entity too large'))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function successStatus(details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }
}
