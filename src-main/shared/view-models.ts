// What the renderer draws. Built in main from the store (app/views.ts), sent whole on every change (snapshots are
// small: a lesson cluster has tens of objects). Pure data: no node, no DOM.

export type PodPhaseView =
  | 'Pending'
  | 'ContainerCreating'
  | 'Running'
  | 'NotReady' // Running but not Ready
  | 'Terminating'
  | 'Failed'
  | 'Succeeded'
  | 'Unknown'

export interface PodView {
  name: string
  namespace: string
  uid: string
  status: string // the STATUS column, exactly as kubectl prints it
  phase: PodPhaseView // one visual language (ui.md)
  ready: boolean
  readyText: string // '1/1'
  ip: string | null
  node: string | null
  hostname: string | null
  restarts: number
  createdAt: number // sim epoch ms
  claims: string[] // claim names mounted
}

export interface ClaimView {
  name: string
  namespace: string
  phase: 'Pending' | 'Bound' | 'Lost' | 'Terminating'
  volume: string | null
  capacity: string | null
  accessModes: string[]
  storageClass: string | null
  mountedBy: string | null // pod name, if any pod uses it now
}

export interface VolumeFileView {
  path: string // relative to the volume root, '/index.html'
  size: number
  mtimeMs: number
  type: 'file' | 'dir'
}

export interface VolumeView {
  name: string // pvc-<uid>
  phase: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed' | 'Terminating'
  capacity: string
  reclaimPolicy: string
  claim: string | null // 'default/www-web-0'
  files: VolumeFileView[]
  /** Which pod (by name and uid) mounted it, from when to when. The storage lesson in one list. */
  attachHistory: { pod: string; podUid: string; from: number; to: number | null }[]
}

export interface LaneView {
  ordinal: number
  pod: PodView | null // null: the lane is empty (dashed outline)
  claims: ClaimView[] // claims of this ordinal, even when the pod is gone
  why: string | null // 'web-2 waits: web-1 is not Ready (OrderedReady)'
  /** Set when `why` is the scale-down note, so the renderer can word it in the UI language (`why` stays English). */
  kept?: { claims: string[]; policy: string }
}

export interface StatefulSetView {
  name: string
  namespace: string
  serviceName: string
  podManagementPolicy: 'OrderedReady' | 'Parallel'
  replicas: number
  readyReplicas: number
  lanes: LaneView[]
}

export interface DeploymentView {
  name: string
  namespace: string
  replicas: number
  readyReplicas: number
  pods: PodView[]
}

export interface DnsRecordView {
  name: string // 'web-0.nginx.default.svc.cluster.local'
  type: 'A' | 'SRV' | 'PTR'
  answer: string
}

export interface ServiceView {
  name: string
  namespace: string
  type: string
  clusterIP: string // 'None' for headless
  headless: boolean
  ports: string // '80/TCP'
  /** Per-pod names (headless) or the service name, with the IP they resolve to now (null: not resolvable yet). */
  dnsNames: { name: string; ip: string | null }[]
}

export interface EventView {
  type: 'Normal' | 'Warning'
  reason: string
  object: string // 'pod/web-0'
  message: string
  count: number
  lastSeen: number
}

export interface ClusterView {
  now: number // sim epoch ms
  namespace: string
  statefulSets: StatefulSetView[]
  deployments: DeploymentView[]
  pods: PodView[] // every pod in the namespace (graph uses lanes; table view uses this)
  services: ServiceView[]
  claims: ClaimView[]
  volumes: VolumeView[]
  dns: DnsRecordView[]
  events: EventView[] // newest first, capped
}

export type ClockSpeed = 'paused' | 0.25 | 1 | 4 | 20 | 'instant'
export interface ClockView {
  now: number
  speed: ClockSpeed
  pending: number // timers waiting
}

export type Locale = 'zh-CN' | 'en'

export type CheckState = 'passed' | 'waiting' | 'failed'
export interface CheckView {
  id: string
  label: string
  state: CheckState
  /** Why it is not passed yet: expected versus actual, in the learner's language. */
  explanation: string | null
  /** Only with `failed`: the state contradicts the step (✗, expected versus actual). Absent: the check has simply
   *  not happened yet (shown neutral, "not yet"). Additive; `state` alone decides whether a check passes. */
  contradicted?: boolean
}

export interface StepView {
  id: string
  title: string
  body: string // sanitized HTML rendered from the lesson Markdown
  checks: CheckView[]
  hints: string[] // all hints; the renderer reveals them one at a time
  solution: string[] // commands for "Show me"
  done: boolean
  assisted: boolean
  /** A predict-then-watch step (additive): the learner picks a choice, then the cluster decides. */
  quiz?: QuizView
}

export interface QuizView {
  question: string // sanitized inline HTML
  choices: { id: string; label: string }[] // label: sanitized inline HTML
  /** The learner's prediction, or null. */
  picked: string | null
  /** What the cluster did (a choice id, or the object name it saw), once observed. */
  observed: string | null
  /** null until observed; then whether the prediction matched. */
  correct: boolean | null
  /** Why that is what happens (sanitized inline HTML), once observed. */
  why: string | null
  /** No (more) picking: the cluster has answered. */
  locked: boolean
}

export interface LessonSummary {
  id: string
  number: number
  title: string
  available: boolean
  error: string | null // why it is unavailable (broken lesson file)
  completedSteps: number
  totalSteps: number
}

export interface LessonView {
  id: string
  number: number
  title: string
  intro: string // sanitized HTML
  locale: Locale
  untranslated: boolean // some string fell back to zh-CN
  steps: StepView[]
  currentStep: number
  workspace: string // the folder the terminal starts in
  /** Free play (additive): no checks; the panel shows `intro` as the free-play text and a "Reset" button. */
  sandbox?: boolean
  /** Additive: one line in the learner's language when the lesson started from a clean namespace and something was
   *  removed for it ("Lesson 3 starts from a clean namespace: removed statefulset/web, service/nginx, 2 claims."). */
  notice?: string
}

/** The progress file (export / import): every lesson's progress by lesson id. */
export interface ProgressExport {
  format: 'ordinal-progress'
  version: 1
  exportedAt: string // ISO time
  lessons: Record<string, unknown>
}
