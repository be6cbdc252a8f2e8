// `-o yaml` the way kubectl renders it: JSON → go-yaml v2. Keys sorted with go-yaml's "natural" order, 2-space
// indent, sequences not indented under their key, strings quoted only when go-yaml would (looks like a number,
// bool, null or timestamp → "double"; can't be plain → 'single'), multi-line strings as `|` blocks, and long
// plain/quoted strings folded at spaces past column 80 like go-yaml's emitter does.

const BEST_WIDTH = 80

export function toYaml(value: unknown): string {
  const out: string[] = []
  emitNode(value, 0, out, 'top')
  return out.join('')
}

type Ctx = 'top' | 'map' | 'seq'

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Emit `value` as the body of a block node whose owner sits at column `indent`. */
function emitNode(value: unknown, indent: number, out: string[], ctx: Ctx): void {
  if (isMap(value)) {
    const keys = sortKeys(Object.keys(value))
    if (keys.length === 0) { out.push(ctx === 'top' ? '{}\n' : ' {}\n'); return }
    const childIndent = ctx === 'map' ? indent + 2 : indent
    keys.forEach((k, i) => {
      // In a sequence the first key shares the line with "- ".
      if (ctx === 'map' && i === 0) out.push('\n')
      if (!(ctx === 'seq' && i === 0)) out.push(' '.repeat(childIndent))
      out.push(scalar(k, childIndent, childIndent, false) + ':')
      emitValue(value[k], childIndent, out)
    })
    return
  }
  if (Array.isArray(value)) {
    if (value.length === 0) { out.push(ctx === 'top' ? '[]\n' : ' []\n'); return }
    // go-yaml v2 does not indent a sequence that is a mapping value; inside a sequence it nests with "- - ".
    const seqIndent = ctx === 'seq' ? indent + 2 : indent
    if (ctx === 'map') out.push('\n')
    value.forEach((item, i) => {
      if (!(ctx === 'seq' && i === 0)) out.push(' '.repeat(seqIndent))
      out.push('-')
      emitValue(item, seqIndent, out, true)
    })
    return
  }
  out.push(scalarLine(value, indent, 0))
}

/** After `key:` or `-`: a nested collection or ` scalar\n`. */
function emitValue(v: unknown, indent: number, out: string[], inSeq = false): void {
  if (isMap(v) && Object.keys(v).length > 0) {
    if (inSeq) { out.push(' '); emitNode(v, indent + 2, out, 'seq') }
    else emitNode(v, indent, out, 'map')
    return
  }
  if (Array.isArray(v) && v.length > 0) {
    if (inSeq) { out.push(' '); emitNode(v, indent, out, 'seq') }
    else emitNode(v, indent, out, 'map')
    return
  }
  if (isMap(v)) { out.push(' {}\n'); return }
  if (Array.isArray(v)) { out.push(' []\n'); return }
  const col = currentColumn(out) + 1
  out.push(' ' + scalarLine(v, indent + 2, col))
}

function currentColumn(out: string[]): number {
  let col = 0
  for (let i = out.length - 1; i >= 0; i--) {
    const nl = out[i].lastIndexOf('\n')
    if (nl >= 0) return col + out[i].length - nl - 1
    col += out[i].length
  }
  return col
}

function scalarLine(v: unknown, contIndent: number, column: number): string {
  if (v === null || v === undefined) return 'null\n'
  if (typeof v === 'boolean') return `${v}\n`
  if (typeof v === 'number') return `${formatNumber(v)}\n`
  const s = String(v)
  if (s.includes('\n') && blockAllowed(s)) return literal(s, contIndent)
  return scalar(s, contIndent, column, true) + '\n'
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n)
  if (n === Infinity) return '+.inf'
  if (n === -Infinity) return '-.inf'
  if (Number.isNaN(n)) return '.nan'
  // Go's strconv 'g' with shortest precision: exponent form when exp < -4 || exp >= 21.
  const s = String(n)
  return s.replace(/e([+-])(\d)$/, 'e$10$2')
}

function literal(s: string, indent: number): string {
  let chomp = ''
  if (!s.endsWith('\n')) chomp = '-'
  else if (s.endsWith('\n\n')) chomp = '+'
  const hint = s.startsWith(' ') || s.startsWith('\n') ? '2' : ''
  const body = (chomp === '-' ? s : s.replace(/\n$/, '')).split('\n')
  const pad = ' '.repeat(indent)
  return `|${hint}${chomp}\n` + body.map((l) => (l === '' ? '' : pad + l)).join('\n') + '\n'
}

function blockAllowed(s: string): boolean {
  if (/ \n/.test(s) || / $/.test(s)) return false
  return ![...s].some((c) => !isPrintable(c) && c !== '\n')
}

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) || (cp >= 0x10000 && cp <= 0x10ffff)
}

/** One scalar, possibly folded. `column` is where it starts on the current line. */
function scalar(s: string, contIndent: number, column: number, allowBreaks: boolean): string {
  if (resolvesToNonString(s)) return doubleQuoted(s, contIndent, column, allowBreaks)
  const a = analyze(s)
  if (a.plain) return fold(s, contIndent, column, allowBreaks, 'plain')
  if (a.single) return fold(s, contIndent, column, allowBreaks, 'single')
  return doubleQuoted(s, contIndent, column, allowBreaks)
}

function fold(s: string, indent: number, column: number, allowBreaks: boolean, style: 'plain' | 'single'): string {
  const q = style === 'single' ? "'" : ''
  let out = q
  let col = column + q.length
  let spaces = false
  const chars = [...s]
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    if (c === ' ') {
      const okPos = style === 'plain' || (i !== 0 && i !== chars.length - 1)
      if (allowBreaks && !spaces && col > BEST_WIDTH && okPos && chars[i + 1] !== ' ') {
        out += '\n' + ' '.repeat(indent)
        col = indent
      } else { out += c; col++ }
      spaces = true
    } else {
      const piece = style === 'single' && c === "'" ? "''" : c
      out += piece
      col += piece.length
      spaces = false
    }
  }
  return out + q
}

function doubleQuoted(s: string, indent: number, column: number, allowBreaks: boolean): string {
  let out = '"'
  let col = column + 1
  let spaces = false
  const chars = [...s]
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    if (c === ' ') {
      if (allowBreaks && !spaces && col > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        out += '\n' + ' '.repeat(indent)
        col = indent
        if (chars[i + 1] === ' ') { out += '\\'; col++ }
      } else { out += c; col++ }
      spaces = true
      continue
    }
    spaces = false
    let piece: string
    if (c === '"') piece = '\\"'
    else if (c === '\\') piece = '\\\\'
    else if (!isPrintable(c) || c === '\n') piece = escapeChar(c)
    else piece = c
    out += piece
    col += piece.length
  }
  return out + '"'
}

function escapeChar(c: string): string {
  const named: Record<string, string> = { '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\x0b': '\\v', '\f': '\\f', '\r': '\\r', '\x1b': '\\e', '\x85': '\\N', '\xa0': '\\_', '\u2028': '\\L', '\u2029': '\\P' }
  if (named[c]) return named[c]
  const cp = c.codePointAt(0)!
  if (cp <= 0xff) return '\\x' + cp.toString(16).toUpperCase().padStart(2, '0')
  if (cp <= 0xffff) return '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
  return '\\U' + cp.toString(16).toUpperCase().padStart(8, '0')
}

/** go-yaml v2's emitter analysis for block context: may it be plain? single-quoted? */
function analyze(s: string): { plain: boolean; single: boolean } {
  if (s === '') return { plain: false, single: false }
  let plain = true
  let single = true
  if (/^(---|\.\.\.)([ \t\n]|$)/.test(s)) plain = false
  const chars = [...s]
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    const next = chars[i + 1]
    const followedBySpace = next === undefined || next === ' ' || next === '\t' || next === '\n'
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) plain = false
      if ((c === '?' || c === ':') && followedBySpace) plain = false
      if (c === '-' && followedBySpace) plain = false
    } else {
      if (c === ':' && followedBySpace) plain = false
      if (c === '#' && (chars[i - 1] === ' ' || chars[i - 1] === '\t')) plain = false
    }
    if (!isPrintable(c) || c === '\n') { plain = false; single = false }
  }
  if (s.startsWith(' ') || s.endsWith(' ')) plain = false
  return { plain, single }
}

const BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF'])

/** Would go-yaml v2 read this plain text back as something other than a string? Then it must be quoted. */
export function resolvesToNonString(s: string): boolean {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return true
  if (BOOLS.has(s) || s === '<<') return true
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s) || /^\.(nan|NaN|NAN)$/.test(s)) return true
  const c = s[0]
  if (!/[-+.0-9]/.test(c)) return false
  const plain = s.replace(/_/g, '')
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(plain)) return true
  if (/^[-+]?0[0-7]+$/.test(plain) || /^[-+]?0x[0-9a-fA-F]+$/.test(plain) || /^[-+]?0b[01]+$/.test(plain)) return true
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return true
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return true
  if (/^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/.test(s)) return true
  return false
}

/** go-yaml v2 key order: runs of digits compare as numbers, non-letters sort before letters. */
export function sortKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0))
}

const isLetter = (c: string) => /\p{L}/u.test(c)
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9'

function keyLess(a: string, b: string): boolean {
  const ar = [...a]
  const br = [...b]
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = isLetter(ar[i])
    const bl = isLetter(br[i])
    if (al && bl) return ar[i] < br[i]
    if (al || bl) return bl
    let an = 0
    let bn = 0
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') { an = 1; bn = 1; break }
      }
    }
    let ai = i
    let bi = i
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai])
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi])
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i] < br[i]
  }
  return ar.length < br.length
}

/** `-o json`: Go's json.MarshalIndent with 4 spaces, sorted keys and HTML-safe escapes. */
export function toJson(value: unknown): string {
  return goEscape(JSON.stringify(sortDeep(value), null, 4)) + '\n'
}

/** Go's json.Marshal: compact, sorted keys, HTML-safe escapes. */
export function toCompactJson(value: unknown): string {
  return goEscape(JSON.stringify(sortDeep(value)))
}

export function goEscape(s: string): string {
  return s.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

function sortDeep(value: unknown): unknown {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted)
    if (isMap(v)) {
      const o: Record<string, unknown> = {}
      for (const k of Object.keys(v).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))) o[k] = sorted(v[k])
      return o
    }
    return v
  }
  return sorted(value)
}
