// The learner's workstation shell: LineEditor + Interpreter + the builtins table, with a tiny line discipline for
// running commands (cooked: echo/backspace/Enter, ^C aborts, ^D is EOF; raw after tty.setRaw(true), for exec -it).
// Pure: the filesystem, history store, kubectl row and clock are injected; cli/shell.ts wires node in.
import type { Builtin, CommandContext, Env, Fs, Terminal } from '../io'
import { Interpreter, INTRINSICS } from '../interpreter'
import { coreBuiltins } from '../core-builtins'
import { LineEditor } from '../line-editor'
import { needsMore } from '../parser'
import { charWidth } from '../width'
import { CaptureOutput, emptyInput } from '../pipe'
import { createCompleter, type KubectlVerb } from './completion'
import { editorTools } from './editor/nano-tool'
import { fileTools } from './file-tools'
import { filterTools } from './filter-tools'
import { generatedHelp } from './help'
import { sedTool } from './sed'
import { textTools } from './text-tools'
import { TtyInput } from './tty-input'
import { watchTool } from './watch'

import type { CommandRecord } from '../../shared/command-record'
export type { CommandRecord }

export interface WorkstationSessionOptions {
  fs: Fs
  /** The workspace root: HOME, shown as `~` in the prompt. */
  home: string
  cwd?: string
  env?: Record<string, string | undefined> | Env
  write(s: string): void
  cols?: number
  rows?: number
  history?: { load(): string[]; append(line: string): void }
  onCommand?(rec: CommandRecord): void
  /** `exit` or ^D on an empty line. */
  onExit?(code: number): void
  /** Live object names for completion (`kubectl get pods <Tab>`). */
  listNames?(type: string): Promise<string[]>
  /** Extra rows, e.g. kubectl (workstation/node-kubectl.ts). */
  extraBuiltins?: Builtin[]
  kubectlVerbs?: KubectlVerb[]
  sleep?: CommandContext['sleep']
  now?(): number
  user?: string
  host?: string
  /** The namespace of the kubeconfig's current context, read at each prompt (node-kubectl.ts: currentNamespace).
   *  When given, the prompt shows it: `(default) learner@ordinal:~/lesson-1$ `. */
  kubeNamespace?(env: Env): string | null
}

/** A `\n` not preceded by `\r` (a `\n` at the start of a string counts as bare). */
const BARE_LF = /(?<!\r)\n/g

export class WorkstationSession {
  readonly interpreter: Interpreter
  readonly editor: LineEditor
  readonly table: Builtin[]
  readonly history: string[]
  private cols: number
  private rows: number
  private resizeCbs = new Set<(c: number, r: number) => void>()
  private running: { abort: AbortController; stdin: TtyInput; raw: boolean; cooked: string[] } | null = null
  private lastOut = ''
  private exited: number | null = null

  constructor(private readonly opts: WorkstationSessionOptions) {
    this.cols = opts.cols ?? 80
    this.rows = opts.rows ?? 24
    this.history = opts.history?.load() ?? []
    const env: Env = new Map()
    env.set('HOME', opts.home)
    env.set('USER', opts.user ?? 'learner')
    env.set('SHELL', '/bin/bash')
    env.set('PATH', '/usr/local/bin:/usr/bin:/bin')
    env.set('TERM', 'xterm-256color')
    const given = opts.env instanceof Map ? opts.env : new Map(Object.entries(opts.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined))
    for (const [k, v] of given) env.set(k, v)
    env.set('HOME', opts.home)

    const now = opts.now ?? Date.now
    const sleep = opts.sleep ?? defaultSleep
    const extra = opts.extraBuiltins ?? []
    const extraNames = new Set(extra.map((b) => b.name))
    const map = new Map<string, Builtin>()
    const makeShell = (env: Env, cwd: string, onExit?: (code: number) => void) =>
      new Interpreter({
        builtins: map,
        fs: opts.fs,
        env,
        cwd,
        shellName: 'bash',
        notFound: (name) => `bash: ${name}: command not found`,
        sleep,
        onExit,
        commandPath: (name) => (name === 'kubectl' ? '/usr/local/bin/kubectl' : `/usr/bin/${name}`),
      })
    const watch = watchTool({
      hostname: opts.host ?? 'ordinal',
      now,
      run: async (line, ctx) => {
        const out = new CaptureOutput()
        await makeShell(new Map(ctx.env), ctx.cwd).run(line, { stdin: emptyInput, stdout: out, stderr: out, tty: null, signal: ctx.signal })
        return out.text
      },
    })
    this.table = [
      ...coreBuiltins('bash').filter((b) => b.name !== ':'),
      ...fileTools,
      ...textTools,
      ...filterTools(now),
      sedTool,
      watch,
      ...editorTools,
      ...this.sessionTools(),
    ]
      .filter((b) => !extraNames.has(b.name))
      .concat(extra)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
    for (const b of this.table) for (const n of [b.name, ...(b.aliases ?? [])]) map.set(n, b)

    this.interpreter = makeShell(env, opts.cwd ?? opts.home, (code) => {
      this.exited = code
    })

    const complete = createCompleter({
      fs: opts.fs,
      cwd: () => this.interpreter.cwd,
      home: () => opts.home,
      commands: () => [...map.keys(), ...INTRINSICS.filter((n) => /^[a-z]/.test(n))].sort(),
      commandFlags: (name) => {
        const row = map.get(name)
        return (row?.flags ?? []).flatMap((f) => [...(f.short ? [`-${f.short}`] : []), ...(f.long ? [`--${f.long}`] : [])])
      },
      kubectlVerbs: opts.kubectlVerbs,
      listNames: opts.listNames,
    })
    this.editor = new LineEditor({
      write: (s) => this.out(s),
      prompt: () => this.prompt(),
      history: this.history,
      complete,
      needsMore,
      cols: this.cols,
    })
    this.editor.onLine((line) => void this.runLine(line))
    this.editor.onEof(() => {
      this.out('exit\r\n')
      this.finish(this.interpreter.lastStatus)
    })
  }

  /** `(default) learner@ordinal:~/lesson-1$ `: bash's default Ubuntu prompt in its colours, led by the namespace of
   *  the kubeconfig's current context in parentheses (yellow) the way kube-ps1 prompts show it, when it can be read.
   *  In front, so `user@host:dir$` stays one unbroken piece for anything that looks for it. */
  prompt(): string {
    const home = this.opts.home
    const cwd = this.interpreter.cwd
    const dir = cwd === home ? '~' : cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd
    let ns: string | null = null
    try {
      ns = this.opts.kubeNamespace?.(this.interpreter.env) ?? null
    } catch {
      ns = null
    }
    const nsPart = ns ? `\x1b[00;33m(${ns})\x1b[00m ` : ''
    return `${nsPart}\x1b[01;32m${this.opts.user ?? 'learner'}@${this.opts.host ?? 'ordinal'}\x1b[00m:\x1b[01;34m${dir}\x1b[00m$ `
  }

  /** bash (checkwinsize) keeps COLUMNS and LINES, as shell variables, in step with the terminal size. */
  private setWinsize(): void {
    this.interpreter.setVar('COLUMNS', String(this.cols))
    this.interpreter.setVar('LINES', String(this.rows))
  }

  start(): void {
    this.setWinsize()
    this.editor.start()
  }

  /** Keystrokes from the terminal. */
  feed(data: string): void {
    if (this.exited !== null) return
    const r = this.running
    if (!r) return this.editor.feed(data)
    if (r.raw) return r.stdin.write(data)
    this.cookedInput(r, data)
  }

  resize(cols: number, rows: number): void {
    this.cols = cols
    this.rows = rows
    this.setWinsize()
    this.editor.setCols(cols)
    for (const cb of this.resizeCbs) cb(cols, rows)
  }

  /** A command is running (the editor is not at a prompt). */
  get busy(): boolean {
    return this.running !== null
  }

  /** The running command takes the keyboard itself: it put the tty in raw mode (exec -it, nano) or it is blocked
   *  reading stdin (`cat`, `read`). Typed lines then go to it rather than waiting for the next prompt. */
  get interactive(): boolean {
    const r = this.running
    return r !== null && (r.raw || r.stdin.reading)
  }

  /** The running command put the tty in raw mode (a container shell over exec/attach -it, nano). */
  get rawMode(): boolean {
    return this.running?.raw ?? false
  }

  get exitCode(): number | null {
    return this.exited
  }

  /** Terminal output; bare `\n` becomes `\r\n` so output is right even where the tty does no ONLCR. One regex pass
   *  (not a per-character loop): a 4 MB `cat` is one write, and building it char by char spent seconds in the GC. */
  private out(s: string): void {
    if (s === '') return
    let fixed = s
    if (s.includes('\n')) {
      // A `\r` that ended the previous write pairs with a leading `\n` here.
      const head = s.charCodeAt(0) === 10 && this.lastOut === '\r' ? '\n' : ''
      fixed = head + (head ? s.slice(1) : s).replace(BARE_LF, '\r\n')
    }
    this.lastOut = s[s.length - 1]
    this.opts.write(fixed)
  }

  /** The cooked line discipline. `echo` is false for keys that reached the line editor before the command started:
   *  readline had the tty in non-echo mode then, so the kernel never echoed them (the next prompt's editor will). */
  private cookedInput(r: NonNullable<WorkstationSession['running']>, data: string, echo = true): void {
    const out = (s: string) => {
      if (echo) this.out(s)
    }
    for (const ch of data) {
      if (ch === '\x03') {
        // SIGINT: the tty flushes its input queue, so type-ahead dies with the command.
        this.out('^C\r\n')
        r.cooked.splice(0)
        r.stdin.flush()
        r.abort.abort()
        continue
      }
      if (ch === '\x04') {
        if (r.cooked.length) r.stdin.write(r.cooked.splice(0).join(''))
        else r.stdin.eof()
      } else if (ch === '\r' || ch === '\n') {
        out('\r\n')
        r.stdin.write(r.cooked.splice(0).join('') + '\n')
      } else if (ch === '\x7f' || ch === '\b') {
        const c = r.cooked.pop()
        if (c) out(charWidth(c) === 2 ? '\b\b  \b\b' : '\b \b')
      } else if (ch === '\x15') {
        for (const c of r.cooked.splice(0)) out(charWidth(c) === 2 ? '\b\b  \b\b' : '\b \b')
      } else if (ch >= ' ' || ch === '\t') {
        r.cooked.push(ch)
        out(ch)
      }
    }
  }

  private async runLine(line: string): Promise<void> {
    if (line.trim() === '') return this.editor.start()
    this.opts.history?.append(line)
    const now = this.opts.now ?? Date.now
    const abort = new AbortController()
    const stdin = new TtyInput()
    const r = { abort, stdin, raw: false, cooked: [] as string[] }
    this.running = r
    const typeahead = this.editor.takeTypeahead()
    if (typeahead) this.cookedInput(r, typeahead, false)
    const tty: Terminal = {
      cols: () => this.cols,
      rows: () => this.rows,
      onResize: (cb) => {
        this.resizeCbs.add(cb)
        return () => this.resizeCbs.delete(cb)
      },
      setRaw: (raw) => {
        if (this.running === r) r.raw = raw
      },
    }
    const cwd = this.interpreter.cwd
    const startedAt = now()
    const output = { write: (s: string) => this.out(s) }
    let code: number
    try {
      code = await this.interpreter.run(line, { stdin, stdout: output, stderr: output, tty, signal: abort.signal })
    } catch (e) {
      this.out(`bash: ${e instanceof Error ? e.message : String(e)}\n`)
      code = 1
    }
    const endedAt = now()
    // Lines typed during the command that it never read, then the unfinished line: bash reads them next.
    const unread = stdin.drain() + r.cooked.join('')
    this.running = null
    this.resizeCbs.clear()
    try {
      this.opts.onCommand?.({ line, cwd, exitCode: code, startedAt, endedAt })
    } catch {
      // Reporting must never break the prompt.
    }
    if (this.exited !== null) {
      this.out('exit\r\n')
      return this.finish(this.exited)
    }
    for (const n of this.interpreter.takeJobNotices()) this.out(n + '\n')
    this.editor.start()
    if (unread) this.editor.feed(unread)
  }

  private finish(code: number): void {
    this.exited = code
    this.running?.abort.abort()
    this.interpreter.killJobs()
    this.opts.onExit?.(code)
  }

  private sessionTools(): Builtin[] {
    const ok = (v: number) => Promise.resolve(v)
    return [
      {
        name: 'clear',
        summary: 'clear the terminal screen',
        run: (c) => {
          c.stdout.write('\x1b[H\x1b[2J\x1b[3J')
          return ok(0)
        },
      },
      {
        name: 'history',
        summary: 'display the command history',
        usage: 'history [-c] [N]',
        run: (c) => {
          if (c.argv[1] === '-c') {
            this.history.splice(0)
            return ok(0)
          }
          const n = c.argv[1] ? Number(c.argv[1]) : this.history.length
          if (!Number.isInteger(n) || n < 0) {
            c.stderr.write(`bash: history: ${c.argv[1]}: numeric argument required\n`)
            return ok(1)
          }
          const start = Math.max(0, this.history.length - n)
          for (let i = start; i < this.history.length; i++) c.stdout.write(`${String(i + 1).padStart(5)}  ${this.history[i]}\n`)
          return ok(0)
        },
      },
      generatedHelp(() => this.table),
      {
        name: 'which',
        summary: 'locate a command',
        usage: 'which COMMAND...',
        run: (c) => {
          let status = 0
          for (const n of c.argv.slice(1)) {
            const b = this.table.find((x) => x.name === n || x.aliases?.includes(n))
            if (b && !['true', 'false', 'help', 'history'].includes(b.name)) c.stdout.write(`${n === 'kubectl' ? '/usr/local/bin' : '/usr/bin'}/${n}\n`)
            else status = 1
          }
          return ok(c.argv.length > 1 ? status : 1)
        },
      },
    ]
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'))
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(new Error('aborted'))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
