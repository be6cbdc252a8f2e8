// Turns server-side Tables (meta.k8s.io/v1) into kubectl's human-readable rows: upper-cased headers, priority-1
// columns only with `-o wide`, NAMESPACE first with `-A`, `kind.group/name` when several types are printed.

export interface ColumnDefinition { name: string; type?: string; format?: string; priority?: number }
export interface TableRow { cells: unknown[]; object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } } }
export interface Table { kind: 'Table'; columnDefinitions?: ColumnDefinition[]; rows?: TableRow[]; metadata?: { resourceVersion?: string } }

export interface TableOptions {
  wide: boolean
  withNamespace: boolean
  /** `statefulset.apps` to prefix names with, or empty. */
  kindPrefix: string
  showLabels: boolean
  noHeaders: boolean
  /** `-L key`: one extra column per label key, headed by the key's last path segment. */
  labelColumns?: string[]
}

export function headerCells(cols: ColumnDefinition[], o: TableOptions): string[] {
  const h: string[] = []
  if (o.withNamespace) h.push('NAMESPACE')
  for (const c of cols) if (o.wide || !c.priority) h.push(c.name.toUpperCase())
  for (const k of o.labelColumns ?? []) h.push(k.slice(k.lastIndexOf('/') + 1).toUpperCase())
  if (o.showLabels) h.push('LABELS')
  return h
}

export function rowCells(cols: ColumnDefinition[], row: TableRow, o: TableOptions): string[] {
  const r: string[] = []
  if (o.withNamespace) r.push(row.object?.metadata?.namespace ?? '')
  cols.forEach((c, i) => {
    if (!o.wide && c.priority) return
    let s = cellText(row.cells[i])
    if (i === 0 && o.kindPrefix && c.name === 'Name') s = `${o.kindPrefix}/${s}`
    r.push(s)
  })
  for (const k of o.labelColumns ?? []) r.push(row.object?.metadata?.labels?.[k] ?? '')
  if (o.showLabels) r.push(formatLabels(row.object?.metadata?.labels))
  return r
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  // kubectl shows only the first line of a multi-line cell.
  const br = s.search(/[\f\n\r]/)
  if (br >= 0) s = s.slice(0, br) + '...'
  return s
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort()
  if (keys.length === 0) return '<none>'
  return keys.map((k) => `${k}=${labels![k]}`).join(',')
}
