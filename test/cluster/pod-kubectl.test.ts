// The REAL kubectl 1.32 against the simulated cluster: the STATUS/RESTARTS columns of `get pods`, cordon/uncordon,
// drain (the pods/eviction subresource), and forced deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KObject } from '../../src-main/cluster/api-types'
import { GVRS } from '../../src-main/cluster/store/registry'
import { call } from '../apiserver/http-client'
import { kubectl, requireKubectl } from '../apiserver/kubectl-runner'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { pod } from './pod-helpers'

const row = (out: string, name: string) => out.split('\n').find((l) => l.startsWith(name + ' '))?.trim().split(/\s{2,}/)

function sts(name: string, replicas: number, nodeSelector?: Record<string, string>): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { nodeSelector, terminationGracePeriodSeconds: 5, containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] } },
    },
  }
}

describe('real kubectl: pods and nodes', () => {
  let tc: TestCluster
  beforeAll(async () => {
    requireKubectl()
    tc = await startTestCluster()
  }, 60_000)
  afterAll(async () => {
    await tc?.close()
  })

  it('get pods prints the STATUS and RESTARTS the kubelet produced', async () => {
    const s = tc.cluster.store
    s.create(GVRS.pods, 'default', pod('ok'))
    s.create(GVRS.pods, 'default', pod('badimage', {}, { image: 'nginx:does-not-exist' }))
    s.create(GVRS.pods, 'default', pod('crash', {}, { image: 'busybox:1.28', command: ['sh', '-c', 'exit 1'] }))
    s.create(GVRS.pods, 'default', pod('once', { restartPolicy: 'Never' }, { image: 'busybox:1.28', command: ['true'] }))
    s.create(GVRS.pods, 'default', pod('init', { initContainers: [{ name: 'wait', image: 'busybox:1.28', command: ['sleep', '3600'] }] }))
    s.create(GVRS.pods, 'default', pod('nowhere', { nodeSelector: { disk: 'ssd' } }))
    await tc.settle(90_000)
    const r = await kubectl(tc.env, ['get', 'pods'])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/)
    expect(row(r.stdout, 'ok')).toEqual(['ok', '1/1', 'Running', '0', '90s'])
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(row(r.stdout, 'badimage')![2])
    const crash = row(r.stdout, 'crash')!
    expect(crash[1]).toBe('0/1')
    expect(['CrashLoopBackOff', 'Error']).toContain(crash[2])
    expect(crash[3]).toMatch(/^[2-9] \(\d+s ago\)$/)
    expect(row(r.stdout, 'once')).toEqual(['once', '0/1', 'Completed', '0', '90s'])
    expect(row(r.stdout, 'init')).toEqual(['init', '0/1', 'Init:0/1', '0', '90s'])
    expect(row(r.stdout, 'nowhere')).toEqual(['nowhere', '0/1', 'Pending', '0', '90s'])
    // Bare pods would make the drain tests below refuse (they have no controller): remove them.
    for (const n of ['ok', 'badimage', 'crash', 'once', 'init', 'nowhere']) s.delete(GVRS.pods, 'default', n, { gracePeriodSeconds: 0 })
  }, 60_000)

  it('cordon / uncordon', async () => {
    let r = await kubectl(tc.env, ['cordon', 'ordinal-worker'])
    expect([r.code, r.stdout]).toEqual([0, 'node/ordinal-worker cordoned\n'])
    await tc.settle(100)
    r = await kubectl(tc.env, ['get', 'nodes'])
    expect(row(r.stdout, 'ordinal-worker')!.slice(0, 3)).toEqual(['ordinal-worker', 'Ready,SchedulingDisabled', '<none>'])
    r = await kubectl(tc.env, ['describe', 'node', 'ordinal-worker'])
    expect(r.stdout).toMatch(/Taints:\s+node\.kubernetes\.io\/unschedulable:NoSchedule/)
    expect(r.stdout).toMatch(/Unschedulable:\s+true/)
    r = await kubectl(tc.env, ['uncordon', 'ordinal-worker'])
    expect([r.code, r.stdout]).toEqual([0, 'node/ordinal-worker uncordoned\n'])
    r = await kubectl(tc.env, ['cordon', 'no-such-node'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Error from server (NotFound): nodes "no-such-node" not found\n')
  }, 60_000)

  it('drain --ignore-daemonsets --delete-emptydir-data evicts the pods; they come back on other nodes', async () => {
    tc.cluster.store.create(GVRS.statefulsets, 'default', sts('db', 2, { 'kubernetes.io/hostname': 'ordinal-worker2' }))
    tc.cluster.store.create(GVRS.statefulsets, 'default', sts('app', 3))
    await tc.settle(30_000)
    const onNode = tc.cluster.store.list(GVRS.pods, { namespace: 'default', fieldSelector: 'spec.nodeName=ordinal-worker3' }).items.map((p) => p.metadata.name!)
    const appOn3 = onNode.filter((n) => n.startsWith('app-'))
    expect(appOn3.length).toBeGreaterThan(0)
    tc.setSpeed('instant')
    try {
      const r = await kubectl(tc.env, ['drain', 'ordinal-worker3', '--ignore-daemonsets', '--delete-emptydir-data'], { timeoutMs: 60_000 })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const lines = r.stdout.trim().split('\n')
      expect(lines[0]).toBe('node/ordinal-worker3 cordoned')
      for (const name of appOn3) {
        expect(lines).toContain(`evicting pod default/${name}`)
        expect(lines).toContain(`pod/${name} evicted`)
      }
      expect(lines.at(-1)).toBe('node/ordinal-worker3 drained')
    } finally {
      tc.setSpeed(undefined)
    }
    await tc.settle(30_000)
    const pods = tc.cluster.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=app' }).items
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(['app-0', 'app-1', 'app-2'])
    for (const p of pods) expect(p.spec.nodeName).not.toBe('ordinal-worker3')
    const g = await kubectl(tc.env, ['get', 'node', 'ordinal-worker3'])
    expect(row(g.stdout, 'ordinal-worker3')![1]).toBe('Ready,SchedulingDisabled')
    await kubectl(tc.env, ['uncordon', 'ordinal-worker3'])
  }, 120_000)

  it('drain refuses a bare pod without --force (kubectl reads the ownerReferences the server returns)', async () => {
    tc.cluster.store.create(GVRS.pods, 'default', pod('bare', { nodeSelector: { 'kubernetes.io/hostname': 'ordinal-worker' } }))
    await tc.settle(20_000)
    const r = await kubectl(tc.env, ['drain', 'ordinal-worker', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=10s'], { timeoutMs: 60_000 })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('cannot delete Pods that declare no controller (use --force to override): default/bare')
    expect(tc.cluster.store.get(GVRS.pods, 'default', 'bare').metadata.deletionTimestamp).toBeUndefined()
    await kubectl(tc.env, ['uncordon', 'ordinal-worker'])
  }, 60_000)

  it('the eviction subresource: 201 Success; 404 for a missing pod; 400 for a name mismatch', async () => {
    tc.cluster.store.create(GVRS.pods, 'default', pod('evictme'))
    await tc.settle(20_000)
    const ok = await call(tc, 'POST', '/api/v1/namespaces/default/pods/evictme/eviction', {
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'evictme', namespace: 'default' } },
    })
    expect(ok.status).toBe(201)
    expect(ok.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 })
    const p = tc.cluster.store.get(GVRS.pods, 'default', 'evictme')
    expect(p.metadata.deletionTimestamp).toBeDefined()
    expect(p.status.conditions.find((c: any) => c.type === 'DisruptionTarget')).toMatchObject({ reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' })
    const missing = await call(tc, 'POST', '/api/v1/namespaces/default/pods/nope/eviction', { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'nope' } } })
    expect(missing.status).toBe(404)
    expect(missing.json().message).toBe('pods "nope" not found')
    const mismatch = await call(tc, 'POST', '/api/v1/namespaces/default/pods/evictme/eviction', { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'other' } } })
    expect(mismatch.status).toBe(400)
    expect(mismatch.json().message).toBe('name in URL does not match name in Eviction object')
    const get = await call(tc, 'GET', '/api/v1/namespaces/default/pods/evictme/eviction')
    expect(get.status).toBe(405)
  }, 60_000)

  it('delete --force --grace-period=0: the warning, `force deleted`, and the pod is gone at once', async () => {
    tc.cluster.store.create(GVRS.pods, 'default', pod('forceme', { terminationGracePeriodSeconds: 30 }))
    await tc.settle(20_000)
    const r = await kubectl(tc.env, ['delete', 'pod', 'forceme', '--force', '--grace-period=0'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n')
    expect(r.stdout).toBe('pod "forceme" force deleted\n')
    expect(() => tc.cluster.store.get(GVRS.pods, 'default', 'forceme')).toThrow('pods "forceme" not found')
  }, 60_000)

  it('delete --grace-period=5 --wait=false: Terminating until the kubelet has stopped it', async () => {
    tc.cluster.store.create(GVRS.pods, 'default', pod('graceful', { terminationGracePeriodSeconds: 30 }))
    await tc.settle(20_000)
    const r = await kubectl(tc.env, ['delete', 'pod', 'graceful', '--grace-period=5', '--wait=false'])
    expect(r.stdout).toBe('pod "graceful" deleted\n')
    const g = await kubectl(tc.env, ['get', 'pod', 'graceful'])
    expect(row(g.stdout, 'graceful')!.slice(1, 3)).toEqual(['1/1', 'Terminating'])
    expect(tc.cluster.store.get(GVRS.pods, 'default', 'graceful').metadata.deletionGracePeriodSeconds).toBe(5)
    await tc.settle(6_000)
    const after = await kubectl(tc.env, ['get', 'pod', 'graceful'])
    expect(after.code).toBe(1)
    expect(after.stderr).toBe('Error from server (NotFound): pods "graceful" not found\n')
  }, 60_000)

  it('a failed node: its pod prints 1/1 Running, then Terminating after 50s + 300s and stays; force delete ends it', async () => {
    tc.cluster.store.create(GVRS.pods, 'default', pod('lost', { nodeSelector: { 'kubernetes.io/hostname': 'ordinal-worker2' } }))
    await tc.settle(20_000)
    tc.cluster.nodes.fail('ordinal-worker2')
    await tc.settle(60_000)
    let g = await kubectl(tc.env, ['get', 'pod', 'lost'])
    expect(row(g.stdout, 'lost')!.slice(1, 3)).toEqual(['1/1', 'Running'])
    g = await kubectl(tc.env, ['describe', 'node', 'ordinal-worker2'])
    expect(g.stdout).toMatch(/Taints:\s+node\.kubernetes\.io\/unreachable:NoExecute\n\s+node\.kubernetes\.io\/unreachable:NoSchedule/)
    expect(g.stdout).toMatch(/Ready\s+Unknown\s+.*NodeStatusUnknown\s+Kubelet stopped posting node status\./)
    await tc.settle(600_000)
    g = await kubectl(tc.env, ['get', 'pod', 'lost'])
    expect(row(g.stdout, 'lost')!.slice(1, 3)).toEqual(['1/1', 'Terminating'])
    const r = await kubectl(tc.env, ['delete', 'pod', 'lost', '--force', '--grace-period=0'])
    expect(r.stdout).toBe('pod "lost" force deleted\n')
    tc.cluster.nodes.recover('ordinal-worker2')
    await tc.settle(5_000)
    g = await kubectl(tc.env, ['get', 'node', 'ordinal-worker2'])
    expect(row(g.stdout, 'ordinal-worker2')![1]).toBe('Ready')
  }, 60_000)
})
