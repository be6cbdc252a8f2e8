// The tiny MySQL's front end: errors in MySQL's numbers and wording, the tokenizer, statement splitting and the
// recursive-descent parser the session drives. No state, no files.
export class SqlError extends Error {
  constructor(
    readonly errno: number,
    readonly sqlstate: string,
    message: string,
  ) {
    super(message)
  }
}

export const syntaxError = (near: string) =>
  new SqlError(1064, '42000', `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${near}' at line 1`)

export type Value = string | number | null

export interface ResultSet {
  columns: string[]
  rows: Value[][]
}

/** What one statement did: rows to print, or an OK with its affected-row count, or `Database changed`. */
export type Outcome = { kind: 'rows'; result: ResultSet } | { kind: 'ok'; affected: number } | { kind: 'use'; db: string }

// ---- tokens ----

type Tok = { t: 'id' | 'str' | 'num' | 'op' | 'var'; v: string; raw: string }

export function tokenize(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '-' && src[i + 1] === '-' && (src[i + 2] === undefined || /\s/.test(src[i + 2]))) {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    const start = i
    if (c === "'" || c === '"' || c === '`') {
      let v = ''
      i++
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && c !== '`' && i + 1 < src.length) {
          const n = src[++i]
          v += n === 'n' ? '\n' : n === 't' ? '\t' : n
        } else if (src[i] === c && src[i + 1] === c) {
          v += c
          i++
        } else v += src[i]
        i++
      }
      if (i >= src.length) throw syntaxError(src.slice(start))
      i++
      out.push({ t: c === '`' ? 'id' : 'str', v, raw: src.slice(start, i) })
      continue
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      while (i < src.length && /[0-9.]/.test(src[i])) i++
      out.push({ t: 'num', v: src.slice(start, i), raw: src.slice(start, i) })
      continue
    }
    if (c === '@') {
      while (i < src.length && /[@\w.]/.test(src[i])) i++
      out.push({ t: 'var', v: src.slice(start, i).toLowerCase(), raw: src.slice(start, i) })
      continue
    }
    if (/[A-Za-z_$]/.test(c)) {
      while (i < src.length && /[\w$]/.test(src[i])) i++
      out.push({ t: 'id', v: src.slice(start, i), raw: src.slice(start, i) })
      continue
    }
    const two = src.slice(i, i + 2)
    if (['<=', '>=', '<>', '!='].includes(two)) {
      out.push({ t: 'op', v: two, raw: two })
      i += 2
      continue
    }
    out.push({ t: 'op', v: c, raw: c })
    i++
  }
  return out
}

/** Split a script into statements at `;` outside quotes. Trailing text without `;` is a statement too. */
export function splitStatements(src: string): string[] {
  const out: string[] = []
  let cur = ''
  let quote: string | null = null
  for (let i = 0; i < src.length; i++) {
    const c = src[i]
    if (quote) {
      cur += c
      if (c === '\\' && quote !== '`') cur += src[++i] ?? ''
      else if (c === quote) quote = null
      continue
    }
    if (c === "'" || c === '"' || c === '`') quote = c
    if (c === ';') {
      if (cur.trim()) out.push(cur.trim())
      cur = ''
      continue
    }
    cur += c
  }
  if (cur.trim()) out.push(cur.trim())
  return out
}

export class Parser {
  i = 0
  constructor(
    readonly toks: Tok[],
    readonly src: string,
  ) {}
  peek(k = 0): Tok | undefined {
    return this.toks[this.i + k]
  }
  /** The statement text from the current token on, for `near '…'` in syntax errors. */
  rest(): string {
    const tok = this.peek()
    if (!tok) return ''
    let pos = 0
    for (let j = 0; j < this.i; j++) pos = this.src.indexOf(this.toks[j].raw, pos) + this.toks[j].raw.length
    return this.src.slice(this.src.indexOf(tok.raw, pos))
  }
  fail(): never {
    throw syntaxError(this.rest())
  }
  kw(...words: string[]): boolean {
    const tok = this.peek()
    if (tok?.t === 'id' && words.includes(tok.v.toUpperCase()) && !tok.raw.startsWith('`')) {
      this.i++
      return true
    }
    return false
  }
  expectKw(...words: string[]): void {
    if (!this.kw(...words)) this.fail()
  }
  op(v: string): boolean {
    if (this.peek()?.t === 'op' && this.peek()!.v === v) {
      this.i++
      return true
    }
    return false
  }
  expectOp(v: string): void {
    if (!this.op(v)) this.fail()
  }
  ident(): string {
    const tok = this.peek()
    if (tok?.t !== 'id') this.fail()
    this.i++
    return tok.v
  }
  value(): Value {
    const tok = this.peek()
    if (!tok) this.fail()
    if (tok.t === 'op' && tok.v === '-' && this.peek(1)?.t === 'num') {
      this.i += 2
      return -Number(this.toks[this.i - 1].v)
    }
    this.i++
    if (tok.t === 'str') return tok.v
    if (tok.t === 'num') return Number(tok.v)
    if (tok.t === 'id' && tok.v.toUpperCase() === 'NULL') return null
    if (tok.t === 'id' && tok.v.toUpperCase() === 'TRUE') return 1
    if (tok.t === 'id' && tok.v.toUpperCase() === 'FALSE') return 0
    this.i--
    this.fail()
  }
  end(): void {
    if (this.peek()) this.fail()
  }
}
