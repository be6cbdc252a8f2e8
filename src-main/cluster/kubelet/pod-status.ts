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
  const time = prev && prev.status === status ? prev.time : now
  view.conditionTimes.set(type, { status, time })
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

export function buildStatus(pod: Pod, view: PodView, now: string): NonNullable<Pod['status']> {
  const unready = view.containers.filter((c) => !c.ready).map((c) => c.name)
  const finished = view.stage === 'finished'
  const initialized = initDone(view)
  const notReadyReason = finished ? 'PodCompleted' : 'ContainersNotReady'
  const notReadyMsg = finished ? undefined : `containers with unready status: [${unready.join(' ')}]`
  const incomplete = view.initContainers.filter((c) => c.state.terminated?.exitCode !== 0).map((c) => c.name)
  const conditions: PodCondition[] = [
    cond(view, now, 'PodReadyToStartContainers', view.sandbox && !finished),
    cond(view, now, 'Initialized', initialized || (finished && view.phase === 'Succeeded'), 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
    cond(view, now, 'Ready', !finished && unready.length === 0, notReadyReason, notReadyMsg),
    cond(view, now, 'ContainersReady', !finished && unready.length === 0, notReadyReason, notReadyMsg),
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
