// kubectl's JSONPath dialect, written from its documented behaviour: text outside `{}` is printed as is; inside an
// action: `.field` (backslash escapes dots), `..` recursive descent, `[i]`, `[a:b:step]`, `[*]`, `['key']`,
// unions `[0,2]`, filters `[?(@.x=="y")]`, `{range …}…{end}`, quoted strings and numbers. Missing keys print
// nothing (kubectl allows them); several results of one action are separated by spaces; maps and lists print as
// compact JSON. Parse and execution errors carry kubectl's wording.
import { toCompactJson, toJson } from '../yaml-output'
import { goTypeName, goV } from './go-format'

type Param = { value: number; known: boolean; derived: boolean }
export type JpNode =
  | { t: 'text'; text: string }
  | { t: 'list'; nodes: JpNode[] }
  | { t: 'field'; name: string }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'array'; params: [Param, Param, Param] }
  | { t: 'union'; lists: JpNode[] }
  | { t: 'filter'; left: JpNode; right: JpNode; op: string }
  | { t: 'ident'; name: string }
  | { t: 'number'; value: number }
  | { t: 'bool'; value: boolean }

/** A JSONPath template that failed to parse; message is the parser's own ("unclosed action"…). */
export class JsonPathParseError extends Error {}
/** Evaluation failure ("array index out of bounds: …"). */
export class JsonPathExecError extends Error {}

const EOF = ''

class Parser {
  pos = 0
  start = 0
  root: JpNode[] = []
  constructor(private input: string) {}

  next(): string {
    if (this.pos >= this.input.length) { this.pos++; return EOF }
    const cp = this.input.codePointAt(this.pos)!
    const ch = String.fromCodePoint(cp)
    this.pos += ch.length
    return ch
  }
  backup(ch: string): void { this.pos -= ch === EOF ? 1 : ch.length }
  peek(): string { const c = this.next(); this.backup(c); return c }
  consume(): string { const s = this.input.slice(this.start, this.pos); this.start = this.pos; return s }
  rest(): string { return this.input.slice(this.pos) }

  parse(): JpNode[] {
    this.parseText()
    return this.root
  }

  parseText(): void {
    const i = this.input.indexOf('{', this.pos)
    if (i < 0) {
      this.pos = this.input.length
      if (this.pos > this.start) this.root.push({ t: 'text', text: this.consume() })
      return
    }
    this.pos = i
    if (this.pos > this.start) this.root.push({ t: 'text', text: this.consume() })
    this.pos += 1
    this.consume()
    const list: JpNode = { t: 'list', nodes: [] }
    this.root.push(list)
    this.parseInside(list.nodes)
  }

  parseInside(cur: JpNode[]): void {
    for (;;) {
      const r = this.rest()
      if (r.startsWith('}')) { this.pos += 1; this.consume(); this.parseText(); return }
      if (r.startsWith('[?(')) { this.parseFilter(cur); continue }
      if (r.startsWith('..')) { this.parseRecursive(cur); continue }
      const c = this.next()
      if (c === EOF || c === '\n' || c === '\r') throw new JsonPathParseError('unclosed action')
      if (c === ' ' || c === '@' || c === '$') { this.consume(); continue }
      if (c === '[') { this.parseArray(cur); continue }
      if (c === '"' || c === "'") { this.parseQuote(cur, c); continue }
      if (c === '.') { this.parseField(cur); continue }
      if (c === '+' || c === '-' || /\d/.test(c)) { this.backup(c); this.parseNumber(cur); continue }
      if (/[\p{L}\p{N}_]/u.test(c)) { this.backup(c); this.parseIdentifier(cur); continue }
      const cp = c.codePointAt(0)!
      throw new JsonPathParseError(`unrecognized character in action: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`)
    }
  }

  static terminator(c: string): boolean {
    return c === EOF || /\s/.test(c) || '.,[]$@{}'.includes(c)
  }

  parseIdentifier(cur: JpNode[]): void {
    for (;;) {
      const c = this.next()
      if (Parser.terminator(c)) { this.backup(c); break }
    }
    const v = this.consume()
    if (v === 'true' || v === 'false') cur.push({ t: 'bool', value: v === 'true' })
    else cur.push({ t: 'ident', name: v })
  }

  parseField(cur: JpNode[]): void {
    this.consume()
    for (;;) {
      const c = this.next()
      if (c === '\\') { this.next(); continue }
      if (Parser.terminator(c)) { this.backup(c); break }
    }
    const v = this.consume()
    cur.push(v === '*' ? { t: 'wildcard' } : { t: 'field', name: v.replace(/\\/g, '') })
  }

  parseRecursive(cur: JpNode[]): void {
    if (cur.length && cur[cur.length - 1].t === 'recursive') throw new JsonPathParseError('invalid multiple recursive descent')
    this.pos += 2
    this.consume()
    cur.push({ t: 'recursive' })
    if (/[\p{L}\p{N}_]/u.test(this.peek())) this.parseField(cur)
  }

  parseNumber(cur: JpNode[]): void {
    const first = this.peek()
    if (first === '+' || first === '-') this.next()
    for (;;) {
      const c = this.next()
      if (c !== '.' && !/\d/.test(c)) { this.backup(c); break }
    }
    const v = this.consume()
    const n = Number(v)
    if (v === '' || v === '+' || v === '-' || Number.isNaN(n)) throw new JsonPathParseError(`cannot parse number ${v}`)
    cur.push({ t: 'number', value: n })
  }

  parseQuote(cur: JpNode[], end: string): void {
    for (;;) {
      const c = this.next()
      if (c === EOF || c === '\n') throw new JsonPathParseError('unterminated quoted string')
      if (c === '\\') { const n = this.next(); if (n !== EOF && n !== '\n') continue; break }
      if (c === end) break
    }
    const raw = this.consume()
    cur.push({ t: 'text', text: unquote(raw) })
  }

  parseArray(cur: JpNode[]): void {
    for (;;) {
      const c = this.next()
      if (c === EOF || c === '\n') throw new JsonPathParseError('unterminated array')
      if (c === ']') break
    }
    let text = this.consume()
    text = text.slice(1, -1)
    if (text === '*') text = ':'
    const parts = text.split(',')
    if (parts.length > 1) {
      const lists = parts.map((p) => subParse(`[${p.trim()}]`))
      cur.push({ t: 'union', lists })
      return
    }
    const dict = /^'([^']*)'$/.exec(text)
    if (dict) { cur.push({ t: 'field', name: dict[1] }); return }
    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text)
    if (!m) throw new JsonPathParseError(`invalid array index ${text}`)
    const params: Param[] = []
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? ''
      if (v !== '') {
        if (i > 0) v = v.slice(1)
        if (i > 0 && v === '') params.push({ value: 0, known: false, derived: false })
        else {
          const n = Number(v)
          if (!/^[+-]?\d+$/.test(v)) throw new JsonPathParseError(`array index ${v} is not a number`)
          params.push({ value: n, known: true, derived: false })
        }
      } else if (i === 1) {
        params.push({ value: params[0].value + 1, known: true, derived: true })
      } else {
        params.push({ value: 0, known: false, derived: false })
      }
    }
    cur.push({ t: 'array', params: params as [Param, Param, Param] })
  }

  parseFilter(cur: JpNode[]): void {
    this.pos += 3
    this.consume()
    let begin = false
    let end = false
    let pair = ''
    for (;;) {
      const c = this.next()
      if (c === EOF) throw new JsonPathParseError('unterminated filter')
      if (c === '"' || c === "'") {
        if (!begin) { begin = true; pair = c; continue }
        if (this.input[this.pos - 2] !== '\\' && c === pair) end = true
      } else if (c === ')') {
        if (begin === end) break
      }
    }
    if (this.next() !== ']') throw new JsonPathParseError('unclosed array expect ]')
    let text = this.consume()
    text = text.slice(0, -2)
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text)
    if (!m) cur.push({ t: 'filter', left: subParse(text), right: { t: 'list', nodes: [] }, op: 'exists' })
    else cur.push({ t: 'filter', left: subParse(m[1]), right: subParse(m[3]), op: m[2] })
  }
}

/** Parse one action's text as `{text}` and return its list node. */
function subParse(text: string): JpNode {
  const nodes = new Parser(`{${text}}`).parse()
  return nodes.find((n) => n.t === 'list') ?? { t: 'list', nodes: [] }
}

/** Go strconv.Unquote, extended to single-quoted strings of any length. */
function unquote(raw: string): string {
  const q = raw[0]
  const body = raw.slice(1, -1)
  if (q === "'") return body.replace(/\\'/g, "'")
  try { return JSON.parse(`"${body.replace(/\\'/g, "'")}"`) } catch { return body }
}

export function parseJsonPath(template: string): JpNode[] {
  return new Parser(template).parse()
}

// ---- evaluation ----

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

function evalNode(input: unknown[], node: JpNode): unknown[] {
  switch (node.t) {
    case 'text': return [node.text]
    case 'list': {
      let cur = input
      for (const n of node.nodes) cur = evalNode(cur, n)
      return cur
    }
    case 'ident': return input
    case 'number':
    case 'bool': return input.map(() => node.value)
    case 'field': {
      if (input.length === 0) return []
      const out: unknown[] = []
      for (const v of input) {
        if (node.name === '' ) { out.push(v); continue }
        if (isMap(v) && Object.prototype.hasOwnProperty.call(v, node.name)) out.push(v[node.name])
      }
      return out
    }
    case 'wildcard': {
      const out: unknown[] = []
      for (const v of input) {
        if (isMap(v)) for (const k of sortedKeys(v)) out.push(v[k])
        else if (Array.isArray(v)) out.push(...v)
      }
      return out
    }
    case 'recursive': return recursive(input)
    case 'array': {
      const out: unknown[] = []
      for (const v of input) {
        if (v === null || v === undefined) continue
        if (!Array.isArray(v)) throw new JsonPathExecError(`${goTypeName(v)} is not array or slice`)
        const len = v.length
        const [p0, p1, p2] = node.params.map((p) => ({ ...p }))
        if (!p0.known) p0.value = 0
        if (p0.value < 0) p0.value += len
        if (!p1.known) p1.value = len
        if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len
        if (p1.value === p0.value) return out
        if (p0.value >= len || p0.value < 0) throw new JsonPathExecError(`array index out of bounds: index ${p0.value}, length ${len}`)
        if (p1.value > len || p1.value < 0) throw new JsonPathExecError(`array index out of bounds: index ${p1.value - 1}, length ${len}`)
        if (p0.value > p1.value) throw new JsonPathExecError(`starting index ${p0.value} is greater than ending index ${p1.value}`)
        let step = 1
        if (p2.known) {
          if (p2.value <= 0) throw new JsonPathExecError('step must be > 0')
          step = p2.value
        }
        const slice = v.slice(p0.value, p1.value)
        for (let i = 0; i < slice.length; i += step) out.push(slice[i])
      }
      return out
    }
    case 'union': {
      const out: unknown[] = []
      for (const l of node.lists) out.push(...evalNode(input, l))
      return out
    }
    case 'filter': {
      const out: unknown[] = []
      for (const v of input) {
        if (v === null || v === undefined) continue
        if (!Array.isArray(v)) throw new JsonPathExecError(`${goV(v)} is not array or slice and cannot be filtered`)
        for (const item of v) {
          const lefts = evalNode([item], node.left)
          if (node.op === 'exists') { if (lefts.length > 0) out.push(item); continue }
          if (lefts.length === 0) continue
          if (lefts.length > 1) throw new JsonPathExecError('can only compare one element at a time')
          const rights = evalNode([item], node.right)
          if (rights.length === 0) continue
          if (rights.length > 1) throw new JsonPathExecError('can only compare one element at a time')
          if (compare(lefts[0], rights[0], node.op)) out.push(item)
        }
      }
      return out
    }
  }
}

function compare(a: unknown, b: unknown, op: string): boolean {
  const kind = (x: unknown) => (typeof x === 'number' ? 'number' : typeof x === 'string' ? 'string' : typeof x === 'boolean' ? 'bool' : 'other')
  if (kind(a) !== kind(b) || kind(a) === 'other') {
    if (op === '==' || op === '!=') {
      if (kind(a) === 'other' || kind(b) === 'other') throw new JsonPathExecError('invalid type for comparison')
    }
    throw new JsonPathExecError('incompatible types for comparison')
  }
  const x = a as number | string
  const y = b as number | string
  switch (op) {
    case '==': return x === y
    case '!=': return x !== y
    case '<': return x < y
    case '>': return x > y
    case '<=': return x <= y
    case '>=': return x >= y
    default: throw new JsonPathExecError(`unrecognized filter operator ${op}`)
  }
}

function recursive(input: unknown[]): unknown[] {
  const out: unknown[] = []
  for (const v of input) {
    if (v === null || v === undefined) continue
    let children: unknown[] = []
    if (isMap(v)) children = sortedKeys(v).map((k) => v[k])
    else if (Array.isArray(v)) children = v
    else if (typeof v === 'string') children = [...v].map(() => null)
    if (children.length) {
      out.push(v)
      out.push(...recursive(children))
    }
  }
  return out
}

function isRange(n: JpNode): boolean {
  return n.t === 'list' && n.nodes[0]?.t === 'ident' && n.nodes[0].name === 'range'
}
function isEnd(n: JpNode): boolean {
  return n.t === 'list' && n.nodes.length > 0 && n.nodes.every((x) => x.t === 'ident') && n.nodes.some((x) => x.t === 'ident' && x.name === 'end')
}

/** Results per action, in order; `{range}` repeats its body for every result, up to the matching `{end}`. */
export function findResults(nodes: JpNode[], data: unknown): unknown[][] {
  const out: unknown[][] = []
  const run = (from: number, value: unknown, inRange: boolean): number => {
    for (let i = from; i < nodes.length; i++) {
      const n = nodes[i]
      if (isEnd(n)) {
        if (!inRange) throw new JsonPathExecError('not in range, nothing to end')
        return i
      }
      if (isRange(n)) {
        const items = evalNode([value], { t: 'list', nodes: (n as { nodes: JpNode[] }).nodes.slice(1) })
        let endAt = nodes.length
        if (items.length === 0) endAt = skipRange(i + 1)
        for (const item of items) endAt = run(i + 1, item, true)
        i = endAt
        continue
      }
      out.push(evalNode([value], n))
    }
    return nodes.length
  }
  // The body of an empty range must still be stepped over to its {end}.
  const skipRange = (from: number): number => {
    let depth = 0
    for (let i = from; i < nodes.length; i++) {
      if (isRange(nodes[i])) depth++
      else if (isEnd(nodes[i])) { if (depth === 0) return i; depth-- }
    }
    return nodes.length
  }
  run(0, data, false)
  return out
}

function textOf(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'object') return toCompactJson(v)
  return String(v)
}

/** Execute a parsed template against data: kubectl's `-o jsonpath=` output (no trailing newline added). */
export function executeJsonPath(nodes: JpNode[], data: unknown, asJson = false): string {
  let s = ''
  for (const results of findResults(nodes, data)) {
    if (asJson) { s += toJson(results); continue }
    s += results.map(textOf).join(' ')
  }
  return s
}

/** kubectl's RelaxedJSONPathExpression (custom-columns, --sort-by): `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`. */
export function relaxedJsonPath(path: string): string {
  if (path.length === 0) return path
  const m = /^\{\.?([^{}]+)\}$/.exec(path) ?? /^\.?([^{}]+)$/.exec(path)
  if (!m) throw new Error(`unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`)
  return `{.${m[1]}}`
}
