// pflag-style flag parsing: `--f=v`, `--f v`, `-n v`, `-nv`, `-o=yaml`, combined bool shorthands (`-it`),
// interspersed positionals and `--` (whose position is remembered, like cobra's ArgsLenAtDash).

export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'duration'
export type FlagValue = boolean | string | number | string[]

export interface FlagDef {
  name: string
  short?: string
  type: FlagType
  default?: FlagValue
  usage: string
  /** Shown in help as `--flag=<placeholder>` hint; purely cosmetic. */
  hidden?: boolean
}

/** A flag error, worded exactly like pflag; the caller adds `See 'kubectl X --help' for usage.` */
export class FlagError extends Error {}

export interface ParsedFlags {
  values: Map<string, FlagValue>
  /** Flags the user actually set (cobra's `Changed`). */
  changed: Set<string>
  args: string[]
  /** Index in `args` where `--` appeared, or -1. */
  dashAt: number
}

function defaultOf(d: FlagDef): FlagValue {
  if (d.default !== undefined) return Array.isArray(d.default) ? [...d.default] : d.default
  switch (d.type) {
    case 'bool': return false
    case 'int': return 0
    case 'stringArray': return []
    default: return ''
  }
}

function setValue(p: ParsedFlags, d: FlagDef, raw: string, shown: string): void {
  let v: FlagValue
  switch (d.type) {
    case 'bool': {
      const t = parseBool(raw)
      if (t === null) throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`)
      v = t
      break
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw)) throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`)
      v = parseInt(raw, 10)
      break
    }
    case 'stringArray': {
      const prev = p.changed.has(d.name) ? (p.values.get(d.name) as string[]) : []
      v = [...prev, raw]
      break
    }
    case 'duration': {
      if (parseDuration(raw) === null) throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: time: invalid duration "${raw}"`)
      v = raw
      break
    }
    default:
      v = raw
  }
  p.values.set(d.name, v)
  p.changed.add(d.name)
}

function parseBool(s: string): boolean | null {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(s)) return true
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(s)) return false
  return null
}

/** Go `time.ParseDuration` subset: `0`, `30s`, `1m30s`, `500ms`, `2h`. Returns milliseconds. */
export function parseDuration(s: string): number | null {
  if (s === '0') return 0
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g
  let total = 0
  let pos = 0
  let m: RegExpExecArray | null
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
  while ((m = re.exec(s))) {
    if (m.index !== pos) return null
    total += parseFloat(m[1]) * unit[m[2]]
    pos = re.lastIndex
  }
  return pos === s.length && pos > 0 ? total : null
}

export function parseFlags(argv: string[], defs: FlagDef[]): ParsedFlags {
  const p: ParsedFlags = { values: new Map(), changed: new Set(), args: [], dashAt: -1 }
  const byName = new Map<string, FlagDef>()
  const byShort = new Map<string, FlagDef>()
  for (const d of defs) {
    byName.set(d.name, d)
    if (d.short) byShort.set(d.short, d)
    p.values.set(d.name, defaultOf(d))
  }
  let i = 0
  while (i < argv.length) {
    const a = argv[i++]
    if (a === '--') {
      p.dashAt = p.args.length
      p.args.push(...argv.slice(i))
      break
    }
    if (a.startsWith('--')) {
      const body = a.slice(2)
      const eq = body.indexOf('=')
      const name = eq >= 0 ? body.slice(0, eq) : body
      const d = byName.get(name)
      if (!d) throw new FlagError(`unknown flag: --${name}`)
      // pflag names a flag with its shorthand in value errors, however it was spelled.
      const shown = d.short ? `-${d.short}, --${name}` : `--${name}`
      if (eq >= 0) setValue(p, d, body.slice(eq + 1), shown)
      else if (d.type === 'bool') setValue(p, d, 'true', shown)
      else if (i < argv.length) setValue(p, d, argv[i++], shown)
      else throw new FlagError(`flag needs an argument: --${name}`)
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      let rest = a.slice(1)
      while (rest.length > 0) {
        const c = rest[0]
        const d = byShort.get(c)
        if (!d) throw new FlagError(`unknown shorthand flag: '${c}' in -${rest}`)
        const shown = `-${c}, --${d.name}`
        if (rest.length > 2 && rest[1] === '=') {
          setValue(p, d, rest.slice(2), shown)
          rest = ''
        } else if (d.type === 'bool') {
          setValue(p, d, 'true', shown)
          rest = rest.slice(1)
        } else if (rest.length > 1) {
          setValue(p, d, rest.slice(1), shown)
          rest = ''
        } else if (i < argv.length) {
          setValue(p, d, argv[i++], shown)
          rest = ''
        } else {
          throw new FlagError(`flag needs an argument: '${c}' in -${c}`)
        }
      }
      continue
    }
    p.args.push(a)
  }
  return p
}

/** Typed accessors so commands read flags without casts everywhere. */
export class Flags {
  constructor(readonly parsed: ParsedFlags) {}
  str(name: string): string { return String(this.parsed.values.get(name) ?? '') }
  bool(name: string): boolean { return this.parsed.values.get(name) === true }
  int(name: string): number { return Number(this.parsed.values.get(name) ?? 0) }
  list(name: string): string[] { return (this.parsed.values.get(name) as string[] | undefined) ?? [] }
  changed(name: string): boolean { return this.parsed.changed.has(name) }
  get args(): string[] { return this.parsed.args }
  get dashAt(): number { return this.parsed.dashAt }
}
