export { createDnsServer, CLUSTER_DOMAIN } from './server'
export type { DnsAnswer, DnsRecord, DnsServer, DnsType } from './types'
