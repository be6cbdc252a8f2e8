// Runs parsed scripts. One Interpreter per shell session; the workstation and every container shell make their own,
// plugging their commands in through `builtins`. Intrinsics that change the shell itself (cd, export, exit, read…)
// live here; everything else is a Builtin row.
import type { AndOr, Command, List, Pipeline, Redirect, Script, SimpleCommand } from './ast'
import { coreBuiltins } from './core-builtins'
import { ExpansionError, expandFields, expandString, type ExpandHost } from './expand'
import type { Builtin, CommandContext, Env, Fs, Input, Output, Terminal } from './io'
import { FsError } from './io'
import { parse, ShellSyntaxError } from './parser'
import { CaptureOutput, emptyInput, LineReader, nullOutput, Pipe, StringInput } from './pipe'
import { errorText, resolvePath } from './path'

export interface InterpreterOptions {
  builtins: Map<string, Builtin>
  fs: Fs
  env?: Env
  cwd?: string
  shellName: string // 'bash' | 'sh'
  /** The message line for an unknown command, e.g. `foo: command not found` or `sh: foo: not found`. */
  notFound(name: string): string
  sleep: CommandContext['sleep']
  onExit?(code: number): void
  /** Positional parameters ($1…), e.g. for `sh -c 'script' a b`. */
  args?: string[]
}

export interface RunIo {
  stdin: Input
  stdout: Output
  stderr: Output
  tty: Terminal | null
  signal: AbortSignal
}

/** Internal I/O: which fds still point at the terminal decides whether a command gets `tty`. */
interface Io extends RunIo {
  ttyIn: boolean
  ttyOut: boolean
}

/** Shell state; a subshell (pipeline stage, `( )`, `$( )`) works on a copy. */
interface State {
  vars: Map<string, string>
  env: Env
  cwd: string
  positional: string[]
  lastStatus: number
  functions: Map<string, Command>
  errexit: boolean
  condDepth: number
  loopDepth: number
}

class ExitSignal {
  constructor(readonly code: number) {}
}
class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}
class ReturnSignal {
  constructor(readonly code: number) {}
}
class AbortedSignal {}

/** Commands that act on the shell's own state, so they can't be ordinary Builtin rows. */
export const INTRINSICS = ['cd', 'export', 'unset', 'exit', 'set', 'read', 'shift', 'break', 'continue', 'return', 'eval', '.', 'source', 'local'] as const

const readers = new WeakMap<Input, LineReader>()

export class Interpreter {
  private st: State
  private readonly core: Map<string, Builtin>
  readonly pid = 4200 + Math.floor(Math.random() * 800)

  constructor(private readonly opts: InterpreterOptions) {
    const env = opts.env ?? new Map<string, string>()
    const cwd = opts.cwd ?? env.get('PWD') ?? env.get('HOME') ?? '/'
    env.set('PWD', cwd)
    this.st = {
      vars: new Map(),
      env,
      cwd,
      positional: opts.args ?? [],
      lastStatus: 0,
      functions: new Map(),
      errexit: false,
      condDepth: 0,
      loopDepth: 0,
    }
    this.core = new Map()
    for (const b of coreBuiltins(opts.shellName)) for (const n of [b.name, ...(b.aliases ?? [])]) this.core.set(n, b)
  }

  get env(): Env {
    return this.st.env
  }
  set env(e: Env) {
    this.st.env = e
  }
  get cwd(): string {
    return this.st.cwd
  }
  set cwd(c: string) {
    this.st.cwd = c
    this.st.env.set('PWD', c)
  }
  get lastStatus(): number {
    return this.st.lastStatus
  }
  set lastStatus(s: number) {
    this.st.lastStatus = s
  }

  /** A shell variable or environment variable. */
  getVar(name: string): string | undefined {
    return this.st.vars.get(name) ?? this.st.env.get(name)
  }

  /** Is `name` something this shell can run (intrinsic, function, builtin)? Used by `which`/`type`/completion. */
  knows(name: string): boolean {
    return (INTRINSICS as readonly string[]).includes(name) || this.st.functions.has(name) || this.opts.builtins.has(name) || this.core.has(name)
  }

  async run(src: string, io: RunIo): Promise<number> {
    let script: Script
    try {
      script = parse(src)
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e
      for (const line of e.lines(this.opts.shellName)) io.stderr.write(`${this.opts.shellName}: ${line}\n`)
      this.st.lastStatus = 2
      return 2
    }
    const full: Io = { ...io, ttyIn: !!io.tty, ttyOut: !!io.tty }
    try {
      this.st.lastStatus = await this.execList(script.body, this.st, full)
    } catch (e) {
      if (e instanceof ExitSignal) {
        this.st.lastStatus = e.code
        this.opts.onExit?.(e.code)
        return e.code
      }
      if (e instanceof AbortedSignal) this.st.lastStatus = 130
      else if (e instanceof LoopSignal || e instanceof ReturnSignal) this.st.lastStatus = e instanceof ReturnSignal ? e.code : 0
      else throw e
    }
    if (io.signal.aborted) this.st.lastStatus = 130
    return this.st.lastStatus
  }

  // ---- lists, pipelines ----

  private async execList(list: List, st: State, io: Io): Promise<number> {
    let status = st.lastStatus
    for (const item of list) {
      status = await this.execAndOr(item, st, io)
      st.lastStatus = status
      if (io.signal.aborted) throw new AbortedSignal()
    }
    return status
  }

  private async execAndOr(item: AndOr, st: State, io: Io): Promise<number> {
    const last = item.rest.length
    let status = await this.execPipelineChecked(item.first, st, io, last === 0)
    for (let i = 0; i < item.rest.length; i++) {
      const { op, pipeline } = item.rest[i]!
      st.lastStatus = status
      if ((op === '&&') !== (status === 0)) continue
      status = await this.execPipelineChecked(pipeline, st, io, i === last - 1)
    }
    return status
  }

  /** Runs a pipeline; under `set -e` a failing last pipeline outside a condition exits the shell. */
  private async execPipelineChecked(p: Pipeline, st: State, io: Io, isLast: boolean): Promise<number> {
    if (!isLast) st.condDepth++
    let status: number
    try {
      status = await this.execPipeline(p, st, io)
    } finally {
      if (!isLast) st.condDepth--
    }
    if (io.signal.aborted) throw new AbortedSignal()
    if (st.errexit && status !== 0 && isLast && !p.negated && st.condDepth === 0) throw new ExitSignal(status)
    return status
  }

  private async execPipeline(p: Pipeline, st: State, io: Io): Promise<number> {
    let status: number
    if (p.commands.length === 1) status = await this.execCommand(p.commands[0]!, st, io)
    else {
      const pipes = p.commands.slice(1).map(() => new Pipe())
      const stages = p.commands.map(async (cmd, i) => {
        const sub = this.subshell(st)
        const stageIo: Io = {
          ...io,
          stdin: i === 0 ? io.stdin : pipes[i - 1]!,
          stdout: i === p.commands.length - 1 ? io.stdout : pipes[i]!,
          ttyIn: i === 0 && io.ttyIn,
          ttyOut: i === p.commands.length - 1 && io.ttyOut,
        }
        try {
          return await this.execCommand(cmd, sub, stageIo)
        } catch (e) {
          return this.statusOf(e)
        } finally {
          if (i < pipes.length) pipes[i]!.close()
        }
      })
      const statuses = await Promise.all(stages)
      status = statuses[statuses.length - 1]!
    }
    if (p.negated) status = status === 0 ? 1 : 0
    return status
  }

  private statusOf(e: unknown): number {
    if (e instanceof ExitSignal || e instanceof ReturnSignal) return e.code
    if (e instanceof AbortedSignal) return 130
    if (e instanceof LoopSignal) return 0
    throw e
  }

  private subshell(st: State): State {
    return {
      ...st,
      vars: new Map(st.vars),
      env: new Map(st.env),
      positional: [...st.positional],
      functions: new Map(st.functions),
    }
  }

  private host(st: State, io: Io): ExpandHost {
    return {
      getVar: (n) => st.vars.get(n) ?? st.env.get(n),
      setVar: (n, v) => this.assign(st, n, v),
      positional: st.positional,
      lastStatus: st.lastStatus,
      shellName: this.opts.shellName,
      pid: this.pid,
      cwd: st.cwd,
      fs: this.opts.fs,
      substitute: async (script) => {
        const out = new CaptureOutput()
        const sub = this.subshell(st)
        try {
          st.lastStatus = await this.execList(script.body, sub, { ...io, stdout: out, ttyOut: false })
        } catch (e) {
          st.lastStatus = this.statusOf(e)
        }
        return out.text
      },
    }
  }

  private assign(st: State, name: string, value: string): void {
    if (st.env.has(name)) st.env.set(name, value)
    else st.vars.set(name, value)
  }

  // ---- commands ----

  private async execCommand(cmd: Command, st: State, io: Io): Promise<number> {
    if (io.signal.aborted) throw new AbortedSignal()
    if (cmd.type === 'simple') return this.execSimple(cmd, st, io)
    if (cmd.type === 'function') {
      st.functions.set(cmd.name, cmd.body)
      return 0
    }
    const rio = await this.applyRedirects(cmd.redirects, st, io)
    if (typeof rio === 'number') return rio
    switch (cmd.type) {
      case 'if': {
        for (const b of cmd.branches) {
          st.condDepth++
          let c: number
          try {
            c = await this.execList(b.cond, st, rio)
          } finally {
            st.condDepth--
          }
          if (c === 0) return this.execList(b.body, st, rio)
        }
        return cmd.elseBody ? this.execList(cmd.elseBody, st, rio) : 0
      }
      case 'for': {
        const items: string[] = []
        if (cmd.items) for (const w of cmd.items) items.push(...(await expandFields(w, this.host(st, rio))))
        else items.push(...st.positional)
        let status = 0
        for (const item of items) {
          this.assign(st, cmd.name, item)
          const r = await this.loopBody(cmd.body, st, rio)
          status = r.status
          if (r.stop) break
        }
        return status
      }
      case 'while': {
        let status = 0
        for (let n = 0; ; n++) {
          // Let timers and keystrokes (^C) through even when the loop body never waits.
          if (n % 64 === 63) await new Promise((r) => setTimeout(r, 0))
          if (io.signal.aborted) throw new AbortedSignal()
          st.condDepth++
          let c: number
          try {
            c = await this.execList(cmd.cond, st, rio)
          } finally {
            st.condDepth--
          }
          if ((c === 0) === cmd.until) break
          const r = await this.loopBody(cmd.body, st, rio)
          status = r.status
          if (r.stop) break
        }
        return status
      }
      case 'group':
        return this.execList(cmd.body, st, rio)
      case 'subshell': {
        try {
          return await this.execList(cmd.body, this.subshell(st), rio)
        } catch (e) {
          return this.statusOf(e)
        }
      }
    }
  }

  private async loopBody(body: List, st: State, io: Io): Promise<{ status: number; stop: boolean }> {
    st.loopDepth++
    try {
      return { status: await this.execList(body, st, io), stop: false }
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e
      if (e.levels > 1) {
        e.levels--
        throw e
      }
      return { status: 0, stop: e.kind === 'break' }
    } finally {
      st.loopDepth--
    }
  }

  private async execSimple(cmd: SimpleCommand, st: State, io: Io): Promise<number> {
    const sh = this.opts.shellName
    let argv: string[] = []
    const assigns: [string, string][] = []
    const statusBefore = st.lastStatus
    try {
      st.lastStatus = statusBefore
      for (const w of cmd.words) argv.push(...(await expandFields(w, this.host(st, io))))
      for (const a of cmd.assigns) assigns.push([a.name, await expandString(a.value, this.host(st, io))])
    } catch (e) {
      if (e instanceof ExpansionError) {
        io.stderr.write(`${sh}: ${e.message}\n`)
        return 1
      }
      throw e
    }
    const substStatus = st.lastStatus
    st.lastStatus = statusBefore
    const rio = await this.applyRedirects(cmd.redirects, st, io)
    if (typeof rio === 'number') return rio
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.assign(st, k, v)
      return cmd.words.length || cmd.assigns.some((a) => a.value.parts.some((p) => p.type === 'cmdsub')) ? substStatus : 0
    }
    const name = argv[0]!
    if ((INTRINSICS as readonly string[]).includes(name)) return this.intrinsic(argv, st, rio)
    const fn = st.functions.get(name)
    if (fn) {
      const saved = st.positional
      st.positional = argv.slice(1)
      try {
        return await this.execCommand(fn, st, rio)
      } catch (e) {
        if (e instanceof ReturnSignal) return e.code
        throw e
      } finally {
        st.positional = saved
      }
    }
    const b = this.opts.builtins.get(name) ?? this.core.get(name)
    if (!b) {
      if (name.includes('/')) {
        let exists = false
        try {
          exists = this.opts.fs.stat(resolvePath(st.cwd, name)) !== null
        } catch {
          exists = true
        }
        rio.stderr.write(`${sh}: ${name}: ${exists ? 'Permission denied' : 'No such file or directory'}\n`)
        return exists ? 126 : 127
      }
      rio.stderr.write(this.opts.notFound(name) + '\n')
      return 127
    }
    const env = new Map(st.env)
    for (const [k, v] of assigns) env.set(k, v)
    const ctx: CommandContext = {
      argv,
      env,
      cwd: st.cwd,
      fs: this.opts.fs,
      stdin: rio.stdin,
      stdout: rio.stdout,
      stderr: rio.stderr,
      tty: rio.ttyIn && rio.ttyOut ? rio.tty : null,
      signal: rio.signal,
      sleep: this.opts.sleep,
    }
    return this.runBuiltin(b, ctx)
  }

  /** Runs a command; ^C wins the race even if the command ignores its signal. */
  private async runBuiltin(b: Builtin, ctx: CommandContext): Promise<number> {
    const signal = ctx.signal
    if (signal.aborted) return 130
    let onAbort = () => {}
    const aborted = new Promise<number>((resolve) => {
      onAbort = () => resolve(130)
      signal.addEventListener('abort', onAbort, { once: true })
    })
    try {
      const code = await Promise.race([
        b.run(ctx).catch((e: unknown) => {
          if (signal.aborted) return 130
          ctx.stderr.write(`${ctx.argv[0]}: ${errorText(e)}\n`)
          return 1
        }),
        aborted,
      ])
      return signal.aborted ? 130 : code
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
  }

  // ---- redirects ----

  /** Applies redirects to a copy of io; on failure prints the shell's message and returns status 1. */
  private async applyRedirects(reds: Redirect[], st: State, io: Io): Promise<Io | number> {
    if (reds.length === 0) return io
    const sh = this.opts.shellName
    const fds = new Map<number, Input | Output>([
      [0, io.stdin],
      [1, io.stdout],
      [2, io.stderr],
    ])
    const onTty = new Map<number, boolean>([
      [0, io.ttyIn],
      [1, io.ttyOut],
      [2, true],
    ])
    const fs = this.opts.fs
    for (const r of reds) {
      const input = r.op.startsWith('<') && r.op !== '<>'
      const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1)
      if (r.heredoc) {
        const body = r.heredoc.quoted ? r.heredoc.body.raw : await expandString(r.heredoc.body, this.host(st, io))
        fds.set(fd, new StringInput(body))
        onTty.set(fd, false)
        continue
      }
      let target: string
      try {
        target = await expandString(r.target, this.host(st, io))
      } catch (e) {
        if (e instanceof ExpansionError) {
          io.stderr.write(`${sh}: ${e.message}\n`)
          return 1
        }
        throw e
      }
      if ((r.op === '>&' || r.op === '<&') && /^(\d+|-)$/.test(target)) {
        if (target === '-') fds.set(fd, input ? emptyInput : nullOutput)
        else {
          const src = fds.get(Number(target))
          if (!src) {
            io.stderr.write(`${sh}: ${target}: Bad file descriptor\n`)
            return 1
          }
          fds.set(fd, src)
          onTty.set(fd, onTty.get(Number(target)) ?? false)
        }
        continue
      }
      const path = resolvePath(st.cwd, target)
      if (target === '/dev/null') {
        fds.set(fd, input ? emptyInput : nullOutput)
        if (r.op === '&>' || r.op === '&>>' || r.op === '>&') fds.set(2, nullOutput)
        onTty.set(fd, false)
        continue
      }
      try {
        if (input) {
          const s = fs.stat(path)
          if (!s) throw new FsError('ENOENT', path)
          if (s.type === 'dir') throw new FsError('EISDIR', path)
          fds.set(fd, new StringInput(fs.readFile(path)))
        } else {
          const append = r.op.endsWith('>>')
          const s = fs.stat(path)
          if (s?.type === 'dir') throw new FsError('EISDIR', path)
          if (!append || !s) fs.writeFile(path, '')
          const out: Output = {
            write: (chunk) => {
              try {
                fs.writeFile(path, chunk, { append: true })
              } catch {
                // The file vanished or became unwritable mid-command: drop output like a closed fd would.
              }
            },
          }
          if (r.op.startsWith('&') || (r.op === '>&' && r.fd === null)) {
            fds.set(1, out)
            fds.set(2, out)
            onTty.set(1, false)
            onTty.set(2, false)
          } else fds.set(fd, out)
        }
        onTty.set(fd, false)
      } catch (e) {
        const code = e instanceof FsError ? e.code : (e as { code?: string }).code
        if (sh === 'bash') io.stderr.write(`${sh}: ${target}: ${errorText(e)}\n`)
        else if (input) io.stderr.write(`${sh}: can't open '${target}': ${errorText(e)}\n`)
        else io.stderr.write(`${sh}: can't create ${target}: ${code === 'ENOENT' ? 'nonexistent directory' : errorText(e)}\n`)
        return 1
      }
    }
    return {
      ...io,
      stdin: fds.get(0) as Input,
      stdout: fds.get(1) as Output,
      stderr: fds.get(2) as Output,
      ttyIn: onTty.get(0) ?? false,
      ttyOut: onTty.get(1) ?? false,
    }
  }

  // ---- intrinsics ----

  private async intrinsic(argv: string[], st: State, io: Io): Promise<number> {
    const sh = this.opts.shellName
    const name = argv[0]!
    const args = argv.slice(1)
    const err = (msg: string, code = 1) => {
      io.stderr.write(`${sh}: ${name}: ${msg}\n`)
      return code
    }
    switch (name) {
      case 'cd': {
        if (args.length > 1 && sh === 'bash') return err('too many arguments')
        let target: string | undefined = args[0]
        if (target === undefined || target === '') {
          target = this.getVarIn(st, 'HOME')
          if (target === undefined) return err('HOME not set')
        } else if (target === '-') {
          target = this.getVarIn(st, 'OLDPWD')
          if (target === undefined) return err('OLDPWD not set')
          io.stdout.write(target + '\n')
        }
        const path = resolvePath(st.cwd, target)
        let problem: string | null = null
        try {
          const s = this.opts.fs.stat(path)
          if (!s) problem = 'No such file or directory'
          else if (s.type !== 'dir') problem = 'Not a directory'
        } catch (e) {
          problem = errorText(e)
        }
        if (problem) return sh === 'bash' ? err(`${args[0] ?? target}: ${problem}`) : err(`can't cd to ${args[0] ?? target}: ${problem}`, 2)
        st.env.set('OLDPWD', st.cwd)
        st.cwd = path
        st.env.set('PWD', path)
        return 0
      }
      case 'export':
      case 'local': {
        if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
          for (const [k, v] of [...st.env].sort(([a], [b]) => (a < b ? -1 : 1))) {
            io.stdout.write(sh === 'bash' ? `declare -x ${k}="${v.replace(/(["\\$`])/g, '\\$1')}"\n` : `export ${k}='${v.replace(/'/g, "'\"'\"'")}'\n`)
          }
          return 0
        }
        let status = 0
        for (const a of args) {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(a)
          if (!m) {
            status = err(`\`${a}': not a valid identifier`)
            continue
          }
          const value = m[2] ?? st.vars.get(m[1]!) ?? st.env.get(m[1]!)
          st.vars.delete(m[1]!)
          if (name === 'local') st.vars.set(m[1]!, value ?? '')
          else if (value !== undefined) st.env.set(m[1]!, value)
          else st.env.set(m[1]!, '')
        }
        return status
      }
      case 'unset':
        for (const a of args) {
          if (a.startsWith('-')) continue
          st.vars.delete(a)
          st.env.delete(a)
          st.functions.delete(a)
        }
        return 0
      case 'exit': {
        if (args.length === 0) throw new ExitSignal(st.lastStatus)
        if (!/^[-+]?\d+$/.test(args[0]!)) {
          err(`${args[0]}: numeric argument required`)
          throw new ExitSignal(2)
        }
        if (args.length > 1) return err('too many arguments')
        throw new ExitSignal(((Number(args[0]) % 256) + 256) % 256)
      }
      case 'set': {
        if (args.length === 0) {
          const all = new Map([...st.env, ...st.vars])
          for (const [k, v] of [...all].sort(([a], [b]) => (a < b ? -1 : 1))) io.stdout.write(`${k}=${/^[\w./:-]*$/.test(v) ? v : `'${v}'`}\n`)
          return 0
        }
        for (let i = 0; i < args.length; i++) {
          const a = args[i]!
          if (a === '--') {
            st.positional = args.slice(i + 1)
            return 0
          }
          if (a === '-o' || a === '+o') {
            const opt = args[++i]
            if (opt === 'errexit') st.errexit = a === '-o'
            else if (opt && !['pipefail', 'nounset', 'xtrace', 'noglob'].includes(opt)) return err(`${opt}: invalid option name`)
            continue
          }
          if (/^[-+][euxfv]+$/.test(a)) {
            if (a.includes('e')) st.errexit = a[0] === '-'
            continue
          }
          if (/^[-+]/.test(a)) return err(`${a.slice(0, 2)}: invalid option`, 2)
          st.positional = args.slice(i)
          return 0
        }
        return 0
      }
      case 'shift': {
        const n = args[0] ? Number(args[0]) : 1
        if (!Number.isInteger(n) || n < 0) return err(`${args[0]}: numeric argument required`)
        if (n > st.positional.length) return 1
        st.positional = st.positional.slice(n)
        return 0
      }
      case 'break':
      case 'continue': {
        if (st.loopDepth === 0) return sh === 'bash' ? 0 : 0
        const n = args[0] ? Number(args[0]) : 1
        if (!Number.isInteger(n) || n < 1) return err(`${args[0]}: loop count out of range`)
        throw new LoopSignal(name, Math.min(n, st.loopDepth))
      }
      case 'return':
        throw new ReturnSignal(args[0] ? Number(args[0]) & 255 : st.lastStatus)
      case 'eval':
        return this.evalIn(args.join(' '), st, io)
      case '.':
      case 'source': {
        if (!args[0]) return err('filename argument required', 2)
        const path = resolvePath(st.cwd, args[0])
        let src: string
        try {
          const s = this.opts.fs.stat(path)
          if (!s) throw new FsError('ENOENT', path)
          src = this.opts.fs.readFile(path)
        } catch (e) {
          io.stderr.write(`${sh}: ${args[0]}: ${errorText(e)}\n`)
          return 1
        }
        return this.evalIn(src, st, io)
      }
      case 'read':
        return this.read(args, st, io)
    }
    return 0
  }

  private getVarIn(st: State, name: string): string | undefined {
    return st.vars.get(name) ?? st.env.get(name)
  }

  private async evalIn(src: string, st: State, io: Io): Promise<number> {
    let script: Script
    try {
      script = parse(src)
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e
      for (const line of e.lines(this.opts.shellName)) io.stderr.write(`${this.opts.shellName}: ${line}\n`)
      return 2
    }
    return this.execList(script.body, st, io)
  }

  /** read [-r] [-p prompt] [name…]: one line from stdin, split on whitespace; the last name gets the rest. */
  private async read(args: string[], st: State, io: Io): Promise<number> {
    let raw = false
    const names: string[] = []
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!
      if (a === '-r') raw = true
      else if (a === '-p') io.stderr.write(args[++i] ?? '')
      else names.push(a)
    }
    if (names.length === 0) names.push('REPLY')
    let reader = readers.get(io.stdin)
    if (!reader) readers.set(io.stdin, (reader = new LineReader(io.stdin)))
    let line = await reader.readLine(io.signal)
    if (io.signal.aborted) throw new AbortedSignal()
    if (line === null) {
      for (const n of names) this.assign(st, n, '')
      return 1
    }
    if (!raw) line = line.replace(/\\(.)/g, '$1')
    const fields = names.length === 1 && names[0] === 'REPLY' ? [line] : line.trim().split(/[ \t]+/)
    names.forEach((n, i) => {
      const v = i === names.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '')
      this.assign(st, n, v)
    })
    return 0
  }
}
