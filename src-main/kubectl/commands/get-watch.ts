// `kubectl get -w`: list (unless --watch-only), then one row per watch event; the header is printed once and
// column widths only grow. --request-timeout bounds the watch (kubectl then exits 0), which is also how tests
// and scripts stop it.
import type { Invocation } from '../command'
import { TABLE_ACCEPT, ApiError } from '../client'
import { resourcePath, kindGroup } from '../discovery'
import type { Target } from '../targets'
import { TabWriter } from '../tabwriter'
import { headerCells, rowCells, type Table, type ColumnDefinition } from '../table-printer'
import { printObjects } from '../object-printer'
import { ExitError } from '../errors'
import { parseDuration } from '../flags'
import type { OutputSpec } from '../printers/output-format'
import { cellFor } from '../printers/custom-columns'
import { renderObjects, withTypeMeta, stripManaged } from '../printers/render-objects'
import { tableOptions } from './get'

/** --request-timeout: `0` = none, a bare number = seconds, else a Go duration. */
export function requestTimeoutMs(inv: Invocation): number {
  const v = inv.flags.str('request-timeout')
  if (!v || v === '0') return 0
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const ms = parseDuration(v)
  if (ms === null) throw new ExitError(`error: invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)`)
  return ms
}

export async function watchTarget(inv: Invocation, t: Target, spec: OutputSpec): Promise<number> {
  const f = inv.flags
  const human = spec.kind === 'table' || spec.kind === 'wide'
  const allNs = f.bool('all-namespaces')
  const ns = t.resource.namespaced ? (allNs ? null : inv.namespace) : null
  const fieldSelectors = [f.str('field-selector')].filter(Boolean)
  if (t.names.length > 1) throw new ExitError('error: watch is only supported on individual resources and resource collections, but 2 resources were found')
  if (t.names.length === 1) fieldSelectors.push(`metadata.name=${t.names[0]}`)
  const query: Record<string, string | undefined> = {
    labelSelector: f.str('selector') || undefined,
    fieldSelector: fieldSelectors.join(',') || undefined,
  }
  const timeoutMs = requestTimeoutMs(inv)
  const accept = human ? TABLE_ACCEPT : 'application/json'
  const tw = new TabWriter()
  const opts = tableOptions(inv, t.resource, f.bool('show-kind'))
  const events = f.bool('output-watch-events')
  if (events) tw.ensureWidth(0, 'MODIFIED'.length + 3)
  let cols: ColumnDefinition[] = []
  let headerDone = false
  const printRows = (table: Table, evType: string | null) => {
    if (table.columnDefinitions?.length) cols = table.columnDefinitions
    const lines: string[][] = []
    if (!headerDone && !opts.noHeaders) lines.push([...(events ? ['EVENT'] : []), ...headerCells(cols, opts)])
    headerDone = true
    for (const r of table.rows ?? []) lines.push([...(events ? [evType ?? 'ADDED'] : []), ...rowCells(cols, r, opts)])
    inv.out(tw.format(lines))
  }
  const printObject = (o: any) => {
    const raw = withTypeMeta(o, t.resource)
    const obj = stripManaged(raw)
    if (spec.kind === 'yaml' || spec.kind === 'json') printObjects(inv, [obj], spec.kind, true, true)
    else if (spec.kind === 'name') inv.out(`${kindGroup(t.resource)}/${obj.metadata?.name}\n`)
    else if (spec.kind === 'custom-columns') {
      const lines: string[][] = []
      if (!headerDone && !f.bool('no-headers')) lines.push(spec.columns!.map((c) => c.header))
      headerDone = true
      lines.push(spec.columns!.map((c) => cellFor(c, obj)))
      inv.out(tw.format(lines))
    } else inv.out(renderObjects(spec, [raw], true))
  }
  const listQuery = { ...query, limit: t.names.length ? undefined : '500' }
  const list = await inv.client.request('GET', resourcePath(t.resource, ns), { accept, query: listQuery, signal: inv.signal })
  if (human && list.columnDefinitions?.length) cols = list.columnDefinitions
  if (!f.bool('watch-only')) {
    const count = human ? (list.rows ?? []).length : (list.items ?? []).length
    if (count === 0) { /* kubectl -w says nothing for an empty list: it is waiting for changes */ }
    else if (human) printRows(list, null)
    else for (const item of list.items ?? []) printObject(item)
  }
  const ac = new AbortController()
  const onAbort = () => ac.abort()
  inv.signal.addEventListener('abort', onAbort, { once: true })
  const timer = timeoutMs > 0 ? setTimeout(() => ac.abort(), timeoutMs) : undefined
  try {
    await inv.client.watch(resourcePath(t.resource, ns), {
      accept, signal: ac.signal,
      query: { ...query, resourceVersion: list.metadata?.resourceVersion, watch: 'true', timeoutSeconds: timeoutMs > 0 ? String(Math.ceil(timeoutMs / 1000)) : undefined },
    }, (ev) => {
      if (ev.type === 'BOOKMARK') return
      if (ev.type === 'ERROR') throw new ApiError(ev.object)
      if (human) printRows(ev.object, ev.type)
      else printObject(ev.object)
    })
  } finally {
    clearTimeout(timer)
    inv.signal.removeEventListener('abort', onAbort)
  }
  return inv.signal.aborted ? 130 : 0
}
