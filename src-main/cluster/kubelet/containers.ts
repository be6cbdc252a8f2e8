// The pod's containers, in the kubelet's order: init containers one at a time (each must exit 0), then the app
// containers. Exits follow restartPolicy; restarts wait out the per-container back-off (first restart at once,
// then 10s doubling to 5m: CrashLoopBackOff), and a pod that will not restart ends Succeeded or Failed.
import type { Container, Pod } from '../api-types'
import { goDuration } from './format'
import {
  cview,
  getPod,
  hex,
  isInit,
  later,
  live,
  nowStr,
  podEvent,
  specOf,
  SYNC_DELAY_MS,
  writeStatus,
  type KubeletCore,
  type PodState,
} from './context'
import { ensureImage } from './image-pull'
import { startProbes, stopProbes } from './probe-workers'
import type { ContainerView } from './pod-status'

/** Bring the pod forward one step: the next init container, or the app containers that need (re)starting. */
export function syncPod(k: KubeletCore, st: PodState): void {
  if (!live(k, st) || st.terminating || st.view.stage === 'finished') return
  const pod = getPod(k, st)
  if (!pod) return
  const inits: Container[] = pod.spec.initContainers ?? []
  for (const c of inits) {
    const v = cview(st, c.name)
    if (v.state.terminated?.exitCode === 0) continue
    if (st.running.has(c.name) || st.starting.has(c.name)) return
    if (v.state.terminated || v.lastState?.terminated) return restartWithBackoff(k, st, pod, c, true)
    return createAndStart(k, st, pod, c, true)
  }
  for (const c of pod.spec.containers) {
    const v = cview(st, c.name)
    if (st.running.has(c.name) || st.starting.has(c.name)) continue
    if (!v.containerID) {
      // First start: one container at a time, in order (the kubelet pulls and starts them serially).
      if ([...st.starting].some((n) => !isInit(st, n))) return
      createAndStart(k, st, pod, c, false)
      return
    }
    if (needsRestart(pod, st, v)) restartWithBackoff(k, st, pod, c, false)
  }
}

function needsRestart(pod: Pod, st: PodState, v: ContainerView): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always'
  if (v.state.waiting?.reason === 'CrashLoopBackOff') return true
  const t = v.state.terminated
  if (!t) return false
  if (st.probeKilled.has(v.name)) return policy !== 'Never'
  return policy === 'Always' || (policy === 'OnFailure' && t.exitCode !== 0)
}

function finishedAt(v: ContainerView): number {
  const t = v.state.terminated ?? v.lastState?.terminated
  return t?.finishedAt ? Date.parse(t.finishedAt) : 0
}

/** Restart now if the back-off allows, else show CrashLoopBackOff and come back when it expires. */
function restartWithBackoff(k: KubeletCore, st: PodState, pod: Pod, c: Container, init: boolean): void {
  const v = cview(st, c.name)
  const key = `${st.uid}/${c.name}`
  const exitAt = finishedAt(v)
  const wait = k.restartBackoff.remainingSince(key, exitAt, k.clock.now())
  if (wait > 0) {
    const backoff = k.restartBackoff.get(key)
    if (v.state.terminated) v.lastState = { terminated: v.state.terminated }
    const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`
    v.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(backoff)} restarting failed container=${c.name} pod=${podRef}` } }
    writeStatus(k, st)
    podEvent(k, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef}`, c.name, init)
    later(k, st, wait, () => syncPod(k, st), `crashloop ${st.key}/${c.name}`)
    return
  }
  k.restartBackoff.next(key, exitAt)
  if (v.state.terminated) v.lastState = { terminated: v.state.terminated }
  v.restartCount++
  st.probeKilled.delete(c.name)
  createAndStart(k, st, pod, c, init)
}

/** Pull (if needed), create and start one container; then sync again for the next one. */
function createAndStart(k: KubeletCore, st: PodState, pod: Pod, c: Container, init: boolean): void {
  st.starting.add(c.name)
  ensureImage(k, st, c, init, (ref, digest) => {
    later(
      k,
      st,
      k.timing.createMs,
      () => {
        const p = getPod(k, st)
        if (!p || st.terminating) return
        const v = cview(st, c.name)
        v.image = ref
        v.imageID = imageIdOf(ref, digest)
        v.containerID = `containerd://${hex(k, 64)}`
        podEvent(k, p, 'Normal', 'Created', `Created container: ${c.name}`, c.name, init)
        later(
          k,
          st,
          k.timing.startMs,
          () => {
            const p2 = getPod(k, st)
            if (!p2 || st.terminating) return
            st.starting.delete(c.name)
            run(k, st, p2, c)
            podEvent(k, p2, 'Normal', 'Started', `Started container ${c.name}`, c.name, init)
            if (st.view.stage === 'creating' && !init && st.view.containers.every((x) => x.containerID)) {
              st.view.stage = 'running'
              st.view.phase = 'Running'
            }
            writeStatus(k, st)
            syncPod(k, st)
          },
          `start ${c.name}`,
        )
      },
      `create ${c.name}`,
    )
  })
}

function imageIdOf(ref: string, digest: string): string {
  if (ref.includes('@')) return ref
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  return `${colon > slash ? ref.slice(0, colon) : ref}@${digest}`
}

/** Hand the container to the runtime with the pod as it will look once it has an IP. */
export function run(k: KubeletCore, st: PodState, pod: Pod, c: Container): void {
  if (!st.view.podIP) st.view.podIP = k.ips.allocate(st.node)
  st.view.sandbox = true
  const v = cview(st, c.name)
  const init = isInit(st, c.name)
  v.state = { running: { startedAt: nowStr(k) } }
  v.started = init || !c.startupProbe
  v.ready = !init && !c.readinessProbe && !c.startupProbe
  const withIP: Pod = { ...pod, status: { ...(pod.status ?? {}), podIP: st.view.podIP, podIPs: [{ ip: st.view.podIP }], hostIP: st.view.hostIP } }
  st.running.add(c.name)
  k.runtime.startContainer(withIP, c.name, (code) => onExit(k, st, c.name, code))
  if (!init && st.running.has(c.name)) startProbes(k, st, c)
}

export function onExit(k: KubeletCore, st: PodState, name: string, code: number): void {
  if (!live(k, st) || !st.running.has(name)) return
  st.running.delete(name)
  stopProbes(st, name)
  const v = cview(st, name)
  const startedAt = v.state.running?.startedAt
  v.state = { terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', startedAt, finishedAt: nowStr(k), containerID: v.containerID } }
  v.ready = false
  v.started = false
  if (st.terminating) {
    // The last exit goes out together with the terminal phase (one status write, as the kubelet does).
    if (st.running.size === 0) k.finishTermination(st)
    else writeStatus(k, st)
    return
  }
  const pod = getPod(k, st)
  if (!pod) return
  const policy = pod.spec.restartPolicy ?? 'Always'
  const found = specOf(pod, name)
  if (found?.init) {
    if (code !== 0 && policy === 'Never') {
      st.view.stage = 'finished'
      st.view.phase = 'Failed'
      markNeverStarted(st)
    }
    writeStatus(k, st)
    later(k, st, code === 0 ? 0 : SYNC_DELAY_MS, () => syncPod(k, st), `sync ${st.key}`)
    return
  }
  if (!needsRestart(pod, st, v)) {
    const idle = st.running.size === 0 && st.starting.size === 0
    if (idle && st.view.containers.every((c) => c.state.terminated && !needsRestart(pod, st, c))) {
      st.view.stage = 'finished'
      st.view.phase = st.view.containers.some((c) => (c.state.terminated?.exitCode ?? 0) !== 0) ? 'Failed' : 'Succeeded'
    }
    writeStatus(k, st)
    return
  }
  writeStatus(k, st)
  later(k, st, SYNC_DELAY_MS, () => syncPod(k, st), `sync ${st.key}`)
}

/** App containers that never ran when the pod failed during init stay waiting with PodInitializing. */
function markNeverStarted(st: PodState): void {
  for (const c of st.view.containers) if (!c.containerID) c.state = { waiting: { reason: 'PodInitializing' } }
}

