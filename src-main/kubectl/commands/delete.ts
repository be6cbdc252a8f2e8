// kubectl delete: by type+name, TYPE/NAME, -f, -l or --all; prints `kind "name" deleted`, then waits until the
// objects are really gone (a successor with the same name but a new UID counts as gone, like kubectl's waiter).
import type { KubectlCommand, Invocation } from '../command'
import { ApiError } from '../client'
import { resourcePath, type ApiResource } from '../discovery'
import { resolveTargets } from '../targets'
import { readManifests } from '../manifests'
import { ExitError, MultiError, addSource } from '../errors'
import { waitFor } from '../wait'
import { DRY_RUN_FLAG, dryRunMode, dryRunSuffix } from './resource-args'

export const deleteCommand: KubectlCommand = {
  name: 'delete',
  group: 'Basic Commands (Intermediate)',
  summary: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  usage: 'kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  description: 'Delete objects named on the command line, in files, or chosen by a label selector. By default the command\nreturns only once the objects are gone.',
  examples: `  # Delete one pod (a StatefulSet recreates it with the same name)
  kubectl delete pod web-0

  # Delete every pod with the label app=nginx
  kubectl delete pod -l app=nginx`,
  flags: [
    { name: 'filename', short: 'f', type: 'stringArray', usage: 'File, directory or - (stdin) naming the objects to delete.' },
    { name: 'recursive', short: 'R', type: 'bool', usage: 'Also read the directories inside the ones given with -f.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Delete the objects matching this label selector.' },
    { name: 'field-selector', type: 'string', usage: 'Delete the objects matching this field selector.' },
    { name: 'all', type: 'bool', usage: 'Delete every object of the given types in the namespace.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'With -l or --all, look in every namespace.' },
    { name: 'wait', type: 'bool', default: true, usage: 'Wait until the objects are gone before returning.' },
    { name: 'grace-period', type: 'int', default: -1, usage: 'Seconds the pod gets to stop; -1 keeps the pod\'s own setting.' },
    { name: 'now', type: 'bool', usage: 'Same as --grace-period=1.' },
    { name: 'force', type: 'bool', usage: 'With --grace-period=0, remove the object at once without waiting for the kubelet.' },
    { name: 'cascade', type: 'string', default: 'background', usage: '"background", "foreground" or "orphan": what happens to dependents.' },
    { name: 'ignore-not-found', type: 'bool', usage: 'Treat "not found" as success.' },
    { name: 'output', short: 'o', type: 'string', usage: 'Only "name" is supported: print kind/name.' },
    DRY_RUN_FLAG,
  ],
  run: runDelete,
}

interface Victim { r: ApiResource; ns: string | null; name: string; source?: string }

async function runDelete(inv: Invocation): Promise<number> {
  const f = inv.flags
  const files = f.list('filename')
  const victims: Victim[] = []
  const errs: unknown[] = []
  const selector = f.str('selector')
  const fieldSel = f.str('field-selector')
  // Flag checks kubectl makes before looking anything up.
  const cascade = f.str('cascade')
  const policies: Record<string, string> = { background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' }
  if (!policies[cascade]) throw new ExitError(`error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`)
  if (cascade === 'true' || cascade === 'false') {
    inv.err(`warning: --cascade=${cascade} is deprecated (boolean value) and can be replaced with --cascade=${cascade === 'true' ? 'background' : 'orphan'}.\n`)
  }
  const mode = dryRunMode(inv)
  if (f.bool('all') && selector) throw new ExitError("error: setting 'all' parameter but found a non empty selector. ")
  let grace = f.int('grace-period')
  if (f.bool('now')) {
    if (grace !== -1) throw new ExitError('error: --now and --grace-period cannot be specified together')
    grace = 1
  }
  if (f.bool('force') && grace > 0) throw new ExitError('error: --force and --grace-period greater than 0 cannot be specified together')
  // kubectl turns a bare --grace-period=0 into 1 (only --force may delete at once); --force alone means 0.
  if (grace === 0 && !f.bool('force')) grace = 1
  if (f.bool('force') && grace < 0) grace = 0
  if (files.length > 0) {
    if (inv.args.length > 0) throw new ExitError('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well')
    const m = await readManifests(inv.ctx, files, f.bool('recursive'))
    errs.push(...m.errors.map((e) => new Error(e)))
    for (const mo of m.objects) {
      const r = await inv.discovery.forKind(String(mo.object.apiVersion ?? ''), mo.object.kind)
      if (!r) continue
      victims.push({ r, ns: r.namespaced ? mo.object.metadata?.namespace || inv.namespace : null, name: mo.object.metadata?.name ?? '', source: mo.source })
    }
  } else {
    if (inv.args.length === 0) {
      throw new ExitError(`error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`)
    }
    const targets = await resolveTargets(inv, inv.args)
    const bulk = selector || fieldSel || f.bool('all')
    for (const t of targets) {
      const allNs = f.bool('all-namespaces') && t.resource.namespaced
      const ns = t.resource.namespaced ? inv.namespace : null
      if (t.names.length > 0) {
        if (bulk) throw new ExitError('error: name cannot be provided when a selector is specified')
        for (const name of t.names) victims.push({ r: t.resource, ns, name })
      } else {
        if (!bulk) {
          throw new ExitError(`error: resource(s) were provided, but no name was specified`)
        }
        const list = await inv.client.request('GET', resourcePath(t.resource, allNs ? null : ns), {
          query: { labelSelector: selector || undefined, fieldSelector: fieldSel || undefined }, signal: inv.signal,
        })
        for (const item of list.items ?? []) victims.push({ r: t.resource, ns: t.resource.namespaced ? item.metadata.namespace : null, name: item.metadata.name })
      }
    }
    if (victims.length === 0 && bulk) {
      // delete says this on stdout (get says it on stderr).
      inv.out('No resources found\n')
      return 0
    }
  }
  const policy = policies[cascade]
  const force = f.bool('force')
  if (f.bool('force')) inv.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n')
  const deleted: { v: Victim; uid: string }[] = []
  for (const v of victims) {
    const body: Record<string, unknown> = { propagationPolicy: policy }
    if (grace >= 0) body.gracePeriodSeconds = grace
    try {
      let res: any
      // A client dry run contacts nobody: kubectl even "deletes" objects that do not exist.
      if (mode !== 'client') {
        res = await inv.client.request('DELETE', resourcePath(v.r, v.ns, v.name), { body, query: mode === 'server' ? { dryRun: 'All' } : undefined, signal: inv.signal })
      }
      const label = v.r.group ? `${v.r.kind.toLowerCase()}.${v.r.group}` : v.r.kind.toLowerCase()
      if (f.str('output') === 'name') inv.out(`${label}/${v.name}\n`)
      else inv.out(`${label} "${v.name}" ${force ? 'force deleted' : 'deleted'}${dryRunSuffix(mode)}\n`)
      if (mode !== 'none') continue
      deleted.push({ v, uid: res?.metadata?.uid ?? res?.details?.uid ?? '' })
    } catch (e) {
      if (e instanceof ApiError && e.code === 404 && f.bool('ignore-not-found')) continue
      errs.push(v.source ? addSource('deleting', v.source, e) : e)
    }
  }
  if (f.bool('wait') && !f.bool('force')) {
    for (const { v, uid } of deleted) {
      // Gone = no object with that name, or one with a different UID (a StatefulSet's replacement pod).
      await waitFor(inv, v.r, v.ns, v.name, (obj) => obj === null || (uid !== '' && obj.metadata?.uid !== uid))
    }
  }
  if (errs.length) throw new MultiError(errs)
  return 0
}
