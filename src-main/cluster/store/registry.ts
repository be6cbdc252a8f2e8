// The resources this simulated API server serves. Discovery (apiserver) and the store both read this table, so a
// kind that is listed here is fully served: CRUD, watch, selectors, validation and defaulting.
import type { GVR } from '../api-types'
import type { ResourceInfo } from './types'

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const NS_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']

function r(
  group: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  shortNames: string[],
  subresources: string[],
  extra: Partial<ResourceInfo> = {},
): ResourceInfo {
  return {
    group,
    version: 'v1',
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    verbs: ALL_VERBS,
    subresources,
    ...extra,
  }
}

export const RESOURCES: readonly ResourceInfo[] = [
  r('', 'namespaces', 'Namespace', false, ['ns'], ['status', 'finalize'], { verbs: NS_VERBS }),
  r('', 'nodes', 'Node', false, ['no'], ['status']),
  r('', 'pods', 'Pod', true, ['po'], ['status', 'exec', 'attach', 'log', 'binding', 'eviction'], { categories: ['all'] }),
  r('', 'services', 'Service', true, ['svc'], ['status'], { categories: ['all'] }),
  r('', 'endpoints', 'Endpoints', true, ['ep'], []),
  r('', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc'], ['status']),
  r('', 'persistentvolumes', 'PersistentVolume', false, ['pv'], ['status']),
  r('', 'events', 'Event', true, ['ev'], []),
  r('', 'serviceaccounts', 'ServiceAccount', true, ['sa'], []),
  r('', 'configmaps', 'ConfigMap', true, ['cm'], []),
  r('', 'secrets', 'Secret', true, [], []),
  r('apps', 'statefulsets', 'StatefulSet', true, ['sts'], ['status', 'scale'], { categories: ['all'] }),
  r('apps', 'deployments', 'Deployment', true, ['deploy'], ['status', 'scale'], { categories: ['all'] }),
  r('apps', 'replicasets', 'ReplicaSet', true, ['rs'], ['status', 'scale'], { categories: ['all'] }),
  r('apps', 'controllerrevisions', 'ControllerRevision', true, [], []),
  r('discovery.k8s.io', 'endpointslices', 'EndpointSlice', true, [], []),
  r('storage.k8s.io', 'storageclasses', 'StorageClass', false, ['sc'], []),
  r('coordination.k8s.io', 'leases', 'Lease', true, [], []),
]

export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version
}

export function gvrOf(info: ResourceInfo): GVR {
  return { group: info.group, version: info.version, resource: info.resource }
}

/** Handy GVRs for controllers, so nobody spells a group wrong. */
export const GVRS = {
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  nodes: { group: '', version: 'v1', resource: 'nodes' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  services: { group: '', version: 'v1', resource: 'services' },
  endpoints: { group: '', version: 'v1', resource: 'endpoints' },
  pvcs: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  pvs: { group: '', version: 'v1', resource: 'persistentvolumes' },
  events: { group: '', version: 'v1', resource: 'events' },
  serviceaccounts: { group: '', version: 'v1', resource: 'serviceaccounts' },
  configmaps: { group: '', version: 'v1', resource: 'configmaps' },
  secrets: { group: '', version: 'v1', resource: 'secrets' },
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  controllerrevisions: { group: 'apps', version: 'v1', resource: 'controllerrevisions' },
  endpointslices: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
  storageclasses: { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' },
  leases: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' },
} as const satisfies Record<string, GVR>
