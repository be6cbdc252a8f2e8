// Graceful termination: TERM to every running container (`Killing` events), KILL once the grace period
// (deletionGracePeriodSeconds) runs out, then the final status (1.27+ kubelets give a deleted pod a terminal phase:
// Succeeded when every container exited 0, else Failed) and the final delete with grace 0.
import type { Pod } from '../api-types'
import { isStatusError } from '../store/errors'
import { GVRS } from '../store/registry'
import { cancelTimers, getPod, live, podEvent, writeStatus, type KubeletCore, type PodState } from './context'
import { onExit } from './containers'
import { deleteRef } from '../store/refs'

export function beginTermination(k: KubeletCore, st: PodState, pod: Pod): void {
  st.terminating = true
  cancelTimers(st)
  st.starting.clear()
  if (st.running.size === 0) return finishTermination(k, st)
  const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000
  for (const name of [...st.running]) {
    podEvent(k, pod, 'Normal', 'Killing', `Stopping container ${name}`, name, !pod.spec.containers.some((c) => c.name === name))
    k.runtime.stopContainer(st.uid, name, 'TERM')
  }
  if (st.running.size) scheduleKill(k, st, grace)
}

/** A second DELETE with a shorter grace period moves the SIGKILL deadline forward. */
export function shortenGrace(k: KubeletCore, st: PodState, pod: Pod): void {
  if (st.killAt === undefined) return
  const due = k.clock.now() + (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000
  if (due < st.killAt) scheduleKill(k, st, due - k.clock.now())
}

function scheduleKill(k: KubeletCore, st: PodState, ms: number): void {
  st.killAt = k.clock.now() + ms
  const h = k.clock.schedule(
    ms,
    () => {
      st.timers.delete(h)
      if (!live(k, st) || st.running.size === 0 || st.killAt !== k.clock.now()) return
      for (const name of [...st.running]) k.runtime.stopContainer(st.uid, name, 'KILL')
      // A runtime that never reports the exit must not leave the pod Terminating forever.
      const fallback = k.clock.schedule(
        2000,
        () => {
          st.timers.delete(fallback)
          if (live(k, st)) for (const name of [...st.running]) onExit(k, st, name, 137)
        },
        'kubelet kill fallback',
      )
      st.timers.add(fallback)
    },
    `kill ${st.key}`,
  )
  st.timers.add(h)
}

export function finishTermination(k: KubeletCore, st: PodState): void {
  if (st.deleted) return
  let failed = false
  for (const c of [...st.view.initContainers, ...st.view.containers]) {
    c.ready = false
    const t = c.state.terminated
    if (t) {
      if (t.exitCode !== 0 && !st.view.initContainers.includes(c)) failed = true
    } else if (!st.view.initContainers.includes(c)) failed = true
  }
  if (st.view.stage !== 'finished') {
    st.view.stage = 'finished'
    st.view.phase = failed ? 'Failed' : 'Succeeded'
  }
  writeStatus(k, st)
  const pod = getPod(k, st)
  cancelTimers(st)
  st.deleted = true
  if (pod) finalDelete(k, pod)
  release(k, st)
}

export function finalDelete(k: KubeletCore, pod: Pod): void {
  try {
    deleteRef(k.store, GVRS.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } })
  } catch (e) {
    if (!(isStatusError(e) && (e.code === 404 || e.code === 409))) throw e
  }
}

/** The pod object vanished (force delete) or was replaced: stop everything we had for it. */
export function cleanup(k: KubeletCore, st: PodState): void {
  cancelTimers(st)
  for (const name of [...st.running]) k.runtime.stopContainer(st.uid, name, 'KILL')
  st.running.clear()
  st.deleted = true
  release(k, st)
}

function release(k: KubeletCore, st: PodState): void {
  k.runtime.removePod(st.uid)
  k.ips.release(st.view.podIP)
  k.restartBackoff.forgetPrefix(st.uid + '/')
  k.pullBackoff.forgetPrefix(st.uid + '/')
  k.states.delete(st.uid)
}

