// A simulated process's stdio: stdin is a pipe that exec/attach sessions write into; output fans out to the
// container log (main process) and to attached sessions. With a TTY, output gets the terminal's \n → \r\n.
import type { Output, Terminal } from '../../shell/io'
import { Pipe } from '../../shell/pipe'

export type Stream = 'stdout' | 'stderr'

export class SimTty implements Terminal {
  private listeners = new Set<(c: number, r: number) => void>()
  constructor(
    private c = 80,
    private r = 24,
  ) {}
  cols(): number {
    return this.c
  }
  rows(): number {
    return this.r
  }
  onResize(cb: (cols: number, rows: number) => void): () => void {
    this.listeners.add(cb)
    return () => this.listeners.delete(cb)
  }
  setRaw(): void {
    // Keystrokes always arrive raw from the exec stream; the shell's line editor does the cooking.
  }
  resize(cols: number, rows: number): void {
    if (cols <= 0 || rows <= 0) return
    this.c = cols
    this.r = rows
    for (const l of [...this.listeners]) l(cols, rows)
  }
}

export class ProcIO {
  readonly stdin = new Pipe()
  readonly tty: SimTty | null
  private listeners = new Set<(data: string, stream: Stream) => void>()
  readonly stdout: Output
  readonly stderr: Output

  constructor(tty: boolean) {
    this.tty = tty ? new SimTty() : null
    this.stdout = { write: (s) => this.emit(s, 'stdout') }
    // A TTY has one output stream: stderr is merged into it.
    this.stderr = { write: (s) => this.emit(s, tty ? 'stdout' : 'stderr') }
  }

  private emit(data: string, stream: Stream): void {
    if (!data) return
    const out = this.tty ? data.replace(/\r?\n/g, '\r\n') : data
    // Listeners may (un)subscribe while called: iterate a snapshot, unless there is only one to call.
    if (this.listeners.size === 1) this.listeners.values().next().value!(out, stream)
    else for (const l of [...this.listeners]) l(out, stream)
  }

  subscribe(cb: (data: string, stream: Stream) => void): () => void {
    this.listeners.add(cb)
    return () => this.listeners.delete(cb)
  }
}
