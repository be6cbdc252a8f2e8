// A container's log (what `kubectl logs` reads): timestamped lines from the main process's stdout/stderr, kept for the
// current and the previous run, with tail/since/timestamps filtering and follow.
import type { LogOptions, LogStream } from './types'
import { dropOldest } from '../../shared/bounded'

interface Entry {
  t: number
  text: string // one line, ending with \n (a partial last line is kept in `partial`)
}

/** RFC3339Nano like the kubelet's CRI log timestamps: 2026-01-01T09:00:05.123000000Z */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString() // 2026-01-01T09:00:05.123Z
  return iso.replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}000000Z`)
}

export class LogBuffer {
  private entries: Entry[] = []
  private partial = ''
  private followers = new Set<{ data: (c: string) => void; end: () => void }>()
  ended = false

  constructor(private readonly now: () => number) {}

  write(chunk: string): void {
    if (!chunk) return
    const t = this.now()
    if (!this.partial && chunk.charCodeAt(chunk.length - 1) === 10 && !chunk.includes('\r')) {
      // Whole lines without carriage returns (what programs print without a TTY): each line is a slice of the chunk,
      // newline included, with nothing to strip or join.
      for (let from = 0; from < chunk.length; ) {
        const nl = chunk.indexOf('\n', from)
        this.push({ t, text: chunk.slice(from, nl + 1) })
        from = nl + 1
      }
      return
    }
    let text = this.partial + chunk
    this.partial = ''
    const lines = text.split('\n')
    text = lines.pop()!
    for (const l of lines) this.push({ t, text: (l.endsWith('\r') ? l.slice(0, -1) : l) + '\n' })
    this.partial = text
  }

  private push(e: Entry): void {
    this.entries.push(e)
    dropOldest(this.entries, 10_000)
    if (this.followers.size) for (const f of [...this.followers]) f.data(e.text)
  }

  end(): void {
    if (this.ended) return
    if (this.partial) this.push({ t: this.now(), text: this.partial + '\n' })
    this.partial = ''
    this.ended = true
    for (const f of [...this.followers]) f.end()
    this.followers.clear()
  }

  stream(opts: LogOptions): LogStream {
    const now = this.now()
    let list = this.entries
    if (opts.sinceSeconds !== undefined) list = list.filter((e) => e.t >= now - opts.sinceSeconds! * 1000)
    if (opts.tailLines !== undefined && opts.tailLines >= 0) list = opts.tailLines === 0 ? [] : list.slice(-opts.tailLines)
    const fmt = (e: Entry) => (opts.timestamps ? `${rfc3339Nano(e.t)} ${e.text}` : e.text)
    const initial = list.map(fmt).join('')
    const stream: LogStream = { initial }
    if (opts.follow) {
      stream.follow = (onData, onEnd) => {
        if (this.ended) {
          onEnd()
          return () => {}
        }
        const f = {
          data: (text: string) => onData(opts.timestamps ? `${rfc3339Nano(this.now())} ${text}` : text),
          end: onEnd,
        }
        this.followers.add(f)
        return () => this.followers.delete(f)
      }
    }
    return stream
  }
}
