// The strategy table: which defaults and validation each served resource gets inside the store.
import type { KObject } from './api-types'
import * as d from './defaults'
import type { StrategyTable } from './store/strategy'
import * as svc from './service-alloc'
import * as v from './validate'

const terminal = (pod: KObject) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'

export const STRATEGIES: StrategyTable = {
  '/namespaces': {
    prepareForCreate: (o) => d.defaultNamespace(o),
    validate: (o) => v.validateMeta(o, 'label'),
    prepareForUpdate: (next, old) => {
      next.spec = old.spec // spec.finalizers only changes through /finalize (the namespace controller)
    },
    validateUpdate: (o) => v.validateMeta(o, 'label'),
  },
  '/nodes': { validate: (o) => v.validateMeta(o, 'subdomain'), validateUpdate: (o) => v.validateMeta(o, 'subdomain') },
  '/pods': {
    prepareForCreate: (o, ctx) => d.defaultPod(o, ctx),
    validate: (o) => v.validatePod(o),
    prepareForUpdate: (next) => d.defaultPodSpec(next.spec),
    validateUpdate: (n, o) => v.validatePodUpdate(n, o),
    // Unscheduled or finished pods go away at once; bound pods get their grace period for the kubelet to stop them.
    defaultGracePeriod: (pod) => (!pod.spec?.nodeName || terminal(pod) ? undefined : (pod.spec?.terminationGracePeriodSeconds ?? 30)),
  },
  '/services': {
    prepareForCreate: (o, ctx) => d.defaultService(o, ctx),
    // Allocation errors (taken ClusterIP or node port) come from the REST layer, after validation passed.
    validate: (o, ctx) => {
      const causes = v.validateService(o)
      return causes.length ? causes : svc.allocationCauses(o, ctx)
    },
    prepareForUpdate: (next, old, ctx) => {
      // kubectl apply omits server-filled fields; keep them (as the real strategy does for clusterIP).
      next.spec = next.spec ?? {}
      for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy', 'type', 'sessionAffinity']) {
        if (next.spec[k] === undefined && old.spec?.[k] !== undefined) next.spec[k] = structuredClone(old.spec[k])
      }
      for (const p of Array.isArray(next.spec.ports) ? next.spec.ports : []) {
        if (p && typeof p === 'object') {
          p.protocol ??= 'TCP'
          p.targetPort ??= p.port
        }
      }
      // Defaulting runs on every write, not only on create (core/v1 SetDefaults_Service).
      if (next.spec.type === 'NodePort' || next.spec.type === 'LoadBalancer') next.spec.externalTrafficPolicy ??= 'Cluster'
      if (next.spec.type === 'LoadBalancer') next.spec.allocateLoadBalancerNodePorts ??= true
      svc.prepareServiceUpdate(next, old, ctx)
    },
    validateUpdate: (n, o, ctx) => {
      const causes = v.validateServiceUpdate(n, o)
      return causes.length ? causes : svc.allocationCauses(n, ctx, o)
    },
  },
  '/endpoints': { validate: (o) => v.validateMeta(o, 'subdomain') },
  '/persistentvolumeclaims': {
    prepareForCreate: (o, ctx) => d.defaultPVC(o, ctx),
    validate: (o) => v.validatePVC(o),
    prepareForUpdate: (next, old) => {
      next.spec = next.spec ?? {}
      if (next.spec.storageClassName === undefined && old.spec?.storageClassName !== undefined) next.spec.storageClassName = old.spec.storageClassName
      if (next.spec.volumeMode === undefined) next.spec.volumeMode = old.spec?.volumeMode
      if (next.spec.volumeName === undefined && old.spec?.volumeName) next.spec.volumeName = old.spec.volumeName
    },
    validateUpdate: (n, o) => v.validatePVCUpdate(n, o),
  },
  '/persistentvolumes': {
    prepareForCreate: (o) => d.defaultPV(o),
    validate: (o) => v.validatePV(o),
    validateUpdate: (o) => v.validatePV(o),
  },
  '/events': {},
  '/serviceaccounts': { validate: (o) => v.validateMeta(o, 'subdomain') },
  '/configmaps': { validate: (o) => v.validateMeta(o, 'subdomain'), validateUpdate: (o) => v.validateMeta(o, 'subdomain') },
  'apps/statefulsets': {
    prepareForCreate: (o) => {
      d.defaultStatefulSet(o)
      o.status = { replicas: 0, availableReplicas: 0 }
    },
    validate: (o) => v.validateStatefulSet(o),
    prepareForUpdate: (next) => d.defaultStatefulSet(next),
    validateUpdate: (n, o) => v.validateStatefulSetUpdate(n, o),
  },
  'apps/deployments': {
    prepareForCreate: (o) => {
      d.defaultDeployment(o)
      o.status = {}
    },
    validate: (o) => v.validateDeployment(o),
    prepareForUpdate: (next) => d.defaultDeployment(next),
    validateUpdate: (n, o) => [...v.validateDeployment(n), ...v.validateSelectorImmutable(n, o)],
  },
  'apps/replicasets': {
    prepareForCreate: (o) => {
      d.defaultReplicaSet(o)
      o.status = { replicas: 0 }
    },
    validate: (o) => v.validateReplicaSet(o),
    prepareForUpdate: (next) => d.defaultReplicaSet(next),
    validateUpdate: (n, o) => [...v.validateReplicaSet(n), ...v.validateSelectorImmutable(n, o)],
  },
  'apps/controllerrevisions': { validate: (o) => v.validateMeta(o, 'subdomain') },
  'discovery.k8s.io/endpointslices': { validate: (o) => v.validateMeta(o, 'subdomain') },
  'coordination.k8s.io/leases': { validate: (o) => v.validateMeta(o, 'subdomain'), validateUpdate: (o) => v.validateMeta(o, 'subdomain') },
  'storage.k8s.io/storageclasses': {
    prepareForCreate: (o) => d.defaultStorageClass(o),
    validate: (o) => v.validateStorageClass(o),
    prepareForUpdate: (next) => d.defaultStorageClass(next),
    validateUpdate: (n, o) => v.validateStorageClassUpdate(n, o),
  },
}
