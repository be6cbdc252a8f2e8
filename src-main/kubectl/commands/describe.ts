// kubectl describe: pods and StatefulSets in kubectl's layout (others get a short generic form), with events
// fetched by involvedObject field selector. A name that matches nothing exactly is used as a prefix, like kubectl.
import type { KubectlCommand, Invocation } from '../command'
import { ApiError } from '../client'
import { resourcePath, type ApiResource } from '../discovery'
import { resolveTargets } from '../targets'
import { assertNamesInOneNamespace, listError } from './get'
import { ExitError, MultiError } from '../errors'
import { describePod } from '../describe-pod'
import type { DescribeContext, Describer } from '../describe/types'
import { describeService, describeEndpoints } from '../describe/network'
import { describePvc, describePv, describeStorageClass } from '../describe/storage'
import { describeNode } from '../describe/node'
import { describeNamespace, describeConfigMap, describeServiceAccount } from '../describe/core'
import { describeGeneric, describeEndpointSlice } from '../describe/generic'
import { describeStatefulSet, describeDeployment, describeReplicaSet } from '../describe/workloads'

export const describeCommand: KubectlCommand = {
  name: 'describe',
  group: 'Troubleshooting and Debugging Commands',
  summary: 'Show details of a specific resource or group of resources',
  usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]',
  description: 'Show an object in a readable form together with its recent events. A name that matches nothing exactly\nis taken as a prefix.',
  examples: `  # Why is web-1 not running yet?
  kubectl describe pod web-1

  # The StatefulSet, its pod counts and its events
  kubectl describe sts web`,
  flags: [
    { name: 'selector', short: 'l', type: 'string', usage: 'Describe the objects matching this label selector.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'Look in every namespace.' },
    { name: 'show-events', type: 'bool', default: true, usage: 'Include events.' },
    { name: 'chunk-size', type: 'int', default: 500, usage: 'Page size for lists.' },
  ],
  run: runDescribe,
}

async function runDescribe(inv: Invocation): Promise<number> {
  if (inv.args.length === 0) {
    throw new ExitError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.')
  }
  const targets = await resolveTargets(inv, inv.args)
  assertNamesInOneNamespace(inv, targets)
  const errs: unknown[] = []
  let printed = false
  // kubectl separates described objects with a blank line pair; objects found by name prefix are each printed
  // followed by one newline instead (its separate prefix-matching path).
  const emit = (text: string, byPrefix: boolean) => {
    if (byPrefix) inv.out(`${text}\n`)
    else inv.out(printed ? `\n\n${text}` : text)
    printed = true
  }
  for (const t of targets) {
    const ns = t.resource.namespaced ? inv.namespace : null
    const objects: any[] = []
    const byPrefix = new Set<any>()
    if (t.names.length === 0) {
      const label = inv.flags.str('selector')
      const list = await inv.client.request('GET', resourcePath(t.resource, inv.flags.bool('all-namespaces') ? null : ns), {
        query: { labelSelector: label || undefined }, signal: inv.signal,
      }).catch((e) => { throw listError(e, t.resource, label, '') })
      objects.push(...(list.items ?? []))
      if (objects.length === 0) {
        inv.err(t.resource.namespaced && !inv.flags.bool('all-namespaces') ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n')
      }
    }
    for (const name of t.names) {
      try {
        objects.push(await inv.client.request('GET', resourcePath(t.resource, ns, name), { signal: inv.signal }))
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 404) { errs.push(e); continue }
        const list = await inv.client.request('GET', resourcePath(t.resource, ns), { signal: inv.signal })
        const matches = (list.items ?? []).filter((o: any) => o.metadata.name.startsWith(name))
        if (matches.length === 0) errs.push(e)
        for (const m of matches) byPrefix.add(m)
        objects.push(...matches)
      }
    }
    for (const o of objects) emit(await describeOne(inv, t.resource, o), byPrefix.has(o))
  }
  if (errs.length) throw new MultiError(errs)
  return 0
}

async function eventsFor(inv: Invocation, o: any): Promise<any[] | null> {
  if (!inv.flags.bool('show-events')) return null
  const sel = [`involvedObject.name=${o.metadata.name}`]
  if (o.metadata.namespace) sel.push(`involvedObject.namespace=${o.metadata.namespace}`)
  if (o.metadata.uid) sel.push(`involvedObject.uid=${o.metadata.uid}`)
  const path = o.metadata.namespace ? `/api/v1/namespaces/${encodeURIComponent(o.metadata.namespace)}/events` : '/api/v1/events'
  const list = await inv.client.request('GET', path, { query: { fieldSelector: sel.join(','), limit: '500' }, signal: inv.signal })
  return list.items ?? []
}

const DESCRIBERS: Record<string, Describer> = {
  '/Service': describeService,
  '/Endpoints': describeEndpoints,
  '/PersistentVolumeClaim': describePvc,
  '/PersistentVolume': describePv,
  'storage.k8s.io/StorageClass': describeStorageClass,
  '/Node': describeNode,
  '/Namespace': describeNamespace,
  '/ConfigMap': describeConfigMap,
  '/ServiceAccount': describeServiceAccount,
  'apps/StatefulSet': describeStatefulSet,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
}

function describeContext(inv: Invocation): DescribeContext {
  return {
    get: async (path, query) => {
      try {
        return await inv.client.request('GET', path, { query, signal: inv.signal })
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) return null
        throw e
      }
    },
    getOrError: async (path) => {
      try {
        return { body: await inv.client.request('GET', path, { signal: inv.signal }) }
      } catch (e) {
        if (e instanceof ApiError) return { error: e.status.message ?? '' }
        throw e
      }
    },
  }
}

async function describeOne(inv: Invocation, r: ApiResource, o: any): Promise<string> {
  // Namespaces are described without events, as kubectl does.
  const events = r.kind === 'Namespace' && r.group === '' ? null : await eventsFor(inv, o)
  if (r.kind === 'Pod' && r.group === '') return describePod(o, events)
  const d = DESCRIBERS[`${r.group}/${r.kind}`]
  if (d) return d(o, events, describeContext(inv))
  return describeGeneric(o, events, describeContext(inv))
}
