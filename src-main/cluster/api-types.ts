// Kubernetes object shapes the simulator stores and serves. Plain JSON: no classes, so objects round-trip through
// the REST API, SQLite and structuredClone unchanged. Typed loosely on purpose: the API server accepts any field.

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  finalizers?: string[]
  managedFields?: unknown[]
  [key: string]: unknown
}

/** Any API object. `spec`/`status` are left open; controllers narrow them with the interfaces below. */
export interface KObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  spec?: any
  status?: any
  [key: string]: any
}

/** metav1.Status, the body of every API error and of some deletes. */
export interface StatusCause {
  reason?: string
  message?: string
  field?: string
}
export interface Status {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, unknown>
  status: 'Success' | 'Failure'
  message?: string
  reason?: string
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number }
  code?: number
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[]
}

export interface Container {
  name: string
  image?: string
  command?: string[]
  args?: string[]
  env?: { name: string; value?: string; valueFrom?: unknown }[]
  ports?: { name?: string; containerPort: number; protocol?: string }[]
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[]
  readinessProbe?: any
  livenessProbe?: any
  startupProbe?: any
  stdin?: boolean
  stdinOnce?: boolean
  tty?: boolean
  imagePullPolicy?: string
  [key: string]: any
}

export interface PodSpec {
  containers: Container[]
  initContainers?: Container[]
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string; readOnly?: boolean }; emptyDir?: object; [k: string]: any }[]
  restartPolicy?: 'Always' | 'OnFailure' | 'Never'
  nodeName?: string
  nodeSelector?: Record<string, string>
  hostname?: string
  subdomain?: string
  terminationGracePeriodSeconds?: number
  dnsPolicy?: string
  [key: string]: any
}

export interface Pod extends KObject {
  kind: 'Pod'
  spec: PodSpec
  status?: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'
    reason?: string
    conditions?: { type: string; status: 'True' | 'False' | 'Unknown'; lastProbeTime?: string | null; lastTransitionTime?: string; reason?: string; message?: string }[]
    podIP?: string
    podIPs?: { ip: string }[]
    hostIP?: string
    startTime?: string
    containerStatuses?: ContainerStatus[]
    initContainerStatuses?: ContainerStatus[]
    [key: string]: any
  }
}

export interface ContainerStatus {
  name: string
  ready: boolean
  started?: boolean
  restartCount: number
  image: string
  imageID: string
  containerID?: string
  state: {
    waiting?: { reason?: string; message?: string }
    running?: { startedAt?: string }
    terminated?: { exitCode: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string; signal?: number; containerID?: string }
  }
  lastState?: ContainerStatus['state']
}

/** group/version/resource: how the store addresses a collection (group '' is the core group). */
export interface GVR {
  group: string
  version: string
  resource: string
}
