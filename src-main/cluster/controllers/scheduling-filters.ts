// The default scheduler's filters, in its plugin order, each returning the reason string the real scheduler puts in
// FailedScheduling (one reason per node: the first filter that rejects it). Pure functions over pod and node.
import type { KObject, Pod } from '../api-types'
import { toleratesTaint, UNSCHEDULABLE_TAINT } from './node-lifecycle'

/** NodeUnschedulable: a cordoned node, unless the pod tolerates the unschedulable taint. */
export function unschedulableReason(pod: Pod, node: KObject): string | undefined {
  if (!node.spec?.unschedulable) return undefined
  const taint = { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' }
  return (pod.spec.tolerations ?? []).some((t: any) => toleratesTaint(t, taint)) ? undefined : 'node(s) were unschedulable'
}

/** TaintToleration: the first NoSchedule/NoExecute taint the pod does not tolerate. */
export function taintReason(pod: Pod, node: KObject): string | undefined {
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue
    if ((pod.spec.tolerations ?? []).some((t: any) => toleratesTaint(t, taint))) continue
    return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`
  }
  return undefined
}

function matchExpression(labels: Record<string, string>, e: any): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, e?.key)
  const values: string[] = e?.values ?? []
  switch (e?.operator) {
    case 'In':
      return has && values.includes(labels[e.key])
    case 'NotIn':
      return !has || !values.includes(labels[e.key])
    case 'Exists':
      return has
    case 'DoesNotExist':
      return !has
    case 'Gt':
      return has && Number(labels[e.key]) > Number(values[0])
    case 'Lt':
      return has && Number(labels[e.key]) < Number(values[0])
    default:
      return false
  }
}

function matchFields(node: KObject, e: any): boolean {
  return e?.key === 'metadata.name' ? matchExpression({ 'metadata.name': node.metadata.name! }, e) : false
}

/** NodeAffinity: spec.nodeSelector and required node affinity (terms OR-ed, expressions AND-ed). */
export function affinityReason(pod: Pod, node: KObject): string | undefined {
  const labels = node.metadata.labels ?? {}
  const msg = "node(s) didn't match Pod's node affinity/selector"
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return msg
  const terms: any[] | undefined = (pod.spec as any).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms
  if (!Array.isArray(terms) || !terms.length) return undefined
  const ok = terms.some(
    (t) =>
      ((t.matchExpressions ?? []).length || (t.matchFields ?? []).length) &&
      (t.matchExpressions ?? []).every((e: any) => matchExpression(labels, e)) &&
      (t.matchFields ?? []).every((e: any) => matchFields(node, e)),
  )
  return ok ? undefined : msg
}

/** The FailedScheduling message: reasons counted per node, sorted as strings (as the scheduler does). */
export function fitErrorMessage(total: number, reasons: Map<string, number>, preFilter?: string): string {
  const head = `0/${total} nodes are available:`
  const body = preFilter
    ? ` ${preFilter}.`
    : reasons.size
      ? ` ${[...reasons].map(([r, n]) => `${n} ${r}`).sort().join(', ')}.`
      : ''
  return `${head}${body} preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`
}
