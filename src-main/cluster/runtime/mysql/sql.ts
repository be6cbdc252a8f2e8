// A tiny MySQL: enough SQL for lessons (databases, tables, INSERT/SELECT/UPDATE/DELETE with simple WHERE) with
// MySQL's error numbers and wording. State lives in files under the data directory (/var/lib/mysql), one directory
// per database and one file per table, so it is exactly as durable as the volume mounted there.
import type { Fs } from '../../../shell/io'
import { Parser, SqlError, tokenize, type Outcome, type ResultSet, type Value } from './sql-parse'

export { SqlError, splitStatements, type Outcome, type ResultSet, type Value } from './sql-parse'
export { formatBatch, formatTable } from './sql-format'

export const DATADIR = '/var/lib/mysql'
const SYSTEM_DBS = ['information_schema', 'mysql', 'performance_schema', 'sys']

export interface SessionInfo {
  version: string
  hostname: string
  user: string
  now(): string
}

interface TableFile {
  columns: { name: string; type: string; autoIncrement?: boolean }[]
  rows: Value[][]
  nextId?: number
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
