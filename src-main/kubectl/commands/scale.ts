// kubectl scale: merge-patch the scale subresource, print `statefulset.apps/web scaled`.
import type { KubectlCommand, Invocation } from '../command'
import { kindGroup, resourcePath } from '../discovery'
import { resolveTargets } from '../targets'
import { ApiError } from '../client'
import { ExitError, MultiError, requiredFlagsError } from '../errors'
import { DRY_RUN_FLAG, dryRunMode, dryRunSuffix } from './resource-args'

export const scaleCommand: KubectlCommand = {
  name: 'scale',
  group: 'Deploy Commands',
  summary: 'Set a new size for a deployment, replica set, or replication controller',
  usage: 'kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
  description: 'Change the number of replicas of a StatefulSet, Deployment or ReplicaSet through its scale subresource.',
  examples: `  # Grow the StatefulSet web to five pods (web-2, web-3, web-4 are created in order)
  kubectl scale sts web --replicas=5`,
  flags: [
    { name: 'replicas', type: 'int', default: -1, usage: 'The new number of replicas. Required.' },
    { name: 'current-replicas', type: 'int', default: -1, usage: 'Only scale if the current size is this (-1: no condition).' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Scale every object matching this label selector.' },
    { name: 'all', type: 'bool', usage: 'Scale every object of the given type.' },
    { name: 'output', short: 'o', type: 'string', usage: 'Only "name" is supported.' },
    DRY_RUN_FLAG,
  ],
  run: runScale,
}

async function runScale(inv: Invocation): Promise<number> {
  const f = inv.flags
  if (!f.changed('replicas')) throw requiredFlagsError(['replicas'])
  const mode = dryRunMode(inv)
  const replicas = f.int('replicas')
  if (replicas < 0) throw new ExitError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0')
  if (inv.args.length === 0) {
    throw new ExitError('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'')
  }
  const targets = await resolveTargets(inv, inv.args)
  const errs: unknown[] = []
  let scaled = 0
  for (const t of targets) {
    const ns = t.resource.namespaced ? inv.namespace : null
    let names = t.names
    if (names.length === 0) {
      if (!f.str('selector') && !f.bool('all')) throw new ExitError('error: resource(s) were provided, but no name was specified')
      const list = await inv.client.request('GET', resourcePath(t.resource, ns), { query: { labelSelector: f.str('selector') || undefined }, signal: inv.signal })
      names = (list.items ?? []).map((i: any) => i.metadata.name)
    }
    for (const name of names) {
      try {
        if (f.int('current-replicas') >= 0) {
          const cur = await inv.client.request('GET', resourcePath(t.resource, ns, name, 'scale'), { signal: inv.signal })
          if (cur.spec?.replicas !== f.int('current-replicas')) {
            throw new ExitError(`error: Expected replicas to be ${f.int('current-replicas')}, was ${cur.spec?.replicas ?? 0}`)
          }
        }
        if (mode === 'client') await inv.client.request('GET', resourcePath(t.resource, ns, name), { signal: inv.signal })
        else {
          await inv.client.request('PATCH', resourcePath(t.resource, ns, name, 'scale'), {
            body: { spec: { replicas } }, contentType: 'application/merge-patch+json',
            query: mode === 'server' ? { dryRun: 'All' } : undefined, signal: inv.signal,
          })
        }
        inv.out(f.str('output') === 'name' ? `${kindGroup(t.resource)}/${name}\n` : `${kindGroup(t.resource)}/${name} scaled${dryRunSuffix(mode)}\n`)
        scaled++
      } catch (e) {
        errs.push(e)
      }
    }
  }
  // kubectl looks every named object up first: when none of them exists it says so in one line.
  if (errs.length && scaled === 0 && errs.every((e) => e instanceof ApiError && e.code === 404)) {
    const msgs = errs.map((e) => (e as ApiError).message)
    throw new ExitError(`error: no objects passed to scale ${msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`}`)
  }
  if (errs.length) throw new MultiError(errs)
  return 0
}
