// describe for StatefulSets, Deployments and ReplicaSets, which share kubectl's "Pod Template:" block.
import { DescribeWriter, labelsMultiline, annotationsMultiline, tolerationsMultiline, describeEvents, rfc1123z, selectorString } from '../describe-format'
import { describeContainers, describeVolumes } from '../describe-pod'
import type { DescribeContext, Describer } from './types'

export function describePodTemplate(w: DescribeWriter, tpl: any): void {
  w.write(0, 'Pod Template:\n')
  labelsMultiline(w, '  Labels', tpl?.metadata?.labels)
  if (Object.keys(tpl?.metadata?.annotations ?? {}).length) annotationsMultiline(w, '  Annotations', tpl.metadata.annotations)
  const spec = tpl?.spec ?? {}
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`)
  if ((spec.initContainers ?? []).length) describeContainers(w, 'Init Containers', spec.initContainers, undefined, '  ')
  describeContainers(w, 'Containers', spec.containers ?? [], undefined, '  ')
  describeVolumes(w, spec.volumes, '  ')
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`)
  labelsMultiline(w, '  Node-Selectors', spec.nodeSelector)
  tolerationsMultiline(w, '  Tolerations', spec.tolerations)
}

/** Phases of the pods a controller owns (by controller uid), for "Pods Status:". */
async function podCounts(ctx: DescribeContext, owner: any): Promise<string> {
  const pods = await ctx.get(`/api/v1/namespaces/${encodeURIComponent(owner.metadata.namespace)}/pods`, {
    labelSelector: selectorString(owner.spec?.selector),
  })
  const counts: Record<string, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 }
  for (const p of pods?.items ?? []) {
    const ref = (p.metadata.ownerReferences ?? []).find((x: any) => x.controller)
    if (!ref || ref.uid !== owner.metadata.uid) continue
    const phase = p.status?.phase
    if (phase in counts) counts[phase]++
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`
}

export const describeStatefulSet: Describer = async (sts, events, ctx) => {
  const w = new DescribeWriter()
  const spec = sts.spec ?? {}
  w.write(0, `Name:\t${sts.metadata.name}\n`)
  w.write(0, `Namespace:\t${sts.metadata.namespace}\n`)
  w.write(0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`)
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`)
  labelsMultiline(w, 'Labels', sts.metadata.labels)
  annotationsMultiline(w, 'Annotations', sts.metadata.annotations)
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`)
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`)
  const ru = spec.updateStrategy?.rollingUpdate
  if (ru && ru.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`)
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`)
  }
  w.write(0, `Pods Status:\t${await podCounts(ctx, sts)}\n`)
  describePodTemplate(w, spec.template)
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

function conditionsTable(w: DescribeWriter, conds: any[] | undefined): void {
  if (!(conds ?? []).length) return
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n')
  w.write(1, '----\t------\t------\n')
  for (const c of conds!) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`)
}

/** The new ReplicaSet is the one whose pod template equals the Deployment's, pod-template-hash label aside. */
function sameTemplate(rsTemplate: any, template: any): boolean {
  const strip = (t: any) => {
    const c = JSON.parse(JSON.stringify(t ?? {}))
    if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash']
    return JSON.stringify(sortDeep(c))
  }
  return strip(rsTemplate) === strip(template)
}

function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]))
  return v
}

export const describeDeployment: Describer = async (d, events, ctx) => {
  const spec = d.spec ?? {}
  const st = d.status ?? {}
  const rsList = await ctx.get(`/apis/apps/v1/namespaces/${encodeURIComponent(d.metadata.namespace)}/replicasets`, {
    labelSelector: selectorString(spec.selector),
  })
  const owned = (rsList?.items ?? []).filter((rs: any) => (rs.metadata.ownerReferences ?? []).some((r: any) => r.controller && r.uid === d.metadata.uid))
  const newRs = owned.find((rs: any) => sameTemplate(rs.spec?.template, spec.template))
  const oldRs = owned.filter((rs: any) => rs !== newRs && (rs.spec?.replicas ?? 0) > 0)
  const rsText = (rs: any) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`
  const w = new DescribeWriter()
  w.write(0, `Name:\t${d.metadata.name}\n`)
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`)
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`)
  labelsMultiline(w, 'Labels', d.metadata.labels)
  annotationsMultiline(w, 'Annotations', d.metadata.annotations)
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`)
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`)
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`)
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`)
  const ru = spec.strategy?.rollingUpdate
  if (ru) w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`)
  describePodTemplate(w, spec.template)
  conditionsTable(w, st.conditions)
  w.write(0, `OldReplicaSets:\t${oldRs.length ? oldRs.map(rsText).join(', ') : '<none>'}\n`)
  w.write(0, `NewReplicaSet:\t${newRs ? rsText(newRs) : '<none>'}\n`)
  describeEvents(w, events)
  return w.toString()
}

export const describeReplicaSet: Describer = async (rs, events, ctx) => {
  const spec = rs.spec ?? {}
  const w = new DescribeWriter()
  w.write(0, `Name:\t${rs.metadata.name}\n`)
  w.write(0, `Namespace:\t${rs.metadata.namespace}\n`)
  w.write(0, `Selector:\t${selectorString(spec.selector)}\n`)
  labelsMultiline(w, 'Labels', rs.metadata.labels)
  annotationsMultiline(w, 'Annotations', rs.metadata.annotations)
  const owner = (rs.metadata.ownerReferences ?? []).find((o: any) => o.controller)
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`)
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${spec.replicas ?? 1} desired\n`)
  w.write(0, `Pods Status:\t${await podCounts(ctx, rs)}\n`)
  describePodTemplate(w, spec.template)
  conditionsTable(w, rs.status?.conditions)
  describeEvents(w, events)
  return w.toString()
}
