// Probe workers, one per container and probe kind, on the sim clock: the first run after initialDelaySeconds, then
// every periodSeconds; a result flips only after successThreshold / failureThreshold consecutive outcomes.
// readiness → the container's `ready`; liveness/startup failure → the container is killed and restarted;
// until a startup probe succeeds, readiness and liveness do not run.
import type { Container } from '../api-types'
import { cview, getPod, later, live, podEvent, writeStatus, type KubeletCore, type PodState, type ProbeKind, type ProbeWorker } from './context'

const TITLE: Record<ProbeKind, string> = { readiness: 'Readiness', liveness: 'Liveness', startup: 'Startup' }

function specFor(c: Container, kind: ProbeKind): any {
  return kind === 'readiness' ? c.readinessProbe : kind === 'liveness' ? c.livenessProbe : c.startupProbe
}

export function startProbes(k: KubeletCore, st: PodState, c: Container): void {
  if (c.startupProbe) return startWorker(k, st, c, 'startup')
  if (c.readinessProbe) startWorker(k, st, c, 'readiness')
  if (c.livenessProbe) startWorker(k, st, c, 'liveness')
}

export function stopProbes(st: PodState, container: string): void {
  for (const [key, w] of [...st.probes]) {
    if (w.container !== container) continue
    w.timer?.cancel()
    st.probes.delete(key)
  }
}

function startWorker(k: KubeletCore, st: PodState, c: Container, kind: ProbeKind): void {
  const w: ProbeWorker = { kind, container: c.name, successes: 0, failures: 0 }
  st.probes.set(`${kind}/${c.name}`, w)
  schedule(k, st, c, w, Number(specFor(c, kind).initialDelaySeconds ?? 0) * 1000)
}

function schedule(k: KubeletCore, st: PodState, c: Container, w: ProbeWorker, ms: number): void {
  // A probe re-confirming a healthy state is a background chore (the clock is idle with only those left): liveness
  // starts out assumed healthy as in the kubelet, readiness once the container is ready. Probes that may still flip
  // something (not yet ready, a failure streak, startup) keep the clock busy.
  const steady = w.failures === 0 && (w.kind === 'liveness' || (w.kind === 'readiness' && cview(st, c.name).ready))
  w.timer = later(k, st, ms, () => tick(k, st, c, w), `${w.kind} probe ${st.key}/${c.name}`, { background: steady })
}

function tick(k: KubeletCore, st: PodState, c: Container, w: ProbeWorker): void {
  const pod = getPod(k, st)
  if (!pod || st.terminating || !st.running.has(c.name) || st.probes.get(`${w.kind}/${c.name}`) !== w) return
  const spec = specFor(c, w.kind)
  const incarnation = cview(st, c.name).containerID
  // httpGet/tcpSocket outcomes are known at once: apply them at this sim instant (deterministic at every speed).
  const now = k.runtime.probeNow?.(pod, c.name, spec)
  const outcome = now === undefined || now === null ? k.runtime.probe(pod, c.name, spec).catch(() => false) : null
  const apply = (res: Awaited<ReturnType<KubeletCore['runtime']['probe']>>) => {
    const current = () => live(k, st) && !st.terminating && st.running.has(c.name) && cview(st, c.name).containerID === incarnation && st.probes.get(`${w.kind}/${c.name}`) === w
    if (!current()) return
    const ok = typeof res === 'boolean' ? res : res.ok
    const message = typeof res === 'boolean' ? '' : res.message
    if (ok) {
      w.successes++
      w.failures = 0
    } else {
      w.failures++
      w.successes = 0
      const p = getPod(k, st)
      if (p) podEvent(k, p, 'Warning', 'Unhealthy', `${TITLE[w.kind]} probe failed: ${message}`, c.name)
    }
    const successThreshold = Number(spec.successThreshold ?? 1)
    const failureThreshold = Number(spec.failureThreshold ?? 3)
    const period = Number(spec.periodSeconds ?? 10) * 1000
    const v = cview(st, c.name)
    if (w.kind === 'readiness') {
      let ready = v.ready
      if (ok && w.successes >= successThreshold) ready = true
      if (!ok && w.failures >= failureThreshold) ready = false
      if (ready !== v.ready) {
        v.ready = ready
        writeStatus(k, st)
      }
    } else if (w.kind === 'startup' && ok && w.successes >= successThreshold) {
      // Started: hand over to readiness and liveness.
      st.probes.delete(`startup/${c.name}`)
      v.started = true
      v.ready = !c.readinessProbe
      writeStatus(k, st)
      if (c.readinessProbe) startWorker(k, st, c, 'readiness')
      if (c.livenessProbe) startWorker(k, st, c, 'liveness')
      return
    } else if (!ok && w.failures >= failureThreshold) {
      return killForProbe(k, st, c, w.kind as 'liveness' | 'startup', spec)
    }
    schedule(k, st, c, w, period)
  }
  if (outcome) void outcome.then(apply)
  else apply(now!)
}

/** A failed liveness/startup probe: stop the container (TERM, KILL after the grace period); its exit restarts it. */
function killForProbe(k: KubeletCore, st: PodState, c: Container, kind: 'liveness' | 'startup', spec: any): void {
  const pod = getPod(k, st)
  if (!pod) return
  stopProbes(st, c.name)
  st.probeKilled.add(c.name)
  podEvent(k, pod, 'Normal', 'Killing', `Container ${c.name} failed ${kind} probe, will be restarted`, c.name)
  const incarnation = cview(st, c.name).containerID
  k.runtime.stopContainer(st.uid, c.name, 'TERM')
  const grace = Number(spec.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000
  later(
    k,
    st,
    grace,
    () => {
      if (st.running.has(c.name) && cview(st, c.name).containerID === incarnation) k.runtime.stopContainer(st.uid, c.name, 'KILL')
    },
    `probe kill ${st.key}/${c.name}`,
  )
}
