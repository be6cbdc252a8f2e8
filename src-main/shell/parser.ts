// A recursive-descent parser for the POSIX-ish subset learners type: quoting, expansions, pipelines, and/or lists,
// redirects, here-docs, if/for/while/until, { } and ( ). The lexer is lazy (one token of lookahead) so `$(…)` can
// re-enter the parser on the same source, and here-doc bodies are read right after the newline that ends their line.
import type { AndOr, Command, List, Pipeline, Redirect, Script, SimpleCommand, Word, WordPart } from './ast'

/** A syntax error, worded per shell flavour by `lines(shellName)`. `incomplete` means more input could fix it
 *  (unterminated quote, `if` without `fi`, trailing `|`): an interactive shell then asks for a continuation line. */
export class ShellSyntaxError extends Error {
  constructor(
    readonly kind: 'token' | 'eof' | 'quote' | 'bad-subst',
    /** The offending token (`fi`, `;;`, `newline`), the quote character, or the bad `${…}` text. */
    readonly token: string,
    readonly incomplete: boolean,
    /** What the parser was waiting for (`fi`, `done`…), for ash's `(expecting "fi")`. */
    readonly expecting?: string,
  ) {
    super('')
    this.message = this.lines('bash').join('\n')
  }

  /** The message lines without the `bash: ` prefix. */
  lines(shellName: string): string[] {
    const ash = shellName !== 'bash'
    switch (this.kind) {
      case 'token':
        return [ash ? `syntax error: unexpected ${this.token === 'newline' ? 'newline' : `"${this.token}"`}` : `syntax error near unexpected token \`${this.token}'`]
      case 'eof':
        return [ash ? `syntax error: unexpected end of file${this.expecting ? ` (expecting "${this.expecting}")` : ''}` : 'syntax error: unexpected end of file']
      case 'quote':
        return ash
          ? ['syntax error: unterminated quoted string']
          : [`unexpected EOF while looking for matching \`${this.token}'`, 'syntax error: unexpected end of file']
      case 'bad-subst':
        return [ash ? 'syntax error: bad substitution' : `${this.token}: bad substitution`]
    }
  }
}

type Tok =
  | { t: 'word'; word: Word }
  | { t: 'op'; v: string }
  | { t: 'redir'; fd: number | null; op: Redirect['op'] }
  | { t: 'nl' }
  | { t: 'eof' }

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')'])
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/
const REDIR = /^(\d*)(&>>|&>|>>|>&|>\||<<-|<<|<&|<>|>|<)/
const OPS = ['&&', '||', ';;', ';', '&', '|', '(', ')']
const NEVER_STARTS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', '}'])

function tokText(t: Tok): string {
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

function lit(parts: WordPart[], value: string, quoted: boolean): void {
  const last = parts[parts.length - 1]
  if (last && last.type === 'lit' && last.quoted === quoted) last.value += value
  else parts.push({ type: 'lit', value, quoted })
}

class Parser {
  private peeked: Tok | null = null
  private pending: Redirect[] = []
  /** A here-doc ran into the end of the input before its delimiter. */
  heredocEof = false

  constructor(
    readonly src: string,
    public pos = 0,
  ) {}

  // ---- tokens ----

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
    } else if (c === '$') this.readDollar(parts, quoted)
    else if (c === '`') this.readBacktick(parts, quoted)
    else {
      lit(parts, c, quoted)
      this.pos++
    }
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
      const inner = new Parser(s.slice(this.pos + 3, i))
      const exprParts: WordPart[] = []
      inner.readDq(exprParts, null, true)
      parts.push({ type: 'arith', expr: { parts: exprParts, raw: s.slice(this.pos + 3, i) }, quoted })
      this.pos = i + 2
      return
    }
    if (n === '(') {
      const sub = new Parser(s, this.pos + 2)
      const body = sub.parseList(new Set(), true)
      const t = sub.take()
      if (t.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, ')')
      if (!(t.t === 'op' && t.v === ')')) throw new ShellSyntaxError('token', tokText(t), false)
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
      if (close < 0) throw new ShellSyntaxError('eof', 'newline', true, '}')
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
      if (this.pos >= s.length) throw new ShellSyntaxError('eof', 'newline', true, '}')
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
    const sub = new Parser(inner)
    parts.push({ type: 'cmdsub', script: sub.parseScript(), quoted })
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
        new Parser(body).readDq(parts, null, true)
        h.body = { parts, raw: body }
      }
    }
    this.pending = []
  }

  // ---- grammar ----

  parseScript(): Script {
    const body = this.parseList(new Set(), false)
    const t = this.peek()
    if (t.t !== 'eof') throw new ShellSyntaxError('token', tokText(t), false)
    if (this.pending.length) this.heredocEof = true
    return { body }
  }

  private isReserved(t: Tok, names: Set<string> | string): t is { t: 'word'; word: Word } {
    if (t.t !== 'word') return false
    const w = t.word
    if (w.parts.length !== 1 || w.parts[0]!.type !== 'lit' || w.parts[0]!.quoted) return false
    return typeof names === 'string' ? w.raw === names : names.has(w.raw)
  }

  private skipNewlines(): void {
    while (this.peek().t === 'nl') this.take()
  }

  /** A list of and/or items, stopping at a reserved word in `terms`, at `)` when `paren`, or at end of input. */
  parseList(terms: Set<string>, paren: boolean): List {
    const items: List = []
    this.skipNewlines()
    for (;;) {
      const t = this.peek()
      if (t.t === 'eof' || this.isReserved(t, terms) || (paren && t.t === 'op' && t.v === ')')) break
      const item = this.parseAndOr()
      items.push(item)
      const sep = this.peek()
      if (sep.t === 'op' && (sep.v === ';' || sep.v === '&')) {
        this.take()
        item.background = sep.v === '&'
        this.skipNewlines()
      } else if (sep.t === 'nl') this.skipNewlines()
      else break
    }
    return items
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline()
    const rest: AndOr['rest'] = []
    for (;;) {
      const t = this.peek()
      if (t.t !== 'op' || (t.v !== '&&' && t.v !== '||')) break
      this.take()
      this.skipNewlines()
      rest.push({ op: t.v, pipeline: this.parsePipeline() })
    }
    return { first, rest, background: false }
  }

  private parsePipeline(): Pipeline {
    let negated = false
    if (this.isReserved(this.peek(), '!')) {
      this.take()
      negated = true
    }
    const commands = [this.parseCommand()]
    for (;;) {
      const t = this.peek()
      if (t.t !== 'op' || t.v !== '|') break
      this.take()
      this.skipNewlines()
      commands.push(this.parseCommand())
    }
    return { negated, commands }
  }

  private parseCommand(): Command {
    const t = this.peek()
    if (t.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true)
    if (t.t === 'nl') throw new ShellSyntaxError('token', 'newline', false)
    if (t.t === 'op') {
      if (t.v === '(') {
        this.take()
        const body = this.nonEmpty(this.parseList(new Set(), true))
        this.expectOp(')')
        return { type: 'subshell', body, redirects: this.parseRedirects() }
      }
      throw new ShellSyntaxError('token', t.v, false)
    }
    if (t.t === 'word' && this.isReserved(t, NEVER_STARTS)) throw new ShellSyntaxError('token', t.word.raw, false)
    if (this.isReserved(t, 'if')) return this.parseIf()
    if (this.isReserved(t, 'for')) return this.parseFor()
    if (this.isReserved(t, 'while') || this.isReserved(t, 'until')) return this.parseWhile()
    if (this.isReserved(t, '{')) {
      this.take()
      const body = this.nonEmpty(this.parseList(new Set(['}']), false))
      this.expectWord('}')
      return { type: 'group', body, redirects: this.parseRedirects() }
    }
    return this.parseSimple()
  }

  private nonEmpty(list: List): List {
    if (list.length === 0) {
      const t = this.peek()
      if (t.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true)
      throw new ShellSyntaxError('token', tokText(t), false)
    }
    return list
  }

  private expectWord(name: string): void {
    const t = this.take()
    if (this.isReserved(t, name)) return
    if (t.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, name)
    throw new ShellSyntaxError('token', tokText(t), false)
  }

  private expectOp(op: string): void {
    const t = this.take()
    if (t.t === 'op' && t.v === op) return
    if (t.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, op)
    throw new ShellSyntaxError('token', tokText(t), false)
  }

  private parseIf(): Command {
    this.take()
    const branches: { cond: List; body: List }[] = []
    let elseBody: List | null = null
    for (;;) {
      const cond = this.nonEmpty(this.parseList(new Set(['then']), false))
      this.expectWord('then')
      const body = this.nonEmpty(this.parseList(new Set(['elif', 'else', 'fi']), false))
      branches.push({ cond, body })
      const t = this.take()
      if (this.isReserved(t, 'elif')) continue
      if (this.isReserved(t, 'else')) {
        elseBody = this.nonEmpty(this.parseList(new Set(['fi']), false))
        this.expectWord('fi')
      } else if (t.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, 'fi')
      else if (!this.isReserved(t, 'fi')) throw new ShellSyntaxError('token', tokText(t), false)
      break
    }
    return { type: 'if', branches, elseBody, redirects: this.parseRedirects() }
  }

  private parseFor(): Command {
    this.take()
    const nt = this.take()
    if (nt.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, 'do')
    if (nt.t !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nt.word.raw)) {
      throw new ShellSyntaxError('token', nt.t === 'word' ? nt.word.raw : tokText(nt), false)
    }
    let items: Word[] | null = null
    this.skipNewlines()
    if (this.isReserved(this.peek(), 'in')) {
      this.take()
      items = []
      for (;;) {
        const t = this.peek()
        if (t.t !== 'word') break
        this.take()
        items.push(t.word)
      }
      const sep = this.take()
      if (sep.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, 'do')
      if (!(sep.t === 'nl' || (sep.t === 'op' && sep.v === ';'))) throw new ShellSyntaxError('token', tokText(sep), false)
    } else if (this.peek().t === 'op' && (this.peek() as { v: string }).v === ';') this.take()
    this.skipNewlines()
    this.expectWord('do')
    const body = this.nonEmpty(this.parseList(new Set(['done']), false))
    this.expectWord('done')
    return { type: 'for', name: nt.word.raw, items, body, redirects: this.parseRedirects() }
  }

  private parseWhile(): Command {
    const kw = this.take() as { t: 'word'; word: Word }
    const cond = this.nonEmpty(this.parseList(new Set(['do']), false))
    this.expectWord('do')
    const body = this.nonEmpty(this.parseList(new Set(['done']), false))
    this.expectWord('done')
    return { type: 'while', until: kw.word.raw === 'until', cond, body, redirects: this.parseRedirects() }
  }

  private parseRedirects(): Redirect[] {
    const out: Redirect[] = []
    while (this.peek().t === 'redir') out.push(this.parseRedirect())
    return out
  }

  private parseRedirect(): Redirect {
    const r = this.take() as { t: 'redir'; fd: number | null; op: Redirect['op'] }
    const t = this.take()
    if (t.t !== 'word') throw new ShellSyntaxError('token', tokText(t), false)
    const red: Redirect = { fd: r.fd, op: r.op, target: t.word }
    if (r.op === '<<' || r.op === '<<-') {
      const quoted = /['"\\]/.test(t.word.raw)
      const delimiter = t.word.parts.map((p) => (p.type === 'lit' ? p.value : '$' + (p.type === 'param' ? p.name : ''))).join('')
      red.heredoc = { body: { parts: [], raw: '' }, quoted, delimiter }
      this.pending.push(red)
    }
    return red
  }

  private parseSimple(): Command {
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirects: [] }
    for (;;) {
      const t = this.peek()
      if (t.t === 'redir') cmd.redirects.push(this.parseRedirect())
      else if (t.t === 'word') {
        this.take()
        const first = t.word.parts[0]
        const m = first && first.type === 'lit' && !first.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.value) : null
        if (cmd.words.length === 0 && m) {
          const rest = first!.type === 'lit' ? first!.value.slice(m[0].length) : ''
          const parts: WordPart[] = [...(rest ? [{ type: 'lit' as const, value: rest, quoted: false }] : []), ...t.word.parts.slice(1)]
          cmd.assigns.push({ name: m[1]!, value: { parts, raw: t.word.raw.slice(m[0].length) } })
        } else cmd.words.push(t.word)
      } else break
    }
    // `name() { …; }` defines a function.
    const next = this.peek()
    if (cmd.words.length === 1 && cmd.assigns.length === 0 && next.t === 'op' && next.v === '(' && NAME.test(cmd.words[0]!.raw)) {
      this.take()
      this.expectOp(')')
      this.skipNewlines()
      return { type: 'function', name: cmd.words[0]!.raw, body: this.parseCommand() }
    }
    return cmd
  }
}

/** Parses a whole script. Throws ShellSyntaxError. A here-doc cut off by the end of input keeps what it read. */
export function parse(src: string): Script {
  return new Parser(src).parseScript()
}

/** True when `src` is an unfinished interactive entry: an open quote, a trailing `|`/`&&`/`\`, an `if` without `fi`,
 *  or a here-doc still waiting for its delimiter. The line editor then prints `> ` and reads another line. */
export function needsMore(src: string): boolean {
  try {
    const p = new Parser(src)
    p.parseScript()
    return p.heredocEof
  } catch (e) {
    return e instanceof ShellSyntaxError && e.incomplete
  }
}
