// The cluster DNS server (CoreDNS `kubernetes` plugin semantics, fidelity §C3). It answers fully-qualified
// questions only; search-path expansion is the client's job (busybox versions differ in exactly that).

export type DnsType = 'A' | 'SRV' | 'PTR'

export interface DnsRecord {
  name: string // 'web-0.nginx.default.svc.cluster.local' (no trailing dot)
  type: DnsType
  answer: string // IP, target name, or 'priority weight port target' for SRV
}

export interface DnsAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN'
  answers: DnsRecord[]
}

export interface DnsServer {
  /** The Service IP of kube-dns, 10.96.0.10. */
  readonly serverIP: string
  /** FQDN lookup (trailing dot optional). */
  query(name: string, type: DnsType): DnsAnswer
  /** Every record served now, for the DNS panel. */
  records(): DnsRecord[]
}
