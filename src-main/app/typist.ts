// "Show me" types a step's solution into the learner's terminal the way a person would: each line only once the
// previous command has finished (its prompt is back, or the terminal went quiet), and `^C` as Ctrl-C once the
// running command (a `-w` watch) has had time to show something. Sending every line at once would type the next
// command into the still-running one, and `^C` would arrive as the two characters ^ and C.

export interface TypistOptions {
  /** Poll interval while waiting. */
  pollMs?: number
  /** A prompt at the end of the output counts once the output has been still this long. */
  promptQuietMs?: number
  /** No prompt recognised (a program that prints none): type anyway after this much silence. */
  quietMs?: number
  /** `^C` waits for this much silence, so the watch it stops has shown its changes. */
  interruptQuietMs?: number
  /** Never wait longer than this for one line. */
  maxWaitMs?: number
}

export interface Typist {
  /** Every chunk of terminal output, as the learner sees it. */
  output(data: string): void
  /** Type `lines` through `input`; a newer call cancels an older one that is still typing. Resolves when done
   *  (or cancelled). */
  type(lines: string[], input: (data: string) => void): Promise<void>
  dispose(): void
}

/** What a solution line sends: `^C` / `^D` are the control keys (as the lesson replay reads them), else line + Enter. */
export function keysFor(line: string): string {
  if (line === '^C') return '\x03'
  if (line === '^D') return '\x04'
  return `${line}\r`
}

// CSI (colours, cursor moves), OSC (titles) and single-character escapes: the prompt is judged on visible text.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g

/** The end of the screen asks for input: a shell prompt (`learner@ordinal:~/lesson-1$ `, busybox's `/ # `), or
 *  kubectl attaching to a container whose prompt was printed before it attached ("If you don't see a command
 *  prompt, try pressing enter.": the container is running and reading its terminal). */
export function endsWithPrompt(text: string): boolean {
  const visible = text.replace(ANSI, '').replace(/\r/g, '')
  return /[$#] $/.test(visible) || /try pressing enter\.\n$/.test(visible)
}

export function createTypist(opts: TypistOptions = {}): Typist {
  const pollMs = opts.pollMs ?? 40
  const promptQuietMs = opts.promptQuietMs ?? 120
  const quietMs = opts.quietMs ?? 8000
  const interruptQuietMs = opts.interruptQuietMs ?? 1500
  const maxWaitMs = opts.maxWaitMs ?? 30_000
  let tail = ''
  let lastOutput = 0
  let generation = 0
  let disposed = false

  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

  async function ready(line: string, gen: number): Promise<boolean> {
    const start = Date.now()
    for (;;) {
      if (gen !== generation || disposed) return false
      const now = Date.now()
      const quiet = now - lastOutput
      if (now - start >= maxWaitMs) return true
      if (line === '^C') {
        if (quiet >= interruptQuietMs) return true
      } else if ((endsWithPrompt(tail) && quiet >= promptQuietMs) || quiet >= quietMs) return true
      await sleep(pollMs)
    }
  }

  return {
    output(data) {
      tail = (tail + data).slice(-512)
      lastOutput = Date.now()
    },
    async type(lines, input) {
      const gen = ++generation
      for (const line of lines) {
        // A quiz pick (`#answer web-2`) is a click in the panel, not keystrokes: never typed.
        if (/^#answer\s/.test(line)) continue
        if (!(await ready(line, gen))) return
        // What comes next is this line's echo and output: the old prompt must not count for the next line.
        tail = ''
        lastOutput = Date.now()
        input(keysFor(line))
      }
    },
    dispose() {
      disposed = true
    },
  }
}
