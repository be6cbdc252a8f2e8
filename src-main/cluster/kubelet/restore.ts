// Restoring from a snapshot: a pod that was Running gets its containers back with the status it had (same
// restart counts, same IP), and its probes start again.
import type { Pod } from '../api-types'
import type { KubeletCore, PodState } from './context'
import { onExit } from './containers'
import { startProbes } from './probe-workers'
import type { ContainerView } from './pod-status'

export function adoptRunningPod(k: KubeletCore, p: Pod, st: PodState): void {
  st.view.stage = 'running'
  st.view.phase = 'Running'
  st.view.podIP = p.status?.podIP
  st.view.sandbox = !!p.status?.podIP
  st.view.startTime = p.status?.startTime ?? st.view.startTime
  for (const c of p.status?.conditions ?? []) st.view.conditionTimes.set(c.type, { status: c.status, time: c.lastTransitionTime ?? st.view.startTime })
  const fromStatus = (name: string, image: string | undefined, list: any[] | undefined): ContainerView => {
    const cs = list?.find((x) => x.name === name)
    return {
      name,
      image: cs?.image ?? image ?? '',
      imageID: cs?.imageID ?? '',
      containerID: cs?.containerID,
      state: cs?.state ?? { waiting: { reason: 'ContainerCreating' } },
      lastState: cs?.lastState && Object.keys(cs.lastState).length ? cs.lastState : undefined,
      restartCount: cs?.restartCount ?? 0,
      ready: cs?.ready ?? false,
      started: cs?.started ?? false,
    }
  }
  st.view.initContainers = (p.spec.initContainers ?? []).map((c) => fromStatus(c.name, c.image, p.status?.initContainerStatuses))
  st.view.containers = p.spec.containers.map((c) => fromStatus(c.name, c.image, p.status?.containerStatuses))
  k.states.set(st.uid, st)
  let cache = k.imageCache.get(st.node)
  if (!cache) k.imageCache.set(st.node, (cache = new Set<string>()))
  for (const c of st.view.containers) {
    if (c.image) cache.add(c.image)
    if (!c.state.running) continue
    st.running.add(c.name)
    k.runtime.startContainer(p, c.name, (code) => onExit(k, st, c.name, code))
    const spec = p.spec.containers.find((x) => x.name === c.name)!
    // Probes resume where they were: a ready container stays ready until its probe says otherwise.
    startProbes(k, st, spec)
  }
}
