// The REAL kubectl against Service allocation: a taken ClusterIP or node port is refused with the apiserver's
// wording, and NodePorts print as `80:30080/TCP`.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { kubectl, requireKubectl } from '../apiserver/kubectl-runner'

const nodePortSvc = (name: string, port: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: NodePort
  selector:
    app: ${name}
  ports:
  - port: 80
    nodePort: ${port}
`

describe('real kubectl: Service ClusterIP and NodePort allocation', () => {
  let tc: TestCluster
  beforeAll(async () => {
    requireKubectl()
    tc = await startTestCluster({ speed: 'instant' })
  }, 60_000)
  afterAll(async () => {
    await tc?.close()
  })
  const k = (...args: string[]) => kubectl(tc.env, args, { timeoutMs: 60_000 })

  it('a requested ClusterIP that is taken is refused; a free one is honoured', async () => {
    const taken = await k('create', 'service', 'clusterip', 'dup', '--tcp=80', '--clusterip=10.96.0.10')
    expect(taken.code).toBe(1)
    expect(taken.stdout).toBe('')
    expect(taken.stderr).toBe('error: failed to create ClusterIP service: Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated\n')
    const ok = await k('create', 'service', 'clusterip', 'mine', '--tcp=80', '--clusterip=10.96.200.1')
    expect(ok.stdout).toBe('service/mine created\n')
    const get = await k('get', 'svc', 'mine', '-o', 'jsonpath={.spec.clusterIP}')
    expect(get.stdout).toBe('10.96.200.1')
  }, 90_000)

  it('node ports: printed in PORT(S), a second claim on the same port is refused', async () => {
    const a = join(tc.env.HOME!, 'a.yaml')
    const b = join(tc.env.HOME!, 'b.yaml')
    writeFileSync(a, nodePortSvc('np-a', 30080))
    writeFileSync(b, nodePortSvc('np-b', 30080))
    expect((await k('apply', '-f', a)).stdout).toBe('service/np-a created\n')
    const clash = await k('apply', '-f', b)
    expect(clash.code).toBe(1)
    expect(clash.stderr).toBe('The Service "np-b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n')
    const row = await k('get', 'svc', 'np-a', '--no-headers')
    expect(row.stdout).toMatch(/^np-a\s+NodePort\s+10\.(9[6-9]|10\d|11[01])\.\d+\.\d+\s+<none>\s+80:30080\/TCP\s+\d+s\n$/)
    // Re-applying the same file (nodePort kept) is not a conflict with itself.
    expect((await k('apply', '-f', a)).stdout).toBe('service/np-a unchanged\n')
  }, 90_000)
})
