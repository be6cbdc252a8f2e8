// The pods table: READY, the STATUS reason (the algorithm kubectl users learn to read), RESTARTS with
// "(Xs ago)", and the -o wide columns.
import type { KObject } from '../../cluster/api-types'
import { ageSince, humanDuration } from './human-duration'
import { ageCol, col, nameCol, type Printer } from './types'

export interface PodSummary {
  ready: string
  status: string
  restarts: string
}

function terminatedText(t: any, prefix: string): string {
  if (t.reason) return prefix + t.reason
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`
}

export function summarizePod(pod: KObject, now: number): PodSummary {
  const status = pod.status ?? {}
  const spec = pod.spec ?? {}
  const total = (spec.containers ?? []).length
  let ready = 0
  let restarts = 0
  let lastRestart = 0
  let reason: string = status.phase ?? ''
  if (status.reason) reason = status.reason
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated'
  }
  const noteLast = (cs: any): void => {
    const fin = cs.lastState?.terminated?.finishedAt
    if (fin) lastRestart = Math.max(lastRestart, Date.parse(fin))
  }

  let initializing = false
  const inits: any[] = status.initContainerStatuses ?? []
  const initSpecs: any[] = spec.initContainers ?? []
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]
    restarts += c.restartCount ?? 0
    noteLast(c)
    const term = c.state?.terminated
    const wait = c.state?.waiting
    if (term && term.exitCode === 0) continue
    if (term) reason = terminatedText(term, 'Init:')
    else if (wait?.reason && wait.reason !== 'PodInitializing') reason = 'Init:' + wait.reason
    else reason = `Init:${i}/${initSpecs.length}`
    initializing = true
    break
  }
  const initializedTrue = (status.conditions ?? []).some((c: any) => c.type === 'Initialized' && c.status === 'True')
  if (!initializing || initializedTrue) {
    restarts = 0
    let hasRunning = false
    const cs: any[] = status.containerStatuses ?? []
    // Last container first: the first container's state wins when several are unhappy.
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]
      restarts += c.restartCount ?? 0
      noteLast(c)
      const wait = c.state?.waiting
      const term = c.state?.terminated
      if (wait?.reason) reason = wait.reason
      else if (term) reason = terminatedText(term, '')
      else if (c.ready && c.state?.running) {
        hasRunning = true
        ready++
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
      reason = podReady ? 'Running' : 'NotReady'
    }
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed'
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown'
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating'

  let restartsText = String(restarts)
  if (restarts !== 0 && lastRestart > 0) restartsText = `${restarts} (${humanDuration(now - lastRestart)} ago)`
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText }
}

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
