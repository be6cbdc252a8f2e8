// Services as the DNS sees them: kube-dns backed by CoreDNS pods, ClusterIP A/SRV/PTR, headless per-pod records
// gated on readiness, publishNotReadyAddresses, and the pod-side resolver's search path with ndots:5.
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../src-main/cluster/api-types'
import { podIsReady } from '../../src-main/cluster/controllers/endpoints'
import { clusterResolver, resolveA, reverseName, searchCandidates } from '../../src-main/cluster/dns'
import { GVRS } from '../../src-main/cluster/store/registry'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { assembleCluster } from '../../src-main/cluster/compose'
import { createVolumeStore } from '../../src-main/cluster/volumes'
import { fakeRuntime, startHarness, WEB_SERVICE } from './helpers'

const pod = (name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}, probe = false): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: {
    containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, name: 'web' }], ...(probe ? { readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 } } : {}) }],
    ...spec,
  },
})

describe('kube-dns', () => {
  it('is backed by two Ready CoreDNS pods of the coredns Deployment, so its Endpoints are not empty', async () => {
    const h = startHarness()
    const s = h.cluster.store
    const d = s.get(GVRS.deployments, 'kube-system', 'coredns')
    expect(d.spec.template.spec.containers[0].image).toBe('registry.k8s.io/coredns/coredns:v1.11.3')
    await h.run(30_000)
    const pods = s.list(GVRS.pods, { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns' }).items
    expect(pods).toHaveLength(2)
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^coredns-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
      expect(podIsReady(p)).toBe(true)
      expect(p.spec.nodeName).toBe('ordinal-control-plane')
      expect(p.status.podIP).toMatch(/^10\.244\.0\.\d+$/)
    }
    const ep = s.get(GVRS.endpoints, 'kube-system', 'kube-dns')
    expect(ep.subsets[0].addresses.map((a: any) => a.ip).sort()).toEqual(pods.map((p) => p.status.podIP).sort())
    expect(ep.subsets[0].ports.map((p: any) => `${p.name}/${p.port}/${p.protocol}`).sort()).toEqual(['dns-tcp/53/TCP', 'dns/53/UDP', 'metrics/9153/TCP'])
    expect(s.get(GVRS.deployments, 'kube-system', 'coredns').status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 })
    expect(h.cluster.dns.query('_dns._udp.kube-dns.kube-system.svc.cluster.local', 'SRV').answers.map((a) => a.answer)).toEqual(['0 100 53 kube-dns.kube-system.svc.cluster.local'])
    // A settled fresh cluster leaves no timers behind (instant speed would otherwise run the clock ahead).
    expect(h.clock.pending()).toBe(0)
  })

  it('is not installed when the node runtime cannot run the CoreDNS image (no add-on stuck in ImagePullBackOff)', () => {
    const clock = new SimClock()
    const rt = fakeRuntime(clock)
    const resolve = rt.resolveImage.bind(rt)
    rt.resolveImage = (image) => (image.includes('coredns') ? null : resolve(image))
    const c = assembleCluster({ clock, random: seededRandom(1) }, () => rt, createVolumeStore)
    expect(c.store.list(GVRS.deployments, { namespace: 'kube-system' }).items).toEqual([])
    // The Service is there regardless, so nslookup still names its server.
    expect(c.dns.query('10.0.96.10.in-addr.arpa', 'PTR').answers.map((a) => a.answer)).toEqual(['kube-dns.kube-system.svc.cluster.local'])
    c.dispose()
  })
})

describe('ClusterIP and headless records', () => {
  it('ClusterIP service: A → VIP, PTR of the VIP, SRV per named port (also on the bare name)', async () => {
    const h = startHarness()
    const svc = h.cluster.store.create(GVRS.services, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api' },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 8080, targetPort: 80 }, { name: 'grpc', port: 9090 }] },
    })
    const ip = svc.spec.clusterIP
    const fq = 'api.default.svc.cluster.local'
    expect(h.cluster.dns.query(fq, 'A').answers.map((a) => a.answer)).toEqual([ip])
    expect(h.cluster.dns.query(reverseName(ip), 'PTR').answers.map((a) => a.answer)).toEqual([fq])
    expect(h.cluster.dns.query(`_http._tcp.${fq}`, 'SRV').answers.map((a) => a.answer)).toEqual([`0 100 8080 ${fq}`])
    expect(h.cluster.dns.query(fq, 'SRV').answers.map((a) => a.answer).sort()).toEqual([`0 100 8080 ${fq}`, `0 100 9090 ${fq}`])
    expect(h.cluster.dns.query(`_http._udp.${fq}`, 'SRV').answers).toEqual([])
  })

  it('headless: a pod’s record appears only once it is Ready; publishNotReadyAddresses publishes it at once', async () => {
    const h = startHarness()
    const s = h.cluster.store
    let ready = false
    h.runtime.probeResult = () => ready
    s.create(GVRS.services, 'default', WEB_SERVICE)
    s.create(GVRS.services, 'default', { ...WEB_SERVICE, metadata: { name: 'peers' }, spec: { ...WEB_SERVICE.spec, publishNotReadyAddresses: true } })
    s.create(GVRS.pods, 'default', pod('db-0', { app: 'nginx' }, { hostname: 'db-0', subdomain: 'nginx' }, true))
    await h.run(30_000)
    const ip = h.pod('db-0')!.status.podIP
    expect(ip).toBeTruthy()
    expect(h.cluster.dns.query('db-0.nginx.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN')
    expect(h.cluster.dns.query('nginx.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN')
    const ep = s.get(GVRS.endpoints, 'default', 'nginx')
    expect(ep.subsets[0].notReadyAddresses).toEqual([expect.objectContaining({ ip, hostname: 'db-0' })])
    // `peers` publishes the unready pod; its subdomain is not `peers`, so it gets a dashed-IP name there.
    expect(h.cluster.dns.query('peers.default.svc.cluster.local', 'A').answers.map((a) => a.answer)).toEqual([ip])
    expect(h.cluster.dns.query(`${ip.replace(/\./g, '-')}.peers.default.svc.cluster.local`, 'A').answers.map((a) => a.answer)).toEqual([ip])
    const slice = s.list(GVRS.endpointslices, { namespace: 'default', labelSelector: 'kubernetes.io/service-name=peers' }).items[0]
    expect(slice.endpoints[0].conditions).toEqual({ ready: true, serving: false, terminating: false })
    ready = true
    await h.run(5_000)
    expect(h.cluster.dns.query('db-0.nginx.default.svc.cluster.local', 'A').answers.map((a) => a.answer)).toEqual([ip])
    expect(h.cluster.dns.query(reverseName(ip), 'PTR').answers.map((a) => a.answer)).toContain('db-0.nginx.default.svc.cluster.local')
    expect(h.cluster.dns.query('_web._tcp.nginx.default.svc.cluster.local', 'SRV').answers.map((a) => a.answer)).toEqual(['0 100 80 db-0.nginx.default.svc.cluster.local'])
  })

  it('a service with no pods has an EndpointSlice with endpoints: null and Endpoints without subsets', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    await h.run(1_000)
    expect(h.cluster.store.get(GVRS.endpoints, 'default', 'nginx').subsets).toBeUndefined()
    const slice = h.cluster.store.list(GVRS.endpointslices, { namespace: 'default', labelSelector: 'kubernetes.io/service-name=nginx' }).items[0]
    expect(slice.endpoints).toBeNull()
    expect(slice.ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP' }])
  })
})

describe('pod-side resolver (glibc/musl): search path and ndots:5', () => {
  const cfg = clusterResolver('default')

  it('names with fewer than 5 dots try the search suffixes first, in order', () => {
    expect(cfg.search).toEqual(['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'])
    expect(searchCandidates('web-0.nginx', cfg)).toEqual([
      'web-0.nginx.default.svc.cluster.local',
      'web-0.nginx.svc.cluster.local',
      'web-0.nginx.cluster.local',
      'web-0.nginx',
    ])
    // 4 dots is still "short" under ndots:5; a trailing dot is absolute.
    expect(searchCandidates('web-0.nginx.default.svc.cluster', cfg)[0]).toBe('web-0.nginx.default.svc.cluster.default.svc.cluster.local')
    expect(searchCandidates('a.b.c.d.e.f', cfg)[0]).toBe('a.b.c.d.e.f')
    expect(searchCandidates('web-0.nginx.default.svc.cluster.local.', cfg)).toEqual(['web-0.nginx.default.svc.cluster.local'])
  })

  it('resolves short names through the search path and records the NXDOMAIN questions before the hit', async () => {
    const h = startHarness()
    const svc = h.cluster.store.create(GVRS.services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } })
    const r = resolveA(h.cluster.dns, 'api', cfg)!
    expect(r.fqdn).toBe('api.default.svc.cluster.local')
    expect(r.ips).toEqual([svc.spec.clusterIP])
    expect(r.tried).toEqual([{ name: 'api.default.svc.cluster.local', rcode: 'NOERROR' }])
    const cross = resolveA(h.cluster.dns, 'kube-dns.kube-system', cfg)!
    expect(cross.fqdn).toBe('kube-dns.kube-system.svc.cluster.local')
    expect(cross.tried.map((t) => t.rcode)).toEqual(['NXDOMAIN', 'NOERROR'])
    // From another namespace the short name does not resolve.
    expect(resolveA(h.cluster.dns, 'api', clusterResolver('kube-system'))).toBeNull()
    expect(resolveA(h.cluster.dns, 'api.default', clusterResolver('kube-system'))!.ips).toEqual([svc.spec.clusterIP])
  })
})
