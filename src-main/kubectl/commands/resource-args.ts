// Shared by the mutating verbs (patch, label, annotate, rollout, wait, replace…): kubectl's resource builder in
// small — objects named by `TYPE NAME…`, `TYPE/NAME…`, `-f FILE`, `-l SELECTOR` or `--all` — plus the --dry-run
// flag and the `kind.group/name verb` result line every mutation prints.
import type { Invocation } from '../command'
import type { FlagDef } from '../flags'
import { kindGroup, resourcePath, type ApiResource } from '../discovery'
import { resolveTargets } from '../targets'
import { readManifests } from '../manifests'
import { ExitError } from '../errors'

export interface ObjectRef {
  r: ApiResource
  ns: string | null
  name: string
  /** Set when the object was listed (selector / --all) or read from a file. */
  object?: any
  source?: string
}

export const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`

export type DryRun = 'none' | 'client' | 'server'

export const DRY_RUN_FLAG: FlagDef = {
  name: 'dry-run', type: 'string', default: 'none',
  usage: 'Must be "none", "server", or "client". With client the object is only printed; with server it is sent but not kept.',
}

/** `--dry-run` as kubectl validates it (a bare `--dry-run` means client, as in kubectl's deprecated form). */
export function dryRunMode(inv: Invocation): DryRun {
  const v = inv.flags.str('dry-run')
  if (v === '' || v === 'none' || v === 'false') return 'none'
  if (v === 'client' || v === 'true') return 'client'
  if (v === 'server') return 'server'
  throw new ExitError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`)
}

export function dryRunSuffix(mode: DryRun): string {
  return mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : ''
}

/** Query parameters for a write: field manager, and `dryRun=All` for server dry runs. */
export function writeQuery(mode: DryRun, manager: string): Record<string, string> {
  const q: Record<string, string> = { fieldManager: manager }
  if (mode === 'server') q.dryRun = 'All'
  return q
}

/** `statefulset.apps/web labeled (dry run)` or, with `-o name`, just `statefulset.apps/web`. */
export function printResult(inv: Invocation, r: ApiResource, name: string, verb: string, mode: DryRun = 'none'): void {
  if (inv.flags.str('output') === 'name') inv.out(`${kindGroup(r)}/${name}\n`)
  else inv.out(`${kindGroup(r)}/${name} ${verb}${dryRunSuffix(mode)}\n`)
}

export interface CollectOptions {
  args: string[]
  selector?: string
  all?: boolean
  filenames?: string[]
  /** Message when nothing names any object (kubectl's differs per verb). */
  emptyError?: string
  allNamespaces?: boolean
}

/** Expand resource arguments into object references, listing for `-l`/`--all` like kubectl's builder. */
export async function collectObjects(inv: Invocation, o: CollectOptions): Promise<ObjectRef[]> {
  const files = o.filenames ?? []
  const out: ObjectRef[] = []
  if (files.length > 0) {
    if (o.args.length > 0) throw new ExitError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well')
    const m = await readManifests(inv.ctx, files)
    if (m.errors.length) throw new ExitError(`error: ${m.errors[0]}`)
    for (const mo of m.objects) {
      const r = await inv.discovery.forKind(String(mo.object.apiVersion ?? ''), mo.object.kind)
      if (!r) throw new ExitError(`error: resource mapping not found for name: "${mo.object.metadata?.name ?? ''}" namespace: "${mo.object.metadata?.namespace ?? ''}" from "${mo.source}": no matches for kind "${mo.object.kind}" in version "${mo.object.apiVersion ?? ''}"\nensure CRDs are installed first`)
      out.push({ r, ns: r.namespaced ? mo.object.metadata?.namespace || inv.namespace : null, name: mo.object.metadata?.name ?? '', object: mo.object, source: mo.source })
    }
    return out
  }
  if (o.args.length === 0) throw new ExitError(o.emptyError ?? NO_RESOURCES)
  const targets = await resolveTargets(inv, o.args)
  const bulk = !!o.selector || !!o.all
  for (const t of targets) {
    const ns = t.resource.namespaced ? inv.namespace : null
    if (t.names.length > 0) {
      if (o.selector) throw new ExitError('error: name cannot be provided when a selector is specified')
      if (o.all) throw new ExitError('error: name cannot be provided when a selector is specified')
      for (const name of t.names) out.push({ r: t.resource, ns, name })
      continue
    }
    if (!bulk) throw new ExitError('error: resource(s) were provided, but no name was specified')
    const listNs = o.allNamespaces && t.resource.namespaced ? null : ns
    const list = await inv.client.request('GET', resourcePath(t.resource, listNs), {
      query: { labelSelector: o.selector || undefined }, signal: inv.signal,
    })
    for (const item of list.items ?? []) {
      out.push({ r: t.resource, ns: t.resource.namespaced ? item.metadata.namespace : null, name: item.metadata.name, object: { apiVersion: t.resource.group ? `${t.resource.group}/${t.resource.version}` : t.resource.version, kind: t.resource.kind, ...item } })
    }
  }
  return out
}

/** kubectl's "No resources found in ns-a namespace." (or without the namespace for cluster-scoped types). */
export function noResourcesFound(inv: Invocation, namespaced: boolean): string {
  return namespaced ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n'
}

/** Read a local file named on the command line, relative to the shell's working directory. */
export function readLocalFile(inv: Invocation, p: string): string | null {
  const abs = p.startsWith('/') ? p : `${inv.ctx.cwd.replace(/\/$/, '')}/${p.replace(/^\.\//, '')}`
  const st = inv.ctx.fs.stat(abs)
  if (!st || st.type === 'dir') return null
  return inv.ctx.fs.readFile(abs)
}
