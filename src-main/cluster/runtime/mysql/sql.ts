// A tiny MySQL: enough SQL for lessons (databases, tables, INSERT/SELECT/UPDATE/DELETE with simple WHERE) with
// MySQL's error numbers and wording. State lives in files under the data directory (/var/lib/mysql), one directory
// per database and one file per table, so it is exactly as durable as the volume mounted there.
import type { Fs } from '../../../shell/io'

export const DATADIR = '/var/lib/mysql'
const SYSTEM_DBS = ['information_schema', 'mysql', 'performance_schema', 'sys']

export class SqlError extends Error {
  constructor(
    readonly errno: number,
    readonly sqlstate: string,
    message: string,
  ) {
    super(message)
  }
}

const syntaxError = (near: string) =>
  new SqlError(1064, '42000', `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${near}' at line 1`)

export type Value = string | number | null

export interface ResultSet {
  columns: string[]
  rows: Value[][]
}

/** What one statement did: rows to print, or an OK with its affected-row count, or `Database changed`. */
export type Outcome = { kind: 'rows'; result: ResultSet } | { kind: 'ok'; affected: number } | { kind: 'use'; db: string }

interface TableFile {
  columns: { name: string; type: string; autoIncrement?: boolean }[]
  rows: Value[][]
  nextId?: number
}

// ---- tokens ----

type Tok = { t: 'id' | 'str' | 'num' | 'op' | 'var'; v: string; raw: string }

function tokenize(src: string): Tok[] {
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

class Parser {
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

export interface SessionInfo {
  version: string
  hostname: string
  user: string
  now(): string
}

type Cond = { col: string; op: string; value: Value }

/** One client session against the data directory. */
export class SqlSession {
  db: string | null = null

  constructor(
    private readonly fs: Fs,
    private readonly info: SessionInfo,
  ) {}

  private dbPath(db: string): string {
    return `${DATADIR}/${db}`
  }

  databases(): string[] {
    const user = this.fs
      .readdir(DATADIR)
      .filter((n) => this.fs.stat(`${DATADIR}/${n}`)?.type === 'dir' && !SYSTEM_DBS.includes(n) && !n.startsWith('#'))
    return [...new Set(['information_schema', 'mysql', 'performance_schema', 'sys', ...user])].sort()
  }

  private requireDb(name?: string): string {
    const db = name ?? this.db
    if (!db) throw new SqlError(1046, '3D000', 'No database selected')
    if (!this.databases().includes(db)) throw new SqlError(1049, '42000', `Unknown database '${db}'`)
    return db
  }

  private tablePath(db: string, table: string): string {
    return `${this.dbPath(db)}/${table}.ibd`
  }

  private load(db: string, table: string): TableFile {
    const p = this.tablePath(db, table)
    if (!this.fs.stat(p)) throw new SqlError(1146, '42S02', `Table '${db}.${table}' doesn't exist`)
    return JSON.parse(this.fs.readFile(p)) as TableFile
  }

  private save(db: string, table: string, t: TableFile): void {
    this.fs.writeFile(this.tablePath(db, table), JSON.stringify(t))
  }

  /** `[db.]table` */
  private tableRef(p: Parser): { db: string; table: string } {
    const first = p.ident()
    if (p.op('.')) return { db: this.requireDb(first), table: p.ident() }
    return { db: this.requireDb(), table: first }
  }

  execute(stmt: string): Outcome {
    const p: Parser = new Parser(tokenize(stmt), stmt)
    if (!p.peek()) throw new SqlError(1065, '42000', 'Query was empty')
    if (p.kw('CREATE')) {
      if (p.kw('DATABASE', 'SCHEMA')) return this.createDatabase(p)
      if (p.kw('TABLE')) return this.createTable(p)
      p.fail()
    }
    if (p.kw('DROP')) {
      if (p.kw('DATABASE', 'SCHEMA')) return this.dropDatabase(p)
      if (p.kw('TABLE')) return this.dropTable(p)
      p.fail()
    }
    if (p.kw('SHOW')) {
      if (p.kw('DATABASES', 'SCHEMAS')) {
        p.end()
        return { kind: 'rows', result: { columns: ['Database'], rows: this.databases().map((d) => [d]) } }
      }
      if (p.kw('TABLES')) {
        p.end()
        const db = this.requireDb()
        const tables = this.fs
          .readdir(this.dbPath(db))
          .filter((n) => n.endsWith('.ibd'))
          .map((n) => [n.slice(0, -4)] as Value[])
        return { kind: 'rows', result: { columns: [`Tables_in_${db}`], rows: tables } }
      }
      p.fail()
    }
    if (p.kw('USE')) {
      const db = p.ident()
      p.end()
      this.db = this.requireDb(db)
      return { kind: 'use', db }
    }
    if (p.kw('INSERT')) return this.insert(p)
    if (p.kw('SELECT')) return this.select(p)
    if (p.kw('DELETE')) return this.delete(p)
    if (p.kw('UPDATE')) return this.update(p)
    if (p.kw('DESCRIBE', 'DESC')) {
      const { db, table } = this.tableRef(p)
      p.end()
      const t = this.load(db, table)
      return { kind: 'rows', result: { columns: ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'], rows: t.columns.map((c) => [c.name, c.type, 'YES', '', null, c.autoIncrement ? 'auto_increment' : '']) } }
    }
    p.fail()
  }

  private createDatabase(p: Parser): Outcome {
    let ifNotExists = false
    if (p.kw('IF')) {
      p.expectKw('NOT')
      p.expectKw('EXISTS')
      ifNotExists = true
    }
    const name = p.ident()
    p.end()
    if (this.databases().includes(name)) {
      if (ifNotExists) return { kind: 'ok', affected: 0 }
      throw new SqlError(1007, 'HY000', `Can't create database '${name}'; database exists`)
    }
    this.fs.mkdir(this.dbPath(name))
    return { kind: 'ok', affected: 1 }
  }

  private dropDatabase(p: Parser): Outcome {
    let ifExists = false
    if (p.kw('IF')) {
      p.expectKw('EXISTS')
      ifExists = true
    }
    const name = p.ident()
    p.end()
    if (!this.databases().includes(name) || SYSTEM_DBS.includes(name)) {
      if (ifExists) return { kind: 'ok', affected: 0 }
      throw new SqlError(1008, 'HY000', `Can't drop database '${name}'; database doesn't exist`)
    }
    const tables = this.fs.readdir(this.dbPath(name)).filter((n) => n.endsWith('.ibd')).length
    this.fs.rm(this.dbPath(name), { recursive: true })
    if (this.db === name) this.db = null
    return { kind: 'ok', affected: tables }
  }

  private createTable(p: Parser): Outcome {
    let ifNotExists = false
    if (p.kw('IF')) {
      p.expectKw('NOT')
      p.expectKw('EXISTS')
      ifNotExists = true
    }
    const { db, table } = this.tableRef(p)
    p.expectOp('(')
    const columns: TableFile['columns'] = []
    for (;;) {
      if (p.kw('PRIMARY', 'KEY', 'UNIQUE', 'INDEX')) {
        // Key definitions: accepted and not enforced.
        let depth = 0
        while (p.peek() && !(depth === 0 && (p.peek()!.v === ',' || p.peek()!.v === ')'))) {
          if (p.op('(')) depth++
          else if (p.op(')')) depth--
          else p.i++
        }
      } else {
        const name = p.ident()
        const typeTok = p.peek()
        if (typeTok?.t !== 'id') p.fail()
        let type = p.ident().toLowerCase()
        if (p.op('(')) {
          const args: string[] = []
          while (!p.op(')')) {
            const tk = p.peek()
            if (!tk) p.fail()
            p.i++
            if (tk.v !== ',') args.push(tk.v)
          }
          type += `(${args.join(',')})`
        }
        let autoIncrement = false
        // Column attributes up to the next comma (NOT NULL, DEFAULT x, AUTO_INCREMENT, PRIMARY KEY…).
        while (p.peek() && p.peek()!.v !== ',' && p.peek()!.v !== ')') {
          if (p.kw('AUTO_INCREMENT')) autoIncrement = true
          else p.i++
        }
        if (type === 'int') type = 'int'
        columns.push({ name, type, ...(autoIncrement ? { autoIncrement } : {}) })
      }
      if (p.op(',')) continue
      p.expectOp(')')
      break
    }
    while (p.peek()) p.i++ // table options (ENGINE=InnoDB …)
    if (this.fs.stat(this.tablePath(db, table))) {
      if (ifNotExists) return { kind: 'ok', affected: 0 }
      throw new SqlError(1050, '42S01', `Table '${table}' already exists`)
    }
    this.save(db, table, { columns, rows: [], nextId: 1 })
    return { kind: 'ok', affected: 0 }
  }

  private dropTable(p: Parser): Outcome {
    let ifExists = false
    if (p.kw('IF')) {
      p.expectKw('EXISTS')
      ifExists = true
    }
    const { db, table } = this.tableRef(p)
    p.end()
    if (!this.fs.stat(this.tablePath(db, table))) {
      if (ifExists) return { kind: 'ok', affected: 0 }
      throw new SqlError(1051, '42S02', `Unknown table '${db}.${table}'`)
    }
    this.fs.rm(this.tablePath(db, table))
    return { kind: 'ok', affected: 0 }
  }

  private insert(p: Parser): Outcome {
    p.kw('INTO')
    const { db, table } = this.tableRef(p)
    const t = this.load(db, table)
    let cols = t.columns.map((c) => c.name)
    if (p.op('(')) {
      cols = []
      do cols.push(p.ident())
      while (p.op(','))
      p.expectOp(')')
      for (const c of cols) if (!t.columns.some((x) => x.name === c)) throw new SqlError(1054, '42S22', `Unknown column '${c}' in 'field list'`)
    }
    p.expectKw('VALUES', 'VALUE')
    let n = 0
    do {
      p.expectOp('(')
      const vals: Value[] = []
      do vals.push(p.value())
      while (p.op(','))
      p.expectOp(')')
      if (vals.length !== cols.length) throw new SqlError(1136, '21S01', `Column count doesn't match value count at row ${n + 1}`)
      const row: Value[] = t.columns.map((c) => {
        const k = cols.indexOf(c.name)
        if (c.autoIncrement && (k < 0 || vals[k] === null)) return t.nextId ?? 1
        return k >= 0 ? coerce(vals[k], c.type) : null
      })
      const ai = t.columns.findIndex((c) => c.autoIncrement)
      if (ai >= 0) t.nextId = Math.max(t.nextId ?? 1, Number(row[ai]) + 1)
      t.rows.push(row)
      n++
    } while (p.op(','))
    p.end()
    this.save(db, table, t)
    return { kind: 'ok', affected: n }
  }

  private where(p: Parser, t: TableFile, clause: string): Cond[] {
    const conds: Cond[] = []
    if (!p.kw('WHERE')) return conds
    do {
      const col = p.ident()
      if (!t.columns.some((c) => c.name === col)) throw new SqlError(1054, '42S22', `Unknown column '${col}' in '${clause}'`)
      const tok = p.peek()
      let op: string
      if (tok?.t === 'op' && ['=', '<', '>', '<=', '>=', '<>', '!='].includes(tok.v)) {
        p.i++
        op = tok.v
      } else if (p.kw('LIKE')) op = 'LIKE'
      else if (p.kw('IS')) {
        op = p.kw('NOT') ? 'IS NOT' : 'IS'
        p.expectKw('NULL')
        conds.push({ col, op, value: null })
        continue
      } else p.fail()
      conds.push({ col, op, value: p.value() })
    } while (p.kw('AND'))
    return conds
  }

  private matches(t: TableFile, row: Value[], conds: Cond[]): boolean {
    return conds.every(({ col, op, value }) => {
      const v = row[t.columns.findIndex((c) => c.name === col)]
      if (op === 'IS') return v === null
      if (op === 'IS NOT') return v !== null
      if (v === null || value === null) return false
      const [a, b] = typeof v === 'number' || typeof value === 'number' ? [Number(v), Number(value)] : [String(v).toLowerCase(), String(value).toLowerCase()]
      switch (op) {
        case '=':
          return a === b
        case '<>':
        case '!=':
          return a !== b
        case '<':
          return a < b
        case '>':
          return a > b
        case '<=':
          return a <= b
        case '>=':
          return a >= b
        case 'LIKE': {
          const re = new RegExp('^' + String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.') + '$', 'is')
          return re.test(String(v))
        }
      }
      return false
    })
  }

  private select(p: Parser): Outcome {
    type Item = { label: string; get: (t: TableFile | null, row: Value[] | null) => Value; star?: boolean; count?: boolean }
    const items: Item[] = []
    do {
      const start = p.i
      let item: Item
      if (p.op('*')) item = { label: '*', get: () => null, star: true }
      else {
        const tok = p.peek()
        if (!tok) p.fail()
        if (tok.t === 'var') {
          p.i++
          const name = tok.v.replace(/^@@(global\.|session\.)?/, '')
          const vars: Record<string, Value> = { hostname: this.info.hostname, version: this.info.version, port: 3306, datadir: `${DATADIR}/` }
          if (!(name in vars)) throw new SqlError(1193, 'HY000', `Unknown system variable '${name}'`)
          item = { label: tok.raw, get: () => vars[name] }
        } else if (tok.t === 'id' && p.peek(1)?.v === '(' && p.peek(1)?.t === 'op') {
          const fn = p.ident().toUpperCase()
          p.expectOp('(')
          if (fn === 'COUNT') {
            if (!p.op('*')) p.ident()
            p.expectOp(')')
            item = { label: 'COUNT(*)', get: () => null, count: true }
          } else {
            p.expectOp(')')
            const fns: Record<string, () => Value> = {
              VERSION: () => this.info.version,
              DATABASE: () => this.db,
              NOW: () => this.info.now(),
              USER: () => `${this.info.user}@localhost`,
              CURRENT_USER: () => `${this.info.user}@localhost`,
            }
            if (!fns[fn]) throw new SqlError(1305, '42000', `FUNCTION ${this.db ?? 'mysql'}.${fn.toLowerCase()} does not exist`)
            item = { label: `${fn.toLowerCase() === 'now' ? 'NOW' : fn.toLowerCase()}()`, get: fns[fn] }
            if (fn === 'VERSION') item.label = 'VERSION()'
            if (fn === 'DATABASE') item.label = 'DATABASE()'
            if (fn === 'NOW') item.label = 'NOW()'
            if (fn === 'USER' || fn === 'CURRENT_USER') item.label = `${fn}()`
          }
        } else if (tok.t === 'id' && !['FROM', 'NULL', 'TRUE', 'FALSE'].includes(tok.v.toUpperCase())) {
          const col = p.ident()
          item = {
            label: col,
            get: (t, row) => {
              const k = t ? t.columns.findIndex((c) => c.name === col) : -1
              if (!t || k < 0) throw new SqlError(1054, '42S22', `Unknown column '${col}' in 'field list'`)
              return row![k]
            },
          }
        } else {
          const v = p.value()
          item = { label: p.toks.slice(start, p.i).map((x) => x.raw).join(''), get: () => v }
        }
      }
      if (p.kw('AS')) item.label = p.ident()
      items.push(item)
    } while (p.op(','))
    if (!p.kw('FROM')) {
      p.end()
      if (items.some((x) => x.star)) throw new SqlError(1096, 'HY000', 'No tables used')
      return { kind: 'rows', result: { columns: items.map((x) => x.label), rows: [items.map((x) => (x.count ? 1 : x.get(null, null)))] } }
    }
    const { db, table } = this.tableRef(p)
    const t = this.load(db, table)
    const conds = this.where(p, t, 'where clause')
    let order: { k: number; desc: boolean } | null = null
    if (p.kw('ORDER')) {
      p.expectKw('BY')
      const col = p.ident()
      const k = t.columns.findIndex((c) => c.name === col)
      if (k < 0) throw new SqlError(1054, '42S22', `Unknown column '${col}' in 'order clause'`)
      order = { k, desc: p.kw('DESC') }
      if (!order.desc) p.kw('ASC')
    }
    let limit = Infinity
    if (p.kw('LIMIT')) limit = Number(p.value())
    p.end()
    let rows = t.rows.filter((r) => this.matches(t, r, conds))
    if (order) {
      const { k, desc } = order
      rows = [...rows].sort((a, b) => {
        const x = a[k]
        const y = b[k]
        const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1
        return desc ? -c : c
      })
    }
    rows = rows.slice(0, limit)
    if (items.some((x) => x.count)) {
      return { kind: 'rows', result: { columns: items.map((x) => x.label), rows: [items.map((x) => (x.count ? rows.length : rows[0] ? x.get(t, rows[0]) : null))] } }
    }
    const columns: string[] = []
    for (const it of items) if (it.star) columns.push(...t.columns.map((c) => c.name))
    else columns.push(it.label)
    const out = rows.map((r) => items.flatMap((it) => (it.star ? r : [it.get(t, r)])))
    return { kind: 'rows', result: { columns, rows: out } }
  }

  private delete(p: Parser): Outcome {
    p.expectKw('FROM')
    const { db, table } = this.tableRef(p)
    const t = this.load(db, table)
    const conds = this.where(p, t, 'where clause')
    p.end()
    const before = t.rows.length
    t.rows = t.rows.filter((r) => !this.matches(t, r, conds))
    this.save(db, table, t)
    return { kind: 'ok', affected: before - t.rows.length }
  }

  private update(p: Parser): Outcome {
    const { db, table } = this.tableRef(p)
    const t = this.load(db, table)
    p.expectKw('SET')
    const sets: { k: number; v: Value }[] = []
    do {
      const col = p.ident()
      const k = t.columns.findIndex((c) => c.name === col)
      if (k < 0) throw new SqlError(1054, '42S22', `Unknown column '${col}' in 'field list'`)
      p.expectOp('=')
      sets.push({ k, v: p.value() })
    } while (p.op(','))
    const conds = this.where(p, t, 'where clause')
    p.end()
    let changed = 0
    for (const r of t.rows) {
      if (!this.matches(t, r, conds)) continue
      let diff = false
      for (const { k, v } of sets) {
        const cv = coerce(v, t.columns[k].type)
        if (r[k] !== cv) diff = true
        r[k] = cv
      }
      if (diff) changed++
    }
    this.save(db, table, t)
    return { kind: 'ok', affected: changed }
  }
}

function coerce(v: Value, type: string): Value {
  if (v === null) return null
  if (/^(tiny|small|medium|big)?int|^integer/.test(type)) {
    const n = Number(v)
    return Number.isFinite(n) ? Math.trunc(n) : 0
  }
  if (/^(decimal|float|double|numeric)/.test(type)) return Number(v)
  return String(v)
}

/** mysql's batch output (not a terminal): tab-separated, header first, NULL for nulls, \t \n \\ escaped. */
export function formatBatch(r: ResultSet, header = true): string {
  const esc = (v: Value) => (v === null ? 'NULL' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'))
  if (!r.rows.length) return ''
  const lines = header ? [r.columns.join('\t')] : []
  for (const row of r.rows) lines.push(row.map(esc).join('\t'))
  return lines.join('\n') + '\n'
}

/** mysql's table output (on a terminal, or with -t): boxed, numbers right-aligned. */
export function formatTable(r: ResultSet, header = true): string {
  const cells = r.rows.map((row) => row.map((v) => (v === null ? 'NULL' : String(v))))
  const widths = r.columns.map((c, i) => Math.max(header ? c.length : 0, ...cells.map((row) => row[i].length)))
  const numeric = r.columns.map((_c, i) => r.rows.length > 0 && r.rows.every((row) => row[i] === null || typeof row[i] === 'number'))
  const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+'
  const line = (vals: string[], align: boolean) => '| ' + vals.map((v, i) => (align && numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ') + ' |'
  const out = [rule]
  if (header) out.push(line(r.columns, false), rule)
  for (const row of cells) out.push(line(row, true))
  out.push(rule)
  return out.join('\n') + '\n'
}
