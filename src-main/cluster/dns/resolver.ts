// The client-resolver side of cluster DNS (what glibc/musl do with a pod's /etc/resolv.conf): the search path and the
// `ndots` rule decide which absolute names are asked, in which order. Pure; the runtime's clients call it.
import { CLUSTER_DOMAIN } from './server'
import type { DnsServer } from './types'

export interface ResolverConfig {
  search: string[]
  ndots: number
}

/** The kubelet's ClusterFirst search path for a pod in `namespace`. */
export function clusterSearchPath(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN]
}

export const clusterResolver = (namespace: string): ResolverConfig => ({ search: clusterSearchPath(namespace), ndots: 5 })

/**
 * Absolute names tried for `name`, in order: a trailing dot means exactly that name; fewer than `ndots` dots means
 * each search suffix first and the name as typed last; otherwise the name first, then the suffixes.
 */
export function searchCandidates(name: string, cfg: ResolverConfig): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)]
  const dots = (name.match(/\./g) ?? []).length
  const searched = cfg.search.map((s) => `${name}.${s}`)
  return dots >= cfg.ndots ? [name, ...searched] : [...searched, name]
}

export interface Resolved {
  /** The absolute name that answered. */
  fqdn: string
  ips: string[]
  /** Every question asked, in order, with its answer code (what a packet capture would show). */
  tried: { name: string; rcode: 'NOERROR' | 'NXDOMAIN' }[]
}

/** getaddrinfo()-style A lookup through the search path; null when no candidate has an address. */
export function resolveA(dns: DnsServer, name: string, cfg: ResolverConfig): Resolved | null {
  const tried: Resolved['tried'] = []
  for (const cand of searchCandidates(name, cfg)) {
    const ans = dns.query(cand, 'A')
    tried.push({ name: cand, rcode: ans.rcode })
    const ips = ans.answers.filter((a) => a.type === 'A').map((a) => a.answer)
    if (ips.length) return { fqdn: cand, ips, tried }
  }
  return null
}

/** The in-addr.arpa name of an IPv4 address. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`
}
