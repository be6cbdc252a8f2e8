// Runs the learner's workstation shell (a Node child: src-main/cli/shell.ts) in a real pty and connects it to the
// renderer's xterm. Output is decoded with one streaming UTF-8 decoder (a character split across pty reads is never
// torn) and batched every few ms, so a burst of output is a few IPC messages, not thousands. If the renderer falls
// behind (it acks what it has drawn), the pty is paused until it catches up. A shell that stops is restarted with a
// notice; history and the workspace live on disk, so they survive.
import { StringDecoder } from 'node:string_decoder'
import * as pty from 'node-pty'

export interface PtyHostOptions {
  file: string // e.g. process.execPath
  args: string[] // e.g. ['--import', 'tsx', 'src-main/cli/shell.ts']
  cwd: string
  /** Added to the host's environment (KUBECONFIG, ORDINAL_WORKSPACE, ORDINAL_DB…). */
  env?: Record<string, string | undefined>
  cols?: number
  rows?: number
  onOutput(data: string): void
  /** The child ended; `restarting` says whether a new one is on its way. */
  onExit?(info: { code: number; restarting: boolean }): void
  batchMs?: number // default 8
  /** Largest single onOutput message, in chars: a flood reaches the renderer as frames it can draw, not one
   *  multi-megabyte write that blocks its main thread. */
  maxChunk?: number // default 64 KiB
  /** Unacknowledged chars before the pty is paused (only once the renderer has acked at least once). */
  highWaterMark?: number // default 256 KiB
  lowWaterMark?: number // default 32 KiB
  /** More than this many restarts within `crashWindowMs` and we stop restarting (a crash loop). */
  maxRestarts?: number // default 5
  crashWindowMs?: number // default 10 s
}

export interface PtyHost {
  readonly pid: number
  readonly paused: boolean
  /** Keystrokes, pastes, and "Show me" (the solution followed by \r). */
  input(data: string): void
  resize(cols: number, rows: number): void
  /** The renderer has processed `chars` characters of output. */
  ack(chars: number): void
  /** Kill the current shell and start a fresh one (e.g. in another lesson's workspace). */
  restart(opts?: { cwd?: string; env?: Record<string, string | undefined> }): void
  close(): Promise<void>
}

export function notice(text: string): string {
  return `\r\n\x1b[33m[Ordinal] ${text}\x1b[0m\r\n`
}

export function startPtyHost(opts: PtyHostOptions): PtyHost {
  const batchMs = opts.batchMs ?? 8
  const maxChunk = Math.max(16, opts.maxChunk ?? 64 * 1024)
  const high = opts.highWaterMark ?? 256 * 1024
  const low = opts.lowWaterMark ?? 32 * 1024
  const maxRestarts = opts.maxRestarts ?? 5
  const crashWindow = opts.crashWindowMs ?? 10_000
  let cols = clampSize(opts.cols ?? 80, 80)
  let rows = clampSize(opts.rows ?? 24, 24)
  let cwd = opts.cwd
  let extraEnv = { ...opts.env }

  let child: pty.IPty | null = null
  let decoder = new StringDecoder('utf8')
  let queue: string[] = [] // output not yet sent, in order
  let queued = 0 // total chars in `queue`
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let unacked = 0
  let ackMode = false // flow control starts once the renderer shows it acks
  let paused = false
  let closing = false
  let closed: Promise<void> | null = null
  let restarts: number[] = []
  let exitWaiter: (() => void) | null = null
  let lastFlush = -Infinity // performance.now() of the last message

  /** Take up to maxChunk chars off the front of the queue, never ending between the halves of a UTF-16
   *  surrogate pair (an emoji, a rare CJK character). Pieces are kept as a list so a flood costs O(n), not O(n²). */
  const take = (): string => {
    const parts: string[] = []
    let room = maxChunk
    while (queue.length && room > 0) {
      const head = queue[0]
      if (head.length <= room) {
        parts.push(head)
        queue.shift()
        room -= head.length
        continue
      }
      let n = room
      const last = head.charCodeAt(n - 1)
      if (last >= 0xd800 && last <= 0xdbff) n--
      if (n <= 0 && parts.length) break
      n = Math.max(n, 1)
      parts.push(head.slice(0, n))
      queue[0] = head.slice(n)
      room = 0
    }
    const out = parts.join('')
    queued -= out.length
    return out
  }

  const flush = () => {
    flushTimer = null
    if (!queued) return
    lastFlush = performance.now()
    const out = take()
    unacked += out.length
    opts.onOutput(out)
    if (ackMode && !paused && unacked > high && child) {
      paused = true
      child.pause()
    }
    // The rest of a flood follows at once, one message per turn of the event loop.
    if (queued && !flushTimer) flushTimer = setTimeout(flush, 0)
  }

  // Leading-edge batching: output after a quiet spell (a keystroke's echo) goes out at once; whatever follows
  // within the next batchMs is gathered into one message. Floods are batched, typing is not delayed.
  const emit = (text: string) => {
    if (!text) return
    queue.push(text)
    queued += text.length
    if (flushTimer) return
    const wait = lastFlush + batchMs - performance.now()
    if (wait <= 0) {
      flush()
      lastFlush = performance.now()
      if (!flushTimer) flushTimer = setTimeout(flush, batchMs) // closes the window; a no-op if nothing came
    } else flushTimer = setTimeout(flush, wait)
  }

  const spawn = () => {
    decoder = new StringDecoder('utf8')
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries({ ...process.env, ...extraEnv, TERM: 'xterm-256color', COLORTERM: 'truecolor' })) {
      if (v !== undefined) env[k] = v
    }
    const p = pty.spawn(opts.file, opts.args, { name: 'xterm-256color', cols, rows, cwd, env, encoding: null })
    child = p
    paused = false
    unacked = 0
    p.onData((chunk: string | Buffer) => {
      if (child !== p) return
      emit(typeof chunk === 'string' ? chunk : decoder.write(chunk))
    })
    p.onExit(({ exitCode, signal }) => {
      if (child !== p) return
      emit(decoder.end())
      child = null
      const code = exitCode || (signal ? 128 + signal : 0)
      if (closing) {
        while (queued) flush()
        if (flushTimer) clearTimeout(flushTimer)
        flushTimer = null
        opts.onExit?.({ code, restarting: false })
        exitWaiter?.()
        return
      }
      const now = Date.now()
      restarts = restarts.filter((t) => now - t < crashWindow)
      const restarting = restarts.length < maxRestarts
      if (!restarting) {
        emit(notice(`The shell keeps stopping (code ${code}); not restarting it. Restart Ordinal to try again.`))
      } else if (code === 0) {
        emit(notice('The shell exited; starting a new one…'))
      } else {
        emit(notice(`The shell stopped unexpectedly (code ${code}); starting a new one…`))
      }
      flush()
      opts.onExit?.({ code, restarting })
      if (restarting) {
        restarts.push(now)
        spawn()
      }
    })
  }

  spawn()

  const host: PtyHost = {
    get pid() {
      return child?.pid ?? -1
    },
    get paused() {
      return paused
    },
    input(data) {
      if (!child) throw new Error('the shell is not running')
      child.write(data)
    },
    resize(c, r) {
      cols = clampSize(c, cols)
      rows = clampSize(r, rows)
      child?.resize(cols, rows)
    },
    ack(chars) {
      if (!Number.isFinite(chars) || chars < 0) return
      ackMode = true
      unacked = Math.max(0, unacked - chars)
      if (paused && unacked < low && child) {
        paused = false
        child.resume()
      }
    },
    restart(o = {}) {
      if (o.cwd) cwd = o.cwd
      if (o.env) extraEnv = { ...extraEnv, ...o.env }
      const old = child
      child = null // its exit is ignored: this is not a crash
      if (old) {
        try {
          old.kill()
        } catch {
          /* already gone */
        }
      }
      emit('\x1bc') // reset the screen: a new shell, a clean terminal
      spawn()
    },
    close() {
      if (closed) return closed
      closing = true
      closed = new Promise<void>((resolve) => {
        if (flushTimer) clearTimeout(flushTimer)
        flushTimer = null
        if (!child) return resolve()
        const t = setTimeout(() => {
          try {
            child?.kill('SIGKILL')
          } catch {
            /* gone */
          }
          resolve()
        }, 2000)
        exitWaiter = () => {
          clearTimeout(t)
          resolve()
        }
        try {
          if (paused) child.resume()
          child.kill('SIGHUP')
        } catch {
          clearTimeout(t)
          resolve()
        }
      })
      return closed
    },
  }
  return host
}

function clampSize(n: number, fallback: number): number {
  if (!Number.isFinite(n)) return fallback
  return Math.max(2, Math.min(1000, Math.floor(n)))
}
