// kubectl get: server-side Tables printed through kubectl's tabwriter (with -L, --show-labels, -A, --sort-by), or
// the objects themselves through -o yaml|json|name|jsonpath|custom-columns|go-template; -w list+watch.
import type { KubectlCommand, Invocation } from '../command'
import { TABLE_ACCEPT, ApiError } from '../client'
import { resourcePath, kindGroup, type ApiResource } from '../discovery'
import { resolveTargets, UsageError, type Target } from '../targets'
import { TabWriter } from '../tabwriter'
import { headerCells, rowCells, type Table, type TableOptions } from '../table-printer'
import { printObjects } from '../object-printer'
import { ExitError, MultiError } from '../errors'
import { parseOutput, OutputError, type OutputSpec } from '../printers/output-format'
import { ColumnSpecError, formatColumns } from '../printers/custom-columns'
import { compileSortField, sortByField, SortError } from '../printers/sort'
import { renderObjects, withTypeMeta, stripManaged } from '../printers/render-objects'
import { watchTarget } from './get-watch'
import { GET_FLAGS, GET_EXAMPLES } from './get-help'

export const getCommand: KubectlCommand = {
  name: 'get',
  group: 'Basic Commands (Intermediate)',
  summary: 'Display one or many resources',
  usage: 'kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]',
  description: `Display one or many resources.

 Lists are printed as a table of the most useful columns for each type; -o wide adds a few more, and the other
 output formats print the objects themselves (as YAML, JSON, names, or through a JSONPath, custom-columns or
 Go template). Several types can be given separated by commas, and "all" names a set of common types.

 By default only the current namespace is listed; -A lists every namespace. -w keeps watching and prints a row for
 every change until interrupted.`,
  examples: GET_EXAMPLES,
  flags: GET_FLAGS,
  run: runGet,
}

export function noResourcesMessage(inv: Invocation, targets: Target[]): string {
  const allNamespaced = targets.every((t) => t.resource.namespaced)
  return allNamespaced && !inv.flags.bool('all-namespaces') ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n'
}

/** kubectl prints a GroupVersionResource as `apps/v1, Resource=statefulsets`. */
function gvrString(r: ApiResource): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`
}

/** -A cannot be combined with names of namespaced objects (cluster-scoped ones are fine). */
export function assertNamesInOneNamespace(inv: Invocation, targets: Target[]): void {
  if (inv.flags.bool('all-namespaces') && targets.some((t) => t.names.length > 0 && t.resource.namespaced)) {
    throw new UsageError('a resource cannot be retrieved by name across all namespaces')
  }
}

/** cli-runtime rewords BadRequest/NotFound list errors to say which list and selectors failed. */
export function listError(e: unknown, r: ApiResource, label: string, field: string): unknown {
  if (!(e instanceof ApiError) || (e.code !== 400 && e.code !== 404)) return e
  const message = label === '' && field === ''
    ? `Unable to list "${gvrString(r)}": ${e.status.message ?? ''}`
    : `Unable to find "${gvrString(r)}" that match label selector "${label}", field selector "${field}": ${e.status.message ?? ''}`
  return new ApiError({ ...e.status, message })
}

export function outputSpec(inv: Invocation): OutputSpec {
  try {
    return parseOutput(inv.ctx, inv.flags.str('output'), inv.flags.str('template'))
  } catch (e) {
    if (e instanceof OutputError || e instanceof ColumnSpecError) throw new ExitError(`error: ${e.message}`)
    throw e
  }
}

async function runGet(inv: Invocation): Promise<number> {
  const f = inv.flags
  const spec = outputSpec(inv)
  // The sort field is compiled only when there is something to sort: kubectl checks it no earlier.
  const sortBy = f.str('sort-by')
  if (inv.args.length === 0) {
    throw new ExitError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\n' +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples",
    )
  }
  const targets = await resolveTargets(inv, inv.args)
  const label = f.str('selector')
  const field = f.str('field-selector')
  if ((label || field) && targets.some((t) => t.names.length > 0)) {
    throw new UsageError('name cannot be provided when a selector is specified')
  }
  assertNamesInOneNamespace(inv, targets)
  const watching = f.bool('watch') || f.bool('watch-only')
  if (watching) {
    if (targets.length !== 1) throw new ExitError('error: you may only specify a single resource type')
    return watchTarget(inv, targets[0], spec)
  }
  const allNs = f.bool('all-namespaces')
  const human = spec.kind === 'table' || spec.kind === 'wide'
  const errs: unknown[] = []
  // One entry per "info" kubectl would hold: a list per listed type, one object per named get.
  const tables: { t: Target; table: Table }[] = []
  const objects: any[] = []
  let single = false
  const accept = human ? TABLE_ACCEPT : 'application/json'
  const tableQuery = human && sortBy ? { includeObject: 'Object' } : {}
  for (const t of targets) {
    const ns = t.resource.namespaced ? (allNs ? null : inv.namespace) : null
    if (t.names.length > 0) {
      single = targets.length === 1 && t.names.length === 1
      for (const name of t.names) {
        try {
          const body = await inv.client.request('GET', resourcePath(t.resource, ns ?? inv.namespace, name), { accept, query: tableQuery, signal: inv.signal })
          if (human) tables.push({ t, table: body })
          else objects.push(withTypeMeta(body, t.resource))
        } catch (e) {
          if (e instanceof ApiError && e.code === 404 && f.bool('ignore-not-found')) continue
          errs.push(e)
        }
      }
    } else {
      const query: Record<string, string | undefined> = {
        ...tableQuery,
        labelSelector: label || undefined,
        fieldSelector: field || undefined,
        limit: f.int('chunk-size') > 0 ? String(f.int('chunk-size')) : undefined,
      }
      try {
        // Follow `continue` tokens: a list longer than --chunk-size (500) arrives in pages, and kubectl shows them all.
        let body = await inv.client.request('GET', resourcePath(t.resource, ns), { accept, query, signal: inv.signal })
        const first = body
        for (let page = 0; body.metadata?.continue && page < 10_000; page++) {
          body = await inv.client.request('GET', resourcePath(t.resource, ns), {
            accept, query: { ...query, continue: body.metadata.continue }, signal: inv.signal,
          })
          if (human) first.rows = [...(first.rows ?? []), ...(body.rows ?? [])]
          else first.items = [...(first.items ?? []), ...(body.items ?? [])]
        }
        if (human) tables.push({ t, table: first })
        else for (const item of first.items ?? []) objects.push(withTypeMeta(item, t.resource))
      } catch (e) {
        errs.push(listError(e, t.resource, label, field))
      }
    }
  }
  if (human) printTables(inv, targets, tables, errs, sortBy)
  else {
    let sorted = objects
    if (sortBy && objects.length > 0) {
      try { sorted = sortByField(objects, compileSortField(sortBy), (o) => o) } catch (e) {
        if (e instanceof SortError) { errs.push(new ExitError(`error: ${e.message}`)); sorted = [] } else throw e
      }
    }
    if (!(sortBy && sorted.length === 0 && objects.length > 0)) printObjectOutput(inv, spec, targets, sorted, single, errs)
  }
  if (errs.length) throw new MultiError(errs)
  return 0
}

function printObjectOutput(inv: Invocation, spec: OutputSpec, targets: Target[], objects: any[], single: boolean, errs: unknown[]): void {
  if (spec.kind === 'name') {
    for (const o of objects) inv.out(`${kindGroup(resourceOfObject(o, targets))}/${o.metadata?.name}\n`)
    return
  }
  // A named get that found nothing prints no empty List and runs no template.
  if (objects.length === 0 && targets.every((t) => t.names.length > 0)) return
  if (spec.kind === 'yaml' || spec.kind === 'json') {
    printObjects(inv, objects, spec.kind, single && objects.length === 1)
    return
  }
  if (spec.kind === 'custom-columns') {
    inv.out(formatColumns(spec.columns!, objects, inv.flags.bool('no-headers')))
    return
  }
  void errs
  inv.out(renderObjects(spec, objects, single && objects.length === 1))
}

function printTables(inv: Invocation, targets: Target[], tables: { t: Target; table: Table }[], errs: unknown[], sortBy: string): void {
  const f = inv.flags
  let merged = mergeTables(tables)
  if (sortBy) {
    if (tables.length > 1) {
      // kubectl sorts the infos themselves here (Table objects), where object fields do not exist.
      try { sortByField(tables, compileSortField(sortBy), (x) => x.table) } catch (e) {
        if (e instanceof SortError) { errs.push(new ExitError(`error: ${e.message}`)); return }
        throw e
      }
    } else if (merged.length === 1 && (merged[0].table.rows ?? []).length > 0) {
      try {
        merged[0].table.rows = sortByField(merged[0].table.rows ?? [], compileSortField(sortBy), (r) => r.object)
      } catch (e) {
        // kubectl's table sorter gives up silently and the printer then finds nothing to print.
        if (!(e instanceof SortError)) throw e
        merged = []
      }
    }
  }
  let printedAny = false
  let out = ''
  const multi = targets.length > 1 || f.bool('show-kind')
  for (const { t, table } of merged) {
    const rows = table.rows ?? []
    if (rows.length === 0) continue
    const opts = tableOptions(inv, t.resource, multi)
    const cols = table.columnDefinitions ?? []
    const lines: string[][] = []
    if (!opts.noHeaders) lines.push(headerCells(cols, opts))
    for (const r of rows) lines.push(rowCells(cols, r, opts))
    if (printedAny && !opts.noHeaders) out += '\n'
    out += new TabWriter().format(lines)
    printedAny = true
  }
  inv.out(out)
  if (!printedAny && errs.length === 0 && !f.bool('ignore-not-found')) inv.err(noResourcesMessage(inv, targets))
}

/** A named get returns one Table per name; kubectl prints them as one table per type. */
function mergeTables(tables: { t: Target; table: Table }[]): { t: Target; table: Table }[] {
  const out: { t: Target; table: Table }[] = []
  for (const x of tables) {
    const prev = out.find((o) => o.t === x.t)
    if (prev) prev.table = { ...prev.table, rows: [...(prev.table.rows ?? []), ...(x.table.rows ?? [])] }
    else out.push({ t: x.t, table: { ...x.table } })
  }
  return out
}

function resourceOfObject(o: any, targets: Target[]): ApiResource {
  return targets.find((t) => t.resource.kind === o.kind)?.resource ?? targets[0].resource
}

export function tableOptions(inv: Invocation, r: ApiResource, multi: boolean): TableOptions {
  const f = inv.flags
  return {
    wide: f.str('output') === 'wide',
    withNamespace: f.bool('all-namespaces') && r.namespaced,
    kindPrefix: multi ? kindGroup(r) : '',
    showLabels: f.bool('show-labels'),
    noHeaders: f.bool('no-headers'),
    labelColumns: f.list('label-columns').flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
  }
}
