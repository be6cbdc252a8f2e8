// Commands that act on the shell's own state, so they can't be ordinary Builtin rows: cd, export, unset, exit, set,
// shift, break/continue, return, eval, source, read, wait, jobs, type.
import type { Fs } from './io'
import { FsError } from './io'
import { errorText, resolvePath } from './path'
import { LineReader } from './pipe'
import { AbortedSignal, assignIn, ExitSignal, getVarIn, LoopSignal, ReturnSignal, type Io, type State } from './shell-state'
import type { Input } from './io'

export const INTRINSICS = ['cd', 'export', 'unset', 'exit', 'set', 'read', 'shift', 'break', 'continue', 'return', 'eval', '.', 'source', 'local', 'wait', 'jobs', 'type'] as const

/** Reserved words, for `type`. */
export const KEYWORDS = ['if', 'then', 'elif', 'else', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', '{', '}', '!']

export interface IntrinsicHost {
  shellName: string
  fs: Fs
  evalIn(src: string, st: State, io: Io): Promise<number>
  /** `wait`: until every background job has ended. */
  wait(): Promise<number>
  /** `jobs`: list the running background jobs. */
  jobsList(io: Io): void
  /** What `type NAME` says (without the trailing newline), or null when the shell can't run it. */
  describe(name: string, st: State): string | null
}

const readers = new WeakMap<Input, LineReader>()

function typeOf(args: string[], st: State, io: Io, h: IntrinsicHost): number {
  let status = 0
  for (const a of args.filter((x) => !x.startsWith('-'))) {
    const d = h.describe(a, st)
    if (d) io.stdout.write(d + '\n')
    else {
      io.stderr.write(h.shellName === 'bash' ? `bash: type: ${a}: not found\n` : `${a}: not found\n`)
      status = 1
    }
  }
  return status
}

export async function runIntrinsic(argv: string[], st: State, io: Io, h: IntrinsicHost): Promise<number> {
  const sh = h.shellName
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
        target = getVarIn(st, 'HOME')
        if (target === undefined) return err('HOME not set')
      } else if (target === '-') {
        target = getVarIn(st, 'OLDPWD')
        if (target === undefined) return err('OLDPWD not set')
        io.stdout.write(target + '\n')
      }
      const path = resolvePath(st.cwd, target)
      let problem: string | null = null
      try {
        const s = h.fs.stat(path)
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
      // Outside a loop: bash complains but carries on; ash ignores it.
      if (st.loopDepth === 0) return sh === 'bash' ? err("only meaningful in a `for', `while', or `until' loop", 0) : 0
      const n = args[0] ? Number(args[0]) : 1
      if (!Number.isInteger(n) || n < 1) return err(`${args[0]}: loop count out of range`)
      throw new LoopSignal(name, Math.min(n, st.loopDepth))
    }
    case 'return':
      throw new ReturnSignal(args[0] ? Number(args[0]) & 255 : st.lastStatus)
    case 'eval':
      return h.evalIn(args.join(' '), st, io)
    case '.':
    case 'source': {
      if (!args[0]) return err('filename argument required', 2)
      const path = resolvePath(st.cwd, args[0])
      let src: string
      try {
        const s = h.fs.stat(path)
        if (!s) throw new FsError('ENOENT', path)
        src = h.fs.readFile(path)
      } catch (e) {
        io.stderr.write(`${sh}: ${args[0]}: ${errorText(e)}\n`)
        return 1
      }
      return h.evalIn(src, st, io)
    }
    case 'read':
      return read(args, st, io, h.shellName)
    case 'wait':
      return h.wait()
    case 'jobs':
      h.jobsList(io)
      return 0
    case 'type':
      return typeOf(args, st, io, h)
  }
  return 0
}

/** read [-r] [-p prompt] [name…]: one line from stdin, split on whitespace; the last name gets the rest. */
async function read(args: string[], st: State, io: Io, shellName: string): Promise<number> {
  let raw = false
  const names: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-r') raw = true
    else if (a === '-p') io.stderr.write(args[++i] ?? '')
    else if (a.startsWith('-') && a !== '-' && names.length === 0) {
      io.stderr.write(`${shellName}: read: ${a.slice(0, 2)}: invalid option\n`)
      if (shellName === 'bash') io.stderr.write('read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n')
      return 2
    } else names.push(a)
  }
  if (names.length === 0) names.push('REPLY')
  let reader = readers.get(io.stdin)
  if (!reader) readers.set(io.stdin, (reader = new LineReader(io.stdin)))
  let line = await reader.readLine(io.signal)
  if (io.signal.aborted) throw new AbortedSignal()
  if (line === null) {
    for (const n of names) assignIn(st, n, '')
    return 1
  }
  if (!raw) line = line.replace(/\\(.)/g, '$1')
  const fields = names.length === 1 && names[0] === 'REPLY' ? [line] : line.trim().split(/[ \t]+/)
  names.forEach((n, i) => {
    const v = i === names.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '')
    assignIn(st, n, v)
  })
  return 0
}
