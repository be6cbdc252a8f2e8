// Defaulting as a real 1.32 API server stores it (apps/v1 and core/v1 defaults.go), on every write path: the real
// kubectl's protobuf `create deployment` (which sends `strategy: {}`), JSON POST, PUT, server-side apply and
// client-side apply. Compared field by field with what `kubectl get -o yaml` shows on a kind cluster.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { call } from './http-client'
import { kubectl, requireKubectl } from './kubectl-runner'

let tc: TestCluster
const k = (...args: string[]) => kubectl(tc.env, args, { cwd: tc.env.HOME, timeoutMs: 30_000 })
const get = (path: string) => call(tc, 'GET', path).then((r) => r.json())
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments'
const STS = '/apis/apps/v1/namespaces/default/statefulsets'
const SVCS = '/api/v1/namespaces/default/services'

beforeAll(async () => {
  requireKubectl()
  tc = await startTestCluster()
})
afterAll(async () => {
  await tc?.close()
})

const POD_TEMPLATE_DEFAULTS = { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler', securityContext: {} }
const CONTAINER_DEFAULTS = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} }
const ROLLING = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }

function deployment(name: string, spec: Record<string, unknown> = {}, image = 'nginx:1.27'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } }, ...spec },
  }
}

describe('Deployment defaults', () => {
  it('kubectl create deployment (protobuf, `strategy: {}`): RollingUpdate 25%/25%, history 10, deadline 600, pod template defaults', async () => {
    const r = await k('create', 'deployment', 'plain', '--image=nginx', '--image=busybox:1.36')
    expect(r.stderr).toBe('')
    const d = await get(`${DEPLOYS}/plain`)
    expect(d.spec).toMatchObject({ replicas: 1, strategy: ROLLING, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 })
    expect(d.spec.template.metadata.creationTimestamp).toBeNull()
    expect(d.spec.template.spec).toMatchObject(POD_TEMPLATE_DEFAULTS)
    // imagePullPolicy by tag: none/latest → Always, a tag → IfNotPresent.
    expect(d.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx', imagePullPolicy: 'Always', ...CONTAINER_DEFAULTS },
      { name: 'busybox', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', ...CONTAINER_DEFAULTS },
    ])
    // The real kubectl prints it the way a kind cluster does.
    const y = await k('get', 'deploy', 'plain', '-o', 'jsonpath={.spec.strategy}')
    expect(y.stdout).toBe('{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"}')
  })

  it('JSON POST: an empty strategy and a half-filled rollingUpdate are completed field by field; Recreate gets none', async () => {
    let r = await call(tc, 'POST', DEPLOYS, { body: deployment('empty-strategy', { strategy: {} }) })
    expect(r.status).toBe(201)
    expect(r.json().spec.strategy).toEqual(ROLLING)
    r = await call(tc, 'POST', DEPLOYS, { body: deployment('half', { strategy: { rollingUpdate: { maxSurge: 1 } } }) })
    expect(r.json().spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } })
    r = await call(tc, 'POST', DEPLOYS, { body: deployment('recreate', { strategy: { type: 'Recreate' } }) })
    expect(r.json().spec.strategy).toEqual({ type: 'Recreate' })
  })

  it('PUT: defaults are applied again on update (a replace that drops them gets them back)', async () => {
    const cur = await get(`${DEPLOYS}/empty-strategy`)
    cur.spec.strategy = {}
    delete cur.spec.revisionHistoryLimit
    delete cur.spec.template.spec.dnsPolicy
    const r = await call(tc, 'PUT', `${DEPLOYS}/empty-strategy`, { body: cur })
    expect(r.status).toBe(200)
    expect(r.json().spec).toMatchObject({ strategy: ROLLING, revisionHistoryLimit: 10, template: { spec: { dnsPolicy: 'ClusterFirst' } } })
  })

  it('server-side apply (apply-patch+yaml) and client-side kubectl apply store the same defaults', async () => {
    const ssa = await call(tc, 'PATCH', `${DEPLOYS}/ssa?fieldManager=test&force=true`, { body: deployment('ssa', { strategy: {} }, 'nginx:latest'), contentType: 'application/apply-patch+yaml' })
    expect(ssa.status).toBe(201)
    expect(ssa.json().spec).toMatchObject({ strategy: ROLLING, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 })
    expect(ssa.json().spec.template.spec.containers[0].imagePullPolicy).toBe('Always')
    writeFileSync(join(tc.env.HOME!, 'csa.yaml'), JSON.stringify(deployment('csa', { strategy: {} }, 'registry.k8s.io/nginx-slim@sha256:' + 'a'.repeat(64))))
    const r = await k('apply', '-f', 'csa.yaml')
    expect(r.stdout).toBe('deployment.apps/csa created\n')
    const d = await get(`${DEPLOYS}/csa`)
    expect(d.spec.strategy).toEqual(ROLLING)
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent') // a digest counts as a tag
  })
})

describe('StatefulSet defaults', () => {
  const sts = (name: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'c', image: 'busybox:1.28', env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }], ports: [{ containerPort: 80 }] }],
          volumes: [{ name: 'cfg', configMap: { name: 'x' } }, { name: 'sec', secret: { secretName: 'y' } }, { name: 'scratch' }, { name: 'host', hostPath: { path: '/data' } }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...extra,
    },
  })

  it('OrderedReady, RollingUpdate partition 0, history 10, Retain/Retain; claim templates and pod template defaulted', async () => {
    const r = await call(tc, 'POST', STS, { body: sts('st', { updateStrategy: {}, persistentVolumeClaimRetentionPolicy: {} }) })
    expect(r.status).toBe(201)
    const spec = r.json().spec
    expect(spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    })
    expect(spec.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'www', creationTimestamp: null },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ])
    const pod = spec.template.spec
    expect(pod).toMatchObject(POD_TEMPLATE_DEFAULTS)
    expect(pod.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }])
    expect(pod.containers[0].env[0].valueFrom.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'metadata.name' })
    expect(pod.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'x', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 'y', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
      { name: 'host', hostPath: { path: '/data', type: '' } },
    ])
  })

  it('a partly given updateStrategy / retention policy keeps what was given', async () => {
    const r = await call(tc, 'POST', STS, { body: sts('st2', { updateStrategy: { rollingUpdate: { partition: 2 } }, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } }) })
    expect(r.json().spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } })
    expect(r.json().spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' })
    const od = await call(tc, 'POST', STS, { body: sts('st3', { updateStrategy: { type: 'OnDelete' } }) })
    expect(od.json().spec.updateStrategy).toEqual({ type: 'OnDelete' })
    // An explicit RollingUpdate without a rollingUpdate block gets none (upstream defaults only an unset type's).
    const ru = await call(tc, 'POST', STS, { body: sts('st4', { updateStrategy: { type: 'RollingUpdate' } }) })
    expect(ru.json().spec.updateStrategy).toEqual({ type: 'RollingUpdate' })
    const ru0 = await call(tc, 'POST', STS, { body: sts('st5', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: {} } }) })
    expect(ru0.json().spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } })
  })
})

describe('Service and PVC defaults', () => {
  const svc = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } })

  it('ClusterIP: type, sessionAffinity None, single-stack IPv4, internalTrafficPolicy Cluster, targetPort = port', async () => {
    const s = (await call(tc, 'POST', SVCS, { body: svc('plain', {}) })).json().spec
    expect(s).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] })
    expect(s.clusterIPs).toEqual([s.clusterIP])
    expect(s.externalTrafficPolicy).toBeUndefined()
    const headless = (await call(tc, 'POST', SVCS, { body: svc('headless', { clusterIP: 'None' }) })).json().spec
    expect(headless).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'], type: 'ClusterIP', sessionAffinity: 'None' })
  })

  it('NodePort and LoadBalancer: externalTrafficPolicy Cluster; LoadBalancer also allocateLoadBalancerNodePorts', async () => {
    const np = (await call(tc, 'POST', SVCS, { body: svc('np', { type: 'NodePort' }) })).json().spec
    expect(np).toMatchObject({ externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' })
    expect(np.allocateLoadBalancerNodePorts).toBeUndefined()
    const lb = (await call(tc, 'POST', SVCS, { body: svc('lb', { type: 'LoadBalancer' }) })).json()
    expect(lb.spec).toMatchObject({ externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true })
    expect(lb.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000)
    // Changing the type later defaults the new type's fields too.
    const cur = await get(`${SVCS}/plain`)
    cur.spec.type = 'LoadBalancer'
    const up = await call(tc, 'PUT', `${SVCS}/plain`, { body: cur })
    expect(up.status).toBe(200)
    expect(up.json().spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true })
  })

  it('PVC: volumeMode Filesystem, the default StorageClass, pvc-protection, phase Pending', async () => {
    const r = await call(tc, 'POST', '/api/v1/namespaces/default/persistentvolumeclaims', {
      body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    })
    expect(r.status).toBe(201)
    expect(r.json()).toMatchObject({ metadata: { finalizers: ['kubernetes.io/pvc-protection'] }, spec: { volumeMode: 'Filesystem', storageClassName: 'standard' }, status: { phase: 'Pending' } })
  })
})
