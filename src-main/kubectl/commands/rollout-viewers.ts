// What `kubectl rollout` knows per kind: the status message of a StatefulSet / Deployment / DaemonSet (kubectl's
// status viewers, same wording), and each kind's revision history (ControllerRevisions or ReplicaSets).
import type { Invocation } from '../command'
import { DescribeWriter, annotationsMultiline, labelsMultiline, tolerationsMultiline } from '../describe-format'
import { describeContainers, describeVolumes } from '../describe-pod'
import { resourcePath, type ApiResource } from '../discovery'
import { formatSelector } from './selector-format'

export interface RolloutStatus { message: string; done: boolean; error?: string }

export function statusOf(kind: string, o: any): RolloutStatus {
  const spec = o.spec ?? {}
  const st = o.status ?? {}
  const gen = o.metadata?.generation ?? 0
  const observed = st.observedGeneration ?? 0
  if (kind === 'StatefulSet') {
    if (spec.updateStrategy?.type !== 'RollingUpdate') return { message: '', done: false, error: 'rollout status is only available for RollingUpdate strategy type' }
    if (observed === 0 || gen > observed) return { message: 'Waiting for statefulset spec update to be observed...\n', done: false }
    const replicas = spec.replicas ?? 1
    if ((st.readyReplicas ?? 0) < replicas) return { message: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false }
    const partition = spec.updateStrategy?.rollingUpdate?.partition
    if (spec.updateStrategy?.rollingUpdate) {
      if (partition !== undefined && (st.updatedReplicas ?? 0) < replicas - partition) {
        return { message: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`, done: false }
      }
      return { message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true }
    }
    if (st.updateRevision !== st.currentRevision) {
      return { message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`, done: false }
    }
    return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true }
  }
  if (kind === 'Deployment') {
    const name = o.metadata?.name
    if (gen > observed) return { message: 'Waiting for deployment spec update to be observed...\n', done: false }
    const progressing = (st.conditions ?? []).find((c: any) => c.type === 'Progressing')
    if (progressing?.reason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` }
    const replicas = spec.replicas ?? 1
    const updated = st.updatedReplicas ?? 0
    if (updated < replicas) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false }
    if ((st.replicas ?? 0) > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false }
    if ((st.availableReplicas ?? 0) < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false }
    return { message: `deployment "${name}" successfully rolled out\n`, done: true }
  }
  // DaemonSet
  const name = o.metadata?.name
  if (spec.updateStrategy?.type !== 'RollingUpdate') return { message: '', done: false, error: 'rollout status is only available for RollingUpdate strategy type' }
  if (gen > observed) return { message: 'Waiting for daemon set spec update to be observed...\n', done: false }
  const desired = st.desiredNumberScheduled ?? 0
  if ((st.updatedNumberScheduled ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false }
  if ((st.numberAvailable ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false }
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true }
}

export interface Revision { revision: number; template: any; changeCause: string; source: any }

function controlledBy(item: any, owner: any): boolean {
  return (item.metadata?.ownerReferences ?? []).some((r: any) => r.controller && r.uid === owner.metadata?.uid)
}

/** The object's revisions, oldest first. */
export async function revisionsOf(inv: Invocation, r: ApiResource, o: any): Promise<Revision[]> {
  const ns = o.metadata?.namespace ?? null
  const selector = formatSelector(o.spec?.selector)
  if (r.kind === 'Deployment') {
    const rsRes = await inv.discovery.resolve('replicasets.apps')
    const list = await inv.client.request('GET', resourcePath(rsRes, ns), { query: { labelSelector: selector }, signal: inv.signal })
    return (list.items ?? []).filter((rs: any) => controlledBy(rs, o)).map((rs: any) => ({
      revision: Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
      template: rs.spec?.template ?? {},
      changeCause: rs.metadata?.annotations?.['kubernetes.io/change-cause'] ?? '',
      source: rs,
    })).sort((a: Revision, b: Revision) => a.revision - b.revision)
  }
  const crRes = await inv.discovery.resolve('controllerrevisions.apps')
  const list = await inv.client.request('GET', resourcePath(crRes, ns), { query: { labelSelector: selector }, signal: inv.signal })
  return (list.items ?? []).filter((cr: any) => controlledBy(cr, o)).map((cr: any) => {
    const tpl = { ...(cr.data?.spec?.template ?? {}) }
    delete tpl.$patch
    return { revision: Number(cr.revision ?? 0), template: tpl, changeCause: cr.metadata?.annotations?.['kubernetes.io/change-cause'] ?? '', source: cr }
  }).sort((a: Revision, b: Revision) => a.revision - b.revision)
}

/** DescribeWriter whose output keeps its raw tabs: `rollout history --revision` prints the template unaligned. */
class RawWriter extends DescribeWriter {
  private raw: string[] = []
  override write(level: number, s: string): void { this.raw.push('  '.repeat(level) + s) }
  override flush(): void { /* nothing buffered for alignment */ }
  override toString(): string { return this.raw.join('') }
}

/** kubectl's DescribePodTemplate, as `rollout history --revision=N` prints it. */
export function describeTemplate(tpl: any): string {
  const w = new RawWriter()
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
  return w.toString()
}
