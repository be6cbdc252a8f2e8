// More coreutils filters of the workstation, worded like GNU: cut, tr, base64, seq, yes, date.
import type { Builtin, CommandContext } from '../io'
import { unescapeC } from '../escapes'
import { lines, parseOpts, readInputs } from './args'

function usage(ctx: CommandContext, msg: string, status = 1): number {
  ctx.stderr.write(`${ctx.argv[0]}: ${msg}\nTry '${ctx.argv[0]} --help' for more information.\n`)
  return status
}

/** A cut LIST (`1,3-4,6-`): a predicate on 1-based positions, or an error message. */
function parseList(spec: string, what: 'field' | 'byte/character'): ((n: number) => boolean) | string {
  const ranges: [number, number][] = []
  for (const piece of spec.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(piece)
    if (!m || piece === '' || piece === '-') return `invalid ${what === 'field' ? 'field' : 'byte or character'} range`
    const lo = m[1] ? Number(m[1]) : 1
    const hi = m[2] ? (m[3] ? Number(m[3]) : Infinity) : lo
    if (lo === 0 || hi === 0) return what === 'field' ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1'
    if (hi < lo) return 'invalid decreasing range'
    ranges.push([lo, hi])
  }
  return (n) => ranges.some(([lo, hi]) => n >= lo && n <= hi)
}

async function cut(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 's', valued: 'dfcb', long: { delimiter: 'd', fields: 'f', characters: 'c', bytes: 'b', 'only-delimited': 's' } })
  if (typeof p === 'number') return p
  const f = p.flags.get('f')
  const c = p.flags.get('c') ?? p.flags.get('b')
  if ((f !== undefined && c !== undefined)) return usage(ctx, 'only one type of list may be specified')
  if (f === undefined && c === undefined) return usage(ctx, 'you must specify a list of bytes, characters, or fields')
  const d = p.flags.get('d')
  if (d !== undefined && f === undefined) return usage(ctx, 'an input delimiter may be specified only when operating on fields')
  const delim = typeof d === 'string' ? d : '\t'
  if ([...delim].length !== 1) return usage(ctx, 'the delimiter must be a single character')
  const pick = parseList(String(f ?? c), f !== undefined ? 'field' : 'byte/character')
  if (typeof pick === 'string') return usage(ctx, pick)
  let status = 0
  const inputs = await readInputs(ctx, p.operands, (name, msg) => {
    ctx.stderr.write(`cut: ${name}: ${msg}\n`)
    status = 1
  })
  let out = ''
  for (const inp of inputs) {
    for (const line of lines(inp.text)) {
      if (f === undefined) {
        out += [...line].filter((_, i) => pick(i + 1)).join('') + '\n'
        continue
      }
      if (!line.includes(delim)) {
        if (!p.flags.has('s')) out += line + '\n'
        continue
      }
      out += line.split(delim).filter((_, i) => pick(i + 1)).join(delim) + '\n'
    }
  }
  ctx.stdout.write(out)
  return status
}

const CLASSES: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
}
CLASSES.alpha = CLASSES.lower! + CLASSES.upper!
CLASSES.alnum = CLASSES.alpha + CLASSES.digit!

/** A tr SET: escapes, `a-z` ranges, `[:class:]`. Throws the GNU message for a bad one. */
function expandSet(spec: string): string[] {
  const chars: string[] = []
  const src = [...spec]
  for (let i = 0; i < src.length; i++) {
    const rest = src.slice(i).join('')
    const cls = /^\[:([a-z]+):\]/.exec(rest)
    if (cls) {
      const set = CLASSES[cls[1]!]
      if (!set) throw new Error(`invalid character class ‘${cls[1]}’`)
      chars.push(...set)
      i += cls[0].length - 1
      continue
    }
    let ch = src[i]!
    if (ch === '\\' && i + 1 < src.length) {
      const m = /^\\([0-7]{1,3}|.)/s.exec(rest)!
      ch = /^\\[0-7]/.test(m[0]) ? String.fromCharCode(parseInt(m[1]!, 8)) : unescapeC(m[0], false).text
      i += [...m[0]].length - 1
    }
    if (src[i + 1] === '-' && i + 2 < src.length) {
      const end = src[i + 2]!
      const a = ch.codePointAt(0)!
      const b = end.codePointAt(0)!
      if (b < a) throw new Error(`range-endpoints of '${ch}-${end}' are in reverse collating sequence order`)
      for (let cp = a; cp <= b; cp++) chars.push(String.fromCodePoint(cp))
      i += 2
      continue
    }
    chars.push(ch)
  }
  return chars
}

async function tr(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'dsc', long: { delete: 'd', 'squeeze-repeats': 's' } })
  if (typeof p === 'number') return p
  const del = p.flags.has('d')
  const squeeze = p.flags.has('s')
  const ops = p.operands
  if (ops.length === 0) return usage(ctx, 'missing operand')
  if (!del && !squeeze && ops.length === 1) {
    ctx.stderr.write(`tr: missing operand after ‘${ops[0]}’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n`)
    return 1
  }
  if ((del && !squeeze && ops.length > 1) || ops.length > 2) {
    ctx.stderr.write(`tr: extra operand ‘${ops[del && !squeeze ? 1 : 2]}’\n${del ? 'Only one string may be given when deleting without squeezing repeats.\n' : ''}Try 'tr --help' for more information.\n`)
    return 1
  }
  let set1: string[]
  let set2: string[]
  try {
    set1 = expandSet(ops[0]!)
    set2 = ops[1] !== undefined ? expandSet(ops[1]) : []
  } catch (e) {
    ctx.stderr.write(`tr: ${(e as Error).message}\n`)
    return 1
  }
  const [input] = await readInputs(ctx, [], () => {})
  let out = ''
  const inSet1 = new Set(set1)
  const map = new Map<string, string>()
  if (!del && set2.length) set1.forEach((c, i) => map.set(c, set2[Math.min(i, set2.length - 1)]!))
  const squeezeSet = new Set(del ? set2 : set2.length ? set2 : set1)
  let last = ''
  for (const ch of input?.text ?? '') {
    if (del && inSet1.has(ch)) continue
    const o = map.get(ch) ?? ch
    if (squeeze && o === last && squeezeSet.has(o)) continue
    out += o
    last = o
  }
  ctx.stdout.write(out)
  return 0
}

function toBase64(text: string): string {
  let bin = ''
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b)
  return btoa(bin)
}

async function base64(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'di', valued: 'w', long: { decode: 'd', wrap: 'w', 'ignore-garbage': 'i' } })
  if (typeof p === 'number') return p
  if (p.operands.length > 1) return usage(ctx, `extra operand ‘${p.operands[1]}’`)
  let status = 0
  const [inp] = await readInputs(ctx, p.operands, (name, msg) => {
    ctx.stderr.write(`base64: ${name}: ${msg}\n`)
    status = 1
  })
  if (!inp) return status
  if (p.flags.has('d')) {
    const clean = inp.text.replace(/\s+/g, '')
    let bin: string
    try {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new Error()
      bin = atob(clean)
    } catch {
      ctx.stderr.write('base64: invalid input\n')
      return 1
    }
    ctx.stdout.write(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))))
    return 0
  }
  const w = p.flags.get('w')
  const wrap = typeof w === 'string' ? Number(w) : 76
  if (!Number.isInteger(wrap) || wrap < 0) {
    ctx.stderr.write(`base64: invalid wrap size: ‘${w}’\n`)
    return 1
  }
  const enc = toBase64(inp.text)
  if (enc === '') return 0
  ctx.stdout.write(wrap === 0 ? enc + '\n' : (enc.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []).join('\n') + '\n')
  return 0
}

async function seq(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1)
  let sep = '\n'
  let equalWidth = false
  while (args.length && /^-[sw]/.test(args[0]!) && !/^-\d/.test(args[0]!)) {
    const a = args.shift()!
    if (a === '-w') equalWidth = true
    else if (a.startsWith('-s')) sep = a.length > 2 ? a.slice(2) : (args.shift() ?? '\n')
  }
  if (args.length === 0) return usage(ctx, 'missing operand')
  if (args.length > 3) return usage(ctx, `extra operand ‘${args[3]}’`)
  const nums: number[] = []
  for (const a of args) {
    const v = Number(a)
    if (a.trim() === '' || Number.isNaN(v)) return usage(ctx, `invalid floating point argument: ‘${a}’`)
    nums.push(v)
  }
  const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!]
  if (step === 0) return usage(ctx, `invalid Zero increment value: ‘${args[1]}’`)
  const decimals = Math.max(...args.map((a) => (a.includes('.') ? a.split('.')[1]!.length : 0)))
  const out: string[] = []
  for (let v = first, i = 0; step > 0 ? v <= last + 1e-9 : v >= last - 1e-9; i++, v = first + i * step) {
    out.push(v.toFixed(decimals))
    if (out.length > 1_000_000) break
  }
  const width = equalWidth ? Math.max(...out.map((s) => s.replace('-', '').length)) : 0
  ctx.stdout.write(out.map((s) => (s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0'))).join(sep) + (out.length ? '\n' : ''))
  return 0
}

/** `yes`: repeats until ^C or until the reader of the pipe goes away (`yes | head -3`). */
async function yes(ctx: CommandContext): Promise<number> {
  const line = (ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y') + '\n'
  const chunk = line.repeat(Math.max(1, Math.floor(4096 / line.length)))
  const out = ctx.stdout as { broken?: boolean; write(s: string): void }
  while (!ctx.signal.aborted && !out.broken) {
    out.write(chunk)
    await new Promise((r) => setTimeout(r, ctx.tty ? 15 : 0))
  }
  return ctx.signal.aborted ? 130 : 141
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const p2 = (n: number) => String(n).padStart(2, '0')

/** strftime for the common conversions; `utc` reads the UTC fields. */
export function strftime(fmt: string, d: Date, utc: boolean): string {
  const g = utc
    ? { Y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes(), S: d.getUTCSeconds(), w: d.getUTCDay(), off: 0 }
    : { Y: d.getFullYear(), m: d.getMonth(), d: d.getDate(), H: d.getHours(), M: d.getMinutes(), S: d.getSeconds(), w: d.getDay(), off: -d.getTimezoneOffset() }
  const zone = g.off === 0 ? 'UTC' : (new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? '')
  const z = `${g.off < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(g.off) / 60))}${p2(Math.abs(g.off) % 60)}`
  return fmt.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case 'Y': return String(g.Y)
      case 'y': return p2(g.Y % 100)
      case 'm': return p2(g.m + 1)
      case 'd': return p2(g.d)
      case 'e': return String(g.d).padStart(2)
      case 'H': return p2(g.H)
      case 'I': return p2(((g.H + 11) % 12) + 1)
      case 'p': return g.H < 12 ? 'AM' : 'PM'
      case 'M': return p2(g.M)
      case 'S': return p2(g.S)
      case 's': return String(Math.floor(d.getTime() / 1000))
      case 'a': return DAYS[g.w]!
      case 'A': return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][g.w]!
      case 'b': case 'h': return MONTHS[g.m]!
      case 'B': return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][g.m]!
      case 'j': return String(Math.floor((Date.UTC(g.Y, g.m, g.d) - Date.UTC(g.Y, 0, 0)) / 86_400_000)).padStart(3, '0')
      case 'Z': return zone
      case 'z': return z
      case 'T': return `${p2(g.H)}:${p2(g.M)}:${p2(g.S)}`
      case 'R': return `${p2(g.H)}:${p2(g.M)}`
      case 'D': return `${p2(g.m + 1)}/${p2(g.d)}/${p2(g.Y % 100)}`
      case 'F': return `${g.Y}-${p2(g.m + 1)}-${p2(g.d)}`
      case 'c': return `${DAYS[g.w]} ${MONTHS[g.m]} ${String(g.d).padStart(2)} ${p2(g.H)}:${p2(g.M)}:${p2(g.S)} ${g.Y}`
      case 'n': return '\n'
      case 't': return '\t'
      case '%': return '%'
      default: return all
    }
  })
}

function date(ctx: CommandContext, now: () => number): Promise<number> {
  const p = parseOpts(ctx, { bools: 'uR', valued: 'd', long: { utc: 'u', date: 'd', 'rfc-email': 'R' } })
  if (typeof p === 'number') return Promise.resolve(p)
  let d = new Date(now())
  const dv = p.flags.get('d')
  if (typeof dv === 'string') {
    const t = /^@(\d+)$/.test(dv) ? Number(dv.slice(1)) * 1000 : Date.parse(dv)
    if (Number.isNaN(t)) {
      ctx.stderr.write(`date: invalid date ‘${dv}’\n`)
      return Promise.resolve(1)
    }
    d = new Date(t)
  }
  const fmts = p.operands.filter((o) => o.startsWith('+'))
  const extra = p.operands.find((o) => !o.startsWith('+'))
  if (extra !== undefined) {
    ctx.stderr.write(`date: invalid date ‘${extra}’\n`)
    return Promise.resolve(1)
  }
  if (fmts.length > 1) return Promise.resolve(usage(ctx, `extra operand ‘${fmts[1]}’`))
  const utc = p.flags.has('u') || (ctx.env.get('TZ') ?? '').replace(/^:/, '') === 'UTC'
  const fmt = fmts[0]?.slice(1) ?? (p.flags.has('R') ? '%a, %d %b %Y %T %z' : '%a %b %e %T %Z %Y')
  ctx.stdout.write(strftime(fmt, d, utc) + '\n')
  return Promise.resolve(0)
}

export function filterTools(now: () => number = Date.now): Builtin[] {
  return [
    {
      name: 'cut',
      summary: 'remove sections from each line of files',
      usage: 'cut -d DELIM -f LIST | -c LIST [FILE]...',
      flags: [
        { short: 'd', long: 'delimiter', arg: 'DELIM', summary: 'use DELIM instead of TAB for field delimiter' },
        { short: 'f', long: 'fields', arg: 'LIST', summary: 'select only these fields (1,3-4,6-)' },
        { short: 'c', long: 'characters', arg: 'LIST', summary: 'select only these characters' },
        { short: 's', long: 'only-delimited', summary: 'do not print lines not containing delimiters' },
      ],
      run: cut,
    },
    {
      name: 'tr',
      summary: 'translate or delete characters',
      usage: 'tr [-ds] SET1 [SET2]',
      flags: [
        { short: 'd', long: 'delete', summary: 'delete characters in SET1, do not translate' },
        { short: 's', long: 'squeeze-repeats', summary: 'replace each run of a repeated character with one' },
      ],
      run: tr,
    },
    {
      name: 'base64',
      summary: 'base64 encode/decode data and print to standard output',
      usage: 'base64 [-d] [-w COLS] [FILE]',
      flags: [
        { short: 'd', long: 'decode', summary: 'decode data' },
        { short: 'w', long: 'wrap', arg: 'COLS', summary: 'wrap encoded lines after COLS characters (default 76, 0 disables)' },
      ],
      run: base64,
    },
    {
      name: 'seq',
      summary: 'print a sequence of numbers',
      usage: 'seq [-w] [-s SEP] [FIRST [INCREMENT]] LAST',
      flags: [
        { short: 's', arg: 'SEP', summary: 'use SEP to separate numbers (default: \\n)' },
        { short: 'w', summary: 'equalize width by padding with leading zeroes' },
      ],
      run: seq,
    },
    { name: 'yes', summary: 'output a string repeatedly until killed', usage: 'yes [STRING]...', run: yes },
    {
      name: 'date',
      summary: 'print the system date and time',
      usage: 'date [-u] [-d DATE] [+FORMAT]',
      flags: [
        { short: 'u', long: 'utc', summary: 'print Coordinated Universal Time (UTC)' },
        { short: 'd', long: 'date', arg: 'DATE', summary: 'display time described by DATE (e.g. @1700000000)' },
        { short: 'R', long: 'rfc-email', summary: 'output date and time in RFC 5322 format' },
      ],
      run: (c) => date(c, now),
    },
  ]
}
