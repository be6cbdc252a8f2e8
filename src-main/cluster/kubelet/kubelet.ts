// The kubelets of all simulated nodes. For each pod bound to a node: ContainerCreating, image pulls (image-pull.ts),
// init then app containers per restartPolicy (containers.ts), probes (probe-workers.ts), graceful termination
// (termination.ts), and node crash/recovery (node-agent.ts). Reconcile re-reads the pod from the store; timings
// are simulated ms on the injected clock.
import type { Pod } from '../api-types'
import type { Clock } from '../clock'
import { createQueue, nsKey, splitKey } from '../controllers/queue'
import type { Recorder } from '../controllers/events'
import { NODES, nodeSpec, type NodeHealth } from '../nodes'
import { GVRS } from '../store/registry'
import { getRef, listRefs, watchRefs } from '../store/store'
import type { Store } from '../store/types'
import { NODE_PRELOADED_IMAGES } from '../runtime/images'
import type { KubeletRuntime } from '../runtime/types'
import { BackOff } from './backoff'
import { syncPod } from './containers'
import { DEFAULT_TIMING, later, nowStr, PodStates, writeStatus, type KubeletCore, type KubeletTiming, type PodState } from './context'
import { IpPool } from './ip-pool'
import { freezeNode, rebootNode } from './node-agent'
import { postReady } from './node-status'
import { adoptRunningPod } from './restore'
import { beginTermination, cleanup, finalDelete, finishTermination, shortenGrace } from './termination'

export { DEFAULT_TIMING, type KubeletTiming } from './context'

export interface Kubelet {
  dispose(): void
}

export function startKubelet(deps: {
  store: Store
  clock: Clock
  random: () => number
  runtime: KubeletRuntime
  recorder: Recorder
  health: NodeHealth
  timing?: Partial<KubeletTiming>
}): Kubelet {
  const { store, clock } = deps
  const k: KubeletCore = {
    store,
    clock,
    random: deps.random,
    runtime: deps.runtime,
    recorder: deps.recorder,
    health: deps.health,
    timing: { ...DEFAULT_TIMING, ...(deps.timing ?? {}) },
    states: new PodStates(),
    imageCache: new Map(NODES.map((n) => [n.name, new Set(NODE_PRELOADED_IMAGES)])),
    restartBackoff: new BackOff(),
    pullBackoff: new BackOff(),
    ips: new IpPool(),
    disposed: false,
    finishTermination: (st) => finishTermination(k, st),
  }
  const q = createQueue(clock, 'kubelet', reconcile)
  const unwatch = watchRefs(store, GVRS.pods, {}, (e) => q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!)))
  const unhealth = deps.health.onChange((node, up) => {
    deps.runtime.setNodeReachable?.(node, up)
    if (!up) return freezeNode(k, node)
    postReady(store, deps.recorder, clock.now(), node)
    rebootNode(k, node)
    // Pods bound, deleted or force-deleted while the node was down.
    for (const p of listRefs(store, GVRS.pods, { fieldSelector: `spec.nodeName=${node}` })) q.add(nsKey(p.metadata.namespace, p.metadata.name!))
  })

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    // The stored (frozen) pod: reconcile only reads it; status writes go through writeStatus's spread copy.
    const pod = getRef(store, GVRS.pods, namespace, name) as Pod | undefined
    // Forget pods whose object is gone or was replaced by a new one with the same name.
    for (const st of k.states.staleFor(key, pod?.metadata.uid)) cleanup(k, st)
    if (!pod || !pod.spec.nodeName || !nodeSpec(pod.spec.nodeName)) return
    if (!k.health.isUp(pod.spec.nodeName)) return // nobody there to see it; recovery re-queues the node's pods
    const st = k.states.get(pod.metadata.uid!)
    if (!st) {
      if (pod.metadata.deletionTimestamp) {
        // Never started here (or after a restore): nothing to stop.
        finalDelete(k, pod)
        return
      }
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return
      const fresh = newState(k, pod)
      k.states.set(fresh.uid, fresh)
      later(k, fresh, k.timing.scheduleMs, () => beginCreate(fresh), `kubelet sync ${key}`)
      return
    }
    if (st.frozen) return
    if (pod.metadata.deletionTimestamp && !st.terminating) beginTermination(k, st, pod)
    else if (pod.metadata.deletionTimestamp) shortenGrace(k, st, pod)
  }

  function beginCreate(st: PodState): void {
    st.view.startTime = nowStr(k)
    writeStatus(k, st)
    syncPod(k, st)
  }

  // Adopt pods that already exist (restore from a snapshot): running ones get their containers back, unchanged.
  for (const p of store.list(GVRS.pods).items as Pod[]) {
    if (!p.spec.nodeName || !nodeSpec(p.spec.nodeName)) continue
    if (p.status?.podIP) k.ips.reserve(p.spec.nodeName, p.status.podIP)
    if (p.status?.phase !== 'Running' || p.metadata.deletionTimestamp) continue
    adoptRunningPod(k, p, newState(k, p))
  }
  // A restored snapshot may hold nodes that were down when it was taken: their kubelets are running now.
  for (const n of NODES) if (deps.health.isUp(n.name)) postReady(store, deps.recorder, clock.now(), n.name)

  return {
    dispose() {
      k.disposed = true
      unwatch()
      unhealth()
      q.dispose()
      for (const st of k.states.values()) for (const t of st.timers) t.cancel()
    },
  }
}

export function newState(k: KubeletCore, pod: Pod): PodState {
  const node = pod.spec.nodeName!
  const inits = pod.spec.initContainers ?? []
  const view = (c: { name: string; image?: string }, reason: string) => ({
    name: c.name,
    image: c.image ?? '',
    imageID: '',
    state: { waiting: { reason } },
    restartCount: 0,
    ready: false,
    started: false,
  })
  return {
    uid: pod.metadata.uid!,
    key: nsKey(pod.metadata.namespace, pod.metadata.name!),
    namespace: pod.metadata.namespace || undefined,
    name: pod.metadata.name!,
    node,
    view: {
      stage: 'creating',
      phase: 'Pending',
      hostIP: nodeSpec(node)!.hostIP,
      startTime: nowStr(k),
      sandbox: false,
      initContainers: inits.map((c) => view(c, 'PodInitializing')),
      containers: pod.spec.containers.map((c) => view(c, inits.length ? 'PodInitializing' : 'ContainerCreating')),
      conditionTimes: new Map(),
    },
    timers: new Set(),
    running: new Set(),
    starting: new Set(),
    probeKilled: new Set(),
    probes: new Map(),
    terminating: false,
    deleted: false,
    frozen: false,
  }
}
