// A recursive-descent parser for the POSIX-ish subset learners type: pipelines, and/or lists, redirects, here-docs,
// if/for/while/until/case, functions, { } and ( ). Tokens and words come from the Lexer it extends.
import type { AndOr, CaseItem, Command, List, Pipeline, Redirect, Script, SimpleCommand, Word, WordPart } from './ast'
import { Lexer, NAME, tokText, type Tok } from './lexer'
import { ShellSyntaxError } from './syntax-error'

export { ShellSyntaxError }

const NEVER_STARTS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', '}', 'esac'])

class Parser extends Lexer {
  constructor(src: string, pos = 0) {
    super(src, pos)
  }

  protected fresh(src: string, pos = 0): Parser {
    return new Parser(src, pos)
  }

  protected parseCmdSubBody(): List {
    const body = this.parseList(new Set(), true)
    const t = this.take()
    if (t.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, ')')
    if (!(t.t === 'op' && t.v === ')')) throw new ShellSyntaxError('token', tokText(t), false)
    return body
  }

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

  /** A list of and/or items, stopping at a reserved word in `terms`, at `)` when `paren`, at `;;` when `caseItem`, or at
   *  end of input. */
  parseList(terms: Set<string>, paren: boolean, caseItem = false): List {
    const items: List = []
    this.skipNewlines()
    for (;;) {
      const t = this.peek()
      if (t.t === 'eof' || this.isReserved(t, terms) || (paren && t.t === 'op' && t.v === ')')) break
      if (caseItem && t.t === 'op' && t.v === ';;') break
      const start = this.peekStart
      const item = this.parseAndOr()
      items.push(item)
      const sep = this.peek()
      item.text = this.src.slice(start, this.peekStart).trim()
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
    if (this.isReserved(t, 'case')) return this.parseCase()
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
    // Any word parses: bash rejects a name that is not an identifier only when the loop runs (compound.ts).
    if (nt.t !== 'word') throw new ShellSyntaxError('token', tokText(nt), false)
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

  /** case WORD in [(]PAT[|PAT]…) LIST ;; … esac */
  private parseCase(): Command {
    this.take()
    const wt = this.take()
    // bash wants the word on the same line: `case` then Enter is an error, not a continuation.
    if (wt.t === 'eof') throw new ShellSyntaxError('token', 'newline', false)
    if (wt.t !== 'word') throw new ShellSyntaxError('token', tokText(wt), false)
    this.skipNewlines()
    this.expectWord('in')
    const items: CaseItem[] = []
    for (;;) {
      this.skipNewlines()
      const t = this.peek()
      if (this.isReserved(t, 'esac')) {
        this.take()
        break
      }
      if (t.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, 'esac')
      if (t.t === 'op' && t.v === '(') this.take()
      const patterns: Word[] = []
      for (;;) {
        const p = this.take()
        if (p.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, ')')
        if (p.t !== 'word') throw new ShellSyntaxError('token', tokText(p), false)
        patterns.push(p.word)
        const n = this.take()
        if (n.t === 'op' && n.v === '|') continue
        if (n.t === 'op' && n.v === ')') break
        if (n.t === 'eof') throw new ShellSyntaxError('token', 'newline', false)
        throw new ShellSyntaxError('token', tokText(n), false)
      }
      const body = this.parseList(new Set(['esac']), false, true)
      items.push({ patterns, body })
      const end = this.peek()
      if (end.t === 'op' && end.v === ';;') {
        this.take()
        continue
      }
      if (this.isReserved(end, 'esac')) continue
      if (end.t === 'eof') throw new ShellSyntaxError('eof', 'newline', true, 'esac')
      throw new ShellSyntaxError('token', tokText(end), false)
    }
    return { type: 'case', word: wt.word, items, redirects: this.parseRedirects() }
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
