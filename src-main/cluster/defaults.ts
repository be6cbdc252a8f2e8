// Defaulting the API server applies on create (apps/v1 and core/v1 defaults.go, plus the admission plugins a kind
// cluster runs: ServiceAccount, DefaultStorageClass, StorageObjectInUseProtection, DefaultTolerationSeconds).
import type { KObject } from './api-types'
import { GVRS } from './store/registry'
import { randomSuffix } from './store/ids'
import { allocateClusterIP, fillNodePorts } from './service-alloc'
import type { StrategyContext } from './store/strategy'

export const DEFAULT_SC_ANNOTATION = 'storageclass.kubernetes.io/is-default-class'

/** imagePullPolicy: Always for `:latest` or no tag, IfNotPresent otherwise (digests count as a tag). */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent'
  if (image.includes('@')) return 'IfNotPresent'
  const last = image.slice(image.lastIndexOf('/') + 1)
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : ''
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent'
}

function defaultContainer(c: any): void {
  if (!c || typeof c !== 'object') return
  if (c.imagePullPolicy === undefined) c.imagePullPolicy = defaultPullPolicy(c.image)
  if (c.terminationMessagePath === undefined) c.terminationMessagePath = '/dev/termination-log'
  if (c.terminationMessagePolicy === undefined) c.terminationMessagePolicy = 'File'
  if (c.resources === undefined) c.resources = {}
  for (const p of Array.isArray(c.ports) ? c.ports : []) if (p && p.protocol === undefined) p.protocol = 'TCP'
  // SetDefaults_ObjectFieldSelector: a fieldRef without apiVersion means v1.
  for (const e of Array.isArray(c.env) ? c.env : []) {
    const ref = e?.valueFrom?.fieldRef
    if (ref && typeof ref === 'object') ref.apiVersion ??= 'v1'
  }
  for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
    if (!probe || typeof probe !== 'object') continue
    probe.timeoutSeconds ??= 1
    probe.periodSeconds ??= 10
    probe.successThreshold ??= 1
    probe.failureThreshold ??= 3
    if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP'
  }
}

/** core/v1 SetDefaults_Volume and the per-source defaults: a volume without a source is an emptyDir; file-backed
 *  sources get mode 0644 (420) for their files; hostPath gets its (empty) type; downward fieldRefs apiVersion v1. */
function defaultVolume(v: any): void {
  if (!v || typeof v !== 'object') return
  if (v.emptyDir === null || Object.keys(v).every((k) => k === 'name' || v[k] === undefined || v[k] === null)) v.emptyDir = {}
  for (const k of ['configMap', 'secret', 'projected', 'downwardAPI']) {
    if (v[k] && typeof v[k] === 'object') v[k].defaultMode ??= 420
  }
  if (v.hostPath && typeof v.hostPath === 'object') v.hostPath.type ??= ''
  const fieldRefs = (items: unknown) => (Array.isArray(items) ? items : []).map((i: any) => i?.fieldRef).filter((r: any) => r && typeof r === 'object')
  for (const ref of fieldRefs(v.downwardAPI?.items)) ref.apiVersion ??= 'v1'
  for (const src of Array.isArray(v.projected?.sources) ? v.projected.sources : []) for (const ref of fieldRefs(src?.downwardAPI?.items)) ref.apiVersion ??= 'v1'
}

/** Pod spec defaults shared by pods and pod templates (core/v1 SetDefaults_PodSpec). */
export function defaultPodSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return
  spec.restartPolicy ??= 'Always'
  spec.dnsPolicy ??= 'ClusterFirst'
  spec.terminationGracePeriodSeconds ??= 30
  spec.schedulerName ??= 'default-scheduler'
  spec.securityContext ??= {}
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) defaultContainer(c)
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) defaultContainer(c)
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) defaultVolume(v)
}

/** A pod being created: spec defaults + the admission plugins' additions. */
export function defaultPod(pod: KObject, ctx: StrategyContext): void {
  pod.spec = pod.spec ?? {}
  const spec = pod.spec
  defaultPodSpec(spec)
  spec.enableServiceLinks ??= true
  spec.preemptionPolicy ??= 'PreemptLowerPriority'
  spec.priority ??= 0
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default'
  spec.serviceAccount ??= spec.serviceAccountName
  // DefaultTolerationSeconds admission.
  const tolerations: any[] = Array.isArray(spec.tolerations) ? spec.tolerations : []
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t?.key === key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 })
  }
  spec.tolerations = tolerations
  // ServiceAccount admission: the projected token volume, mounted read-only in every container.
  if (spec.automountServiceAccountToken !== false && Array.isArray(spec.containers)) {
    const volumes: any[] = Array.isArray(spec.volumes) ? spec.volumes : []
    if (!volumes.some((v) => typeof v?.name === 'string' && v.name.startsWith('kube-api-access-'))) {
      const name = `kube-api-access-${randomSuffix(ctx.random)}`
      volumes.push({
        name,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      })
      spec.volumes = volumes
      for (const c of spec.containers) {
        if (!c || typeof c !== 'object') continue
        c.volumeMounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : []
        c.volumeMounts.push({ name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' })
      }
    }
  }
  pod.status = { phase: 'Pending', qosClass: 'BestEffort' }
}

function defaultTemplate(tmpl: any): void {
  if (!tmpl || typeof tmpl !== 'object') return
  tmpl.metadata ??= {}
  if (tmpl.metadata.creationTimestamp === undefined) tmpl.metadata.creationTimestamp = null
  defaultPodSpec(tmpl.spec)
}

export function defaultClaimSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return
  spec.volumeMode ??= 'Filesystem'
}

export function defaultStatefulSet(sts: KObject): void {
  const spec = (sts.spec ??= {})
  spec.replicas ??= 1
  spec.podManagementPolicy ??= 'OrderedReady'
  if (!spec.updateStrategy || typeof spec.updateStrategy !== 'object') spec.updateStrategy = {}
  // As upstream's SetDefaults_StatefulSet: only an unset type brings a rollingUpdate block along. An explicit
  // `type: RollingUpdate` without one stays without one, and `kubectl rollout status` then reports
  // "rolling update complete … at revision …" instead of "partitioned roll out complete".
  if (!spec.updateStrategy.type) {
    spec.updateStrategy.type = 'RollingUpdate'
    if (!spec.updateStrategy.rollingUpdate || typeof spec.updateStrategy.rollingUpdate !== 'object') spec.updateStrategy.rollingUpdate = {}
  }
  const ru = spec.updateStrategy.rollingUpdate
  if (spec.updateStrategy.type === 'RollingUpdate' && ru && typeof ru === 'object') ru.partition ??= 0
  spec.revisionHistoryLimit ??= 10
  if (!spec.persistentVolumeClaimRetentionPolicy || typeof spec.persistentVolumeClaimRetentionPolicy !== 'object') spec.persistentVolumeClaimRetentionPolicy = {}
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain'
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain'
  defaultTemplate(spec.template)
  for (const t of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (!t || typeof t !== 'object') continue
    t.apiVersion ??= 'v1'
    t.kind ??= 'PersistentVolumeClaim'
    t.metadata ??= {}
    if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null
    defaultClaimSpec((t.spec ??= {}))
    t.status ??= { phase: 'Pending' }
  }
}

export function defaultDeployment(d: KObject): void {
  const spec = (d.spec ??= {})
  spec.replicas ??= 1
  // Field by field, as apps/v1 SetDefaults_Deployment: `kubectl create deployment` sends `strategy: {}`, and a
  // rollingUpdate that sets only maxSurge still gets maxUnavailable 25%.
  if (!spec.strategy || typeof spec.strategy !== 'object') spec.strategy = {}
  if (!spec.strategy.type) spec.strategy.type = 'RollingUpdate'
  if (spec.strategy.type === 'RollingUpdate') {
    if (!spec.strategy.rollingUpdate || typeof spec.strategy.rollingUpdate !== 'object') spec.strategy.rollingUpdate = {}
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%'
    spec.strategy.rollingUpdate.maxSurge ??= '25%'
  }
  spec.revisionHistoryLimit ??= 10
  spec.progressDeadlineSeconds ??= 600
  defaultTemplate(spec.template)
}

export function defaultReplicaSet(rs: KObject): void {
  const spec = (rs.spec ??= {})
  spec.replicas ??= 1
  defaultTemplate(spec.template)
}

export { allocateClusterIP } from './service-alloc'

export function defaultService(svc: KObject, ctx: StrategyContext): void {
  const spec = (svc.spec ??= {})
  spec.type ??= 'ClusterIP'
  spec.sessionAffinity ??= 'None'
  if (spec.type !== 'ExternalName') {
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      spec.clusterIP = Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] ? spec.clusterIPs[0] : allocateClusterIP(ctx)
    }
    spec.clusterIPs ??= [spec.clusterIP]
    spec.ipFamilies ??= ['IPv4']
    spec.ipFamilyPolicy ??= 'SingleStack'
    spec.internalTrafficPolicy ??= 'Cluster'
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster'
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!p || typeof p !== 'object') continue
    p.protocol ??= 'TCP'
    if (p.targetPort === undefined && spec.clusterIP !== 'None') p.targetPort = p.port
    else if (p.targetPort === undefined) p.targetPort = p.port
  }
  fillNodePorts(svc, ctx)
  svc.status = { loadBalancer: {} }
}

export function defaultStorageClassName(ctx: StrategyContext): string | undefined {
  const def = ctx.list(GVRS.storageclasses).find((sc) => sc.metadata.annotations?.[DEFAULT_SC_ANNOTATION] === 'true')
  return def?.metadata.name
}

export function defaultPVC(pvc: KObject, ctx: StrategyContext): void {
  const spec = (pvc.spec ??= {})
  defaultClaimSpec(spec)
  if (spec.storageClassName === undefined || spec.storageClassName === null) {
    const sc = defaultStorageClassName(ctx)
    if (sc) spec.storageClassName = sc
  }
  const fin: string[] = pvc.metadata.finalizers ?? []
  if (!fin.includes('kubernetes.io/pvc-protection')) pvc.metadata.finalizers = [...fin, 'kubernetes.io/pvc-protection']
  pvc.status = { phase: 'Pending' }
}

export function defaultPV(pv: KObject): void {
  const spec = (pv.spec ??= {})
  spec.persistentVolumeReclaimPolicy ??= 'Retain'
  spec.volumeMode ??= 'Filesystem'
  const fin: string[] = pv.metadata.finalizers ?? []
  if (!fin.includes('kubernetes.io/pv-protection')) pv.metadata.finalizers = [...fin, 'kubernetes.io/pv-protection']
  pv.status = { phase: 'Pending' }
}

export function defaultStorageClass(sc: KObject): void {
  sc.reclaimPolicy ??= 'Delete'
  sc.volumeBindingMode ??= 'Immediate'
}

export function defaultNamespace(ns: KObject): void {
  ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name! }
  ns.spec = { finalizers: ['kubernetes'], ...(ns.spec ?? {}) }
  ns.status = { phase: 'Active' }
}
