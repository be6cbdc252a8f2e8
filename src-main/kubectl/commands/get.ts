// kubectl get: server-side Tables printed through kubectl's tabwriter; -o yaml|json|name; -w list+watch.
import type { KubectlCommand, Invocation } from '../command'
import { TABLE_ACCEPT, ApiError } from '../client'
import { resourcePath, kindGroup, type ApiResource } from '../discovery'
import { resolveTargets, type Target } from '../targets'
import { TabWriter } from '../tabwriter'
import { headerCells, rowCells, type Table, type TableOptions, type ColumnDefinition } from '../table-printer'
import { printObjects } from '../object-printer'
import { ExitError, MultiError } from '../errors'

export const getCommand: KubectlCommand = {
  name: 'get',
  group: 'Basic Commands (Intermediate)',
  summary: 'Display one or many resources',
  usage: 'kubectl get [(-o|--output=)json|yaml|name|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]',
  description: 'List resources as a table, or print them as YAML/JSON. Several types can be given separated by commas.',
  examples: `  # List the pods in the current namespace
  kubectl get pods

  # List the pods of a StatefulSet and keep watching for changes
  kubectl get pods -w -l app=nginx

  # Print one StatefulSet as YAML
  kubectl get sts web -o yaml`,
  flags: [
    { name: 'output', short: 'o', type: 'string', usage: 'Output format: wide, yaml, json or name.' },
    { name: 'selector', short: 'l', type: 'string', usage: "Label selector to filter on, e.g. -l app=nginx (supports '=', '==', '!=', 'in', 'notin')." },
    { name: 'field-selector', type: 'string', usage: 'Field selector to filter on, e.g. --field-selector metadata.name=web-0.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'List across all namespaces (ignores -n).' },
    { name: 'watch', short: 'w', type: 'bool', usage: 'After listing, keep printing a row for every change.' },
    { name: 'watch-only', type: 'bool', usage: 'Print only changes, without the initial list.' },
    { name: 'output-watch-events', type: 'bool', usage: 'With --watch, add a column with the event type.' },
    { name: 'show-labels', type: 'bool', usage: 'Add a column with all labels.' },
    { name: 'no-headers', type: 'bool', usage: 'Leave out the header row.' },
    { name: 'show-kind', type: 'bool', usage: 'Prefix names with their type, even for one type.' },
    { name: 'ignore-not-found', type: 'bool', usage: 'Treat "not found" for named objects as success.' },
    { name: 'show-managed-fields', type: 'bool', usage: 'Keep metadata.managedFields in yaml/json output.' },
    { name: 'chunk-size', type: 'int', default: 500, usage: 'Ask the server for results in pages of this size (0 = one page).' },
  ],
  run: runGet,
}

const OUTPUTS = ['', 'wide', 'yaml', 'json', 'name']

async function runGet(inv: Invocation): Promise<number> {
  const f = inv.flags
  const output = f.str('output')
  if (!OUTPUTS.includes(output)) {
    throw new ExitError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml`)
  }
  if (inv.args.length === 0) {
    throw new ExitError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\n' +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples",
    )
  }
  const targets = await resolveTargets(inv, inv.args)
  const watching = f.bool('watch') || f.bool('watch-only')
  if (watching) {
    if (targets.length !== 1) throw new ExitError('error: you may only specify a single resource type')
    return watchTarget(inv, targets[0])
  }
  const allNs = f.bool('all-namespaces')
  const multi = targets.length > 1 || f.bool('show-kind')
  const errs: unknown[] = []
  const tables: { t: Target; table: Table }[] = []
  const objects: any[] = []
  let single = false
  for (const t of targets) {
    const ns = t.resource.namespaced ? (allNs ? null : inv.namespace) : null
    const human = output === '' || output === 'wide'
    const accept = human ? TABLE_ACCEPT : 'application/json'
    if (t.names.length > 0) {
      single = targets.length === 1 && t.names.length === 1
      for (const name of t.names) {
        try {
          const body = await inv.client.request('GET', resourcePath(t.resource, ns ?? inv.namespace, name), { accept, signal: inv.signal })
          if (human) tables.push({ t, table: body })
          else objects.push(withTypeMeta(body, t.resource))
        } catch (e) {
          if (e instanceof ApiError && e.code === 404 && f.bool('ignore-not-found')) continue
          errs.push(e)
        }
      }
    } else {
      const query: Record<string, string | undefined> = {
        labelSelector: f.str('selector') || undefined,
        fieldSelector: f.str('field-selector') || undefined,
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
        else for (const item of first.items ?? []) objects.push(withTypeMeta(item, t.resource, first))
      } catch (e) {
        errs.push(e)
      }
    }
  }
  if (output === '' || output === 'wide') {
    let printedAny = false
    let out = ''
    for (const { t, table } of mergeTables(tables)) {
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
    if (!printedAny && errs.length === 0 && !f.bool('ignore-not-found')) {
      const allNamespaced = targets.every((t) => t.resource.namespaced)
      inv.err(allNamespaced && !allNs ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n')
    }
  } else if (output === 'name') {
    for (const o of objects) inv.out(`${kindGroup(resourceOfObject(o, targets))}/${o.metadata?.name}\n`)
    if (objects.length === 0 && errs.length === 0) {
      const allNamespaced = targets.every((t) => t.resource.namespaced)
      inv.err(allNamespaced && !allNs ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n')
    }
  } else {
    printObjects(inv, objects, output as 'yaml' | 'json', single && objects.length === 1)
  }
  if (errs.length) throw new MultiError(errs)
  return 0
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

/** List items come without apiVersion/kind; kubectl fills them in from the list. */
function withTypeMeta(o: any, r: ApiResource, list?: any): any {
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version
  void list
  return { apiVersion: o.apiVersion ?? apiVersion, kind: o.kind ?? r.kind, ...o }
}

function tableOptions(inv: Invocation, r: ApiResource, multi: boolean): TableOptions {
  const f = inv.flags
  return {
    wide: f.str('output') === 'wide',
    withNamespace: f.bool('all-namespaces') && r.namespaced,
    kindPrefix: multi ? kindGroup(r) : '',
    showLabels: f.bool('show-labels'),
    noHeaders: f.bool('no-headers'),
  }
}

/** `get -w`: list (unless --watch-only), then one row per watch event, header once, widths only grow. */
async function watchTarget(inv: Invocation, t: Target): Promise<number> {
  const f = inv.flags
  const output = f.str('output')
  const human = output === '' || output === 'wide'
  const allNs = f.bool('all-namespaces')
  const ns = t.resource.namespaced ? (allNs ? null : inv.namespace) : null
  const fieldSelectors = [f.str('field-selector')].filter(Boolean)
  if (t.names.length > 1) throw new ExitError('error: watch is only supported on individual resources and resource collections, but 2 resources were found')
  if (t.names.length === 1) fieldSelectors.push(`metadata.name=${t.names[0]}`)
  const query: Record<string, string | undefined> = {
    labelSelector: f.str('selector') || undefined,
    fieldSelector: fieldSelectors.join(',') || undefined,
  }
  const accept = human ? TABLE_ACCEPT : 'application/json'
  const tw = new TabWriter()
  const opts = tableOptions(inv, t.resource, f.bool('show-kind'))
  const events = f.bool('output-watch-events')
  let cols: ColumnDefinition[] = []
  let headerDone = false
  const printRows = (table: Table, evType: string | null) => {
    if (table.columnDefinitions?.length) cols = table.columnDefinitions
    const lines: string[][] = []
    if (!headerDone && !opts.noHeaders) {
      lines.push([...(events ? ['EVENT'] : []), ...headerCells(cols, opts)])
    }
    headerDone = true
    for (const r of table.rows ?? []) lines.push([...(events ? [evType ?? 'ADDED'] : []), ...rowCells(cols, r, opts)])
    inv.out(tw.format(lines))
  }
  const listQuery = { ...query, limit: t.names.length ? undefined : '500' }
  const list = await inv.client.request('GET', resourcePath(t.resource, ns), { accept, query: listQuery, signal: inv.signal })
  if (!f.bool('watch-only')) {
    if (human) {
      if (list.columnDefinitions?.length) cols = list.columnDefinitions
      if ((list.rows ?? []).length > 0) printRows(list, null)
    } else {
      for (const item of list.items ?? []) printObjects(inv, [withTypeMeta(item, t.resource)], output as 'yaml' | 'json', true, true)
    }
  } else if (human && list.columnDefinitions?.length) {
    cols = list.columnDefinitions
  }
  await inv.client.watch(resourcePath(t.resource, ns), {
    accept, signal: inv.signal,
    query: { ...query, resourceVersion: list.metadata?.resourceVersion, watch: 'true' },
  }, (ev) => {
    if (ev.type === 'BOOKMARK') return
    if (ev.type === 'ERROR') throw new ApiError(ev.object)
    if (human) printRows(ev.object, ev.type)
    else printObjects(inv, [withTypeMeta(ev.object, t.resource)], output as 'yaml' | 'json', true, true)
  })
  return inv.signal.aborted ? 130 : 0
}
