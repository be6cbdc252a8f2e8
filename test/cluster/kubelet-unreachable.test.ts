// A pod on a crashed node: its kubelet is unreachable, so the API server's dial to <hostIP>:10250 fails and the REAL
// kubectl prints the dial error for exec, attach and logs (HTTP 500, a Status without a reason).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GVRS } from '../../src-main/cluster/store/registry'
import { call } from '../apiserver/http-client'
import { kubectl, requireKubectl } from '../apiserver/kubectl-runner'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { pod } from './pod-helpers'

describe('exec, attach and logs on a failed node', () => {
  let tc: TestCluster
  let ip = ''
  beforeAll(async () => {
    requireKubectl()
    tc = await startTestCluster()
    tc.cluster.store.create(GVRS.pods, 'default', pod('lost', { nodeSelector: { 'kubernetes.io/hostname': 'ordinal-worker2' } }, { image: 'busybox:1.28', command: ['sleep', '3600'] }))
    await tc.settle(30_000)
    ip = tc.cluster.store.get(GVRS.pods, 'default', 'lost').status.hostIP
    expect(ip).toBe('172.18.0.4')
    // Reachable while the node is up.
    const ok = await kubectl(tc.env, ['exec', 'lost', '--', 'hostname'])
    expect(ok.stdout).toBe('lost\n')
    tc.cluster.nodes.fail('ordinal-worker2')
    await tc.settle(1_000)
  }, 120_000)
  afterAll(async () => {
    await tc?.close()
  })

  it('kubectl exec: Error from server: error dialing backend', async () => {
    const r = await kubectl(tc.env, ['exec', 'lost', '--', 'hostname'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`Error from server: error dialing backend: dial tcp ${ip}:10250: connect: no route to host\n`)
  }, 60_000)

  it('kubectl attach: the same dial error', async () => {
    const r = await kubectl(tc.env, ['attach', 'lost'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`Error from server: error dialing backend: dial tcp ${ip}:10250: connect: no route to host\n`)
  }, 60_000)

  it('kubectl logs: Go\'s Get "<kubelet url>" dial error, with the log options in the URL', async () => {
    const r = await kubectl(tc.env, ['logs', 'lost'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`Error from server: Get "https://${ip}:10250/containerLogs/default/lost/c": dial tcp ${ip}:10250: connect: no route to host\n`)
    const f = await kubectl(tc.env, ['logs', 'lost', '--tail=5', '-f'])
    expect(f.stderr).toBe(`Error from server: Get "https://${ip}:10250/containerLogs/default/lost/c?follow=true&tailLines=5": dial tcp ${ip}:10250: connect: no route to host\n`)
  }, 60_000)

  it('the API answers 500 with a reasonless Status', async () => {
    const res = await call(tc, 'GET', '/api/v1/namespaces/default/pods/lost/log')
    expect(res.status).toBe(500)
    expect(res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Get "https://${ip}:10250/containerLogs/default/lost/c": dial tcp ${ip}:10250: connect: no route to host`,
      code: 500,
    })
  })

  it('after recovery the kubelet answers again', async () => {
    tc.cluster.nodes.recover('ordinal-worker2')
    await tc.settle(30_000)
    const r = await kubectl(tc.env, ['exec', 'lost', '--', 'hostname'])
    expect(r.stdout).toBe('lost\n')
  }, 60_000)
})
