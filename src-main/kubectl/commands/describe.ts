// kubectl describe: pods and StatefulSets in kubectl's layout (others get a short generic form), with events
// fetched by involvedObject field selector. A name that matches nothing exactly is used as a prefix, like kubectl.
import type { KubectlCommand, Invocation } from '../command'
import { ApiError } from '../client'
import { resourcePath, type ApiResource } from '../discovery'
import { resolveTargets } from '../targets'
import { ExitError, MultiError } from '../errors'
import { describePod, describeContainers, describeVolumes } from '../describe-pod'
import { DescribeWriter, labelsMultiline, annotationsMultiline, tolerationsMultiline, describeEvents, rfc1123z, selectorString } from '../describe-format'

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
    throw new ExitError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee \'kubectl describe -h\' for help and examples')
  }
  const targets = await resolveTargets(inv, inv.args)
  const errs: unknown[] = []
  const outputs: string[] = []
  for (const t of targets) {
    const ns = t.resource.namespaced ? inv.namespace : null
    const objects: any[] = []
    if (t.names.length === 0) {
      const list = await inv.client.request('GET', resourcePath(t.resource, inv.flags.bool('all-namespaces') ? null : ns), {
        query: { labelSelector: inv.flags.str('selector') || undefined }, signal: inv.signal,
      })
      objects.push(...(list.items ?? []))
      if (objects.length === 0) {
        inv.err(t.resource.namespaced ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n')
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
        objects.push(...matches)
      }
    }
    for (const o of objects) outputs.push(await describeOne(inv, t.resource, o))
  }
  inv.out(outputs.join('\n\n'))
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

async function describeOne(inv: Invocation, r: ApiResource, o: any): Promise<string> {
  const events = await eventsFor(inv, o)
  if (r.kind === 'Pod' && r.group === '') return describePod(o, events)
  if (r.kind === 'StatefulSet' && r.group === 'apps') return describeStatefulSet(inv, o, events)
  return describeGeneric(o, events)
}

async function describeStatefulSet(inv: Invocation, sts: any, events: any[] | null): Promise<string> {
  const selector = selectorString(sts.spec?.selector)
  const pods = await inv.client.request('GET', `/api/v1/namespaces/${encodeURIComponent(sts.metadata.namespace)}/pods`, {
    query: { labelSelector: selector }, signal: inv.signal,
  })
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 }
  for (const p of pods.items ?? []) {
    const owner = (p.metadata.ownerReferences ?? []).find((x: any) => x.controller)
    if (!owner || owner.uid !== sts.metadata.uid) continue
    const phase = p.status?.phase as keyof typeof counts
    if (phase in counts) counts[phase]++
  }
  const w = new DescribeWriter()
  const spec = sts.spec ?? {}
  w.write(0, `Name:\t${sts.metadata.name}\n`)
  w.write(0, `Namespace:\t${sts.metadata.namespace}\n`)
  w.write(0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`)
  w.write(0, `Selector:\t${selector}\n`)
  labelsMultiline(w, 'Labels', sts.metadata.labels)
  annotationsMultiline(w, 'Annotations', sts.metadata.annotations)
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`)
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`)
  const ru = spec.updateStrategy?.rollingUpdate
  if (ru && ru.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`)
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`)
  }
  w.write(0, `Pods Status:\t${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed\n`)
  const tpl = spec.template ?? {}
  w.write(0, 'Pod Template:\n')
  labelsMultiline(w, '  Labels', tpl.metadata?.labels)
  if (Object.keys(tpl.metadata?.annotations ?? {}).length) annotationsMultiline(w, '  Annotations', tpl.metadata.annotations)
  if (tpl.spec?.serviceAccountName) w.write(1, `Service Account:\t${tpl.spec.serviceAccountName}\n`)
  if ((tpl.spec?.initContainers ?? []).length) describeContainers(w, 'Init Containers', tpl.spec.initContainers, undefined, '  ')
  describeContainers(w, 'Containers', tpl.spec?.containers ?? [], undefined, '  ')
  describeVolumes(w, tpl.spec?.volumes, '  ')
  if (tpl.spec?.priorityClassName) w.write(1, `Priority Class Name:\t${tpl.spec.priorityClassName}\n`)
  labelsMultiline(w, '  Node-Selectors', tpl.spec?.nodeSelector)
  tolerationsMultiline(w, '  Tolerations', tpl.spec?.tolerations)
  const vcts = spec.volumeClaimTemplates ?? []
  if (vcts.length === 0) w.write(0, 'Volume Claims:\t<none>\n')
  else {
    w.write(0, 'Volume Claims:\n')
    for (const pvc of vcts) {
      w.write(1, `Name:\t${pvc.metadata?.name ?? ''}\n`)
      w.write(1, `StorageClass:\t${pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? ''}\n`)
      labelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ')
      labelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ')
      w.write(1, `Capacity:\t${pvc.spec?.resources?.requests?.storage ?? '<default>'}\n`)
      w.write(1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`)
    }
  }
  describeEvents(w, events)
  return w.toString()
}

function describeGeneric(o: any, events: any[] | null): string {
  const w = new DescribeWriter()
  w.write(0, `Name:\t${o.metadata.name}\n`)
  if (o.metadata.namespace) w.write(0, `Namespace:\t${o.metadata.namespace}\n`)
  labelsMultiline(w, 'Labels', o.metadata.labels)
  annotationsMultiline(w, 'Annotations', o.metadata.annotations)
  w.write(0, `CreationTimestamp:\t${rfc1123z(o.metadata.creationTimestamp)}\n`)
  describeEvents(w, events)
  return w.toString()
}
