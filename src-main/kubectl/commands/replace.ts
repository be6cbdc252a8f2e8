// kubectl replace -f FILE [--force]: PUT each object from the files (`--force` deletes and re-creates instead).
import type { KubectlCommand, Invocation } from '../command'
import { ApiError } from '../client'
import { kindGroup, resourcePath } from '../discovery'
import { readManifests } from '../manifests'
import { ExitError, MultiError, addSource } from '../errors'
import { toJson, toYaml } from '../yaml-output'
import { waitFor } from '../wait'
import { DRY_RUN_FLAG, dryRunMode, dryRunSuffix, writeQuery } from './resource-args'
import { stripManaged } from '../printers/render-objects'

export const replaceCommand: KubectlCommand = {
  name: 'replace',
  group: 'Advanced Commands',
  summary: 'Replace a resource by file name or stdin',
  usage: 'kubectl replace -f FILENAME [options]',
  description: 'Replace whole objects with the ones in the files. Fields left out of the file are cleared. With --force\nthe objects are deleted and created again.',
  examples: `  # Replace the StatefulSet web with the one in web.yaml
  kubectl replace -f web.yaml`,
  flags: [
    { name: 'filename', short: 'f', type: 'stringArray', usage: 'Files, directories or - (stdin) with the new objects.' },
    { name: 'recursive', short: 'R', type: 'bool', usage: 'Also read the directories inside the ones given with -f.' },
    { name: 'force', type: 'bool', usage: 'Delete the objects and create them again.' },
    { name: 'grace-period', type: 'int', default: -1, usage: 'With --force: seconds the old objects get to stop.' },
    { name: 'output', short: 'o', type: 'string', usage: 'Print the result as yaml, json or name.' },
    { name: 'validate', type: 'string', default: 'strict', usage: "How to validate fields: 'strict', 'warn' or 'ignore'." },
    DRY_RUN_FLAG,
  ],
  run: runReplace,
}

async function runReplace(inv: Invocation): Promise<number> {
  const f = inv.flags
  const mode = dryRunMode(inv)
  const files = f.list('filename')
  if (files.length === 0) throw new ExitError('error: must specify one of -f and -k')
  const output = f.str('output')
  if (output && !['yaml', 'json', 'name'].includes(output)) {
    throw new ExitError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`)
  }
  const v = f.str('validate')
  const m = await readManifests(inv.ctx, files, f.bool('recursive'), !(v === 'false' || v === 'ignore'))
  const errs: unknown[] = m.errors.map((e) => new Error(e))
  if (m.objects.length === 0 && errs.length === 0) throw new ExitError('error: no objects passed to replace')
  for (const mo of m.objects) {
    const o = mo.object
    const r = await inv.discovery.forKind(String(o.apiVersion ?? ''), o.kind)
    if (!r) {
      errs.push(new Error(`resource mapping not found for name: "${o.metadata?.name ?? ''}" namespace: "${o.metadata?.namespace ?? ''}" from "${mo.source}": no matches for kind "${o.kind}" in version "${o.apiVersion ?? ''}"\nensure CRDs are installed first`))
      continue
    }
    const ns = r.namespaced ? o.metadata?.namespace || inv.namespace : null
    const name = o.metadata?.name ?? ''
    const body = ns ? { ...o, metadata: { ...o.metadata, namespace: ns } } : o
    try {
      let result: any = body
      if (f.bool('force')) {
        if (mode !== 'client') {
          const del: Record<string, unknown> = { propagationPolicy: 'Background' }
          if (f.int('grace-period') >= 0) del.gracePeriodSeconds = f.int('grace-period')
          let uid = ''
          try {
            const res = await inv.client.request('DELETE', resourcePath(r, ns, name), { body: del, query: mode === 'server' ? { dryRun: 'All' } : undefined, signal: inv.signal })
            uid = res?.metadata?.uid ?? ''
            inv.out(`${r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase()} "${name}" deleted\n`)
          } catch (e) {
            if (!(e instanceof ApiError && e.code === 404)) throw e
          }
          if (mode === 'none') await waitFor(inv, r, ns, name, (x) => x === null || (uid !== '' && x.metadata?.uid !== uid))
          const clean = { ...body, metadata: { ...body.metadata } }
          delete clean.metadata.resourceVersion
          delete clean.metadata.uid
          result = await inv.client.request('POST', resourcePath(r, ns), { body: clean, query: writeQuery(mode, 'kubectl-replace'), signal: inv.signal })
        }
      } else if (mode !== 'client') {
        result = await inv.client.request('PUT', resourcePath(r, ns, name), { body, query: writeQuery(mode, 'kubectl-replace'), signal: inv.signal })
      }
      if (output === 'yaml') inv.out(toYaml(stripManaged(result)))
      else if (output === 'json') inv.out(toJson(stripManaged(result)))
      else if (output === 'name') inv.out(`${kindGroup(r)}/${name}\n`)
      else inv.out(`${kindGroup(r)}/${name} replaced${dryRunSuffix(mode)}\n`)
    } catch (e) {
      if (inv.signal.aborted) throw e
      errs.push(addSource('replacing', mo.source, e))
    }
  }
  if (errs.length) throw new MultiError(errs)
  return 0
}
