// A client library against Ordinal: @kubernetes/client-node 1.x with the harness kubeconfig (self-signed CA pinned in
// it). Typed list/create/delete, the error body of a failed call, a raw watch, an informer, and server-side apply.
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch, makeInformer, type V1ConfigMap } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { waitFor } from './kubectl-runner'

let tc: TestCluster
let kc: KubeConfig
let core: CoreV1Api

beforeAll(async () => {
  tc = await startTestCluster({ speed: 'instant' })
  kc = new KubeConfig()
  kc.loadFromFile(tc.kubeconfig)
  core = kc.makeApiClient(CoreV1Api)
})
afterAll(async () => {
  await tc?.close()
})

const cm = (name: string, data: Record<string, string>): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { suite: 'client-node' } }, data })

describe('@kubernetes/client-node against Ordinal', () => {
  it('lists namespaces, nodes and the kubernetes Service', async () => {
    const ns = await core.listNamespace()
    expect(ns.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']))
    const nodes = await core.listNode()
    expect(nodes.items.map((n) => n.metadata?.name)).toContain('ordinal-worker')
    const svc = await core.readNamespacedService({ name: 'kubernetes', namespace: 'default' })
    expect(svc.spec?.clusterIP).toBe('10.96.0.1')
    const sts = await kc.makeApiClient(AppsV1Api).listNamespacedStatefulSet({ namespace: 'default' })
    expect(sts.items).toEqual([])
  })

  it('creates, reads back and deletes a ConfigMap; a duplicate is an ApiException with the 409 Status body', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('lib', { a: '1' }) })
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect((await core.readNamespacedConfigMap({ name: 'lib', namespace: 'default' })).data).toEqual({ a: '1' })
    const err = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('lib', {}) }).catch((e) => e)
    expect(err.code).toBe(409)
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', message: 'configmaps "lib" already exists' })
    await core.deleteNamespacedConfigMap({ name: 'lib', namespace: 'default' })
    const gone = await core.readNamespacedConfigMap({ name: 'lib', namespace: 'default' }).catch((e) => e)
    expect(gone.code).toBe(404)
  })

  it('Watch streams ADDED, MODIFIED and DELETED for a label selector', async () => {
    const events: [string, string][] = []
    const w = new Watch(kc)
    const ctl = await w.watch('/api/v1/namespaces/default/configmaps', { labelSelector: 'suite=client-node' }, (type, obj) => events.push([type, obj.metadata.name]), () => {})
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm('watched', { a: '1' }) })
      // client-node sends PATCH as application/json-patch+json by default, so the body is a list of operations.
      await core.patchNamespacedConfigMap({ name: 'watched', namespace: 'default', body: [{ op: 'replace', path: '/data/a', value: '2' }] })
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' })
      await waitFor('three events', () => events.length >= 3)
      expect(events).toEqual([
        ['ADDED', 'watched'],
        ['MODIFIED', 'watched'],
        ['DELETED', 'watched'],
      ])
    } finally {
      ctl.abort()
    }
  })

  it('an informer lists then keeps its cache in sync', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('before', { a: '1' }) })
    const inf = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=client-node' }), 'suite=client-node')
    const added: string[] = []
    inf.on('add', (o) => added.push(o.metadata!.name!))
    await inf.start()
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm('after', { a: '1' }) })
      await waitFor('informer cache', () => inf.list('default').length === 2)
      expect(added.sort()).toEqual(['after', 'before'])
      expect(inf.get('after', 'default')?.data).toEqual({ a: '1' })
    } finally {
      await inf.stop()
    }
  })

  it('server-side apply through KubernetesObjectApi records the field manager', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc)
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: 'default' }, data: { k: 'v' } }
    const res = await objects.patch(body, undefined, undefined, 'client-node-test', true, PatchStrategy.ServerSideApply)
    const meta = res.metadata as { managedFields?: { manager?: string; operation?: string }[] } | undefined
    expect(meta?.managedFields?.[0]).toMatchObject({ manager: 'client-node-test', operation: 'Apply' })
  })
})
