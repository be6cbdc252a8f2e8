// The pods table: READY, the STATUS reason (the algorithm kubectl users learn to read), RESTARTS with
// "(Xs ago)", and the -o wide columns.
import type { KObject } from '../../cluster/api-types'
import { ageSince } from './human-duration'
import { summarizePod } from './pod-summary'
import { ageCol, col, nameCol, type Printer } from './types'

export { summarizePod, type PodSummary } from './pod-summary'

export const podPrinter: Printer = {
  columns: [
    nameCol('pod'),
    col('Ready', 'string', 'Ready containers out of all containers in the pod.'),
    col('Status', 'string', 'Summary of the pod: phase, or the most telling container reason.'),
    col('Restarts', 'string', 'Total container restarts, with how long ago the last one was.'),
    ageCol,
    col('IP', 'string', 'Pod IP address, once assigned.', 1),
    col('Node', 'string', 'Node the pod is scheduled to.', 1),
    col('Nominated Node', 'string', 'Node the scheduler nominated while preempting.', 1),
    col('Readiness Gates', 'string', 'Extra readiness conditions that are true, out of all.', 1),
  ],
  row(pod, now) {
    const s = summarizePod(pod, now)
    const gates: any[] = pod.spec?.readinessGates ?? []
    let gatesText = '<none>'
    if (gates.length) {
      const conds: any[] = pod.status?.conditions ?? []
      const ok = gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length
      gatesText = `${ok}/${gates.length}`
    }
    return [
      pod.metadata.name ?? '',
      s.ready,
      s.status,
      s.restarts,
      ageSince(pod.metadata.creationTimestamp, now),
      pod.status?.podIP || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      gatesText,
    ]
  },
  conditions(pod) {
    if (pod.status?.phase === 'Succeeded') return [{ type: 'Completed', status: 'True' }]
    if (pod.status?.phase === 'Failed') return [{ type: 'Completed', status: 'False' }]
    return undefined
  },
}
