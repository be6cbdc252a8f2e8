// The JSONPath subset `kubectl wait --for=jsonpath=…` needs: `{.a.b}`, `.a.b`, `a.b`, `{.a[0].b}`, escaped dots
// (`{.metadata.labels.app\.kubernetes\.io/name}`). Returns the value found, or undefined.

export class JsonPathError extends Error {}

export function parsePath(expr: string): (string | number)[] {
  let s = expr.trim()
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
    s = s.slice(1, -1)
  } else if (s.endsWith('}')) {
    throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
  }
  if (s.startsWith('.')) s = s.slice(1)
  const out: (string | number)[] = []
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === '\\' && s[i + 1] === '.') { cur += '.'; i++; continue }
    if (c === '.') { if (cur) out.push(cur); cur = ''; continue }
    if (c === '[') {
      if (cur) out.push(cur)
      cur = ''
      const end = s.indexOf(']', i)
      if (end < 0) throw new JsonPathError('unterminated array')
      const idx = s.slice(i + 1, end)
      if (!/^\d+$/.test(idx)) throw new JsonPathError(`invalid array index ${idx}`)
      out.push(Number(idx))
      i = end
      continue
    }
    cur += c
  }
  if (cur) out.push(cur)
  return out
}

export function lookup(obj: unknown, path: (string | number)[]): unknown {
  let v: any = obj
  for (const p of path) {
    if (v === null || v === undefined) return undefined
    v = v[p]
  }
  return v
}

/** How kubectl prints a found value for comparison: strings bare, everything else as JSON. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v
  return JSON.stringify(v)
}
