// Cluster DNS with CoreDNS `kubernetes` plugin semantics (fidelity §C3), computed from the store on each query:
// ClusterIP services → A; headless → one A per ready endpoint (+ per-hostname records); SRV per named port;
// PTR for service and endpoint IPs; `pods insecure` dashed-IP pod records.
import type { KObject } from '../api-types'
import { listRefs } from '../store/refs'
import { GVRS } from '../store/registry'
import type { Store } from '../store/types'
import type { DnsAnswer, DnsRecord, DnsServer, DnsType } from './types'

export const CLUSTER_DOMAIN = 'cluster.local'
const DNS_IP = '10.96.0.10'

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/
const dashed = (ip: string) => ip.replace(/\./g, '-')
const reverse = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`

interface Endpoint {
  ip: string
  hostname?: string
}

function endpointsOf(ep: KObject | undefined, publishNotReady: boolean): Endpoint[] {
  const out: Endpoint[] = []
  for (const s of ep?.subsets ?? []) {
    for (const a of s.addresses ?? []) out.push({ ip: a.ip, hostname: a.hostname })
    if (publishNotReady) for (const a of s.notReadyAddresses ?? []) out.push({ ip: a.ip, hostname: a.hostname })
  }
  return out
}

function portsOf(ep: KObject | undefined, svc: KObject): { name: string; port: number; protocol: string }[] {
  // Headless SRV targets use the endpoint ports; ClusterIP ones the service ports.
  if (svc.spec?.clusterIP === 'None') {
    const seen = new Map<string, { name: string; port: number; protocol: string }>()
    for (const s of ep?.subsets ?? []) for (const p of s.ports ?? []) if (p.name) seen.set(`${p.name}/${p.protocol ?? 'TCP'}`, { name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })
    return [...seen.values()]
  }
  return (svc.spec?.ports ?? []).filter((p: any) => p.name).map((p: any) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' }))
}

export function createDnsServer(store: Store): DnsServer {
  // Records are rebuilt only when the store has changed since the last question (resourceVersion moves on every
  // write), so a burst of lookups over a big cluster costs one scan.
  let cache: { rv: string; records: DnsRecord[]; byName: Map<string, DnsRecord[]> } | undefined
  function indexed(): { records: DnsRecord[]; byName: Map<string, DnsRecord[]> } {
    const rv = store.resourceVersion()
    if (cache?.rv === rv) return cache
    const records = allRecords()
    const byName = new Map<string, DnsRecord[]>()
    for (const r of records) {
      const list = byName.get(r.name)
      if (list) list.push(r)
      else byName.set(r.name, [r])
    }
    cache = { rv, records, byName }
    return cache
  }

  function allRecords(): DnsRecord[] {
    const out: DnsRecord[] = []
    // The stored objects themselves (only read here): a copy of every pod per rebuild cost more than the records.
    const services = listRefs(store, GVRS.services)
    const endpoints = new Map(listRefs(store, GVRS.endpoints).map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]))
    for (const svc of services) {
      const ns = svc.metadata.namespace!
      const base = `${svc.metadata.name}.${ns}.svc.${CLUSTER_DOMAIN}`
      const ep = endpoints.get(`${ns}/${svc.metadata.name}`)
      if (svc.spec?.type === 'ExternalName') continue
      if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') {
        out.push({ name: base, type: 'A', answer: svc.spec.clusterIP })
        out.push({ name: reverse(svc.spec.clusterIP), type: 'PTR', answer: base })
        for (const p of portsOf(ep, svc)) {
          out.push({ name: `_${p.name}._${p.protocol.toLowerCase()}.${base}`, type: 'SRV', answer: `0 100 ${p.port} ${base}` })
          out.push({ name: base, type: 'SRV', answer: `0 100 ${p.port} ${base}` })
        }
        continue
      }
      const eps = endpointsOf(ep, !!svc.spec?.publishNotReadyAddresses)
      const weight = eps.length ? Math.floor(100 / eps.length) : 0
      for (const e of eps) {
        const host = `${e.hostname ?? dashed(e.ip)}.${base}`
        out.push({ name: base, type: 'A', answer: e.ip })
        out.push({ name: host, type: 'A', answer: e.ip })
        out.push({ name: reverse(e.ip), type: 'PTR', answer: host })
      }
      for (const p of portsOf(ep, svc)) {
        for (const e of eps) {
          const answer = `0 ${weight} ${p.port} ${e.hostname ?? dashed(e.ip)}.${base}`
          out.push({ name: `_${p.name}._${p.protocol.toLowerCase()}.${base}`, type: 'SRV', answer })
          // CoreDNS also answers SRV for the bare service name: every port of every endpoint.
          out.push({ name: base, type: 'SRV', answer })
        }
      }
    }
    for (const pod of listRefs(store, GVRS.pods)) {
      const ip = pod.status?.podIP
      if (!ip || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue
      out.push({ name: `${dashed(ip)}.${pod.metadata.namespace}.pod.${CLUSTER_DOMAIN}`, type: 'A', answer: ip })
    }
    return out
  }

  return {
    serverIP: DNS_IP,
    query(name: string, type: DnsType): DnsAnswer {
      const q = name.toLowerCase().replace(/\.$/, '')
      const { records, byName } = indexed()
      const named = byName.get(q) ?? []
      // `pods insecure`: any well-formed dashed IP in a namespace answers, whether or not a pod has it.
      const podMatch = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.([a-z0-9-]+)\.pod\.cluster\.local$/.exec(q)
      if (podMatch && !named.length) {
        const ip = podMatch.slice(1, 5).join('.')
        if (IPV4.test(ip) && podMatch.slice(1, 5).every((x) => Number(x) < 256)) {
          return { rcode: 'NOERROR', answers: type === 'A' ? [{ name: q, type: 'A', answer: ip }] : [] }
        }
      }
      if (!named.length) {
        // A name that exists with other record types (or as a parent of names) is NOERROR/empty, not NXDOMAIN.
        const exists = records.some((r) => r.name.endsWith(`.${q}`)) && /\.svc\.cluster\.local$/.test(q) && q.split('.').length > 4
        return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers: [] }
      }
      const seen = new Set<string>()
      const answers = named.filter((r) => r.type === type && !seen.has(r.answer) && seen.add(r.answer))
      return { rcode: 'NOERROR', answers }
    },
    records(): DnsRecord[] {
      return [...indexed().records]
    },
  }
}
