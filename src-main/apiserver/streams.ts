// exec/attach over WebSocket (the v5/v4.channel.k8s.io framing kubectl speaks) and pods/<name>/log.
// Frames are binary; the first byte is the channel: 0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Status } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import { errors } from '../cluster/store/errors'
import type { ExecRequest, ExecSession } from '../cluster/runtime/types'
import { toStatusError } from './http-util'

export const STREAM_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const

export function createStreamServer(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => {
      for (const p of STREAM_PROTOCOLS) if (offered.has(p)) return p
      return false
    },
  })
}

/** Reply on a raw socket that never became a WebSocket (auth failure, unknown pod, SPDY request…). */
export function rejectUpgrade(socket: Duplex, status: Status): void {
  const body = JSON.stringify(status)
  const code = status.code ?? 500
  const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' }[code] ?? 'Error'
  socket.end(
    `HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

function flag(q: URLSearchParams, name: string, dflt: boolean): boolean {
  const v = q.get(name)
  if (v === null) return dflt
  return v === 'true' || v === '1'
}

export function execRequestFrom(namespace: string, pod: string, q: URLSearchParams, attach: boolean): ExecRequest {
  const command = q.getAll('command')
  if (!attach && command.length === 0) throw errors.badRequest('you must specify at least 1 command')
  const tty = flag(q, 'tty', false)
  const req: ExecRequest = {
    namespace,
    pod,
    command,
    stdin: flag(q, 'stdin', false),
    stdout: flag(q, 'stdout', true),
    stderr: tty ? false : flag(q, 'stderr', true),
    tty,
  }
  const container = q.get('container')
  if (container) req.container = container
  if (!req.stdin && !req.stdout && !req.stderr) throw errors.badRequest('you must specify at least one of stdin, stdout, stderr')
  return req
}

function exitStatus(code: number, command: string[]): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' }
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  }
}

/** Runs once the WebSocket is open. Output is held back a moment so kubectl has registered its streams.
 *  `attach`: the kubelet's attach always ends with a Success status (it doesn't know the container's exit code);
 *  kubectl run reads the exit code from the pod status instead. A NonZeroExitCode status there would make the
 *  real kubectl print `couldn't attach to pod/…, falling back to streaming logs` and dump the log a second time. */
export function pumpSession(ws: WebSocket, session: ExecSession, req: ExecRequest, attach = false): void {
  const v5 = ws.protocol === 'v5.channel.k8s.io'
  let ready = false
  const queue: Buffer[] = []
  let closed = false
  const send = (channel: number, data: string | Buffer) => {
    const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    const frame = Buffer.concat([Buffer.from([channel]), payload])
    if (!ready) queue.push(frame)
    else if (ws.readyState === ws.OPEN) ws.send(frame)
  }
  setTimeout(() => {
    ready = true
    for (const f of queue.splice(0)) if (ws.readyState === ws.OPEN) ws.send(f)
  }, 30)

  session.onStdout((d) => send(1, d))
  session.onStderr((d) => send(req.tty ? 1 : 2, d))

  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    const buf = isBinary ? raw : Buffer.from(raw)
    if (!buf.length) return
    const channel = buf[0]
    const data = buf.subarray(1)
    if (channel === 0) {
      if (data.length) session.write(data.toString('utf8'))
    } else if (channel === 4) {
      try {
        const size = JSON.parse(data.toString('utf8'))
        if (size.Width && size.Height) session.resize(size.Width, size.Height)
      } catch {
        // A malformed resize is ignored, as the kubelet does.
      }
    } else if (channel === 255 && v5 && data[0] === 0) {
      session.endInput()
    }
  })
  ws.on('close', () => {
    if (!closed) {
      closed = true
      session.close()
    }
  })

  session.exited.then(
    (code) => {
      if (closed) return
      send(3, JSON.stringify(exitStatus(attach ? 0 : code, req.command)))
      const finish = () => {
        closed = true
        if (ws.readyState === ws.OPEN) ws.close(1000)
      }
      if (ready) finish()
      else setTimeout(finish, 40)
    },
    (e) => {
      if (closed) return
      send(3, JSON.stringify(toStatusError(e).status))
      setTimeout(() => {
        closed = true
        if (ws.readyState === ws.OPEN) ws.close(1000)
      }, ready ? 0 : 40)
    },
  )
}

/** GET pods/<name>/log: plain text; with follow=true the response stays open and streams new lines. */
export function serveLogs(cluster: Cluster, req: IncomingMessage, res: ServerResponse, namespace: string, pod: string, q: URLSearchParams): void {
  const num = (n: string) => {
    const v = q.get(n)
    if (v === null || v === '') return undefined
    const x = Number(v)
    if (!Number.isInteger(x)) throw errors.badRequest(`invalid value for ${n}: "${v}"`)
    return x
  }
  const stream = cluster.runtime.logs(namespace, pod, {
    container: q.get('container') ?? undefined,
    follow: flag(q, 'follow', false),
    tailLines: num('tailLines'),
    previous: flag(q, 'previous', false),
    timestamps: flag(q, 'timestamps', false),
    sinceSeconds: num('sinceSeconds'),
  })
  const follow = flag(q, 'follow', false) && stream.follow
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', ...(follow ? { 'Transfer-Encoding': 'chunked' } : {}) })
  if (!follow) {
    res.end(stream.initial)
    return
  }
  res.flushHeaders()
  if (stream.initial) res.write(stream.initial)
  let done = false
  const unsubscribe = stream.follow!(
    (chunk) => {
      if (!done) res.write(chunk)
    },
    () => {
      if (done) return
      done = true
      res.end()
    },
  )
  const stop = () => {
    if (done) return
    done = true
    unsubscribe()
    if (!res.writableEnded) res.end()
  }
  req.on('close', stop)
}
