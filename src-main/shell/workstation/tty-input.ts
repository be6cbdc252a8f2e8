// The keyboard side of the workstation tty while a command runs: like a kernel tty's input queue, what the learner
// types is buffered until the command reads it, and whatever it never read is handed back (`drain`) so the shell
// can run it at the next prompt, the way bash picks up type-ahead. ^C flushes it (`flush`), as the tty does on SIGINT.
import type { Input } from '../io'

/** One queued item: a chunk of text (a cooked line, or raw keystrokes) or an EOF mark (^D on an empty line). */
type Item = string | null

export class TtyInput implements Input {
  private queue: Item[] = []
  private waiters: ((v: string | null) => void)[] = []
  private closed = false

  /** A command is blocked reading the keyboard right now. */
  get reading(): boolean {
    return this.waiters.length > 0
  }

  write(chunk: string): void {
    if (this.closed || chunk === '') return
    this.push(chunk)
  }

  /** ^D on an empty line: the next read sees end of file, later reads see what is typed after it (a tty, not a pipe). */
  eof(): void {
    if (!this.closed) this.push(null)
  }

  read(): Promise<string | null> {
    if (this.queue.length) return Promise.resolve(this.queue.shift()!)
    if (this.closed) return Promise.resolve(null)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Drop everything typed and not yet read (^C). */
  flush(): void {
    this.queue = []
  }

  /** The command is over: hand back the unread text (EOF marks dropped: the shell does not exit on a stale ^D) and
   *  end the input, so a reader left behind (a background job) sees EOF. */
  drain(): string {
    const text = this.queue.filter((q): q is string => q !== null).join('')
    this.queue = []
    this.closed = true
    for (const w of this.waiters.splice(0)) w(null)
    return text
  }

  private push(item: Item): void {
    const w = this.waiters.shift()
    if (w) w(item)
    else this.queue.push(item)
  }
}
