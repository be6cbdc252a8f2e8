// fieldValidation: find fields an object carries that its schema doesn't know, as the real strict decoder
// reports them (`spec.template.spec.containers[0].foo`).
import { defs } from './schema-defs'

function walkDef(name: string, value: unknown, path: string, out: string[]): void {
  const def = defs[name]
  if (!def || typeof value !== 'object' || value === null || Array.isArray(value)) return
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k
    const spec = def.f[k]
    if (spec === undefined) {
      if (!def.open) out.push(p)
      continue
    }
    walkType(Array.isArray(spec) ? spec[0] : spec, v, p, out)
  }
}

function walkType(t: string, v: unknown, path: string, out: string[]): void {
  if (t.startsWith('[')) {
    const inner = t.slice(1, -1).split('|')[0]
    if (Array.isArray(v)) v.forEach((item, i) => walkType(inner, item, `${path}[${i}]`, out))
    return
  }
  if (defs[t]) walkDef(t, v, path, out)
}

export function findUnknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : ''
  const entry = Object.entries(defs).find(([, d]) => d.gvk && d.gvk.kind === kind && d.gvk.group === group)
  if (!entry) return []
  const out: string[] = []
  walkDef(entry[0], obj, '', out)
  return out
}
