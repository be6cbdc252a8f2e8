// The interpreter's per-shell state and the control-flow signals it throws (exit, break/continue, return, ^C).
// Split out so redirects and intrinsics can work on the same state without importing the interpreter.
import type { Command } from './ast'
import type { Env, Input, Output, Terminal } from './io'

export interface RunIo {
  stdin: Input
  stdout: Output
  stderr: Output
  tty: Terminal | null
  signal: AbortSignal
}

/** Internal I/O: which fds still point at the terminal decides whether a command gets `tty`. */
export interface Io extends RunIo {
  ttyIn: boolean
  ttyOut: boolean
}

/** Shell state; a subshell (pipeline stage, `( )`, `$( )`, `&`) works on a copy. */
export interface State {
  vars: Map<string, string>
  env: Env
  cwd: string
  positional: string[]
  lastStatus: number
  functions: Map<string, Command>
  errexit: boolean
  condDepth: number
  loopDepth: number
  /** $! — the pid of the last background job. */
  lastBg?: number
}

export class ExitSignal {
  constructor(readonly code: number) {}
}
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}
export class ReturnSignal {
  constructor(readonly code: number) {}
}
export class AbortedSignal {}

export function subshellOf(st: State): State {
  return {
    ...st,
    vars: new Map(st.vars),
    env: new Map(st.env),
    positional: [...st.positional],
    functions: new Map(st.functions),
  }
}

/** The exit status a subshell ends with when a signal escapes it. */
export function statusOf(e: unknown): number {
  if (e instanceof ExitSignal || e instanceof ReturnSignal) return e.code
  if (e instanceof AbortedSignal) return 130
  if (e instanceof LoopSignal) return 0
  throw e
}

export function getVarIn(st: State, name: string): string | undefined {
  return st.vars.get(name) ?? st.env.get(name)
}

/** Assignment keeps a variable exported if it already was. */
export function assignIn(st: State, name: string, value: string): void {
  if (st.env.has(name)) st.env.set(name, value)
  else st.vars.set(name, value)
}
