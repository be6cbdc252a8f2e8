// Builds a pod's status from the kubelet's view of it. One function, so every status write is consistent:
// conditions in the order `kubectl describe` shows them, init and app container statuses with containerd ids.
// Conditions written by others (DisruptionTarget from the taint manager or an eviction) are kept.
import type { ContainerStatus, Pod } from '../api-types'

export type Stage = 'creating' | 'running' | 'finished'

export interface ContainerView {
  name: string
  image: string // normalized ref once pulled, else the spec image
  imageID: string
  containerID?: string
  state: ContainerStatus['state']
  lastState?: ContainerStatus['state']
  restartCount: number
  ready: boolean
  started: boolean
}

export interface PodView {
  stage: Stage
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed'
  hostIP: string
  podIP?: string
  startTime: string
  /** The sandbox exists (network set up): PodReadyToStartContainers. */
  sandbox: boolean
  initContainers: ContainerView[]
  containers: ContainerView[]
  conditionTimes: Map<string, { status: string; time: string }>
}

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'])

type PodCondition = NonNullable<NonNullable<Pod['status']>['conditions']>[number]

function cond(view: PodView, now: string, type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False'
  const prev = view.conditionTimes.get(type)
  let time = now
  // Unchanged since the last write: keep its transition time (and the entry: nothing to record).
  if (prev && prev.status === status) time = prev.time
  else view.conditionTimes.set(type, { status, time })
  const c: PodCondition = { lastProbeTime: null, lastTransitionTime: time, status, type }
  if (!ok && reason) c.reason = reason
  if (!ok && message) c.message = message
  return c
}

/** Init containers are done when each has terminated with exit code 0. */
export function initDone(view: PodView): boolean {
  return view.initContainers.every((c) => c.state.terminated?.exitCode === 0)
}

function statusOf(c: ContainerView): ContainerStatus {
  // Key order as the kubelet serializes a ContainerStatus (what `-o yaml` shows). Plain literals, no spread of an
  // optional part: this runs for every container on every status the kubelet builds.
  const lastState = c.lastState ?? {}
  if (!c.containerID) return { image: c.image, imageID: c.imageID, lastState, name: c.name, ready: c.ready, restartCount: c.restartCount, started: c.started, state: c.state }
  return { containerID: c.containerID, image: c.image, imageID: c.imageID, lastState, name: c.name, ready: c.ready, restartCount: c.restartCount, started: c.started, state: c.state }
}

/** `a b c` of the names of `list` that `pick` selects (the kubelet's bracketed lists in condition messages). */
function names(list: ContainerView[], pick: (c: ContainerView) => boolean): string {
  let s = ''
  for (const c of list) if (pick(c)) s = s ? `${s} ${c.name}` : c.name
  return s
}

const unreadyOf = (c: ContainerView) => !c.ready
const incompleteOf = (c: ContainerView) => c.state.terminated?.exitCode !== 0

export function buildStatus(pod: Pod, view: PodView, now: string): NonNullable<Pod['status']> {
  const allReady = view.containers.every((c) => c.ready)
  const finished = view.stage === 'finished'
  const initialized = initDone(view)
  const initOk = initialized || (finished && view.phase === 'Succeeded')
  const ready = !finished && allReady
  const notReadyReason = finished ? 'PodCompleted' : 'ContainersNotReady'
  // The messages only appear on a False condition: build them only then (most status writes have neither).
  const notReadyMsg = finished || ready ? undefined : `containers with unready status: [${names(view.containers, unreadyOf)}]`
  const initMsg = initOk ? undefined : `containers with incomplete status: [${names(view.initContainers, incompleteOf)}]`
  const conditions: PodCondition[] = [
    cond(view, now, 'PodReadyToStartContainers', view.sandbox && !finished),
    cond(view, now, 'Initialized', initOk, 'ContainersNotInitialized', initMsg),
    cond(view, now, 'Ready', ready, notReadyReason, notReadyMsg),
    cond(view, now, 'ContainersReady', ready, notReadyReason, notReadyMsg),
    cond(view, now, 'PodScheduled', true),
  ]
  for (const c of pod.status?.conditions ?? []) if (!KUBELET_CONDITIONS.has(c.type)) conditions.push(c)
  const status: NonNullable<Pod['status']> = {
    conditions,
    containerStatuses: view.containers.map(statusOf),
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    phase: view.phase,
    qosClass: pod.status?.qosClass ?? 'BestEffort',
    startTime: view.startTime,
  }
  if (view.initContainers.length) status.initContainerStatuses = view.initContainers.map(statusOf)
  if (view.podIP) {
    status.podIP = view.podIP
    status.podIPs = [{ ip: view.podIP }]
  }
  return status
}
