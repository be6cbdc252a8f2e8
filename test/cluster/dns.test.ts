import { describe, expect, it } from 'vitest'
import { podIsReady } from '../../src-main/cluster/controllers/endpoints'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness, WEB_SERVICE, webStatefulSet } from './helpers'

describe('cluster DNS', () => {
  it('kube-dns and kubernetes service names resolve to their ClusterIPs, with PTRs', () => {
    const h = startHarness()
    expect(h.cluster.dns.serverIP).toBe('10.96.0.10')
    expect(h.cluster.dns.query('kube-dns.kube-system.svc.cluster.local', 'A').answers.map((a) => a.answer)).toEqual(['10.96.0.10'])
    expect(h.cluster.dns.query('kubernetes.default.svc.cluster.local.', 'A').answers.map((a) => a.answer)).toEqual(['10.96.0.1'])
    expect(h.cluster.dns.query('10.0.96.10.in-addr.arpa', 'PTR').answers.map((a) => a.answer)).toEqual(['kube-dns.kube-system.svc.cluster.local'])
    expect(h.cluster.dns.query('nope.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN')
  })

  it('per-pod names appear only once the pod is Ready; headless name lists ready pods; SRV per named port', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet())
    const name = 'web-0.nginx.default.svc.cluster.local'
    const resolvedWhen: boolean[] = []
    await h.until(() => {
      const p = h.pod('web-0')
      const ready = !!p && podIsReady(p)
      const resolves = h.cluster.dns.query(name, 'A').rcode === 'NOERROR'
      if (resolves) resolvedWhen.push(ready)
      return resolves
    }, 60_000)
    expect(resolvedWhen.every((x) => x)).toBe(true)
    const web0 = h.pod('web-0')!
    expect(h.cluster.dns.query(name, 'A').answers).toEqual([{ name, type: 'A', answer: web0.status.podIP }])
    const rev = web0.status.podIP.split('.').reverse().join('.') + '.in-addr.arpa'
    expect(h.cluster.dns.query(rev, 'PTR').answers.map((a) => a.answer)).toEqual([name])
    await h.run(60_000)
    const all = h.cluster.dns.query('nginx.default.svc.cluster.local', 'A').answers.map((a) => a.answer).sort()
    expect(all).toEqual([h.pod('web-0')!.status.podIP, h.pod('web-1')!.status.podIP].sort())
    const srv = h.cluster.dns.query('_web._tcp.nginx.default.svc.cluster.local', 'SRV').answers.map((a) => a.answer).sort()
    expect(srv).toEqual(['0 50 80 web-0.nginx.default.svc.cluster.local', '0 50 80 web-1.nginx.default.svc.cluster.local'])
    const dashed = `${web0.status.podIP.replace(/\./g, '-')}.default.pod.cluster.local`
    expect(h.cluster.dns.query(dashed, 'A').answers[0].answer).toBe(web0.status.podIP)
    expect(h.cluster.dns.query('web-5.nginx.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN')
  })

  it('a pod whose subdomain is not the service name gets no hostname record', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
    h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet({ serviceName: 'other', replicas: 1 }))
    await h.run(30_000)
    const ep = h.cluster.store.get(GVRS.endpoints, 'default', 'nginx')
    expect(ep.subsets[0].addresses[0].hostname).toBeUndefined()
    expect(h.cluster.dns.query('web-0.nginx.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN')
    const ip = h.pod('web-0')!.status.podIP
    expect(h.cluster.dns.query(`${ip.replace(/\./g, '-')}.nginx.default.svc.cluster.local`, 'A').answers[0].answer).toBe(ip)
  })
})
