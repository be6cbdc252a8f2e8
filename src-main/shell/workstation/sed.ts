// A GNU sed subset: s/RE/REPL/[gpiN] with any delimiter, p, d, q, =, addresses (N, $, /RE/, A,B ranges, `!`),
// -n, -e (repeatable), -E/-r, -i (in place). Errors are worded as GNU sed words them.
import type { Builtin, CommandContext } from '../io'
import { errorText } from '../path'
import { abs, lines, parseOpts, readInputs } from './args'
import { breToJs } from './text-tools'

type Addr = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: RegExp }

interface Cmd {
  a1?: Addr
  a2?: Addr
  negate: boolean
  name: 's' | 'p' | 'd' | 'q' | '='
  re?: RegExp
  repl?: string
  global?: boolean
  nth?: number
  print?: boolean
  /** Range state: inside A,B. */
  active?: boolean
}

class SedError extends Error {}

function parseScript(script: string, exprNo: number, extended: boolean): Cmd[] {
  const cmds: Cmd[] = []
  let i = 0
  const fail = (msg: string): never => {
    throw new SedError(`-e expression #${exprNo}, char ${i}: ${msg}`)
  }
  const toRe = (src: string, flags: string) => {
    try {
      return new RegExp(extended ? src : breToJs(src), flags)
    } catch {
      return fail('Invalid preceding regular expression')
    }
  }
  /** Text up to an unescaped `delim`; `\delim` becomes delim. */
  const until = (delim: string, what: string): string => {
    let out = ''
    for (; i < script.length; i++) {
      const c = script[i]!
      if (c === '\\' && i + 1 < script.length) {
        const n = script[++i]!
        out += n === delim ? n : n === 'n' && delim !== 'n' ? '\n' : '\\' + n
        continue
      }
      if (c === delim) {
        i++
        return out
      }
      out += c
    }
    return fail(`unterminated ${what}`)
  }
  const addr = (): Addr | undefined => {
    const m = /^\d+/.exec(script.slice(i))
    if (m) {
      i += m[0].length
      return { kind: 'line', n: Number(m[0]) }
    }
    if (script[i] === '$') {
      i++
      return { kind: 'last' }
    }
    if (script[i] === '/' || script[i] === '\\') {
      const delim = script[i] === '\\' ? script[++i]! : '/'
      i++
      const src = until(delim, 'address regex')
      return { kind: 're', re: toRe(src, '') }
    }
    return undefined
  }
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++
    if (i >= script.length) break
    const cmd: Cmd = { negate: false, name: 'p' }
    cmd.a1 = addr()
    if (cmd.a1 && script[i] === ',') {
      i++
      cmd.a2 = addr()
      if (!cmd.a2) fail('unexpected `,\'')
    }
    while (script[i] === ' ') i++
    if (script[i] === '!') {
      cmd.negate = true
      i++
    }
    const c = script[i++]
    if (c === undefined) fail('missing command')
    if (c === 's') {
      const delim = script[i++]
      if (delim === undefined || delim === '\n' || delim === '\\') fail("unterminated `s' command")
      const re = until(delim!, "`s' command")
      cmd.repl = until(delim!, "`s' command")
      let flags = ''
      while (i < script.length && /[gpiI0-9]/.test(script[i]!)) {
        const f = script[i++]!
        if (/\d/.test(f)) cmd.nth = Number(f) + (cmd.nth ?? 0) * 10
        else if (f === 'g') cmd.global = true
        else if (f === 'p') cmd.print = true
        else flags = 'i'
      }
      if (i < script.length && !/[\s;}]/.test(script[i]!)) {
        i++
        fail("unknown option to `s'")
      }
      cmd.name = 's'
      cmd.re = toRe(re, 'g' + flags)
    } else if (c === 'p' || c === 'd' || c === 'q' || c === '=') cmd.name = c
    else fail(`unknown command: \`${c}'`)
    cmds.push(cmd)
  }
  return cmds
}

/** sed's replacement: `&` is the match, `\1`…`\9` groups, `\n` newline, `\&` a literal &. */
function expandRepl(repl: string, m: RegExpExecArray): string {
  let out = ''
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!
    if (c === '\\' && i + 1 < repl.length) {
      const n = repl[++i]!
      out += /\d/.test(n) ? (m[Number(n)] ?? '') : n === 'n' ? '\n' : n === 't' ? '\t' : n
    } else if (c === '&') out += m[0]
    else out += c
  }
  return out
}

function matches(a: Addr, line: string, n: number, last: boolean): boolean {
  if (a.kind === 'line') return n === a.n
  if (a.kind === 'last') return last
  a.re.lastIndex = 0
  return a.re.test(line)
}

function selected(cmd: Cmd, line: string, n: number, last: boolean): boolean {
  let hit: boolean
  if (!cmd.a1) hit = true
  else if (!cmd.a2) hit = matches(cmd.a1, line, n, last)
  else if (cmd.active) {
    hit = true
    // A line-number end already passed closes the range right away, as in GNU sed.
    if (cmd.a2.kind === 'line' ? n >= cmd.a2.n : matches(cmd.a2, line, n, last)) cmd.active = false
  } else if (matches(cmd.a1, line, n, last)) {
    hit = true
    cmd.active = !(cmd.a2.kind === 'line' && cmd.a2.n <= n) && !(cmd.a2.kind === 'last' && last)
  } else hit = false
  return hit !== cmd.negate
}

/** Runs the commands over the text; returns the output and whether `q` stopped it. */
function runSed(cmds: Cmd[], text: string, quiet: boolean, state: { n: number }, lastFile: boolean): { out: string; quit: boolean } {
  const ls = lines(text)
  let out = ''
  for (let idx = 0; idx < ls.length; idx++) {
    let line = ls[idx]!
    const n = ++state.n
    const last = lastFile && idx === ls.length - 1
    let deleted = false
    let quit = false
    for (const cmd of cmds) {
      if (!selected(cmd, line, n, last)) continue
      if (cmd.name === 'p') out += line + '\n'
      else if (cmd.name === '=') out += `${n}\n`
      else if (cmd.name === 'd') {
        deleted = true
        break
      } else if (cmd.name === 'q') {
        quit = true
        break
      } else if (cmd.name === 's') {
        const re = cmd.re!
        re.lastIndex = 0
        let count = 0
        let replaced = false
        let result = ''
        let pos = 0
        for (let m = re.exec(line); m !== null; m = re.exec(line)) {
          count++
          // s///N replaces the Nth match; with g, the Nth and every later one.
          const take = cmd.global ? !cmd.nth || count >= cmd.nth : count === (cmd.nth ?? 1)
          if (take) {
            result += line.slice(pos, m.index) + expandRepl(cmd.repl!, m)
            pos = m.index + m[0].length
            replaced = true
            if (!cmd.global) break
          }
          if (m[0] === '') re.lastIndex++
        }
        line = result + line.slice(pos)
        if (replaced && cmd.print) out += line + '\n'
      }
    }
    if (!deleted && !quiet) out += line + '\n'
    if (quit) return { out, quit: true }
  }
  return { out, quit: false }
}

async function sed(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, {
    bools: 'nErsi',
    valued: 'e',
    long: { quiet: 'n', silent: 'n', 'regexp-extended': 'E', 'in-place': 'i', expression: 'e', separate: 's' },
  })
  if (typeof p === 'number') return p
  // -e may repeat; parseOpts keeps the last, so collect them from argv.
  const exprs: string[] = []
  const argv = ctx.argv.slice(1)
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-e' || argv[i] === '--expression') exprs.push(argv[++i] ?? '')
    else if (/^-[a-zA-Z]*e./.test(argv[i]!) && !argv[i]!.startsWith('--')) exprs.push(argv[i]!.slice(argv[i]!.indexOf('e') + 1))
  }
  const operands = [...p.operands]
  if (exprs.length === 0) {
    const s = operands.shift()
    if (s === undefined) {
      ctx.stderr.write('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n')
      return 1
    }
    exprs.push(s)
  }
  const extended = p.flags.has('E') || p.flags.has('r')
  let cmds: Cmd[]
  try {
    cmds = exprs.flatMap((e, k) => parseScript(e, k + 1, extended))
  } catch (e) {
    if (!(e instanceof SedError)) throw e
    ctx.stderr.write(`sed: ${e.message}\n`)
    return 1
  }
  const quiet = p.flags.has('n')
  let status = 0
  if (p.flags.has('i')) {
    if (operands.length === 0) {
      ctx.stderr.write('sed: no input files\n')
      return 1
    }
    for (const f of operands) {
      const [inp] = await readInputs(ctx, [f], (name, msg) => {
        ctx.stderr.write(`sed: can't read ${name}: ${msg}\n`)
        status = 2
      })
      if (!inp) continue
      for (const c of cmds) c.active = false
      const r = runSed(cmds, inp.text, quiet, { n: 0 }, true)
      try {
        ctx.fs.writeFile(abs(ctx, f), r.out)
      } catch (e) {
        ctx.stderr.write(`sed: couldn't open temporary file ${f}: ${errorText(e)}\n`)
        status = 4
      }
    }
    return status
  }
  const inputs = await readInputs(ctx, operands, (name, msg) => {
    ctx.stderr.write(`sed: can't read ${name}: ${msg}\n`)
    status = 2
  })
  const state = { n: 0 }
  for (let k = 0; k < inputs.length; k++) {
    const r = runSed(cmds, inputs[k]!.text, quiet, state, k === inputs.length - 1)
    ctx.stdout.write(r.out)
    if (r.quit) break
  }
  return status
}

export const sedTool: Builtin = {
  name: 'sed',
  summary: 'stream editor for filtering and transforming text',
  usage: "sed [-n] [-E] [-i] [-e SCRIPT]... 'SCRIPT' [FILE]...",
  flags: [
    { short: 'n', long: 'quiet', summary: 'suppress automatic printing of pattern space' },
    { short: 'e', long: 'expression', arg: 'SCRIPT', summary: 'add the script to the commands to be executed' },
    { short: 'E', long: 'regexp-extended', summary: 'use extended regular expressions in the script' },
    { short: 'i', long: 'in-place', summary: 'edit files in place' },
  ],
  run: sed,
}
