// exec/attach over WebSocket with the v5.channel.k8s.io subprotocol: first byte of each binary message is the
// channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close). The local terminal goes raw for -t.
import WebSocket from 'ws'
import { StringDecoder } from 'node:string_decoder'
import type { Invocation } from './command'
import { ApiError, USER_AGENT, buildQuery } from './client'
import { ExitError } from './errors'

export interface StreamOptions {
  stdin: boolean
  tty: boolean
}

/** Run one exec/attach session. Resolves 0 on success; throws ExitError for a non-zero exit or a failure status. */
export async function runStream(inv: Invocation, path: string, query: Record<string, string | string[] | undefined>, opts: StreamOptions): Promise<number> {
  const cfg = inv.config
  const url = cfg.server.replace(/^http/, 'ws') + path + buildQuery(query)
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT }
  if (cfg.token) headers.Authorization = `Bearer ${cfg.token}`
  const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {
    headers, rejectUnauthorized: !cfg.insecure, ca: cfg.caData, cert: cfg.certData, key: cfg.keyData,
  })
  ws.binaryType = 'nodebuffer'
  const tty = opts.tty ? inv.ctx.tty : null
  const out = new StringDecoder('utf8')
  const errDec = new StringDecoder('utf8')
  let statusText = ''
  let closed = false
  const cleanups: (() => void)[] = []

  const send = (channel: number, data: Buffer | string) => {
    if (ws.readyState !== WebSocket.OPEN) return
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    ws.send(Buffer.concat([Buffer.from([channel]), body]))
  }

  const done = new Promise<void>((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        try {
          const s = JSON.parse(text)
          if (s.kind === 'Status') return reject(new ApiError({ ...s, code: s.code ?? res.statusCode }))
        } catch { /* not a Status */ }
        reject(new ExitError(`error: unable to upgrade connection: ${text.trim() || res.statusMessage}`))
      })
    })
    ws.on('open', () => {
      if (tty) {
        send(4, JSON.stringify({ Width: tty.cols(), Height: tty.rows() }))
        cleanups.push(tty.onResize((cols, rows) => send(4, JSON.stringify({ Width: cols, Height: rows }))))
        tty.setRaw(true)
        cleanups.push(() => tty.setRaw(false))
      }
      if (opts.stdin) void pumpStdin()
    })
    ws.on('message', (data: Buffer) => {
      if (data.length === 0) return
      const ch = data[0]
      const payload = data.subarray(1)
      if (ch === 1) inv.ctx.stdout.write(out.write(payload))
      else if (ch === 2) inv.ctx.stderr.write(errDec.write(payload))
      else if (ch === 3) statusText += payload.toString('utf8')
    })
    ws.on('close', () => { closed = true; resolve() })
    ws.on('error', (e) => { if (!closed) reject(new ExitError(`error: ${e.message}`)) })
  })

  const pumpStdin = async () => {
    while (!closed) {
      const chunk = await inv.ctx.stdin.read()
      if (closed) return
      if (chunk === null) {
        // v5: tell the server stdin is finished.
        if (ws.protocol === 'v5.channel.k8s.io') send(255, Buffer.from([0]))
        return
      }
      send(0, chunk)
    }
  }

  const onAbort = () => ws.close(1000)
  inv.signal.addEventListener('abort', onAbort, { once: true })
  try {
    await done
  } finally {
    inv.signal.removeEventListener('abort', onAbort)
    for (const c of cleanups.reverse()) c()
  }
  inv.ctx.stdout.write(out.end())
  if (inv.signal.aborted) return 130
  if (!statusText) return 0
  let status: any
  try { status = JSON.parse(statusText) } catch { throw new ExitError('error: error stream protocol error: invalid status') }
  if (status.status === 'Success') return 0
  if (status.reason === 'NonZeroExitCode') {
    const cause = (status.details?.causes ?? []).find((c: any) => c.reason === 'ExitCode')
    const code = Number(cause?.message ?? 1)
    throw new ExitError(`command terminated with exit code ${code}`, code)
  }
  throw new ExitError(`error: ${status.message ?? 'unknown error'}`)
}
