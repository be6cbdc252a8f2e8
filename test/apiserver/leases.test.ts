// coordination.k8s.io/v1 Leases through the API server and the real kubectl: discovery, the NAME HOLDER AGE table,
// get -o yaml, and `describe node` showing the lease and heartbeat times that follow the sim clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { call } from './http-client'
import { kubectl, requireKubectl } from './kubectl-runner'

let tc: TestCluster
const k = (...args: string[]) => kubectl(tc.env, args, { cwd: tc.env.HOME, timeoutMs: 30_000 })

beforeAll(async () => {
  requireKubectl()
  tc = await startTestCluster()
  await tc.settle(2_000)
})
afterAll(async () => {
  await tc?.close()
})

describe('node Leases', () => {
  it('are discoverable (api-resources) and listed with NAME HOLDER AGE', async () => {
    const ar = await k('api-resources', '--api-group=coordination.k8s.io')
    expect(ar.stdout).toBe('NAME     SHORTNAMES   APIVERSION               NAMESPACED   KIND\nleases                coordination.k8s.io/v1   true         Lease\n')
    const r = await k('get', 'leases', '-A')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      [
        'NAMESPACE         NAME                    HOLDER                  AGE',
        'kube-node-lease   ordinal-control-plane   ordinal-control-plane   2s',
        'kube-node-lease   ordinal-worker          ordinal-worker          2s',
        'kube-node-lease   ordinal-worker2         ordinal-worker2         2s',
        'kube-node-lease   ordinal-worker3         ordinal-worker3         2s',
        '',
      ].join('\n'),
    )
    const none = await k('get', 'leases')
    expect(none.stderr).toBe('No resources found in default namespace.\n')
    const missing = await k('get', 'lease', 'nope', '-n', 'kube-node-lease')
    expect(missing.stderr).toBe('Error from server (NotFound): leases.coordination.k8s.io "nope" not found\n')
  })

  it('renewTime and the node heartbeat follow the clock; describe node shows them', async () => {
    await tc.settle(6 * 60_000)
    const lease = (await call(tc, 'GET', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/ordinal-worker')).json()
    const now = tc.clock.now()
    expect(now - Date.parse(lease.spec.renewTime)).toBeLessThan(10_000)
    const d = await k('describe', 'node', 'ordinal-worker')
    const fmt = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000').replace(/^(\w+), (\d) /, '$1, 0$2 ')
    expect(d.stdout).toContain(`Lease:\n  HolderIdentity:  ordinal-worker\n  AcquireTime:     <unset>\n  RenewTime:       ${fmt(Date.parse(lease.spec.renewTime))}\n`)
    const node = (await call(tc, 'GET', '/api/v1/nodes/ordinal-worker')).json()
    const hb = Date.parse(node.status.conditions[0].lastHeartbeatTime)
    expect(now - hb).toBeLessThan(5 * 60_000)
    expect(hb).toBeGreaterThan(Date.UTC(2026, 0, 1, 9, 0, 2))
    expect(d.stdout).toMatch(new RegExp(`Ready +True +${fmt(hb).replace(/\+/g, '\\+')} +Thu, 01 Jan 2026 09:00:00 \\+0000 +KubeletReady`))
  })
})
