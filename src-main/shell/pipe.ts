// In-memory streams between pipeline stages and around commands. No backpressure: chunks queue until read, which is
// fine for the small outputs a lesson produces, and means a writer never blocks on a reader that stopped early.
import type { Input, Output } from './io'

/** A pipe: the write side is an Output, the read side an Input; `close()` is EOF for the reader. */
export class Pipe implements Input, Output {
  private chunks: string[] = []
  private waiters: ((v: string | null) => void)[] = []
  private closed = false
  private readClosed = false
  /** Called when something is written after the reader went away (the shell stops the writer, like SIGPIPE). */
  onBrokenWrite?: () => void

  /** True once the reading side has finished: writers should stop (`yes`, `kubectl get -w`). */
  get broken(): boolean {
    return this.readClosed
  }

  /** The reader is done: drop what is queued and what comes later. */
  closeRead(): void {
    this.readClosed = true
    this.chunks = []
  }

  write(chunk: string): void {
    if (this.readClosed) {
      this.onBrokenWrite?.()
      return
    }
    if (this.closed || chunk === '') return
    const w = this.waiters.shift()
    if (w) w(chunk)
    else this.chunks.push(chunk)
  }

  close(): void {
    this.closed = true
    for (const w of this.waiters.splice(0)) w(null)
  }

  read(): Promise<string | null> {
    const c = this.chunks.shift()
    if (c !== undefined) return Promise.resolve(c)
    if (this.closed) return Promise.resolve(null)
    return new Promise((resolve) => this.waiters.push(resolve))
  }
}

/** An Input over a fixed string (a file for `<`, a here-doc body). */
export class StringInput implements Input {
  constructor(private data: string | null) {}
  read(): Promise<string | null> {
    const d = this.data
    this.data = null
    return Promise.resolve(d === '' ? null : d)
  }
}

/** The empty input (`</dev/null`). */
export const emptyInput: Input = { read: () => Promise.resolve(null) }

/** An Output that collects everything written (command substitution, tests). */
export class CaptureOutput implements Output {
  text = ''
  write(chunk: string): void {
    this.text += chunk
  }
}

/** Discards writes. */
export const nullOutput: Output = { write() {} }

/** Reads everything until EOF. Stops early (returning what it has) if the signal aborts. */
export async function readAll(input: Input, signal?: AbortSignal): Promise<string> {
  let out = ''
  for (;;) {
    const c = await readOrAbort(input, signal)
    if (c === null) return out
    out += c
  }
}

/** `input.read()`, but resolving null as soon as `signal` aborts, so a command waiting on the keyboard stops on ^C. */
export function readOrAbort(input: Input, signal?: AbortSignal): Promise<string | null> {
  if (!signal) return input.read()
  if (signal.aborted) return Promise.resolve(null)
  return new Promise((resolve) => {
    const onAbort = () => resolve(null)
    signal.addEventListener('abort', onAbort, { once: true })
    input.read().then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      () => resolve(null),
    )
  })
}

/** Splits an Input into lines (each without its `\n`); the last line may lack one. Keeps leftovers between calls. */
export class LineReader {
  private buf = ''
  private eof = false
  constructor(private input: Input) {}

  async readLine(signal?: AbortSignal): Promise<string | null> {
    for (;;) {
      const nl = this.buf.indexOf('\n')
      if (nl >= 0) {
        const line = this.buf.slice(0, nl)
        this.buf = this.buf.slice(nl + 1)
        return line
      }
      if (this.eof) {
        if (this.buf === '') return null
        const line = this.buf
        this.buf = ''
        return line
      }
      const c = await readOrAbort(this.input, signal)
      if (c === null) {
        if (signal?.aborted) return null
        this.eof = true
      } else this.buf += c
    }
  }
}
