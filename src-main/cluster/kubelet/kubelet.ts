// The kubelets of all simulated nodes. For each pod bound to a node: ContainerCreating, image pull (per-node
// cache, ErrImagePull → ImagePullBackOff), create + start through the runtime, Running/Ready (readiness probes),
// container exits per restartPolicy (CrashLoopBackOff), and graceful termination (TERM, KILL after the grace
// period, then the final delete). Timings are simulated ms on the injected clock.
import type { Container, Pod } from '../api-types'
import type { Clock, TimerHandle } from '../clock'
import { createQueue, nsKey, splitKey } from '../controllers/queue'
import type { Recorder } from '../controllers/events'
import { nodeSpec } from '../nodes'
import { isStatusError } from '../store/errors'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import type { Store } from '../store/types'
import type { KubeletRuntime } from '../runtime/types'
import { goDuration, imageID, normalizeImage } from './format'
import { buildStatus, type ContainerView, type PodView } from './pod-status'

export interface KubeletTiming {
  scheduleMs: number // bound → ContainerCreating
  pullMs: number // mean first pull of an image on a node
  createMs: number
  startMs: number
}
export const DEFAULT_TIMING: KubeletTiming = { scheduleMs: 1000, pullMs: 2000, createMs: 500, startMs: 500 }

interface PodState {
  uid: string
  key: string
  node: string
  view: PodView
  timers: Set<TimerHandle>
  running: Set<string> // containers the runtime is running
  terminating: boolean
  deleted: boolean
  pullBackoff: Map<string, number>
  probeFailures: Map<string, number>
  killAt?: number // sim ms when SIGKILL is due
}

export interface Kubelet {
  dispose(): void
}

export function startKubelet(deps: { store: Store; clock: Clock; random: () => number; runtime: KubeletRuntime; recorder: Recorder; timing?: Partial<KubeletTiming> }): Kubelet {
  const { store, clock, random, runtime, recorder } = deps
  const timing = { ...DEFAULT_TIMING, ...(deps.timing ?? {}) }
  const states = new Map<string, PodState>() // by pod uid
  const imageCache = new Map<string, Set<string>>() // node → image refs pulled
  const nextIP = new Map<string, number>() // node → next host octet
  const usedIPs = new Set<string>()
  let disposed = false
  const q = createQueue(clock, 'kubelet', reconcile)

  const now = () => rfc3339(clock.now())
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('')

  function later(st: PodState, ms: number, fn: () => void, label: string): void {
    const h = clock.schedule(
      ms,
      () => {
        st.timers.delete(h)
        if (!disposed && !st.deleted) fn()
      },
      label,
    )
    st.timers.add(h)
  }

  function allocateIP(node: string): string {
    const idx = nodeSpec(node)?.index ?? 1
    for (let tries = 0; tries < 260; tries++) {
      let n = nextIP.get(node) ?? 2
      if (n > 254) n = 2
      nextIP.set(node, n + 1)
      const ip = `10.244.${idx}.${n}`
      if (!usedIPs.has(ip)) {
        usedIPs.add(ip)
        return ip
      }
    }
    return `10.244.${idx}.254`
  }

  function getPod(st: PodState): Pod | undefined {
    const { namespace, name } = splitKey(st.key)
    try {
      const p = store.get(GVRS.pods, namespace, name) as Pod
      return p.metadata.uid === st.uid ? p : undefined
    } catch {
      return undefined
    }
  }

  function writeStatus(st: PodState): void {
    const pod = getPod(st)
    if (!pod) return
    const status = buildStatus(pod, st.view, now())
    const { namespace, name } = splitKey(st.key)
    try {
      store.update(GVRS.pods, namespace, name, { ...pod, status }, { subresource: 'status' })
    } catch (e) {
      if (!(isStatusError(e) && e.code === 404)) throw e
    }
  }

  const event = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, container?: string) =>
    recorder.event(pod, type, reason, message, { component: 'kubelet', host: pod.spec.nodeName }, container ? `spec.containers{${container}}` : undefined)

  const unwatch = store.watch(GVRS.pods, {}, (e) => q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!)))

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    let pod: Pod | undefined
    try {
      pod = store.get(GVRS.pods, namespace, name) as Pod
    } catch {
      pod = undefined
    }
    // Forget pods whose object is gone or was replaced by a new one with the same name.
    for (const st of [...states.values()]) {
      if (st.key === key && (!pod || pod.metadata.uid !== st.uid)) cleanup(st)
    }
    if (!pod || !pod.spec.nodeName || !nodeSpec(pod.spec.nodeName)) return
    let st = states.get(pod.metadata.uid!)
    if (!st) {
      if (pod.metadata.deletionTimestamp) {
        // Never started here (or after a restore): nothing to stop.
        finalDelete(pod)
        return
      }
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return
      st = newState(pod)
      states.set(st.uid, st)
      later(st, timing.scheduleMs, () => beginCreate(st!), `kubelet sync ${key}`)
      return
    }
    if (pod.metadata.deletionTimestamp && !st.terminating) beginTermination(st, pod)
    else if (pod.metadata.deletionTimestamp && st.killAt !== undefined) {
      // A second DELETE with a shorter grace period moves the SIGKILL deadline forward.
      const due = clock.now() + (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000
      if (due < st.killAt) scheduleKill(st, due - clock.now())
    }
  }

  function newState(pod: Pod): PodState {
    const node = pod.spec.nodeName!
    return {
      uid: pod.metadata.uid!,
      key: nsKey(pod.metadata.namespace, pod.metadata.name!),
      node,
      view: {
        stage: 'creating',
        phase: 'Pending',
        hostIP: nodeSpec(node)!.hostIP,
        startTime: now(),
        containers: pod.spec.containers.map((c) => ({
          name: c.name,
          image: c.image ?? '',
          imageID: '',
          state: { waiting: { reason: 'ContainerCreating' } },
          restartCount: 0,
          ready: false,
          started: false,
        })),
        conditionTimes: new Map(),
      },
      timers: new Set(),
      running: new Set(),
      terminating: false,
      deleted: false,
      pullBackoff: new Map(),
      probeFailures: new Map(),
    }
  }

  function beginCreate(st: PodState): void {
    const pod = getPod(st)
    if (!pod) return
    st.view.startTime = now()
    writeStatus(st)
    pullNext(st, 0)
  }

  function cview(st: PodState, name: string): ContainerView {
    return st.view.containers.find((c) => c.name === name)!
  }

  /** Pull (if needed) and start container `i`, then the next; the last one flips the pod to Running. */
  function pullNext(st: PodState, i: number): void {
    const pod = getPod(st)
    if (!pod || st.terminating) return
    const c = pod.spec.containers[i]
    if (!c) return becomeRunning(st)
    const image = c.image ?? ''
    const info = runtime.resolveImage(image)
    const cache = imageCache.get(st.node) ?? new Set<string>()
    imageCache.set(st.node, cache)
    const ref = info?.ref ?? normalizeImage(image)
    const policy = c.imagePullPolicy ?? 'IfNotPresent'
    if (policy !== 'Always' && cache.has(ref) && info) {
      event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, c.name)
      return createAndStart(st, i, c, ref, info.digest)
    }
    if (policy === 'Never') {
      const v = cview(st, c.name)
      v.state = { waiting: { reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` } }
      writeStatus(st)
      event(pod, 'Warning', 'ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`, c.name)
      return
    }
    event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, c.name)
    const ms = cache.has(ref) ? Math.round(200 + random() * 400) : Math.round(timing.pullMs * (0.5 + random()))
    later(
      st,
      ms,
      () => {
        const p = getPod(st)
        if (!p || st.terminating) return
        if (!info) return pullFailed(st, i, c, ref)
        cache.add(ref)
        st.pullBackoff.delete(c.name)
        event(p, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${info.sizeBytes} bytes.`, c.name)
        createAndStart(st, i, c, ref, info.digest)
      },
      `pull ${image}`,
    )
  }

  function pullFailed(st: PodState, i: number, c: Container, ref: string): void {
    const pod = getPod(st)
    if (!pod) return
    const image = c.image ?? ''
    const why = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`
    const v = cview(st, c.name)
    v.state = { waiting: { reason: 'ErrImagePull', message: why } }
    writeStatus(st)
    event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${why}`, c.name)
    event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', c.name)
    const backoff = Math.min(300_000, st.pullBackoff.get(c.name) ?? 10_000)
    st.pullBackoff.set(c.name, backoff * 2)
    later(
      st,
      1000,
      () => {
        const p = getPod(st)
        if (!p || st.terminating) return
        v.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } }
        writeStatus(st)
        event(p, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, c.name)
        event(p, 'Warning', 'Failed', 'Error: ImagePullBackOff', c.name)
        later(st, backoff, () => pullNext(st, i), `pull backoff ${image}`)
      },
      'image pull backoff',
    )
  }

  function createAndStart(st: PodState, i: number, c: Container, ref: string, digest: string): void {
    later(
      st,
      timing.createMs,
      () => {
        const pod = getPod(st)
        if (!pod || st.terminating) return
        const v = cview(st, c.name)
        v.image = ref
        v.imageID = imageID(ref, digest)
        v.containerID = `containerd://${hex(64)}`
        event(pod, 'Normal', 'Created', `Created container: ${c.name}`, c.name)
        later(
          st,
          timing.startMs,
          () => {
            const p = getPod(st)
            if (!p || st.terminating) return
            if (!st.view.podIP) st.view.podIP = allocateIP(st.node)
            startContainer(st, p, c)
            event(p, 'Normal', 'Started', `Started container ${c.name}`, c.name)
            if (st.view.stage === 'running') writeStatus(st)
            else pullNext(st, i + 1)
          },
          `start ${c.name}`,
        )
      },
      `create ${c.name}`,
    )
  }

  /** Hand the container to the runtime with the pod as it will look once Running (IP known). */
  function startContainer(st: PodState, pod: Pod, c: Container): void {
    const v = cview(st, c.name)
    v.state = { running: { startedAt: now() } }
    v.started = true
    v.ready = !c.readinessProbe
    const withIP: Pod = { ...pod, status: { ...(pod.status ?? {}), podIP: st.view.podIP, podIPs: [{ ip: st.view.podIP! }], hostIP: st.view.hostIP } }
    st.running.add(c.name)
    runtime.startContainer(withIP, c.name, (code) => onExit(st, c.name, code))
    if (c.readinessProbe) scheduleProbe(st, c, (c.readinessProbe.initialDelaySeconds ?? 0) * 1000)
  }

  function becomeRunning(st: PodState): void {
    st.view.stage = 'running'
    st.view.phase = 'Running'
    writeStatus(st)
  }

  function scheduleProbe(st: PodState, c: Container, delay: number): void {
    later(
      st,
      Math.max(delay, 0),
      () => {
        const pod = getPod(st)
        if (!pod || st.terminating || !st.running.has(c.name)) return
        const period = (c.readinessProbe.periodSeconds ?? 10) * 1000
        runtime
          .probe(pod, c.name, c.readinessProbe)
          .catch(() => false)
          .then((ok) => {
            if (disposed || st.deleted || st.terminating || !st.running.has(c.name)) return
            const v = cview(st, c.name)
            const fails = ok ? 0 : (st.probeFailures.get(c.name) ?? 0) + 1
            st.probeFailures.set(c.name, fails)
            const ready = ok ? true : v.ready && fails < (c.readinessProbe.failureThreshold ?? 3)
            if (!ok && fails === 1) {
              const p = getPod(st)
              if (p) event(p, 'Warning', 'Unhealthy', 'Readiness probe failed: ', c.name)
            }
            if (ready !== v.ready) {
              v.ready = ready
              if (st.view.stage === 'running') writeStatus(st)
            }
            scheduleProbe(st, c, period)
          })
      },
      `probe ${c.name}`,
    )
  }

  function onExit(st: PodState, name: string, code: number): void {
    if (disposed || st.deleted || !st.running.has(name)) return
    st.running.delete(name)
    const v = cview(st, name)
    const startedAt = v.state.running?.startedAt
    v.state = { terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', startedAt, finishedAt: now(), containerID: v.containerID } as any }
    v.ready = false
    if (st.terminating) {
      if (st.running.size === 0) finishTermination(st)
      return
    }
    const pod = getPod(st)
    if (!pod) return
    const policy = pod.spec.restartPolicy ?? 'Always'
    const restart = policy === 'Always' || (policy === 'OnFailure' && code !== 0)
    if (!restart) {
      if (st.running.size === 0 && st.view.containers.every((c) => c.state.terminated)) {
        const failed = st.view.containers.some((c) => (c.state.terminated?.exitCode ?? 0) !== 0)
        st.view.stage = 'finished'
        st.view.phase = failed ? 'Failed' : 'Succeeded'
      }
      writeStatus(st)
      return
    }
    writeStatus(st)
    const c = pod.spec.containers.find((x) => x.name === name)!
    const backoff = v.restartCount === 0 ? 1000 : Math.min(300_000, 10_000 * 2 ** (v.restartCount - 1))
    if (v.restartCount > 0) {
      later(
        st,
        500,
        () => {
          const p = getPod(st)
          if (!p || st.terminating) return
          v.lastState = v.state
          v.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(backoff)} restarting failed container=${name} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})` } }
          writeStatus(st)
          event(p, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`, name)
        },
        'crashloop',
      )
    }
    later(
      st,
      backoff,
      () => {
        const p = getPod(st)
        if (!p || st.terminating) return
        if (v.state.terminated) v.lastState = v.state
        v.restartCount++
        event(p, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, name)
        event(p, 'Normal', 'Created', `Created container: ${name}`, name)
        v.containerID = `containerd://${hex(64)}`
        startContainer(st, p, c)
        event(p, 'Normal', 'Started', `Started container ${name}`, name)
        writeStatus(st)
      },
      'restart container',
    )
  }

  function beginTermination(st: PodState, pod: Pod): void {
    st.terminating = true
    for (const t of st.timers) t.cancel()
    st.timers.clear()
    if (st.running.size === 0) return finishTermination(st)
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000
    for (const name of [...st.running]) {
      event(pod, 'Normal', 'Killing', `Stopping container ${name}`, name)
      runtime.stopContainer(st.uid, name, 'TERM')
    }
    scheduleKill(st, grace)
  }

  function scheduleKill(st: PodState, ms: number): void {
    st.killAt = clock.now() + ms
    const killAt = clock.schedule(
      ms,
      () => {
        if (disposed || st.deleted || st.running.size === 0) return
        for (const name of [...st.running]) runtime.stopContainer(st.uid, name, 'KILL')
        // A runtime that never reports the exit must not leave the pod Terminating forever.
        const h = clock.schedule(2000, () => {
          if (!disposed && !st.deleted && st.running.size) {
            for (const name of [...st.running]) onExit(st, name, 137)
          }
        }, 'kubelet kill fallback')
        st.timers.add(h)
      },
      `kill ${st.key}`,
    )
    st.timers.add(killAt)
  }

  function finishTermination(st: PodState): void {
    if (st.deleted) return
    for (const c of st.view.containers) {
      c.ready = false
      if (!c.state.terminated && c.started) c.state = { terminated: { exitCode: 0, reason: 'Completed', finishedAt: now() } as any }
    }
    writeStatus(st)
    const pod = getPod(st)
    for (const t of st.timers) t.cancel()
    st.timers.clear()
    st.deleted = true
    if (pod) finalDelete(pod)
    runtime.removePod(st.uid)
    if (st.view.podIP) usedIPs.delete(st.view.podIP)
    states.delete(st.uid)
  }

  function finalDelete(pod: Pod): void {
    try {
      store.delete(GVRS.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } })
    } catch (e) {
      if (!(isStatusError(e) && (e.code === 404 || e.code === 409))) throw e
    }
  }

  /** The pod object vanished (force delete) or was replaced: stop everything we had for it. */
  function cleanup(st: PodState): void {
    for (const t of st.timers) t.cancel()
    st.timers.clear()
    for (const name of [...st.running]) runtime.stopContainer(st.uid, name, 'KILL')
    st.running.clear()
    st.deleted = true
    runtime.removePod(st.uid)
    if (st.view.podIP) usedIPs.delete(st.view.podIP)
    states.delete(st.uid)
  }

  // Adopt pods that already exist (restore from a snapshot): running ones get their containers back, unchanged.
  for (const p of store.list(GVRS.pods).items as Pod[]) {
    if (!p.spec.nodeName || !nodeSpec(p.spec.nodeName)) continue
    if (p.status?.podIP) {
      usedIPs.add(p.status.podIP)
      const octet = Number(p.status.podIP.split('.')[3])
      nextIP.set(p.spec.nodeName, Math.max(nextIP.get(p.spec.nodeName) ?? 2, octet + 1))
    }
    if (p.status?.phase !== 'Running' || p.metadata.deletionTimestamp) continue
    const st = newState(p)
    st.view.stage = 'running'
    st.view.phase = 'Running'
    st.view.podIP = p.status.podIP
    st.view.startTime = p.status.startTime ?? now()
    for (const c of p.status.conditions ?? []) st.view.conditionTimes.set(c.type, { status: c.status, time: c.lastTransitionTime ?? now() })
    st.view.containers = p.spec.containers.map((c) => {
      const cs = p.status?.containerStatuses?.find((x) => x.name === c.name)
      return {
        name: c.name,
        image: cs?.image ?? c.image ?? '',
        imageID: cs?.imageID ?? '',
        containerID: cs?.containerID,
        state: cs?.state ?? { waiting: { reason: 'ContainerCreating' } },
        lastState: cs?.lastState,
        restartCount: cs?.restartCount ?? 0,
        ready: cs?.ready ?? false,
        started: cs?.started ?? false,
      }
    })
    states.set(st.uid, st)
    const cache = imageCache.get(st.node) ?? new Set<string>()
    imageCache.set(st.node, cache)
    for (const c of st.view.containers) {
      if (c.image) cache.add(c.image)
      if (!c.state.running) continue
      st.running.add(c.name)
      runtime.startContainer(p, c.name, (code) => onExit(st, c.name, code))
      const spec = p.spec.containers.find((x) => x.name === c.name)!
      if (spec.readinessProbe) scheduleProbe(st, spec, (spec.readinessProbe.periodSeconds ?? 10) * 1000)
    }
  }

  return {
    dispose() {
      disposed = true
      unwatch()
      q.dispose()
      for (const st of states.values()) for (const t of st.timers) t.cancel()
    },
  }
}
