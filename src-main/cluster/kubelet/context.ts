// What every kubelet stage shares: the per-pod state, the dependencies, and small helpers (timers bound to a pod,
// reading the pod back from the store, writing its status, recording events).
import type { Container, Pod } from '../api-types'
import type { Clock, ScheduleOptions, TimerHandle } from '../clock'
import type { Recorder } from '../controllers/events'
import type { NodeHealth } from '../nodes'
import { isStatusError } from '../store/errors'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import { getRef } from '../store/store'
import type { Store } from '../store/types'
import type { KubeletRuntime } from '../runtime/types'
import type { BackOff } from './backoff'
import type { IpPool } from './ip-pool'
import { buildStatus, type ContainerView, type PodView } from './pod-status'
import { updateRef } from '../store/refs'

export interface KubeletTiming {
  scheduleMs: number // bound → ContainerCreating
  pullMs: number // mean first pull of an image on a node
  createMs: number
  startMs: number
}
export const DEFAULT_TIMING: KubeletTiming = { scheduleMs: 1000, pullMs: 2000, createMs: 500, startMs: 500 }

/** The kubelet notices a container exit (PLEG relist) and re-syncs the pod about this long after. */
export const SYNC_DELAY_MS = 1000

export type ProbeKind = 'readiness' | 'liveness' | 'startup'

export interface ProbeWorker {
  kind: ProbeKind
  container: string
  successes: number
  failures: number
  timer?: TimerHandle
}

export interface PodState {
  uid: string
  key: string
  /** The key's parts, kept so the hot paths (every timer re-reads the pod) need not split the key again. */
  namespace: string | undefined
  name: string
  node: string
  view: PodView
  timers: Set<TimerHandle>
  running: Set<string> // containers (init or app) the runtime is running
  /** Containers with a pull/create/start in flight, so a re-sync doesn't start them twice. */
  starting: Set<string>
  /** Containers the kubelet killed for a failed liveness/startup probe (restart regardless of the exit code). */
  probeKilled: Set<string>
  probes: Map<string, ProbeWorker> // `${kind}/${container}`
  terminating: boolean
  deleted: boolean
  /** The node is down: nothing runs, nothing is reported. */
  frozen: boolean
  killAt?: number // sim ms when SIGKILL is due
}

const NONE: readonly PodState[] = Object.freeze([])

/** The kubelet's pod states by uid, plus an index by pod key ("ns/name"): a pod event finds the states of its key
 *  without scanning every pod on every node (that scan made a 1,000-pod StatefulSet quadratic). */
export class PodStates extends Map<string, PodState> {
  private byKey: Map<string, Set<PodState>> | undefined

  /** States for pod key `key`, oldest first (the order a scan of the map would visit them). */
  withKey(key: string): PodState[] {
    const s = this.byKey?.get(key)
    return s ? [...s] : []
  }

  /** States for pod key `key` whose uid is not `uid`, oldest first: what a pod event must forget. Usually none (no
   *  array is made then: this runs for every change of every pod). */
  staleFor(key: string, uid: string | undefined): readonly PodState[] {
    const s = this.byKey?.get(key)
    if (!s) return NONE
    let out: PodState[] | undefined
    for (const st of s) if (st.uid !== uid) (out ??= []).push(st)
    return out ?? NONE
  }

  override set(uid: string, st: PodState): this {
    const old = super.get(uid)
    super.set(uid, st)
    if (old === st) return this
    if (old) this.unindex(uid, old)
    this.byKey ??= new Map()
    let s = this.byKey.get(st.key)
    if (!s) this.byKey.set(st.key, (s = new Set()))
    s.add(st)
    return this
  }

  override delete(uid: string): boolean {
    const old = super.get(uid)
    if (old) this.unindex(uid, old)
    return super.delete(uid)
  }

  override clear(): void {
    this.byKey?.clear()
    super.clear()
  }

  private unindex(_uid: string, st: PodState): void {
    const s = this.byKey?.get(st.key)
    if (!s) return
    s.delete(st)
    if (!s.size) this.byKey!.delete(st.key)
  }
}

export interface KubeletCore {
  store: Store
  clock: Clock
  random: () => number
  runtime: KubeletRuntime
  recorder: Recorder
  health: NodeHealth
  timing: KubeletTiming
  states: PodStates // by pod uid
  imageCache: Map<string, Set<string>> // node → image refs present
  restartBackoff: BackOff
  pullBackoff: BackOff
  ips: IpPool
  disposed: boolean
  /** Every container has stopped after a delete: write the final status and remove the pod object. */
  finishTermination(st: PodState): void
}

export const nowStr = (k: KubeletCore) => rfc3339(k.clock.now())
const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0))
const hexScratch: number[] = []
/** `n` random hex digits (container ids): one random() per digit, in order, so the seeded sequence is unchanged.
 *  The char codes go into one reused array and become one flat string (no per-digit strings or concatenations). */
export function hex(k: KubeletCore, n: number): string {
  hexScratch.length = n
  for (let i = 0; i < n; i++) hexScratch[i] = HEX_CODES[Math.floor(k.random() * 16)]
  return String.fromCharCode.apply(null, hexScratch)
}

/** Can this pod's state still act? (not gone, not on a failed node, kubelet running) */
export const live = (k: KubeletCore, st: PodState) => !k.disposed && !st.deleted && !st.frozen

/** A timer owned by the pod: cancelled when the pod goes away or its node fails. */
export function later(k: KubeletCore, st: PodState, ms: number, fn: () => void, label: string, opts?: ScheduleOptions): TimerHandle {
  const h = k.clock.schedule(
    Math.max(0, ms),
    () => {
      st.timers.delete(h)
      if (live(k, st)) fn()
    },
    label,
    opts,
  )
  st.timers.add(h)
  return h
}

export function cancelTimers(st: PodState): void {
  for (const t of st.timers) t.cancel()
  st.timers.clear()
  for (const w of st.probes.values()) w.timer?.cancel()
  st.probes.clear()
}

/** The pod as stored, read-only (the store's frozen reference: no copy on the kubelet's hot path). */
export function getPod(k: KubeletCore, st: PodState): Pod | undefined {
  const p = getRef(k.store, GVRS.pods, st.namespace, st.name) as Pod | undefined
  return p && p.metadata.uid === st.uid ? p : undefined
}

export function writeStatus(k: KubeletCore, st: PodState): void {
  if (!live(k, st)) return
  const pod = getPod(k, st)
  if (!pod) return
  const status = buildStatus(pod, st.view, nowStr(k))
  try {
    updateRef(k.store, GVRS.pods, st.namespace, st.name, { ...pod, status }, { subresource: 'status' })
  } catch (e) {
    if (!(isStatusError(e) && e.code === 404)) throw e
  }
}

export function podEvent(k: KubeletCore, pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, container?: string, init = false): void {
  const path = container ? `spec.${init ? 'initContainers' : 'containers'}{${container}}` : undefined
  k.recorder.event(pod, type, reason, message, { component: 'kubelet', host: pod.spec.nodeName }, path)
}

export function specOf(pod: Pod, name: string): { c: Container; init: boolean } | undefined {
  const app = pod.spec.containers.find((c) => c.name === name)
  if (app) return { c: app, init: false }
  const init = (pod.spec.initContainers ?? []).find((c: Container) => c.name === name)
  return init ? { c: init, init: true } : undefined
}

export function cview(st: PodState, name: string): ContainerView {
  return st.view.containers.find((c) => c.name === name) ?? st.view.initContainers.find((c) => c.name === name)!
}

export function isInit(st: PodState, name: string): boolean {
  return st.view.initContainers.some((c) => c.name === name)
}
