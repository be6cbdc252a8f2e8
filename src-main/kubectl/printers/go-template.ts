// A small subset of Go's text/template for `-o go-template=`: text, `{{.a.b}}`, `{{.}}`, `{{$}}`, string literals,
// `{{range PIPE}}…{{end}}`, `{{if PIPE}}…{{else}}…{{end}}`, `{{index X "k" 0}}`, `{{len X}}`. Values print like Go's
// %v; a missing map key prints `<no value>`. Anything else is a parse error worded like Go's ("function … not defined").
import { goV } from './go-format'
import { OutputError } from './output-format'

type Arg = { t: 'path'; root: 'dot' | 'dollar'; fields: string[] } | { t: 'str'; v: string } | { t: 'num'; v: number }
type Pipe = { fn: string | null; args: Arg[] }
type TNode =
  | { t: 'text'; v: string }
  | { t: 'out'; pipe: Pipe }
  | { t: 'range'; pipe: Pipe; body: TNode[]; alt: TNode[] }
  | { t: 'if'; pipe: Pipe; body: TNode[]; alt: TNode[] }

export interface GoTemplate { nodes: TNode[] }

const FUNCS = new Set(['index', 'len'])
const MISSING = Symbol('missing')

function fail(line: number, msg: string): never {
  throw new OutputError(`template: output:${line}: ${msg}`)
}

function parseArg(tok: string, line: number): Arg {
  if (tok.startsWith('"')) {
    try { return { t: 'str', v: JSON.parse(tok) } } catch { fail(line, `unterminated quoted string`) }
  }
  if (/^-?\d+$/.test(tok)) return { t: 'num', v: Number(tok) }
  if (tok === '.') return { t: 'path', root: 'dot', fields: [] }
  if (tok.startsWith('$')) return { t: 'path', root: 'dollar', fields: tok.slice(1).split('.').filter(Boolean) }
  if (tok.startsWith('.')) return { t: 'path', root: 'dot', fields: tok.slice(1).split('.') }
  fail(line, `function "${tok}" not defined`)
}

function parsePipe(src: string, line: number): Pipe {
  const toks: string[] = src.match(/"(?:[^"\\]|\\.)*"|[^\s]+/g) ?? []
  if (toks.length === 0) fail(line, 'missing value for command')
  const first = toks[0]!
  if (/^[a-zA-Z]/.test(first)) {
    if (!FUNCS.has(first)) fail(line, `function "${first}" not defined`)
    return { fn: first, args: toks.slice(1).map((t) => parseArg(t, line)) }
  }
  if (toks.length > 1) fail(line, `can't give argument to non-function ${first}`)
  return { fn: null, args: [parseArg(first, line)] }
}

export function parseGoTemplate(src: string): GoTemplate {
  const re = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g
  const root: TNode[] = []
  const stack: { node: TNode & { body: TNode[]; alt: TNode[] }; inAlt: boolean }[] = []
  const target = () => (stack.length ? (stack[stack.length - 1].inAlt ? stack[stack.length - 1].node.alt : stack[stack.length - 1].node.body) : root)
  let last = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(src))) {
    const line = src.slice(0, m.index).split('\n').length
    if (m.index > last) target().push({ t: 'text', v: src.slice(last, m.index) })
    last = re.lastIndex
    const action = m[1]
    const word = /^(range|if|else|end)\b/.exec(action)?.[1] ?? ''
    if (word === 'range' || word === 'if') {
      const node = { t: word, pipe: parsePipe(action.slice(word.length), line), body: [], alt: [] } as TNode & { body: TNode[]; alt: TNode[] }
      target().push(node)
      stack.push({ node, inAlt: false })
    } else if (word === 'else') {
      if (!stack.length) fail(line, 'unexpected {{else}}')
      stack[stack.length - 1].inAlt = true
    } else if (word === 'end') {
      if (!stack.length) fail(line, 'unexpected {{end}}')
      stack.pop()
    } else {
      target().push({ t: 'out', pipe: parsePipe(action, line) })
    }
  }
  if (src.indexOf('{{', last) >= 0) fail(src.split('\n').length, 'unclosed action')
  if (last < src.length) target().push({ t: 'text', v: src.slice(last) })
  if (stack.length) fail(src.split('\n').length, 'unexpected EOF')
  return { nodes: root }
}

function evalArg(a: Arg, dot: unknown, dollar: unknown): unknown {
  if (a.t !== 'path') return a.v
  let v: unknown = a.root === 'dot' ? dot : dollar
  for (const f of a.fields) {
    if (v === MISSING || v === null || v === undefined) return MISSING
    if (typeof v !== 'object' || Array.isArray(v)) throw new OutputError(`template: output: can't evaluate field ${f} in type ${Array.isArray(v) ? '[]interface {}' : typeof v}`)
    v = Object.prototype.hasOwnProperty.call(v, f) ? (v as Record<string, unknown>)[f] : MISSING
  }
  return v
}

function evalPipe(p: Pipe, dot: unknown, dollar: unknown): unknown {
  const args = p.args.map((a) => evalArg(a, dot, dollar))
  if (p.fn === 'len') {
    const x = args[0]
    if (Array.isArray(x) || typeof x === 'string') return x.length
    if (x && typeof x === 'object') return Object.keys(x).length
    throw new OutputError(`template: output: error calling len: len of type ${typeof x}`)
  }
  if (p.fn === 'index') {
    let x = args[0]
    for (const k of args.slice(1)) {
      if (x === MISSING || x === null || x === undefined) return MISSING
      x = (x as Record<string, unknown>)[k as string] ?? MISSING
    }
    return x
  }
  return args[0]
}

function truthy(v: unknown): boolean {
  if (v === MISSING || v === null || v === undefined || v === false || v === 0 || v === '') return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v as object).length > 0
  return true
}

export function executeGoTemplate(t: GoTemplate, data: unknown): string {
  const run = (nodes: TNode[], dot: unknown): string => {
    let s = ''
    for (const n of nodes) {
      if (n.t === 'text') s += n.v
      else if (n.t === 'out') {
        const v = evalPipe(n.pipe, dot, data)
        s += v === MISSING ? '<no value>' : goV(v)
      } else if (n.t === 'if') {
        s += truthy(evalPipe(n.pipe, dot, data)) ? run(n.body, dot) : run(n.alt, dot)
      } else {
        const v = evalPipe(n.pipe, dot, data)
        const items = Array.isArray(v) ? v : v && typeof v === 'object'
          ? Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]) : []
        if (items.length === 0) s += run(n.alt, dot)
        for (const it of items) s += run(n.body, it)
      }
    }
    return s
  }
  return run(t.nodes, data)
}
