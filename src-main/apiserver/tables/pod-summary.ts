// The pods table's READY / STATUS / RESTARTS cells, computed the way the server-side pod printer does (fidelity §B1):
// phase, then status.reason, SchedulingGated, the first unfinished init container (`Init:N/M`, `Init:<reason>`,
// `Init:ExitCode:N`), app containers scanned last to first (waiting/terminated reasons win), `Completed` with a
// running container → Running/NotReady, and finally Terminating (or Unknown for a NodeLost pod) while deleting.
// Restartable init containers (sidecars) count as containers. RESTARTS gets `(Xs ago)` from the latest
// lastState.terminated.finishedAt among the containers it counts.
import type { KObject } from '../../cluster/api-types'
import { humanDuration } from './human-duration'

export interface PodSummary {
  ready: string
  status: string
  restarts: string
}

function terminatedText(t: any, prefix: string): string {
  if (t.reason) return prefix + t.reason
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode ?? 0}`
}

const finishedAt = (cs: any): number => {
  const fin = cs?.lastState?.terminated?.finishedAt
  return fin ? Date.parse(fin) || 0 : 0
}

export function summarizePod(pod: KObject, now: number): PodSummary {
  const status = pod.status ?? {}
  const spec = pod.spec ?? {}
  const conditions: any[] = status.conditions ?? []
  const initSpecs: any[] = spec.initContainers ?? []
  const sidecar = (name: string) => initSpecs.some((c) => c.name === name && c.restartPolicy === 'Always')
  const total = (spec.containers ?? []).length + initSpecs.filter((c) => c.restartPolicy === 'Always').length
  let ready = 0
  let restarts = 0
  let sidecarRestarts = 0
  let lastRestart = 0
  let lastSidecarRestart = 0
  let reason: string = status.phase ?? ''
  if (status.reason) reason = status.reason
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated'

  let initializing = false
  const inits: any[] = status.initContainerStatuses ?? []
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]
    restarts += c.restartCount ?? 0
    lastRestart = Math.max(lastRestart, finishedAt(c))
    if (sidecar(c.name)) {
      sidecarRestarts += c.restartCount ?? 0
      lastSidecarRestart = Math.max(lastSidecarRestart, finishedAt(c))
    }
    const term = c.state?.terminated
    const wait = c.state?.waiting
    if (term && term.exitCode === 0) continue
    if (sidecar(c.name) && c.started) {
      if (c.ready) ready++
      continue
    }
    if (term) reason = terminatedText(term, 'Init:')
    else if (wait?.reason && wait.reason !== 'PodInitializing') reason = 'Init:' + wait.reason
    else reason = `Init:${i}/${initSpecs.length}`
    initializing = true
    break
  }

  const initializedTrue = conditions.some((c) => c.type === 'Initialized' && c.status === 'True')
  if (!initializing || initializedTrue) {
    restarts = sidecarRestarts
    lastRestart = lastSidecarRestart
    let hasRunning = false
    const cs: any[] = status.containerStatuses ?? []
    // Last container first: the first container's state wins when several are unhappy.
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]
      restarts += c.restartCount ?? 0
      lastRestart = Math.max(lastRestart, finishedAt(c))
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
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady'
    }
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed'
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown'
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating'

  let restartsText = String(restarts)
  if (restarts !== 0 && lastRestart > 0) restartsText = `${restarts} (${humanDuration(now - lastRestart)} ago)`
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText }
}
