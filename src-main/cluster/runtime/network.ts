// The simulated pod network as clients inside containers see it: /etc/hosts, the resolver (search-path expansion
// is the client's job, that is the busybox trap), pod IPs, Service VIPs load-balanced to ready endpoints (kube-proxy),
// and which pod is listening on which port.
import type { KObject, Pod } from '../api-types'
import type { DnsServer } from '../dns/types'
import type { Store } from '../store/types'
import type { CorednsServer } from './coredns-server'
import type { MysqlServer } from './mysql/server'
import type { NginxServer } from './nginx-server'

/** Whatever listens on a port: nginx (HTTP), mysqld, or CoreDNS's HTTP side (health, ready, metrics). All answer an
 *  HTTP request (mysqld with its greeting). */
export type PortServer = NginxServer | MysqlServer | CorednsServer

const PODS = { group: '', version: 'v1', resource: 'pods' }
const SERVICES = { group: '', version: 'v1', resource: 'services' }
const ENDPOINTS = { group: '', version: 'v1', resource: 'endpoints' }

export interface NetClient {
  podUid: string
  podIP: string
  nodeName?: string
  hostsFile(): string
  search: string[]
  ndots: number
}

export interface Resolution {
  /** The name that answered (after search expansion). */
  fqdn: string
  ips: string[]
}

export type Route =
  | { kind: 'ok'; server: PortServer; podIP: string }
  | { kind: 'refused' }
  | { kind: 'unreachable' }

export interface NetworkDeps {
  store: Store
  dns: DnsServer
  random: () => number
  /** The server listening on `port` in the pod with this uid, if its process is up. */
  listener(podUid: string, port: number): PortServer | null
}

function parseHosts(text: string): Map<string, string[]> {
  const m = new Map<string, string[]>()
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim()
    if (!line) continue
    const [ip, ...names] = line.split(/\s+/)
    if (ip.includes(':')) continue // IPv6 entries: our tools only speak IPv4
    for (const n of names) {
      const list = m.get(n.toLowerCase()) ?? []
      list.push(ip)
      m.set(n.toLowerCase(), list)
    }
  }
  return m
}

export const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((x) => Number(x) <= 255)

export class Network {
  constructor(private readonly d: NetworkDeps) {}

  get dnsServerIP(): string {
    return this.d.dns.serverIP
  }

  /** /etc/hosts lookup (libc consults it before DNS). */
  hosts(client: NetClient, name: string): string[] {
    return parseHosts(client.hostsFile()).get(name.toLowerCase()) ?? []
  }

  /** One DNS A question for an absolute name, as a resolver puts it on the wire. */
  queryA(fqdn: string): { rcode: 'NOERROR' | 'NXDOMAIN'; ips: string[] } {
    const ans = this.d.dns.query(fqdn.replace(/\.$/, ''), 'A')
    return { rcode: ans.rcode, ips: ans.answers.filter((a) => a.type === 'A').map((a) => a.answer) }
  }

  /** The candidate names a libc resolver tries, in order (ndots rule + search list). */
  candidates(client: NetClient, name: string): string[] {
    if (name.endsWith('.')) return [name.slice(0, -1)]
    const dots = name.split('.').length - 1
    const searched = client.search.map((s) => `${name}.${s}`)
    return dots >= client.ndots ? [name, ...searched] : [...searched, name]
  }

  /** getaddrinfo(): hosts file, then DNS with the search path. null = can't resolve. */
  resolve(client: NetClient, name: string): Resolution | null {
    if (isIPv4(name)) return { fqdn: name, ips: [name] }
    const local = this.hosts(client, name)
    if (local.length) return { fqdn: name, ips: local }
    for (const cand of this.candidates(client, name)) {
      const r = this.queryA(cand)
      if (r.ips.length) return { fqdn: cand, ips: r.ips }
    }
    return null
  }

  /** PTR name for an IP (no trailing dot), or null. */
  reverse(ip: string): string | null {
    const arpa = ip.split('.').reverse().join('.') + '.in-addr.arpa'
    const ans = this.d.dns.query(arpa, 'PTR')
    const ptr = ans.answers.find((a) => a.type === 'PTR')
    return ptr ? ptr.answer.replace(/\.$/, '') : null
  }

  podByIP(ip: string): Pod | null {
    const pods = this.d.store.list(PODS).items as Pod[]
    const hits = pods.filter((p) => p.status?.podIP === ip)
    // A terminating pod keeps its IP until its containers stop; prefer a live one if the IP was reused.
    return hits.find((p) => !p.metadata.deletionTimestamp) ?? hits[0] ?? null
  }

  private serviceByIP(ip: string): KObject | null {
    const svcs = this.d.store.list(SERVICES).items
    return svcs.find((s) => s.spec?.clusterIP === ip && ip !== 'None') ?? null
  }

  /** TCP connect: loopback, a pod IP, or a Service VIP (DNAT to a random ready endpoint, like kube-proxy). */
  route(client: NetClient, ip: string, port: number): Route {
    if (ip.startsWith('127.')) return this.toPod(client.podUid, client.podIP, port)
    const pod = this.podByIP(ip)
    if (pod) return this.toPod(pod.metadata.uid ?? '', ip, port)
    const svc = this.serviceByIP(ip)
    if (!svc) return { kind: 'unreachable' }
    const sp = (svc.spec?.ports ?? []).find((p: any) => Number(p.port) === port)
    if (!sp) return { kind: 'unreachable' } // no DNAT rule for that port: packets go nowhere
    let eps: KObject | null = null
    try {
      eps = this.d.store.get(ENDPOINTS, svc.metadata.namespace, svc.metadata.name ?? '')
    } catch {
      eps = null
    }
    const backends: { ip: string; port: number }[] = []
    for (const subset of eps?.subsets ?? []) {
      const epPort = (subset.ports ?? []).find((p: any) => !sp.name || p.name === sp.name) ?? subset.ports?.[0]
      for (const a of subset.addresses ?? []) backends.push({ ip: a.ip, port: Number(epPort?.port ?? sp.targetPort ?? port) })
    }
    // kube-proxy rejects connections to a Service without ready endpoints.
    if (!backends.length) return { kind: 'refused' }
    const pick = backends[Math.floor(this.d.random() * backends.length) % backends.length]
    const target = this.podByIP(pick.ip)
    if (!target) return { kind: 'unreachable' }
    return this.toPod(target.metadata.uid ?? '', pick.ip, pick.port)
  }

  private toPod(uid: string, ip: string, port: number): Route {
    const server = this.d.listener(uid, port)
    return server ? { kind: 'ok', server, podIP: ip } : { kind: 'refused' }
  }

  /** ICMP echo: pods answer; Service VIPs don't (iptables only DNATs TCP/UDP ports). */
  ping(client: NetClient, ip: string): { reply: boolean; ttl: number } {
    if (ip.startsWith('127.') || ip === client.podIP) return { reply: true, ttl: 64 }
    const pod = this.podByIP(ip)
    if (!pod || pod.status?.phase !== 'Running') return { reply: false, ttl: 0 }
    return { reply: true, ttl: pod.spec.nodeName && pod.spec.nodeName === client.nodeName ? 63 : 62 }
  }
}
