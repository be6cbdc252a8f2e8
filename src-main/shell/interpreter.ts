// Runs parsed scripts. One Interpreter per shell session; the workstation and every container shell make their own,
// plugging their commands in through `builtins`. Lists, pipelines and simple commands are here; compound commands are
// in compound.ts, redirects in redirects.ts, the intrinsics (cd, export, exit, read…) in intrinsics.ts, jobs in jobs.ts.
import type { AndOr, Command, List, Pipeline, Script, SimpleCommand } from './ast'
import { execCompound } from './compound'
import { coreBuiltins } from './core-builtins'
import { ExpansionError, expandFields, expandString, type ExpandHost } from './expand'
import { INTRINSICS, KEYWORDS, runIntrinsic } from './intrinsics'
import type { Builtin, CommandContext, Env, Fs } from './io'
import { Jobs } from './jobs'
import { parse, ShellSyntaxError } from './parser'
import { errorText, resolvePath } from './path'
import { CaptureOutput, Pipe } from './pipe'
import { applyRedirects } from './redirects'
import { printFunction } from './print-function'
import {
  AbortedSignal,
  assignIn,
  ExitSignal,
  LoopSignal,
  ReturnSignal,
  statusOf,
  subshellOf,
  type Io,
  type RunIo,
  type State,
} from './shell-state'

export { INTRINSICS, type RunIo }

export interface InterpreterOptions {
  builtins: Map<string, Builtin>
  fs: Fs
  env?: Env
  cwd?: string
  shellName: string // 'bash' | 'sh'
  /** The message line for an unknown command, e.g. `bash: foo: command not found` or `sh: foo: not found`. */
  notFound(name: string): string
  sleep: CommandContext['sleep']
  onExit?(code: number): void
  /** Positional parameters ($1…), e.g. for `sh -c 'script' a b`. */
  args?: string[]
  /** Where `type` says a (non-shell-builtin) command lives; default `/usr/bin/NAME`. */
  commandPath?(name: string): string
}

/** Names bash itself implements (so `type echo` says "shell builtin", `type ls` a path). */
const SHELL_BUILTINS = new Set(['echo', 'printf', 'test', '[', 'true', 'false', ':', 'pwd', 'help', 'history', 'alias'])

export class Interpreter {
  private st: State
  private readonly core: Map<string, Builtin>
  private readonly jobs: Jobs
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
    this.jobs = new Jobs(this.pid)
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

  /** Set a shell variable (not exported, unless it already is): what bash does for COLUMNS/LINES. */
  setVar(name: string, value: string): void {
    assignIn(this.st, name, value)
  }

  /** Is `name` something this shell can run (intrinsic, function, builtin)? Used by `which`/`type`/completion. */
  knows(name: string): boolean {
    return (INTRINSICS as readonly string[]).includes(name) || this.st.functions.has(name) || this.opts.builtins.has(name) || this.core.has(name)
  }

  /** Background jobs that finished since the last call, worded as bash prints them before a prompt
   *  (`[1]+  Done                    sleep 1`). */
  takeJobNotices(): string[] {
    return this.jobs.takeNotices()
  }

  get shellName(): string {
    return this.opts.shellName
  }
  get fs(): Fs {
    return this.opts.fs
  }

  /** What `type NAME` prints, or null when nothing by that name can run. */
  describe(name: string, st: State = this.st): string | null {
    if (KEYWORDS.includes(name)) return `${name} is a shell keyword`
    const fn = st.functions.get(name)
    // bash prints the function back; ash and dash only name it.
    if (fn) return this.opts.shellName === 'bash' ? `${name} is a function\n${printFunction(name, fn)}` : `${name} is a shell function`
    if ((INTRINSICS as readonly string[]).includes(name) || SHELL_BUILTINS.has(name)) return `${name} is a shell builtin`
    if (this.opts.builtins.has(name) || this.core.has(name)) return `${name} is ${this.opts.commandPath?.(name) ?? `/usr/bin/${name}`}`
    return null
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

  /** @internal (eval, source) */
  async evalIn(src: string, st: State, io: Io): Promise<number> {
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

  /** Stops every background job (the shell is exiting). */
  killJobs(): void {
    this.jobs.killAll()
  }

  wait(): Promise<number> {
    return this.jobs.waitAll()
  }

  jobsList(io: Io): void {
    this.jobs.list(io.stdout)
  }

  // ---- lists, pipelines ----

  /** @internal (compound.ts) */
  async execList(list: List, st: State, io: Io): Promise<number> {
    let status = st.lastStatus
    for (const item of list) {
      status = item.background ? this.jobs.start(item, st, io, (s, i) => this.execAndOr(item, s, i)) : await this.execAndOr(item, st, io)
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
      const n = p.commands.length
      const pipes = p.commands.slice(1).map(() => new Pipe())
      // Each stage has its own signal: writing into a pipe whose reader has finished stops the writer, the way
      // SIGPIPE ends `yes | head -3` or `kubectl get pods -w | head -2`.
      const ctrls = p.commands.map(() => new AbortController())
      const onAbort = () => ctrls.forEach((c) => c.abort())
      io.signal.addEventListener('abort', onAbort, { once: true })
      pipes.forEach((pipe, i) => (pipe.onBrokenWrite = () => ctrls[i]!.abort()))
      const stages = p.commands.map(async (cmd, i) => {
        const stageIo: Io = {
          ...io,
          stdin: i === 0 ? io.stdin : pipes[i - 1]!,
          stdout: i === n - 1 ? io.stdout : pipes[i]!,
          ttyIn: i === 0 && io.ttyIn,
          ttyOut: i === n - 1 && io.ttyOut,
          signal: ctrls[i]!.signal,
        }
        try {
          return await this.execCommand(cmd, subshellOf(st), stageIo)
        } catch (e) {
          return statusOf(e)
        } finally {
          if (i < pipes.length) pipes[i]!.close()
          if (i > 0) pipes[i - 1]!.closeRead()
        }
      })
      try {
        const statuses = await Promise.all(stages)
        status = statuses[n - 1]!
      } finally {
        io.signal.removeEventListener('abort', onAbort)
      }
    }
    if (p.negated) status = status === 0 ? 1 : 0
    return status
  }

  /** @internal (expansions of compound commands and redirects) */
  host(st: State, io: Io): ExpandHost {
    return {
      getVar: (n) => st.vars.get(n) ?? st.env.get(n),
      setVar: (n, v) => assignIn(st, n, v),
      positional: st.positional,
      lastStatus: st.lastStatus,
      shellName: this.opts.shellName,
      pid: this.pid,
      lastBg: st.lastBg,
      cwd: st.cwd,
      fs: this.opts.fs,
      substitute: async (script) => {
        const out = new CaptureOutput()
        const sub = subshellOf(st)
        try {
          st.lastStatus = await this.execList(script.body, sub, { ...io, stdout: out, ttyOut: false })
        } catch (e) {
          st.lastStatus = statusOf(e)
        }
        return out.text
      },
    }
  }

  // ---- commands ----

  private async execCommand(cmd: Command, st: State, io: Io): Promise<number> {
    if (io.signal.aborted) throw new AbortedSignal()
    if (cmd.type === 'simple') return this.execSimple(cmd, st, io)
    if (cmd.type === 'function') {
      st.functions.set(cmd.name, cmd.body)
      return 0
    }
    const rio = await applyRedirects(cmd.redirects, st, io, this)
    if (typeof rio === 'number') return rio
    return execCompound(cmd, st, rio, this)
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
    const rio = await applyRedirects(cmd.redirects, st, io, this)
    if (typeof rio === 'number') return rio
    if (argv.length === 0) {
      for (const [k, v] of assigns) assignIn(st, k, v)
      return cmd.words.length || cmd.assigns.some((a) => a.value.parts.some((p) => p.type === 'cmdsub')) ? substStatus : 0
    }
    if (argv[0] === 'env' && argv.length > 1 && /^[A-Za-z_]\w*=/.test(argv[1]!)) {
      // `env NAME=value… command`: run the command with those variables.
      argv.shift()
      while (argv.length && /^[A-Za-z_]\w*=/.test(argv[0]!)) {
        const a = argv.shift()!
        assigns.push([a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)])
      }
      if (argv.length === 0) argv = ['env']
    }
    const name = argv[0]!
    if ((INTRINSICS as readonly string[]).includes(name)) return runIntrinsic(argv, st, rio, this)
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
    if (name === 'env' && assigns.length) {
      for (const [k, v] of env) rio.stdout.write(`${k}=${v}\n`)
      return 0
    }
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
}
