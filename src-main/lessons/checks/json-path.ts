// Read a value at a dotted path: `spec.replicas`, `spec.volumeClaimTemplates[0].metadata.name`,
// `status.conditions[type=Ready].status`, `metadata.labels[app]` (keys with dots go in brackets).
import type { WhereValue } from '../schema'

export function readPath(obj: unknown, path: string): unknown {
  const segs: (string | { index: number } | { key: string; value: string })[] = []
  const re = /([^.[\]]+)|\[([^\]]*)\]/g
  let m: RegExpExecArray | null
  while ((m = re.exec(path))) {
    if (m[1] !== undefined) segs.push(m[1])
    else if (/^\d+$/.test(m[2])) segs.push({ index: Number(m[2]) })
    else if (m[2].includes('=')) {
      const [key, value] = m[2].split('=', 2)
      segs.push({ key, value })
    } else segs.push(m[2].replace(/^["']|["']$/g, ''))
  }
  let cur: unknown = obj
  for (const s of segs) {
    if (cur === null || cur === undefined) return undefined
    if (typeof s === 'string') cur = (cur as Record<string, unknown>)[s]
    else if ('index' in s) cur = Array.isArray(cur) ? cur[s.index] : undefined
    else cur = Array.isArray(cur) ? cur.find((e) => e && String((e as Record<string, unknown>)[s.key]) === s.value) : undefined
  }
  return cur
}

export function show(v: unknown): string {
  if (v === undefined) return '<unset>'
  if (typeof v === 'string') return v
  return JSON.stringify(v)
}

function eq(a: unknown, b: unknown): boolean {
  if (a === undefined) return b === null
  if (b === null) return a === null
  return String(a) === String(b) // YAML `2` matches `2`; `"None"` matches `None`
}

export function matches(actual: unknown, cond: WhereValue): boolean {
  if (cond === null || typeof cond !== 'object') return eq(actual, cond)
  if (cond.equals !== undefined && !eq(actual, cond.equals)) return false
  if (cond.ne !== undefined && eq(actual, cond.ne)) return false
  if (cond.in && !cond.in.some((v) => eq(actual, v))) return false
  if (cond.exists !== undefined && (actual !== undefined && actual !== null) !== cond.exists) return false
  if (cond.gte !== undefined && !(Number(actual) >= cond.gte)) return false
  if (cond.lte !== undefined && !(Number(actual) <= cond.lte)) return false
  return true
}

export function describeCond(path: string, cond: WhereValue): string {
  if (cond === null || typeof cond !== 'object') return `${path}=${show(cond)}`
  const parts: string[] = []
  if (cond.equals !== undefined) parts.push(`${path}=${show(cond.equals)}`)
  if (cond.ne !== undefined) parts.push(`${path}!=${show(cond.ne)}`)
  if (cond.in) parts.push(`${path} in (${cond.in.map(show).join(', ')})`)
  if (cond.exists !== undefined) parts.push(cond.exists ? `${path} set` : `${path} unset`)
  if (cond.gte !== undefined) parts.push(`${path}>=${cond.gte}`)
  if (cond.lte !== undefined) parts.push(`${path}<=${cond.lte}`)
  return parts.join(', ')
}
