// kubectl prints objects it built itself (`create <generator>`, `run`, with --dry-run=client) from Go structs, so
// `-o json` lists keys in the structs' field order, not sorted (objects read from the server are maps: sorted).
// These tables give that order for the types our generators build; unknown keys follow, sorted.
import { goEscape } from './yaml-output'

interface StructType { fields: string[]; children?: Record<string, string> }

const META = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields']

const TYPES: Record<string, StructType> = {
  ObjectMeta: { fields: META },
  Pod: { fields: ['kind', 'apiVersion', 'metadata', 'spec', 'status'], children: { metadata: 'ObjectMeta', spec: 'PodSpec' } },
  PodSpec: {
    fields: ['volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds',
      'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken',
      'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname',
      'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig',
      'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints',
      'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources'],
    children: { containers: 'Container', initContainers: 'Container' },
  },
  Container: {
    fields: ['name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy',
      'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath',
      'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'],
    children: { ports: 'ContainerPort', env: 'EnvVar' },
  },
  ContainerPort: { fields: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'] },
  EnvVar: { fields: ['name', 'value', 'valueFrom'] },
  Deployment: { fields: ['kind', 'apiVersion', 'metadata', 'spec', 'status'], children: { metadata: 'ObjectMeta', spec: 'DeploymentSpec' } },
  DeploymentSpec: {
    fields: ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'],
    children: { selector: 'LabelSelector', template: 'PodTemplateSpec' },
  },
  LabelSelector: { fields: ['matchLabels', 'matchExpressions'] },
  PodTemplateSpec: { fields: ['metadata', 'spec'], children: { metadata: 'ObjectMeta', spec: 'PodSpec' } },
  Service: { fields: ['kind', 'apiVersion', 'metadata', 'spec', 'status'], children: { metadata: 'ObjectMeta', spec: 'ServiceSpec' } },
  ServiceSpec: {
    fields: ['ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP',
      'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses',
      'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass',
      'internalTrafficPolicy', 'trafficDistribution'],
    children: { ports: 'ServicePort' },
  },
  ServicePort: { fields: ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'] },
  ConfigMap: { fields: ['kind', 'apiVersion', 'metadata', 'immutable', 'data', 'binaryData'], children: { metadata: 'ObjectMeta' } },
  Secret: { fields: ['kind', 'apiVersion', 'metadata', 'immutable', 'data', 'stringData', 'type'], children: { metadata: 'ObjectMeta' } },
  Namespace: { fields: ['kind', 'apiVersion', 'metadata', 'spec', 'status'], children: { metadata: 'ObjectMeta' } },
  ServiceAccount: {
    fields: ['kind', 'apiVersion', 'metadata', 'secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
    children: { metadata: 'ObjectMeta' },
  },
}

/** A deep copy of `value` with keys in the Go struct order of `type` (maps such as labels stay sorted). */
export function structOrdered(value: unknown, type: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => structOrdered(v, type))
  if (value === null || typeof value !== 'object') return value
  const obj = value as Record<string, unknown>
  const t = type ? TYPES[type] : undefined
  const keys = Object.keys(obj)
  const known = t ? t.fields.filter((k) => k in obj) : []
  const rest = keys.filter((k) => !known.includes(k)).sort()
  const out: Record<string, unknown> = {}
  for (const k of [...known, ...rest]) out[k] = structOrdered(obj[k], t?.children?.[k])
  return out
}

/** `-o json` of an object kubectl built client-side: 4-space indent like kubectl, struct field order. */
export function toStructJson(obj: { kind?: string }): string {
  return goEscape(JSON.stringify(structOrdered(obj, obj.kind), null, 4)) + '\n'
}
