import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { StatusError } from '../../src-main/cluster/store/errors'
import { GVRS } from '../../src-main/cluster/store/registry'
import { createStore } from '../../src-main/cluster/store/store'

function setup() {
  const store = createStore({ clock: new SimClock(), random: seededRandom(3) })
  store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })
  return store
}
function err(fn: () => unknown): StatusError {
  try {
    fn()
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('expected error')
}
const sts = (over: any = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'nginx',
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    ...over,
  },
})

describe('validation messages', () => {
  it('names must be DNS-1123 subdomains, with the exact wording', () => {
    const store = setup()
    const e = err(() => store.create(GVRS.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Web_1' } }))
    expect(e.code).toBe(422)
    expect(e.message).toBe(
      `ConfigMap "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    )
    expect(store.list(GVRS.configmaps).items).toEqual([])
  })

  it('pods need an image', () => {
    const store = setup()
    const e = err(() => store.create(GVRS.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } }))
    expect(e.message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value')
    expect(e.status.details?.causes?.[0]).toMatchObject({ field: 'spec.containers[0].image', reason: 'FieldValueRequired' })
  })

  it('StatefulSet selector must match template labels', () => {
    const store = setup()
    const e = err(() => store.create(GVRS.statefulsets, 'default', sts({ selector: { matchLabels: { app: 'foo' } } })))
    expect(e.message).toBe('StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`')
    expect(e.status.details).toMatchObject({ name: 'web', group: 'apps', kind: 'StatefulSet' })
  })

  it('StatefulSet field rules', () => {
    const store = setup()
    expect(err(() => store.create(GVRS.statefulsets, 'default', sts({ replicas: -1 }))).message).toBe('StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0')
    expect(err(() => store.create(GVRS.statefulsets, 'default', sts({ podManagementPolicy: 'Foo' }))).message).toContain(`spec.podManagementPolicy: Invalid value: "Foo": must be 'OrderedReady' or 'Parallel'`)
    expect(err(() => store.create(GVRS.statefulsets, 'default', sts({ updateStrategy: { type: 'Foo' } }))).message).toContain(`: must be 'RollingUpdate' or 'OnDelete'`)
    const noSel = err(() => store.create(GVRS.statefulsets, 'default', sts({ selector: undefined })))
    expect(noSel.message).toContain('spec.selector: Required value')
    const t = sts()
    t.spec.template.spec = { ...t.spec.template.spec, restartPolicy: 'Never' } as any
    expect(err(() => store.create(GVRS.statefulsets, 'default', t)).message).toBe('StatefulSet.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"')
  })

  it('StatefulSet updates to forbidden fields', () => {
    const store = setup()
    const created = store.create(GVRS.statefulsets, 'default', sts())
    expect(created.spec.podManagementPolicy).toBe('OrderedReady')
    expect(created.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } })
    expect(created.spec.volumeClaimTemplates[0].spec.volumeMode).toBe('Filesystem')
    const e = err(() => store.update(GVRS.statefulsets, 'default', 'web', { ...created, spec: { ...created.spec, serviceName: 'other' } }))
    expect(e.message).toBe(
      "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    )
    const ok = store.update(GVRS.statefulsets, 'default', 'web', { ...created, spec: { ...created.spec, replicas: 5 } })
    expect(ok.spec.replicas).toBe(5)
    expect(ok.metadata.generation).toBe(2)
  })

  it('several causes are bracketed', () => {
    const store = setup()
    const e = err(() => store.create(GVRS.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{}] } }))
    expect(e.message).toBe('Pod "p" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]')
  })

  it('Service ports and names', () => {
    const store = setup()
    expect(err(() => store.create(GVRS.services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { selector: { a: 'b' } } })).message).toBe(
      'Service "svc" is invalid: spec.ports: Required value',
    )
    expect(err(() => store.create(GVRS.services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1svc' }, spec: { clusterIP: 'None' } })).message).toContain(
      'a DNS-1035 label must consist of lower case alphanumeric characters',
    )
    const headless = store.create(GVRS.services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', ports: [{ port: 80, name: 'web' }], selector: { app: 'nginx' } } })
    expect(headless.spec.clusterIPs).toEqual(['None'])
    expect(headless.spec.ports[0]).toEqual({ port: 80, name: 'web', protocol: 'TCP', targetPort: 80 })
    const normal = store.create(GVRS.services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } })
    expect(normal.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/)
    expect(normal.spec.clusterIP).not.toBe('10.96.0.1')
    expect(normal.spec.clusterIPs).toEqual([normal.spec.clusterIP])
  })

  it('pod defaults: imagePullPolicy, restartPolicy, service account volume', () => {
    const store = setup()
    const p = store.create(GVRS.pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox:1.28' }, { name: 'c', image: 'x:latest' }] },
    })
    expect(p.spec.containers.map((c: any) => c.imagePullPolicy)).toEqual(['Always', 'IfNotPresent', 'Always'])
    expect(p.spec.restartPolicy).toBe('Always')
    expect(p.spec.terminationGracePeriodSeconds).toBe(30)
    expect(p.spec.serviceAccountName).toBe('default')
    expect(p.spec.containers[0].volumeMounts[0].mountPath).toBe('/var/run/secrets/kubernetes.io/serviceaccount')
  })

  it('PVC defaults: volumeMode, default storage class, protection finalizer', () => {
    const store = setup()
    store.create(GVRS.storageclasses, undefined, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path',
    })
    const pvc = store.create(GVRS.pvcs, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } })
    expect(pvc.spec.volumeMode).toBe('Filesystem')
    expect(pvc.spec.storageClassName).toBe('standard')
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
    expect(pvc.status.phase).toBe('Pending')
    const e = err(() => store.create(GVRS.pvcs, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd' }, spec: {} }))
    expect(e.message).toBe('PersistentVolumeClaim "d" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]')
  })
})
