// Word expansion: tilde, parameters, command substitution, arithmetic, then field splitting of unquoted results and
// pathname globbing. Quoting is tracked per character so `"$x"*` globs on the star but not on the value of x.
import type { Script, Word, WordPart } from './ast'
import type { Fs } from './io'
import { resolvePath } from './path'

/** A runtime error inside an expansion (`${x:?}`, bad arithmetic): the shell prints `bash: <message>`, status 1. */
export class ExpansionError extends Error {}

export interface ExpandHost {
  getVar(name: string): string | undefined
  setVar(name: string, value: string): void
  positional: string[]
  lastStatus: number
  shellName: string
  pid: number
  /** $!: the last background job's pid. */
  lastBg?: number
  cwd: string
  fs: Fs
  /** Runs `script` in a subshell with stdout captured. */
  substitute(script: Script): Promise<string>
}

interface Field {
  text: string
  /** The same text as a glob pattern: quoted characters escaped with `\`. */
  pat: string
  glob: boolean
  exists: boolean
}

const newField = (): Field => ({ text: '', pat: '', glob: false, exists: false })
const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, (c) => '\\' + c)

/** Expands a command word into fields (split + glob). */
export async function expandFields(word: Word, h: ExpandHost): Promise<string[]> {
  const fields: Field[] = []
  let cur = newField()
  const pushCur = () => {
    if (cur.exists) fields.push(cur)
    cur = newField()
  }
  const addQuoted = (s: string) => {
    cur.text += s
    cur.pat += escapeGlob(s)
    cur.exists = true
  }
  const addUnquoted = (s: string) => {
    if (s === '') return
    cur.text += s
    cur.pat += s
    if (/[*?[]/.test(s)) cur.glob = true
    cur.exists = true
  }
  for (let i = 0; i < word.parts.length; i++) {
    const part = word.parts[i]!
    if (part.type === 'lit') {
      if (part.quoted) addQuoted(part.value)
      else addUnquoted(i === 0 ? tilde(part.value, h, word.parts.length === 1 || isSlashNext(word.parts[1])) : part.value)
      continue
    }
    if (part.type === 'param' && (part.name === '@' || part.name === '*') && !part.op && !part.length) {
      const args = h.positional
      if (part.quoted && part.name === '@') {
        // "$@": one field per argument, glued to the text around it.
        args.forEach((a, j) => {
          if (j > 0) pushCur()
          addQuoted(a)
        })
        continue
      }
      if (part.quoted) {
        addQuoted(args.join(' '))
        continue
      }
      splitInto(args.join(' '))
      continue
    }
    const value = await expandPart(part, h)
    if (part.quoted) addQuoted(value)
    else splitInto(value)
  }
  pushCur()

  function splitInto(value: string) {
    const pieces = value.split(/[ \t\n]+/)
    pieces.forEach((p, j) => {
      if (j > 0) pushCur()
      addUnquoted(p)
    })
  }

  const out: string[] = []
  for (const f of fields) {
    if (f.glob) {
      const matches = glob(f.pat, h)
      if (matches.length) {
        out.push(...matches)
        continue
      }
    }
    out.push(f.text)
  }
  return out
}

/** Expands a word to one string: assignments, redirect targets, here-doc bodies, `case`-like contexts. */
export async function expandString(word: Word, h: ExpandHost): Promise<string> {
  let s = ''
  for (let i = 0; i < word.parts.length; i++) {
    const part = word.parts[i]!
    if (part.type === 'lit') s += !part.quoted && i === 0 ? tilde(part.value, h, word.parts.length === 1 || isSlashNext(word.parts[1])) : part.value
    else if (part.type === 'param' && (part.name === '@' || part.name === '*') && !part.op && !part.length) s += h.positional.join(' ')
    else s += await expandPart(part, h)
  }
  return s
}

/** Expands a word as a `case` pattern: expansions are done, quoted characters are escaped so they match literally. */
export async function expandPattern(word: Word, h: ExpandHost): Promise<string> {
  let s = ''
  for (let i = 0; i < word.parts.length; i++) {
    const part = word.parts[i]!
    if (part.type === 'lit') s += part.quoted ? escapeGlob(part.value) : i === 0 ? tilde(part.value, h, word.parts.length === 1) : part.value
    else {
      const v = await expandString({ parts: [part], raw: '' }, h)
      s += part.quoted ? escapeGlob(v) : v
    }
  }
  return s
}

function isSlashNext(p: WordPart | undefined): boolean {
  return !!p && p.type === 'lit' && p.value.startsWith('/')
}

function tilde(v: string, h: ExpandHost, alone: boolean): string {
  if (v === '~' && alone) return h.getVar('HOME') ?? '~'
  if (v.startsWith('~/')) return (h.getVar('HOME') ?? '~') + v.slice(1)
  return v
}

async function expandPart(part: WordPart, h: ExpandHost): Promise<string> {
  switch (part.type) {
    case 'lit':
      return part.value
    case 'cmdsub':
      return (await h.substitute(part.script)).replace(/\n+$/, '')
    case 'arith':
      return String(evalArith(await expandString(part.expr, h), h))
    case 'param':
      return expandParam(part, h)
  }
}

function special(name: string, h: ExpandHost): string | undefined {
  if (name === '?') return String(h.lastStatus)
  if (name === '#') return String(h.positional.length)
  if (name === '@' || name === '*') return h.positional.join(' ')
  if (name === '$') return String(h.pid)
  if (name === '!') return h.lastBg === undefined ? '' : String(h.lastBg)
  if (name === '-') return ''
  if (name === '0') return h.shellName
  if (/^[0-9]+$/.test(name)) return h.positional[Number(name) - 1]
  return h.getVar(name)
}

async function expandParam(part: Extract<WordPart, { type: 'param' }>, h: ExpandHost): Promise<string> {
  const value = special(part.name, h)
  if (part.length) return String([...(value ?? '')].length)
  if (!part.op) return value ?? ''
  const arg = () => (part.arg ? expandString(part.arg, h) : Promise.resolve(''))
  const unsetOrNull = value === undefined || (part.op.startsWith(':') && value === '')
  switch (part.op) {
    case ':-':
    case '-':
      return unsetOrNull ? arg() : value!
    case ':=':
    case '=': {
      if (!unsetOrNull) return value!
      const v = await arg()
      h.setVar(part.name, v)
      return v
    }
    case ':+':
    case '+':
      return unsetOrNull ? '' : arg()
    case ':?':
    case '?': {
      if (!unsetOrNull) return value!
      const msg = await arg()
      throw new ExpansionError(`${part.name}: ${msg || (part.op === ':?' ? 'parameter null or not set' : 'parameter not set')}`)
    }
    default: {
      // # ## % %%: remove the shortest/longest matching prefix/suffix.
      const v = value ?? ''
      const re = globToRegex(await arg(), false)
      const chars = [...v]
      const prefix = part.op[0] === '#'
      const longest = part.op.length === 2
      const lens = chars.map((_, i) => i).concat(chars.length)
      if (longest) lens.reverse()
      for (const n of lens) {
        const piece = prefix ? chars.slice(0, n).join('') : chars.slice(chars.length - n).join('')
        if (re.test(piece)) return prefix ? chars.slice(n).join('') : chars.slice(0, chars.length - n).join('')
      }
      return v
    }
  }
}

/** A glob pattern (with `\`-escaped literals) as an anchored regex. */
export function globToRegex(pat: string, path = true): RegExp {
  let re = ''
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!
    if (c === '\\' && i + 1 < pat.length) re += esc(pat[++i]!)
    else if (c === '*') re += path ? '[^/]*' : '.*'
    else if (c === '?') re += path ? '[^/]' : '.'
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2)
      if (end < 0) re += '\\['
      else {
        let cls = pat.slice(i + 1, end)
        if (cls.startsWith('!')) cls = '^' + cls.slice(1)
        re += '[' + cls.replace(/\\/g, '\\\\') + ']'
        i = end
      }
    } else re += esc(c)
  }
  return new RegExp('^' + re + '$', 's')
}

const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const hasMagic = (p: string) => /(^|[^\\])[*?[]/.test(p)
const unescape = (p: string) => p.replace(/\\(.)/g, '$1')

/** Pathname expansion over the Fs, relative results staying relative. Sorted like bash (C locale). */
function glob(pat: string, h: ExpandHost): string[] {
  const absolute = pat.startsWith('/')
  const comps = pat.split('/').filter((c, i) => c !== '' || i === 0)
  let results: string[] = [absolute ? '/' : '']
  for (const comp of absolute ? comps.slice(1) : comps) {
    if (comp === '') continue
    const next: string[] = []
    for (const base of results) {
      if (!hasMagic(comp)) {
        next.push(join(base, unescape(comp)))
        continue
      }
      const dir = resolvePath(h.cwd, base === '' ? '.' : base)
      let names: string[]
      try {
        if (h.fs.stat(dir)?.type !== 'dir') continue
        names = h.fs.readdir(dir)
      } catch {
        continue
      }
      const re = globToRegex(comp)
      for (const n of names) {
        if (n.startsWith('.') && !comp.startsWith('.') && !comp.startsWith('\\.')) continue
        if (re.test(n)) next.push(join(base, n))
      }
    }
    results = next
  }
  const existing = results.filter((r) => {
    try {
      return h.fs.stat(resolvePath(h.cwd, r)) !== null
    } catch {
      return false
    }
  })
  return existing.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

const join = (base: string, name: string) => (base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`)

// ---- $(( arithmetic )) ----

/** Integer arithmetic: + - * / % **, comparisons, && || !, unary minus, parentheses, variable names, and the
 *  assignments `x=1`, `x+=2` (-= *= /= %=), `x++`, `++x`, `x--`, `--x` when the host can set variables. */
export function evalArith(src: string, h: Pick<ExpandHost, 'getVar'> & { setVar?: ExpandHost['setVar'] }): number {
  const toks = src.match(/\s*(\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<=|>=|==|!=|&&|\|\||\+\+|--|[-+*/%]=|[-+*/%()<>!=])\s*/gy)
  const joined = (toks ?? []).join('')
  if (joined.length !== src.length) throw new ExpansionError(`${src.trim()}: syntax error: invalid arithmetic operator (error token is "${src.slice(joined.length).trim()}")`)
  const t = (toks ?? []).map((s) => s.trim())
  let i = 0
  const peek = () => t[i]
  const fail = (): never => {
    // At the end of the expression bash names the operator that wanted an operand.
    const token = i < t.length ? t.slice(i).join(' ') : (t[t.length - 1] ?? '')
    throw new ExpansionError(`${src.trim()}: syntax error: operand expected (error token is "${token}")`)
  }
  const BIN: [string[], (a: number, b: number, op: string) => number][] = [
    [['||'], (a, b) => +(a !== 0 || b !== 0)],
    [['&&'], (a, b) => +(a !== 0 && b !== 0)],
    [['==', '!='], (a, b, op) => +(op === '==' ? a === b : a !== b)],
    [['<', '<=', '>', '>='], (a, b, op) => +(op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b)],
    [['+', '-'], (a, b, op) => (op === '+' ? a + b : a - b)],
    [
      ['*', '/', '%'],
      (a, b, op) => {
        if (op !== '*' && b === 0) throw new ExpansionError(`${src.trim()}: division by 0 (error token is "${String(b)}")`)
        return op === '*' ? a * b : op === '/' ? Math.trunc(a / b) : a % b
      },
    ],
  ]
  const isName = (s: string | undefined) => s !== undefined && /^[A-Za-z_]/.test(s)
  const read = (name: string): number => {
    const v = h.getVar(name)
    return v && /^-?\d+$/.test(v.trim()) ? Number(v) : v ? evalArith(v, h) : 0
  }
  const write = (name: string, v: number): number => {
    h.setVar?.(name, String(Math.trunc(v)))
    return Math.trunc(v)
  }
  const ASSIGN = ['=', '+=', '-=', '*=', '/=', '%=']
  /** Assignment binds loosest and to the right: `a = b += 2`. */
  const assignment = (): number => {
    if (isName(t[i]) && ASSIGN.includes(t[i + 1] ?? '')) {
      const name = t[i]!
      const op = t[i + 1]!
      i += 2
      const rhs = assignment()
      if (op === '=') return write(name, rhs)
      const cur = read(name)
      if ((op === '/=' || op === '%=') && rhs === 0) throw new ExpansionError(`${src.trim()}: division by 0 (error token is "${String(rhs)}")`)
      return write(name, op === '+=' ? cur + rhs : op === '-=' ? cur - rhs : op === '*=' ? cur * rhs : op === '/=' ? Math.trunc(cur / rhs) : cur % rhs)
    }
    return level(0)
  }
  const level = (n: number): number => {
    if (n >= BIN.length) return unary()
    let a = level(n + 1)
    while (peek() !== undefined && BIN[n]![0].includes(peek()!)) {
      const op = t[i++]!
      a = BIN[n]![1](a, level(n + 1), op)
    }
    return a
  }
  const unary = (): number => {
    const c = peek()
    if (c === '-') return i++, -unary()
    if (c === '+') return i++, unary()
    if (c === '!') return i++, +(unary() === 0)
    if ((c === '++' || c === '--') && isName(t[i + 1])) {
      const name = t[i + 1]!
      i += 2
      return write(name, read(name) + (c === '++' ? 1 : -1))
    }
    const base = atom()
    if (peek() === '**') return i++, base ** unary()
    return base
  }
  const atom = (): number => {
    const c = peek()
    if (c === undefined) return fail()
    if (c === '(') {
      i++
      const v = assignment()
      if (t[i++] !== ')') fail()
      return v
    }
    if (/^\d+$/.test(c)) return i++, Number(c)
    if (/^[A-Za-z_]/.test(c)) {
      i++
      const v = read(c)
      if (peek() === '++' || peek() === '--') write(c, v + (t[i++] === '++' ? 1 : -1))
      return v
    }
    return fail()
  }
  if (t.length === 0) return 0
  const v = assignment()
  if (i < t.length) fail()
  return Math.trunc(v)
}
