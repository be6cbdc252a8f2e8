// Shapes of the meta.k8s.io/v1 Table the server returns for `kubectl get` (server-side printing).
import type { KObject } from '../../cluster/api-types'

export interface ColumnDefinition {
  name: string
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date'
  format: string // 'name' for the NAME column, else ''
  description: string
  priority: number // 1 = only with -o wide
}

export type Cell = string | number | boolean

export interface Printer {
  columns: ColumnDefinition[]
  /** Cells in column order. `now` is the simulated clock, so AGE follows sim time, not wall time. */
  row(obj: KObject, now: number): Cell[]
  /** Row conditions (pods that finished are marked Completed, as the real printer does). */
  conditions?(obj: KObject): { type: string; status: string }[] | undefined
}

export function col(name: string, type: ColumnDefinition['type'], description: string, priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description, priority }
}

export const nameCol = (what: string): ColumnDefinition => col('Name', 'string', `Name of the ${what}; unique within its namespace.`, 0, 'name')
export const ageCol = col('Age', 'string', 'Time since the object was created (simulated clock).')

/** `k=v,k2=v2` with sorted keys, `<none>` when empty (label selectors and label maps print this way). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort()
  if (!keys.length) return '<none>'
  return keys.map((k) => `${k}=${labels![k]}`).join(',')
}

/** A LabelSelector as text: `app=nginx,tier in (a,b)`. */
export function formatSelector(sel: any): string {
  if (!sel) return '<none>'
  const parts: string[] = []
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels[k]}`)
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',')
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.length ? parts.join(',') : '<none>'
}

export function containerNames(template: any): string {
  return (template?.spec?.containers ?? []).map((c: any) => c.name).join(',')
}
export function containerImages(template: any): string {
  return (template?.spec?.containers ?? []).map((c: any) => c.image).join(',')
}
