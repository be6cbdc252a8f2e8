// Text filters of the workstation, worded like GNU coreutils/grep: head, tail, wc, grep, sort, uniq.
import type { Builtin, CommandContext } from '../io'
import { LineReader, readOrAbort } from '../pipe'
import { lines, parseOpts, readInputs } from './args'

function count(ctx: CommandContext, v: string | true | undefined, def: number): number | null {
  if (v === undefined || v === true) return def
  const n = Number(v.replace(/^[+-]/, ''))
  if (!Number.isInteger(n)) {
    ctx.stderr.write(`${ctx.argv[0]}: invalid number of lines: ‘${v}’\n`)
    return null
  }
  return n
}

async function headTail(ctx: CommandContext, tail: boolean): Promise<number> {
  const tool = ctx.argv[0]!
  const p = parseOpts(ctx, { bools: 'qv', valued: 'n', long: { lines: 'n' }, numericShort: 'n' })
  if (typeof p === 'number') return p
  const nv = p.flags.get('n')
  const n = count(ctx, nv, 10)
  if (n === null) return 1
  const fromStart = tail && typeof nv === 'string' && nv.startsWith('+')
  if (!tail && (p.operands.length === 0 || (p.operands.length === 1 && p.operands[0] === '-'))) {
    await headStdin(ctx, n)
    return 0
  }
  let status = 0
  const inputs = await readInputs(ctx, p.operands, (name, msg) => {
    ctx.stderr.write(`${tool}: cannot open '${name}' for reading: ${msg}\n`)
    status = 1
  })
  const headers = p.operands.length > 1
  inputs.forEach((inp, i) => {
    if (headers) ctx.stdout.write(`${i > 0 ? '\n' : ''}==> ${inp.name} <==\n`)
    const ls = inp.text.split(/(?<=\n)/)
    const pick = tail ? (fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n)) : ls.slice(0, n)
    ctx.stdout.write(pick.join(''))
  })
  return status
}

async function wc(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'lwcm', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm' } })
  if (typeof p === 'number') return p
  let which = ['l', 'w', 'c', 'm'].filter((f) => p.flags.has(f))
  if (which.length === 0) which = ['l', 'w', 'c']
  let status = 0
  const inputs = await readInputs(ctx, p.operands, (name, msg) => {
    ctx.stderr.write(`wc: ${name}: ${msg}\n`)
    status = 1
  })
  const rows = inputs.map((inp) => {
    const counts: Record<string, number> = {
      l: (inp.text.match(/\n/g) ?? []).length,
      w: inp.text.split(/\s+/).filter(Boolean).length,
      c: new TextEncoder().encode(inp.text).length,
      m: [...inp.text].length,
    }
    return { name: p.operands.length ? inp.name : '', nums: which.map((f) => counts[f]!) }
  })
  if (rows.length > 1) rows.push({ name: 'total', nums: which.map((_, i) => rows.reduce((t, r) => t + r.nums[i]!, 0)) })
  // GNU: one number for one input is unpadded; stdin pads to 7; files pad to the width of the largest count.
  const width =
    which.length === 1 && rows.length === 1 ? 1 : p.operands.length === 0 ? 7 : Math.max(1, ...rows.flatMap((r) => r.nums.map((x) => String(x).length)))
  for (const r of rows) ctx.stdout.write(r.nums.map((x) => String(x).padStart(width)).join(' ') + (r.name ? ` ${r.name}` : '') + '\n')
  return status
}

/** POSIX basic regex → JS: in BRE `\( \) \{ \} \| \+ \?` are the operators and the bare characters are literal. */
function breToJs(re: string): string {
  let out = ''
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!
    if (c === '\\' && i + 1 < re.length) {
      const n = re[++i]!
      out += '(){}|+?'.includes(n) ? n : '\\' + n
    } else if ('(){}|+?'.includes(c)) out += '\\' + c
    else out += c
  }
  return out
}

async function grep(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, {
    bools: 'ivcEnqlwhHFo',
    valued: 'e',
    long: { 'ignore-case': 'i', 'invert-match': 'v', count: 'c', 'extended-regexp': 'E', 'line-number': 'n', quiet: 'q', 'files-with-matches': 'l' },
    usageStatus: 2,
  })
  if (typeof p === 'number') return p
  const f = p.flags
  const operands = [...p.operands]
  const pattern = typeof f.get('e') === 'string' ? (f.get('e') as string) : operands.shift()
  if (pattern === undefined) {
    ctx.stderr.write("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
    return 2
  }
  let re: RegExp
  try {
    let src = f.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : f.has('E') ? pattern : breToJs(pattern)
    if (f.has('w')) src = `(?<![\\w])(?:${src})(?![\\w])`
    re = new RegExp(src, f.has('i') ? 'i' : '')
  } catch {
    ctx.stderr.write(`grep: ${/\(/.test(pattern) ? 'Unmatched ( or \\(' : /\[/.test(pattern) ? 'Unmatched [, [^, [:, [., or [=' : 'Invalid regular expression'}\n`)
    return 2
  }
  let error = false
  const prefixNames = (operands.length > 1 || f.has('H')) && !f.has('h')
  let matchedAny = false
  for (const operand of operands.length ? operands : ['-']) {
    const inp = await openLines(ctx, operand, (name, msg) => {
      ctx.stderr.write(`grep: ${name}: ${msg}\n`)
      error = true
    })
    if (!inp) continue
    let n = 0
    let i = 0
    const prefix = prefixNames ? `${inp.name}:` : ''
    for await (const line of inp.lines) {
      i++
      if (re.test(line) === f.has('v')) continue
      n++
      matchedAny = true
      if (f.has('q')) return 0
      if (f.has('c') || f.has('l')) continue
      if (f.has('o') && !f.has('v')) {
        for (const m of line.matchAll(new RegExp(re.source, re.flags + 'g'))) if (m[0]) ctx.stdout.write(`${prefix}${m[0]}\n`)
      } else ctx.stdout.write(`${prefix}${f.has('n') ? `${i}:` : ''}${line}\n`)
    }
    if (f.has('l') && n > 0) ctx.stdout.write(`${inp.name}\n`)
    else if (f.has('c')) ctx.stdout.write(`${prefix}${n}\n`)
  }
  return error ? 2 : matchedAny ? 0 : 1
}

/** The lines of a file, or of stdin (`-`) as they arrive: `kubectl get pods -w | grep web` prints each matching row
 *  when kubectl writes it (GNU grep on a terminal flushes per line), not when the watch ends. */
async function openLines(
  ctx: CommandContext,
  name: string,
  onError: (name: string, msg: string) => void,
): Promise<{ name: string; lines: AsyncIterable<string> | Iterable<string> } | null> {
  if (name === '-') {
    const reader = new LineReader(ctx.stdin)
    const stream = async function* () {
      for (let l = await reader.readLine(ctx.signal); l !== null; l = await reader.readLine(ctx.signal)) yield l
    }
    return { name: '(standard input)', lines: stream() }
  }
  const [inp] = await readInputs(ctx, [name], onError)
  return inp ? { name: inp.name, lines: lines(inp.text) } : null
}

/** `head` on stdin: copy the first n lines as they arrive and stop, so `kubectl get pods -w | head -3` shows them. */
async function headStdin(ctx: CommandContext, n: number): Promise<void> {
  let left = n
  while (left > 0) {
    const chunk = await readOrAbort(ctx.stdin, ctx.signal)
    if (chunk === null) return
    let end = 0
    while (left > 0 && end < chunk.length) {
      const nl = chunk.indexOf('\n', end)
      if (nl < 0) end = chunk.length
      else {
        end = nl + 1
        left--
      }
    }
    ctx.stdout.write(chunk.slice(0, end))
  }
}

async function sort(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'rnuf', long: { reverse: 'r', 'numeric-sort': 'n', unique: 'u' }, usageStatus: 2 })
  if (typeof p === 'number') return p
  let status = 0
  const inputs = await readInputs(ctx, p.operands, (name, msg) => {
    ctx.stderr.write(`sort: cannot read: ${name}: ${msg}\n`)
    status = 2
  })
  if (status) return status
  let all = inputs.flatMap((i) => lines(i.text))
  const key = (s: string) => (p.flags.has('f') ? s.toUpperCase() : s)
  const num = (s: string) => parseFloat(s) || 0
  all.sort((a, b) => {
    if (p.flags.has('n')) {
      const d = num(a) - num(b)
      if (d !== 0) return d
    }
    const ka = key(a)
    const kb = key(b)
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
  if (p.flags.has('r')) all.reverse()
  if (p.flags.has('u')) all = all.filter((l, i) => i === 0 || key(l) !== key(all[i - 1]!))
  ctx.stdout.write(all.map((l) => l + '\n').join(''))
  return 0
}

async function uniq(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'cdui', long: { count: 'c' } })
  if (typeof p === 'number') return p
  let status = 0
  const inputs = await readInputs(ctx, p.operands.slice(0, 1), (name, msg) => {
    ctx.stderr.write(`uniq: ${name}: ${msg}\n`)
    status = 1
  })
  if (status) return status
  const groups: { line: string; n: number }[] = []
  const eq = (a: string, b: string) => (p.flags.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b)
  for (const l of lines(inputs[0]?.text ?? '')) {
    const last = groups[groups.length - 1]
    if (last && eq(last.line, l)) last.n++
    else groups.push({ line: l, n: 1 })
  }
  for (const g of groups) {
    if (p.flags.has('d') && g.n < 2) continue
    if (p.flags.has('u') && g.n > 1) continue
    ctx.stdout.write(p.flags.has('c') ? `${String(g.n).padStart(7)} ${g.line}\n` : `${g.line}\n`)
  }
  return 0
}

export const textTools: Builtin[] = [
  { name: 'head', summary: 'output the first part of files', usage: 'head [-n NUM] [FILE]...', run: (c) => headTail(c, false) },
  { name: 'tail', summary: 'output the last part of files', usage: 'tail [-n [+]NUM] [FILE]...', run: (c) => headTail(c, true) },
  { name: 'wc', summary: 'print newline, word, and byte counts', usage: 'wc [-lwc] [FILE]...', run: wc },
  { name: 'grep', summary: 'print lines that match patterns', usage: 'grep [-ivcEn] PATTERN [FILE]...', run: grep },
  { name: 'sort', summary: 'sort lines of text', usage: 'sort [-rnu] [FILE]...', run: sort },
  { name: 'uniq', summary: 'report or omit repeated lines', usage: 'uniq [-cdu] [FILE]', run: uniq },
]
