// Utilities every shell flavour has that need no interpreter state: echo, printf, test/[, true, false, :, pwd,
// sleep, env. The interpreter falls back to these when its `builtins` map has no entry, so an image can override
// one (busybox's own `sleep`) just by putting it in the map.
import type { Builtin, CommandContext } from './io'
import { resolvePath } from './path'
import { unescapeC } from './escapes'

export { unescapeC }

const ok = (v: number) => Promise.resolve(v)

function echo(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1)
  let newline = true
  let escapes = false
  while (args.length && /^-[neE]+$/.test(args[0]!)) {
    for (const f of args.shift()!.slice(1)) {
      if (f === 'n') newline = false
      else if (f === 'e') escapes = true
      else escapes = false
    }
  }
  let text = args.join(' ')
  if (escapes) {
    const r = unescapeC(text, true)
    text = r.text
    if (r.stop) newline = false
  }
  ctx.stdout.write(newline ? text + '\n' : text)
  return ok(0)
}

/** printf FORMAT [ARG]…: %s %b %c %d %i %u %x %X %o %f %e %g %%, flags, width, precision; the format repeats while
 *  arguments remain. */
export function formatPrintf(format: string, args: string[], err: (msg: string) => void): string {
  let out = ''
  let argi = 0
  const next = () => (argi < args.length ? args[argi++]! : undefined)
  const num = (s: string | undefined, float: boolean): number => {
    if (s === undefined || s === '') return 0
    const v = s.startsWith("'") || s.startsWith('"') ? s.codePointAt(1) ?? 0 : float ? Number(s) : /^[-+]?(0x[0-9a-f]+|\d+)$/i.test(s.trim()) ? Number(s) : NaN
    if (Number.isNaN(v)) {
      err(`${s}: invalid number`)
      return float ? 0 : parseInt(s, 10) || 0
    }
    return v
  }
  do {
    const before = argi
    for (let i = 0; i < format.length; i++) {
      const c = format[i]!
      if (c === '\\') {
        const m = /^\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(format.slice(i))!
        out += unescapeC(m[0], false).text
        i += m[0].length - 1
        continue
      }
      if (c !== '%') {
        out += c
        continue
      }
      const m = /^%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*)?)?([sbcdiuxXofeEgG%])/.exec(format.slice(i))
      if (!m) {
        out += c
        continue
      }
      i += m[0].length - 1
      const flags = m[1]!
      const width = m[2] === '*' ? num(next(), false) : m[2] ? Number(m[2]) : 0
      const prec = m[3] === '*' ? num(next(), false) : m[3] !== undefined ? Number(m[3]) : m[0].includes('.') ? 0 : undefined
      const conv = m[4]!
      let s: string
      if (conv === '%') {
        out += '%'
        continue
      } else if (conv === 's') s = next() ?? ''
      else if (conv === 'b') s = unescapeC(next() ?? '', true).text
      else if (conv === 'c') s = (next() ?? '').slice(0, 1)
      else if ('diu'.includes(conv)) s = String(Math.trunc(num(next(), false)))
      else if (conv === 'x' || conv === 'X') {
        s = Math.trunc(num(next(), false)).toString(16)
        if (conv === 'X') s = s.toUpperCase()
      } else if (conv === 'o') s = Math.trunc(num(next(), false)).toString(8)
      else if (conv === 'e' || conv === 'E') s = num(next(), true).toExponential(prec ?? 6)
      else if (conv === 'g' || conv === 'G') s = String(Number(num(next(), true).toPrecision(prec || 6)))
      else s = num(next(), true).toFixed(prec ?? 6)
      if ((conv === 's' || conv === 'b') && prec !== undefined) s = s.slice(0, prec)
      if ('di'.includes(conv) && flags.includes('+') && !s.startsWith('-')) s = '+' + s
      if (s.length < width) {
        if (flags.includes('-')) s = s.padEnd(width)
        else if (flags.includes('0') && !'sbc'.includes(conv)) s = s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0')
        else s = s.padStart(width)
      }
      out += s
    }
    if (argi === before) break
  } while (argi < args.length)
  return out
}

function printf(ctx: CommandContext, shellName: string): Promise<number> {
  const args = ctx.argv.slice(1)
  if (args[0] === '--') args.shift()
  if (args.length === 0) {
    ctx.stderr.write(shellName === 'bash' ? 'printf: usage: printf [-v var] format [arguments]\n' : `${shellName}: printf: usage: printf FORMAT [ARG]...\n`)
    return ok(2)
  }
  let status = 0
  const out = formatPrintf(args[0]!, args.slice(1), (msg) => {
    ctx.stderr.write(`${shellName}: printf: ${msg}\n`)
    status = 1
  })
  ctx.stdout.write(out)
  return ok(status)
}

/** test / [ : the common unary and binary primaries, `!`, -a and -o. */
function test(ctx: CommandContext, shellName: string): Promise<number> {
  const name = ctx.argv[0]!
  let args = ctx.argv.slice(1)
  const fail = (msg: string) => {
    ctx.stderr.write(`${shellName}: ${name}: ${msg}\n`)
    return ok(2)
  }
  if (name === '[') {
    if (args[args.length - 1] !== ']') return fail("missing `]'")
    args = args.slice(0, -1)
  }
  class TestError extends Error {}
  const int = (s: string): number => {
    if (!/^\s*[-+]?\d+\s*$/.test(s)) throw new TestError(`${s}: integer expression expected`)
    return Number(s)
  }
  const stat = (p: string) => {
    try {
      return ctx.fs.stat(resolvePath(ctx.cwd, p))
    } catch {
      return null
    }
  }
  const unary = (op: string, a: string): boolean => {
    switch (op) {
      case '-z':
        return a === ''
      case '-n':
        return a !== ''
      case '-e':
      case '-a':
        return stat(a) !== null
      case '-f':
        return stat(a)?.type === 'file'
      case '-d':
        return stat(a)?.type === 'dir'
      case '-s':
        return (stat(a)?.size ?? 0) > 0
      case '-r':
      case '-w':
        return stat(a) !== null
      case '-x':
        return !!stat(a) && (stat(a)!.type === 'dir' || (stat(a)!.mode & 0o111) !== 0)
      case '-L':
      case '-h':
        return false
      default:
        throw new TestError(`${op}: unary operator expected`)
    }
  }
  const binary = (a: string, op: string, b: string): boolean => {
    switch (op) {
      case '=':
      case '==':
        return a === b
      case '!=':
        return a !== b
      case '<':
        return a < b
      case '>':
        return a > b
      case '-eq':
        return int(a) === int(b)
      case '-ne':
        return int(a) !== int(b)
      case '-lt':
        return int(a) < int(b)
      case '-le':
        return int(a) <= int(b)
      case '-gt':
        return int(a) > int(b)
      case '-ge':
        return int(a) >= int(b)
      default:
        throw new TestError(`${op}: binary operator expected`)
    }
  }
  const evalSimple = (a: string[]): boolean => {
    if (a.length === 0) return false
    if (a[0] === '!' && a.length > 1) return !evalSimple(a.slice(1))
    if (a.length === 1) return a[0] !== ''
    if (a.length === 2) return unary(a[0]!, a[1]!)
    if (a.length === 3) return binary(a[0]!, a[1]!, a[2]!)
    throw new TestError('too many arguments')
  }
  const evalExpr = (a: string[]): boolean => {
    const o = a.indexOf('-o')
    if (o > 0) return evalExpr(a.slice(0, o)) || evalExpr(a.slice(o + 1))
    const n = a.indexOf('-a')
    if (n > 0 && a.length > 3) return evalExpr(a.slice(0, n)) && evalExpr(a.slice(n + 1))
    return evalSimple(a)
  }
  try {
    return ok(evalExpr(args) ? 0 : 1)
  } catch (e) {
    if (e instanceof TestError) return fail(e.message)
    throw e
  }
}

/** `sleep 1`, `sleep 0.5`, `sleep 2m`: GNU wording for bad operands. */
async function sleep(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1)
  if (args.length === 0) {
    ctx.stderr.write("sleep: missing operand\nTry 'sleep --help' for more information.\n")
    return 1
  }
  let ms = 0
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a)
    if (!m) {
      ctx.stderr.write(`sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.\n`)
      return 1
    }
    ms += Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's']!
  }
  try {
    await ctx.sleep(ms, ctx.signal)
  } catch {
    return 130
  }
  return ctx.signal.aborted ? 130 : 0
}

function env(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1)
  if (args.length) {
    ctx.stderr.write(`env: ‘${args[0]}’: No such file or directory\n`)
    return ok(127)
  }
  for (const [k, v] of ctx.env) ctx.stdout.write(`${k}=${v}\n`)
  return ok(0)
}

/** The core table, worded for `shellName` ('bash' or 'sh'). */
export function coreBuiltins(shellName: string): Builtin[] {
  return [
    { name: 'echo', summary: 'display a line of text', usage: 'echo [-neE] [arg ...]', run: echo },
    { name: 'printf', summary: 'format and print data', usage: 'printf format [arguments]', run: (c) => printf(c, shellName) },
    { name: 'test', aliases: ['['], summary: 'evaluate a conditional expression', usage: 'test [expr]', run: (c) => test(c, shellName) },
    { name: 'true', summary: 'do nothing, successfully', run: () => ok(0) },
    { name: 'false', summary: 'do nothing, unsuccessfully', run: () => ok(1) },
    { name: ':', summary: 'null command', run: () => ok(0) },
    {
      name: 'pwd',
      summary: 'print name of current/working directory',
      run: (c) => {
        c.stdout.write(c.cwd + '\n')
        return ok(0)
      },
    },
    { name: 'sleep', summary: 'delay for a specified amount of time', usage: 'sleep NUMBER[SUFFIX]...', run: sleep },
    { name: 'env', summary: 'print the environment', usage: 'env', run: env },
  ]
}
