// Scenario: Services and DNS while workloads change (real runtime, invariants at every timer). Once the controllers
// have caught up with a change (no more work due at this instant: the endpoints controller is eventually
// consistent, as upstream), Endpoints never list a terminating or unready pod as ready, and a StatefulSet pod's DNS
// name never answers with an address whose pod is not Ready; it follows the recreated pod's new IP (§C3).
import { afterEach, describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { podIsReady } from '../../../src-main/cluster/controllers/endpoints'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { getObj, startScenario, type Scenario } from './harness'

const svc = (name: string, app: string, headless: boolean): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { ...(headless ? { clusterIP: 'None' } : {}), selector: { app }, ports: [{ port: 80, name: 'web' }] },
})

let s: Scenario | undefined
/** Nothing more is due at this sim instant: every controller has seen the last change. */
const settled = (sc: Scenario) => (sc.clock.nextAt() ?? Infinity) > sc.clock.now()
afterEach(() => s?.dispose())

/** Every ready address of the Endpoints belongs to a live, Ready pod. */
function endpointsBreaches(sc: Scenario, name: string): string[] {
  const ep = getObj(sc.store, GVRS.endpoints, name)
  const out: string[] = []
  for (const sub of ep?.subsets ?? []) {
    for (const a of sub.addresses ?? []) {
      const p = getObj(sc.store, GVRS.pods, a.targetRef.name)
      if (!p || p.metadata.deletionTimestamp || !podIsReady(p)) out.push(`${a.targetRef.name} listed ready`)
    }
  }
  return out
}

describe('Services during change', () => {
  it('EndpointsFollowRollingUpdate: only Ready pods are ready addresses, at every step', async () => {
    s = startScenario({ seed: 3 })
    s.store.create(GVRS.services, 'default', svc('front', 'front', false))
    s.store.create(GVRS.deployments, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'front' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'front' } }, template: { metadata: { labels: { app: 'front' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'web' }] }] } } },
    })
    const readyAddresses = () => (getObj(s!.store, GVRS.endpoints, 'front')?.subsets ?? []).flatMap((x: any) => x.addresses ?? [])
    await s.until('3 ready addresses', () => readyAddresses().length === 3)
    const d = s.store.get(GVRS.deployments, 'default', 'front')
    d.spec.template.spec.containers[0].image = 'registry.k8s.io/nginx-slim:0.21'
    s.store.update(GVRS.deployments, 'default', 'front', d)
    const breaches: string[] = []
    let minReady = 3
    const rolledOut = () => {
      const ps = s!.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=front' }).items
      return ps.length === 3 && ps.every((p) => podIsReady(p) && p.spec.containers[0].image === 'registry.k8s.io/nginx-slim:0.21')
    }
    for (let i = 0; i < 5000; i++) {
      if (!(await s.step())) break
      if (!settled(s)) continue
      breaches.push(...endpointsBreaches(s, 'front'))
      minReady = Math.min(minReady, readyAddresses().length)
      if (rolledOut() && readyAddresses().length === 3) break
    }
    expect([...new Set(breaches)]).toEqual([])
    // maxUnavailable 25% of 3 rounds down to 0: the service never loses a ready backend.
    expect(minReady).toBe(3)
    const ips = readyAddresses().map((a: any) => a.targetRef.name)
    for (const n of ips) expect(getObj(s.store, GVRS.pods, n)!.spec.containers[0].image).toBe('registry.k8s.io/nginx-slim:0.21')
    const vip = s.store.get(GVRS.services, 'default', 'front').spec.clusterIP
    expect(s.cluster.dns.query('front.default.svc.cluster.local', 'A').answers.map((a) => a.answer)).toEqual([vip])
    expect(s.violations).toEqual([])
  })

  it.each(['OrderedReady', 'Parallel'])('PodDnsFollowsRecreatedPodOnlyWhenReady (%s)', async (policy) => {
    s = startScenario({ seed: 9 })
    s.store.create(GVRS.services, 'default', svc('nginx', 'nginx', true))
    s.store.create(GVRS.statefulsets, 'default', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: {
        serviceName: 'nginx',
        replicas: 2,
        podManagementPolicy: policy,
        selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', ports: [{ containerPort: 80, name: 'web' }] }] } },
      },
    })
    const name = 'web-0.nginx.default.svc.cluster.local'
    const answer = () => s!.cluster.dns.query(name, 'A').answers.map((a) => a.answer)
    await s.until('web-0 resolvable', () => answer().length === 1)
    const oldIp = getObj(s.store, GVRS.pods, 'web-0')!.status.podIP
    expect(answer()).toEqual([oldIp])
    s.store.delete(GVRS.pods, 'default', 'web-0')
    const seen: string[] = []
    const breaches: string[] = []
    await s.until('web-0 back and resolvable', () => {
      const p = getObj(s!.store, GVRS.pods, 'web-0')
      const a = answer()
      for (const ip of a) {
        if (!seen.includes(ip)) seen.push(ip)
        if (!settled(s!)) continue
        const owner = s!.store.list(GVRS.pods, { namespace: 'default' }).items.find((x) => x.status?.podIP === ip && !x.metadata.deletionTimestamp)
        if (!owner || !podIsReady(owner)) breaches.push(`${name} → ${ip} while not Ready`)
      }
      return !!p && !p.metadata.deletionTimestamp && podIsReady(p) && a.length === 1 && a[0] === p.status.podIP
    })
    expect([...new Set(breaches)]).toEqual([])
    // The name disappeared while the pod was gone, then came back with the new pod's address.
    const newIp = getObj(s.store, GVRS.pods, 'web-0')!.status.podIP
    expect(seen.at(-1)).toBe(newIp)
    expect(s.cluster.dns.query(`${newIp.split('.').reverse().join('.')}.in-addr.arpa`, 'PTR').answers.map((a) => a.answer)).toEqual([name])
    expect(s.violations).toEqual([])
  })
})
