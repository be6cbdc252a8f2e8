// Builds a pod's status from the kubelet's view of it. One function, so every status write is consistent:
// conditions in the order `kubectl describe` shows them, container statuses with containerd ids.
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
  containers: ContainerView[]
  conditionTimes: Map<string, { status: string; time: string }>
}

function cond(view: PodView, now: string, type: string, ok: boolean, reason?: string, message?: string) {
  const status = ok ? 'True' : 'False'
  const prev = view.conditionTimes.get(type)
  const time = prev && prev.status === status ? prev.time : now
  view.conditionTimes.set(type, { status, time })
  const c: Record<string, unknown> = { lastProbeTime: null, lastTransitionTime: time, status, type }
  if (!ok && reason) c.reason = reason
  if (!ok && message) c.message = message
  return c
}

export function buildStatus(pod: Pod, view: PodView, now: string): NonNullable<Pod['status']> {
  const unready = view.containers.filter((c) => !c.ready).map((c) => c.name)
  const finished = view.stage === 'finished'
  const notReadyReason = finished ? 'PodCompleted' : 'ContainersNotReady'
  const notReadyMsg = finished ? undefined : `containers with unready status: [${unready.join(' ')}]`
  const sandboxReady = view.stage === 'running' || (view.stage === 'finished' && !!view.podIP)
  const conditions = [
    cond(view, now, 'PodReadyToStartContainers', sandboxReady && !finished),
    cond(view, now, 'Initialized', true),
    cond(view, now, 'Ready', !finished && unready.length === 0, notReadyReason, notReadyMsg),
    cond(view, now, 'ContainersReady', !finished && unready.length === 0, notReadyReason, notReadyMsg),
    cond(view, now, 'PodScheduled', true),
  ]
  const containerStatuses = view.containers.map((c) => {
    const s: Record<string, unknown> = {}
    if (c.containerID) s.containerID = c.containerID
    s.image = c.image
    s.imageID = c.imageID
    s.lastState = c.lastState ?? {}
    s.name = c.name
    s.ready = c.ready
    s.restartCount = c.restartCount
    s.started = c.started
    s.state = c.state
    return s as unknown as ContainerStatus
  })
  const status: NonNullable<Pod['status']> = {
    conditions: conditions as any,
    containerStatuses,
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    phase: view.phase,
    qosClass: pod.status?.qosClass ?? 'BestEffort',
    startTime: view.startTime,
  }
  if (view.podIP) {
    status.podIP = view.podIP
    status.podIPs = [{ ip: view.podIP }]
  }
  return status
}
