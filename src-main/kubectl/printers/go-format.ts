// How Go's fmt prints decoded JSON (map[string]interface{}, []interface{}, string, int64, float64, bool, nil),
// because kubectl's custom-columns cells use %v and its JSONPath error dump uses %#v: learners see these forms.
// Maps print with sorted keys (fmt sorts them since Go 1.12).

/** Go's strconv.Quote for a JS string (printable Unicode kept, control characters escaped). */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (c === 7) out += '\\a'
    else if (c === 8) out += '\\b'
    else if (c === 12) out += '\\f'
    else if (c === 10) out += '\\n'
    else if (c === 13) out += '\\r'
    else if (c === 9) out += '\\t'
    else if (c === 11) out += '\\v'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + '"'
}

/** Go's %v of a float64 (strconv 'g' with the shortest repr; exponent from 1e21 like Go's %v). */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n)
  const s = String(n)
  return s.replace(/e([+-])(\d)$/, 'e$10$2')
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** `%v`: map[a:1 b:[x y]], <nil> for null. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`
  if (isPlainObject(v)) return `map[${sortedKeys(v).map((k) => `${k}:${goV(v[k])}`).join(' ')}]`
  if (typeof v === 'number') return goFloat(v)
  return String(v)
}

/** `%#v` of a value held in an interface{} (as inside maps and slices). */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)'
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`
  if (isPlainObject(v)) return `map[string]interface {}{${sortedKeys(v).map((k) => `${goQuote(k)}:${goSharpV(v[k])}`).join(', ')}}`
  if (typeof v === 'string') return goQuote(v)
  if (typeof v === 'number') return goFloat(v)
  return String(v)
}

/** reflect.Type.String() of a decoded JSON value, for "X is not array or slice" messages. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}'
  if (Array.isArray(v)) return '[]interface {}'
  if (isPlainObject(v)) return 'map[string]interface {}'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64'
  return typeof v
}
