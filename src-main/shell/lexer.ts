// The lexer: one token of lookahead, words with their quoting kept per part, here-doc bodies read right after the
// newline that ends their line.
import type { List, Redirect, Script, Word, WordPart } from './ast'
import { unescapeC } from './escapes'
import { ShellSyntaxError } from './syntax-error'

export type Tok =
  | { t: 'word'; word: Word }
  | { t: 'op'; v: string }
  | { t: 'redir'; fd: number | null; op: Redirect['op'] }
  | { t: 'nl' }
  | { t: 'eof' }

export const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')'])
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*/
const REDIR = /^(\d*)(&>>|&>|>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)/
const OPS = ['&&', '||', ';;', ';', '&', '|', '(', ')']

export function tokText(t: Tok): string {
  switch (t.t) {
    case 'word':
      return t.word.raw
    case 'op':
      return t.v
    case 'redir':
      return t.op
    default:
      return 'newline'
  }
}

export function lit(parts: WordPart[], value: string, quoted: boolean): void {
  const last = parts[parts.length - 1]
  if (last && last.type === 'lit' && last.quoted === quoted) last.value += value
  else parts.push({ type: 'lit', value, quoted })
}

/** Tokens and words. Grammar lives in the subclass (parser.ts); `fresh` makes a nested parser for `$(…)`, backticks,
 *  arithmetic and here-doc bodies, which re-enter the grammar on the same source. */
export abstract class Lexer {
  protected peeked: Tok | null = null
  /** Where the peeked token starts (for a list item's source text). */
  protected peekStart = 0
  protected pending: Redirect[] = []
  /** A here-doc ran into the end of the input before its delimiter. */
  heredocEof = false

  constructor(
    readonly src: string,
    public pos = 0,
  ) {}

  // ---- tokens ----

  protected abstract fresh(src: string, pos?: number): Lexer
  /** After `$(`: the list up to the matching `)`, leaving pos after it. */
  protected abstract parseCmdSubBody(): List
  abstract parseScript(): Script

  peek(): Tok {
    if (!this.peeked) this.peeked = this.lex()
    return this.peeked
  }

  take(): Tok {
    const t = this.peek()
    this.peeked = null
    return t
  }

  private lex(): Tok {
    const s = this.src
    for (;;) {
      const c = s[this.pos]
      if (c === ' ' || c === '\t') this.pos++
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2
      else if (c === '\\' && this.pos + 1 === s.length) throw new ShellSyntaxError('eof', 'newline', true)
      else break
    }
    this.peekStart = this.pos
    if (s[this.pos] === '#') {
      while (this.pos < s.length && s[this.pos] !== '\n') this.pos++
    }
    if (this.pos >= s.length) return { t: 'eof' }
    if (s[this.pos] === '\n') {
      this.pos++
      this.readHeredocBodies()
      return { t: 'nl' }
    }
    const rest = s.slice(this.pos, this.pos + 8)
    const m = REDIR.exec(rest)
    if (m && !(m[1] && m[2]!.startsWith('&'))) {
      this.pos += m[0].length
      return { t: 'redir', fd: m[1] ? Number(m[1]) : null, op: m[2] as Redirect['op'] }
    }
    for (const op of OPS) {
      if (rest.startsWith(op)) {
        this.pos += op.length
        return { t: 'op', v: op }
      }
    }
    return { t: 'word', word: this.readWord() }
  }

  private readWord(): Word {
    const s = this.src
    const start = this.pos
    const parts: WordPart[] = []
    while (this.pos < s.length && !META.has(s[this.pos]!)) this.readPart(parts, false)
    return { parts, raw: s.slice(start, this.pos) }
  }

  /** One unit of an unquoted word (or of a `${x:-…}` argument): a quote, an escape, an expansion or a character. */
  private readPart(parts: WordPart[], quoted: boolean): void {
    const s = this.src
    const c = s[this.pos]!
    if (c === '\\') {
      if (s[this.pos + 1] === '\n') this.pos += 2
      else if (this.pos + 1 >= s.length) throw new ShellSyntaxError('eof', 'newline', true)
      else {
        lit(parts, s[this.pos + 1]!, true)
        this.pos += 2
      }
    } else if (c === "'") {
      const end = s.indexOf("'", this.pos + 1)
      if (end < 0) throw new ShellSyntaxError('quote', "'", true)
      lit(parts, s.slice(this.pos + 1, end), true)
      // An empty '' still makes the word exist (`echo '' | wc -c`).
      if (end === this.pos + 1) parts.push({ type: 'lit', value: '', quoted: true })
      this.pos = end + 1
    } else if (c === '"') {
      this.pos++
      const before = parts.length
      this.readDq(parts, '"', false)
      if (parts.length === before) parts.push({ type: 'lit', value: '', quoted: true })
    } else if (c === '$' && s[this.pos + 1] === "'" && !quoted) this.readAnsiC(parts)
    else if (c === '$') this.readDollar(parts, quoted)
    else if (c === '`') this.readBacktick(parts, quoted)
    else {
      lit(parts, c, quoted)
      this.pos++
    }
  }

  /** $'…': ANSI-C quoting (bash, and busybox ash since 1.29), e.g. $'a\tb' or $'it\'s'. */
  private readAnsiC(parts: WordPart[]): void {
    const s = this.src
    let i = this.pos + 2
    let text = ''
    for (; i < s.length && s[i] !== "'"; i++) {
      if (s[i] !== '\\') {
        text += s[i]
        continue
      }
      const m = /^\\(['"?]|0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(s.slice(i))
      if (!m) break
      text += /^\\['"?]$/.test(m[0]) ? m[0][1] : unescapeC(m[0], false).text
      i += m[0].length - 1
    }
    if (i >= s.length) throw new ShellSyntaxError('quote', "'", true)
    lit(parts, text, true)
    if (text === '') parts.push({ type: 'lit', value: '', quoted: true })
    this.pos = i + 1
  }

  /** Double-quoted text up to `term` (null: to the end, for here-doc bodies, where `\"` stays as typed). */
  readDq(parts: WordPart[], term: string | null, heredoc: boolean): void {
    const s = this.src
    for (;;) {
      if (this.pos >= s.length) {
        if (term === null) return
        throw new ShellSyntaxError('quote', term, true)
      }
      const c = s[this.pos]!
      if (c === term) {
        this.pos++
        return
      }
      if (c === '\\') {
        const n = s[this.pos + 1]
        if (n === '\n') this.pos += 2
        else if (n === '$' || n === '`' || n === '\\' || (n === '"' && !heredoc)) {
          lit(parts, n, true)
          this.pos += 2
        } else {
          lit(parts, '\\', true)
          this.pos++
        }
      } else if (c === '$') this.readDollar(parts, true)
      else if (c === '`') this.readBacktick(parts, true)
      else {
        lit(parts, c, true)
        this.pos++
      }
    }
  }

  private readDollar(parts: WordPart[], quoted: boolean): void {
    const s = this.src
    const n = s[this.pos + 1]
    if (n === '(' && s[this.pos + 2] === '(') {
      // $(( expr )): find the matching `))`, counting nested parentheses.
      let depth = 0
      let i = this.pos + 3
      for (; i < s.length; i++) {
        if (s[i] === '(') depth++
        else if (s[i] === ')') {
          if (depth === 0 && s[i + 1] === ')') break
          depth--
        }
      }
      if (i >= s.length) throw new ShellSyntaxError('eof', 'newline', true, ')')
      const inner = this.fresh(s.slice(this.pos + 3, i))
      const exprParts: WordPart[] = []
      inner.readDq(exprParts, null, true)
      parts.push({ type: 'arith', expr: { parts: exprParts, raw: s.slice(this.pos + 3, i) }, quoted })
      this.pos = i + 2
      return
    }
    if (n === '(') {
      const sub = this.fresh(s, this.pos + 2)
      const body = sub.parseCmdSubBody()
      parts.push({ type: 'cmdsub', script: { body }, quoted })
      this.pos = sub.pos
      return
    }
    if (n === '{') {
      const start = this.pos
      this.pos += 2
      let length = false
      if (s[this.pos] === '#' && s[this.pos + 1] !== '}') {
        length = true
        this.pos++
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#@*$!-])/.exec(s.slice(this.pos))
      const close = s.indexOf('}', this.pos)
      if (close < 0) throw new ShellSyntaxError('quote', '}', true)
      if (!m) throw new ShellSyntaxError('bad-subst', s.slice(start, close + 1), false)
      this.pos += m[1]!.length
      if (s[this.pos] === '}') {
        this.pos++
        parts.push({ type: 'param', name: m[1]!, quoted, length })
        return
      }
      const om = /^(:-|:=|:\+|:\?|-|=|\+|\?|##|#|%%|%)/.exec(s.slice(this.pos))
      if (!om || length) throw new ShellSyntaxError('bad-subst', s.slice(start, close + 1), false)
      this.pos += om[1]!.length
      const argStart = this.pos
      const arg: WordPart[] = []
      while (this.pos < s.length && s[this.pos] !== '}') {
        if (quoted) {
          // Inside "…": the argument is double-quoted text.
          const c = s[this.pos]!
          if (c === '$') this.readDollar(arg, true)
          else if (c === '`') this.readBacktick(arg, true)
          else if (c === '\\' && /[$`"\\}]/.test(s[this.pos + 1] ?? '')) {
            lit(arg, s[this.pos + 1]!, true)
            this.pos += 2
          } else {
            lit(arg, c, true)
            this.pos++
          }
        } else this.readPart(arg, false)
      }
      if (this.pos >= s.length) throw new ShellSyntaxError('quote', '}', true)
      const argRaw = s.slice(argStart, this.pos)
      this.pos++
      parts.push({ type: 'param', name: m[1]!, quoted, op: om[1] as never, arg: { parts: arg, raw: argRaw } })
      return
    }
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      const m = NAME.exec(s.slice(this.pos + 1))!
      parts.push({ type: 'param', name: m[0], quoted })
      this.pos += 1 + m[0].length
      return
    }
    if (n !== undefined && /[0-9?#@*$!-]/.test(n)) {
      parts.push({ type: 'param', name: n, quoted })
      this.pos += 2
      return
    }
    lit(parts, '$', quoted)
    this.pos++
  }

  private readBacktick(parts: WordPart[], quoted: boolean): void {
    const s = this.src
    let inner = ''
    let i = this.pos + 1
    for (; i < s.length && s[i] !== '`'; i++) {
      if (s[i] === '\\' && /[`\\$]/.test(s[i + 1] ?? '')) inner += s[++i]
      else inner += s[i]
    }
    if (i >= s.length) throw new ShellSyntaxError('quote', '`', true)
    parts.push({ type: 'cmdsub', script: this.fresh(inner).parseScript(), quoted })
    this.pos = i + 1
  }

  private readHeredocBodies(): void {
    const s = this.src
    for (const r of this.pending) {
      const h = r.heredoc!
      const strip = r.op === '<<-'
      let body = ''
      let found = false
      while (this.pos < s.length) {
        const nl = s.indexOf('\n', this.pos)
        const end = nl < 0 ? s.length : nl
        let line = s.slice(this.pos, end)
        this.pos = nl < 0 ? s.length : nl + 1
        if (strip) line = line.replace(/^\t+/, '')
        if (line === h.delimiter) {
          found = true
          break
        }
        body += line + '\n'
      }
      if (!found) this.heredocEof = true
      if (h.quoted) h.body = { parts: [{ type: 'lit', value: body, quoted: true }], raw: body }
      else {
        const parts: WordPart[] = []
        this.fresh(body).readDq(parts, null, true)
        h.body = { parts, raw: body }
      }
    }
    this.pending = []
  }
}
