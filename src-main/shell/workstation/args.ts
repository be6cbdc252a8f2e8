// GNU-style option parsing shared by the workstation tools: clustered short flags (`-la`), valued flags (`-n 5`,
// `-n5`), `--` and a few long names, with coreutils' wording for unknown options.
import type { CommandContext } from '../io'
import { readAll } from '../pipe'
import { errorText, resolvePath } from '../path'

export interface OptSpec {
  /** Short boolean flags, e.g. 'la1'. */
  bools?: string
  /** Short flags taking a value, e.g. 'n'. */
  valued?: string
  /** Long names mapped to a short flag ('all' → 'a'). */
  long?: Record<string, string>
  /** Allow `-5` as `-n 5` (head/tail). */
  numericShort?: string
  /** Exit status for usage errors (ls, grep, sort: 2; most others: 1). */
  usageStatus?: number
}

export interface Parsed {
  flags: Map<string, string | true>
  operands: string[]
}

/** Returns the parsed options, or the exit status after printing the GNU usage error. */
export function parseOpts(ctx: CommandContext, spec: OptSpec): Parsed | number {
  const tool = ctx.argv[0]!
  const flags = new Map<string, string | true>()
  const operands: string[] = []
  const args = ctx.argv.slice(1)
  const bad = (msg: string) => {
    ctx.stderr.write(`${tool}: ${msg}\nTry '${tool} --help' for more information.\n`)
    return spec.usageStatus ?? 1
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--') {
      operands.push(...args.slice(i + 1))
      break
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s) as [string, string | undefined]
      const short = spec.long?.[name]
      if (!short) return bad(`unrecognized option '${a}'`)
      if (spec.valued?.includes(short)) {
        const v = value ?? args[++i]
        if (v === undefined) return bad(`option '--${name}' requires an argument`)
        flags.set(short, v)
      } else flags.set(short, true)
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      if (spec.numericShort && /^-\d+$/.test(a)) {
        flags.set(spec.numericShort, a.slice(1))
        continue
      }
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!
        if (spec.valued?.includes(f)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i]
          if (v === undefined) return bad(`option requires an argument -- '${f}'`)
          flags.set(f, v)
          break
        }
        if (!spec.bools?.includes(f)) return bad(`invalid option -- '${f}'`)
        flags.set(f, true)
      }
      continue
    }
    operands.push(a)
  }
  return { flags, operands }
}

export const abs = (ctx: CommandContext, p: string) => resolvePath(ctx.cwd, p)

export interface InputText {
  name: string
  text: string
}

/** Reads each operand (or stdin for none / `-`). Errors are reported through `onError(name, strerror)`. */
export async function readInputs(ctx: CommandContext, operands: string[], onError: (name: string, msg: string) => void): Promise<InputText[]> {
  const names = operands.length ? operands : ['-']
  const out: InputText[] = []
  for (const name of names) {
    if (name === '-') {
      out.push({ name: '(standard input)', text: await readAll(ctx.stdin, ctx.signal) })
      continue
    }
    try {
      const s = ctx.fs.stat(abs(ctx, name))
      if (!s) throw Object.assign(new Error(), { code: 'ENOENT' })
      if (s.type === 'dir') throw Object.assign(new Error(), { code: 'EISDIR' })
      out.push({ name, text: ctx.fs.readFile(abs(ctx, name)) })
    } catch (e) {
      onError(name, errorText(e))
    }
  }
  return out
}

/** Splits text into lines without their `\n` (a final unterminated line counts). */
export function lines(text: string): string[] {
  if (text === '') return []
  const ls = text.split('\n')
  if (ls[ls.length - 1] === '') ls.pop()
  return ls
}
