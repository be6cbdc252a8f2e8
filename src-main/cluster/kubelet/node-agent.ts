// What happens to a node's pods when the node crashes and comes back. A crash kills every container and freezes the
// kubelet (no status is posted: the API keeps showing the last one). Recovery is a reboot: the kubelet posts Ready,
// finishes deletions it missed, forgets pods that were force-deleted meanwhile, and restarts the rest in a new
// sandbox (new IP; each container's restart count goes up and its last state is `Unknown`, exit code 255).
import { cancelTimers, getPod, nowStr, writeStatus, type KubeletCore, type PodState } from './context'
import { syncPod } from './containers'
import { cleanup, finishTermination } from './termination'

export function freezeNode(k: KubeletCore, node: string): void {
  for (const st of k.states.values()) {
    if (st.node !== node || st.frozen) continue
    st.frozen = true
    cancelTimers(st)
    st.starting.clear()
    const running = [...st.running]
    st.running.clear() // exits reported by the dying containers are ignored
    for (const name of running) k.runtime.stopContainer(st.uid, name, 'KILL')
  }
}

export function rebootNode(k: KubeletCore, node: string): void {
  for (const st of [...k.states.values()]) {
    if (st.node !== node || !st.frozen) continue
    st.frozen = false
    const pod = getPod(k, st)
    if (!pod) {
      cleanup(k, st)
      continue
    }
    if (pod.metadata.deletionTimestamp) {
      st.terminating = true
      markDead(k, st)
      finishTermination(k, st)
      continue
    }
    if (st.view.stage === 'finished') continue
    restartAfterReboot(k, st)
  }
}

function markDead(k: KubeletCore, st: PodState): void {
  const now = nowStr(k)
  for (const c of [...st.view.initContainers, ...st.view.containers]) {
    if (!c.state.running) continue
    c.state = { terminated: { exitCode: 255, reason: 'Unknown', startedAt: c.state.running.startedAt, finishedAt: now, containerID: c.containerID } }
    c.ready = false
    c.started = false
  }
}

function restartAfterReboot(k: KubeletCore, st: PodState): void {
  markDead(k, st)
  k.runtime.removePod(st.uid)
  k.ips.release(st.view.podIP)
  st.view.podIP = undefined
  st.view.sandbox = false
  const hasInit = st.view.initContainers.length > 0
  for (const c of st.view.initContainers) {
    c.lastState = c.state.terminated ? { terminated: c.state.terminated } : c.lastState
    c.state = { waiting: { reason: 'PodInitializing' } }
    c.containerID = undefined
  }
  for (const c of st.view.containers) {
    if (c.state.terminated) {
      c.lastState = { terminated: c.state.terminated }
      c.restartCount++
    }
    c.state = { waiting: { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' } }
    c.containerID = undefined
  }
  writeStatus(k, st)
  const h = k.clock.schedule(
    k.timing.scheduleMs,
    () => {
      st.timers.delete(h)
      syncPod(k, st)
    },
    `reboot ${st.key}`,
  )
  st.timers.add(h)
}

