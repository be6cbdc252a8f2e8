// Text filters of the workstation, worded like GNU coreutils/grep: head, tail, wc, grep, sort, uniq.
import type { Builtin, CommandContext } from '../io'
import { LineReader, readOrAbort } from '../pipe'
import { lines, parseOpts, readInputs } from './args'
import { MAX_DEPTH } from './file-tools'
import { resolvePath } from '../path'

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
  const p = parseOpts(ctx, { bools: tail ? 'qvf' : 'qv', valued: 'n', long: { lines: 'n', follow: 'f' }, numericShort: 'n' })
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
  if (tail && p.flags.has('f') && inputs.length) return follow(ctx, inputs[inputs.length - 1]!.name, inputs[inputs.length - 1]!.text)
  return status
}

/** tail -f: prints what is appended to the file, checking once a second (the injected sleep) until ^C. A file that
 *  shrinks is reported as truncated and followed from its new end, as GNU tail does. */
async function follow(ctx: CommandContext, name: string, seen: string): Promise<number> {
  const path = resolvePath(ctx.cwd, name)
  for (;;) {
    try {
      await ctx.sleep(1000, ctx.signal)
    } catch {
      return 130
    }
    let now: string
    try {
      now = ctx.fs.readFile(path)
    } catch {
      continue
    }
    if (now.length < seen.length) ctx.stderr.write(`tail: ${name}: file truncated\n`)
    else if (now.length > seen.length) ctx.stdout.write(now.slice(seen.length))
    seen = now
  }
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
export function breToJs(re: string): string {
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
    bools: 'ivcEnqlwhHForR',
    valued: 'e',
    long: { 'ignore-case': 'i', 'invert-match': 'v', count: 'c', 'extended-regexp': 'E', 'line-number': 'n', quiet: 'q', 'files-with-matches': 'l', recursive: 'r' },
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
  const recursive = f.has('r') || f.has('R')
  const targets = recursive ? walkOperands(ctx, operands) : operands
  const prefixNames = (targets.length > 1 || recursive || f.has('H')) && !f.has('h')
  let matchedAny = false
  for (const operand of targets.length || recursive ? targets : ['-']) {
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

/** grep -r: directories replaced by the files below them (sorted); with no operand, the files under `.` without
 *  a `./` prefix, as GNU grep prints them. */
function walkOperands(ctx: CommandContext, operands: string[]): string[] {
  const out: string[] = []
  const walk = (shown: string, path: string, depth = 0) => {
    if (depth > MAX_DEPTH) return
    let names: string[]
    try {
      names = ctx.fs.readdir(path)
    } catch {
      return
    }
    for (const n of names) {
      const child = `${path}/${n}`
      const childShown = shown === '' ? n : shown.endsWith('/') ? shown + n : `${shown}/${n}`
      const s = ctx.fs.stat(child)
      if (s?.type === 'dir') walk(childShown, child, depth + 1)
      else if (s) out.push(childShown)
    }
  }
  if (operands.length === 0) walk('', ctx.cwd)
  for (const o of operands) {
    let s = null
    try {
      s = ctx.fs.stat(resolvePath(ctx.cwd, o))
    } catch {
      s = null
    }
    if (s?.type === 'dir') walk(o, resolvePath(ctx.cwd, o))
    else out.push(o)
  }
  return out
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
  const p = parseOpts(ctx, {
    bools: 'rnuf',
    valued: 'kt',
    long: { reverse: 'r', 'numeric-sort': 'n', unique: 'u', key: 'k', 'field-separator': 't', 'ignore-case': 'f' },
    usageStatus: 2,
  })
  if (typeof p === 'number') return p
  const kv = p.flags.get('k')
  let keyFrom = 1
  let keyTo = Infinity
  if (typeof kv === 'string') {
    const m = /^(\d+)(?:\.\d+)?[a-z]*(?:,(\d+)(?:\.\d+)?[a-z]*)?$/.exec(kv)
    if (!m || Number(m[1]) === 0) {
      ctx.stderr.write(`sort: ${m ? 'field number is zero: invalid field specification' : 'invalid number at field start: invalid count at start of'} ‘${kv}’\n`)
      return 2
    }
    keyFrom = Number(m[1])
    keyTo = m[2] ? Number(m[2]) : Infinity
  }
  const tv = p.flags.get('t')
  if (typeof tv === 'string' && [...tv].length !== 1) {
    ctx.stderr.write(`sort: ${tv === '' ? 'empty tab' : `multi-character tab ‘${tv}’`}\n`)
    return 2
  }
  let status = 0
  const inputs = await readInputs(ctx, p.operands, (name, msg) => {
    ctx.stderr.write(`sort: cannot read: ${name}: ${msg}\n`)
    status = 2
  })
  if (status) return status
  let all = inputs.flatMap((i) => lines(i.text))
  /** The -k key: fields split on the -t character, or (GNU default) each field keeps its leading blanks. */
  const field = (s: string): string => {
    if (typeof kv !== 'string') return s
    const fields = typeof tv === 'string' ? s.split(tv) : (s.match(/\s*\S+/g) ?? [])
    const sep = typeof tv === 'string' ? tv : ''
    return fields.slice(keyFrom - 1, keyTo === Infinity ? undefined : keyTo).join(sep)
  }
  const fold = (s: string) => (p.flags.has('f') ? s.toUpperCase() : s)
  const num = (s: string) => parseFloat(s) || 0
  const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  const cmpKey = (a: string, b: string) => {
    const ka = field(a)
    const kb = field(b)
    if (p.flags.has('n')) return num(ka) - num(kb)
    return cmpStr(fold(ka.trimStart()), fold(kb.trimStart()))
  }
  all.sort((a, b) => {
    const d = cmpKey(a, b)
    const r = d !== 0 ? d : p.flags.has('u') ? 0 : cmpStr(a, b)
    return p.flags.has('r') ? -r : r
  })
  if (p.flags.has('u')) all = all.filter((l, i) => i === 0 || cmpKey(l, all[i - 1]!) !== 0)
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

const LINES = (what: string) => ({ short: 'n', long: 'lines', arg: 'NUM', summary: `print the ${what} NUM lines instead of 10` })

export const textTools: Builtin[] = [
  { name: 'head', summary: 'output the first part of files', usage: 'head [-n NUM] [FILE]...', flags: [LINES('first')], run: (c) => headTail(c, false) },
  {
    name: 'tail',
    summary: 'output the last part of files',
    usage: 'tail [-f] [-n [+]NUM] [FILE]...',
    flags: [LINES('last'), { short: 'f', long: 'follow', summary: 'output appended data as the file grows' }],
    run: (c) => headTail(c, true),
  },
  {
    name: 'wc',
    summary: 'print newline, word, and byte counts',
    usage: 'wc [-lwc] [FILE]...',
    flags: [
      { short: 'l', long: 'lines', summary: 'print the newline counts' },
      { short: 'w', long: 'words', summary: 'print the word counts' },
      { short: 'c', long: 'bytes', summary: 'print the byte counts' },
    ],
    run: wc,
  },
  {
    name: 'grep',
    summary: 'print lines that match patterns',
    usage: 'grep [-ivcEnr] PATTERN [FILE]...',
    flags: [
      { short: 'i', long: 'ignore-case', summary: 'ignore case distinctions' },
      { short: 'v', long: 'invert-match', summary: 'select non-matching lines' },
      { short: 'c', long: 'count', summary: 'print only a count of selected lines per file' },
      { short: 'E', long: 'extended-regexp', summary: 'PATTERN is an extended regular expression' },
      { short: 'n', long: 'line-number', summary: 'print line number with output lines' },
      { short: 'r', long: 'recursive', summary: 'search directories recursively' },
      { short: 'l', long: 'files-with-matches', summary: 'print only names of files with selected lines' },
      { short: 'q', long: 'quiet', summary: 'suppress all normal output' },
    ],
    run: grep,
  },
  {
    name: 'sort',
    summary: 'sort lines of text',
    usage: 'sort [-rnu] [-k KEY] [-t SEP] [FILE]...',
    flags: [
      { short: 'n', long: 'numeric-sort', summary: 'compare according to string numerical value' },
      { short: 'r', long: 'reverse', summary: 'reverse the result of comparisons' },
      { short: 'u', long: 'unique', summary: 'output only the first of an equal run' },
      { short: 'k', long: 'key', arg: 'KEYDEF', summary: 'sort via a key (field N, or N,M)' },
      { short: 't', long: 'field-separator', arg: 'SEP', summary: 'use SEP instead of non-blank to blank transition' },
    ],
    run: sort,
  },
  {
    name: 'uniq',
    summary: 'report or omit repeated lines',
    usage: 'uniq [-cdu] [FILE]',
    flags: [
      { short: 'c', long: 'count', summary: 'prefix lines by the number of occurrences' },
      { short: 'd', summary: 'only print duplicate lines, one for each group' },
      { short: 'u', summary: 'only print unique lines' },
    ],
    run: uniq,
  },
]
