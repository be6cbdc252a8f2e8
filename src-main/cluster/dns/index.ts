export { createDnsServer, CLUSTER_DOMAIN } from './server'
export { clusterResolver, clusterSearchPath, resolveA, reverseName, searchCandidates } from './resolver'
export type { ResolverConfig, Resolved } from './resolver'
export type { DnsAnswer, DnsRecord, DnsServer, DnsType } from './types'
