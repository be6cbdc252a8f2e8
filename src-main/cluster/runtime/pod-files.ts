// What the kubelet puts into every container: the managed /etc/hosts, /etc/hostname, /etc/resolv.conf (dnsPolicy
// ClusterFirst, fidelity §C4), the service-account projection and the environment (incl. service links).
import type { Container, KObject, Pod } from '../api-types'
import { getRef, listRefs } from '../store/refs'
import type { Store } from '../store/types'

export const CLUSTER_DOMAIN = 'cluster.local'

export function podHostname(pod: Pod): string {
  // A pod's hostname is spec.hostname, else its name (truncated to 63 chars like the kubelet does).
  return (pod.spec.hostname || pod.metadata.name || '').slice(0, 63)
}

export function podFqdn(pod: Pod): string {
  const host = podHostname(pod)
  return pod.spec.subdomain ? `${host}.${pod.spec.subdomain}.${pod.metadata.namespace ?? 'default'}.svc.${CLUSTER_DOMAIN}` : host
}

export function hostsFile(pod: Pod): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ]
  const ip = pod.status?.podIP
  if (ip) {
    const host = podHostname(pod)
    lines.push(pod.spec.subdomain ? `${ip}\t${podFqdn(pod)}\t${host}` : `${ip}\t${host}`)
  }
  for (const alias of pod.spec.hostAliases ?? []) {
    if (lines[lines.length - 1] !== '' && !lines.includes('# Entries added by HostAliases.')) lines.push('', '# Entries added by HostAliases.')
    lines.push(`${alias.ip}\t${(alias.hostnames ?? []).join('\t')}`)
  }
  return lines.join('\n') + '\n'
}

export function searchDomains(pod: Pod): string[] {
  const ns = pod.metadata.namespace ?? 'default'
  return [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN]
}

export function resolvConf(pod: Pod, nameserver: string): string {
  if (pod.spec.dnsPolicy === 'Default') return 'nameserver 172.18.0.1\noptions ndots:0\n'
  return `search ${searchDomains(pod).join(' ')}\nnameserver ${nameserver}\noptions ndots:5\n`
}

const SERVICES = { group: '', version: 'v1', resource: 'services' }

function serviceLinkVars(svc: KObject, out: [string, string][]): void {
  const ip = svc.spec?.clusterIP
  const ports: any[] = svc.spec?.ports ?? []
  if (!ip || ip === 'None' || !ports.length) return
  const name = (svc.metadata.name ?? '').toUpperCase().replace(/-/g, '_')
  const first = ports[0]
  out.push([`${name}_SERVICE_HOST`, ip], [`${name}_SERVICE_PORT`, String(first.port)])
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`, String(p.port)])
  const proto = (first.protocol ?? 'TCP').toLowerCase()
  out.push([`${name}_PORT`, `${proto}://${ip}:${first.port}`])
  for (const p of ports) {
    const pr = (p.protocol ?? 'TCP').toLowerCase()
    const base = `${name}_PORT_${p.port}_${pr.toUpperCase()}`
    out.push([base, `${pr}://${ip}:${p.port}`], [`${base}_PROTO`, pr], [`${base}_PORT`, String(p.port)], [`${base}_ADDR`, ip])
  }
}

/** The process environment of a container's main process (exec sessions get the same). */
export function containerEnv(store: Store, pod: Pod, c: Container, imageEnv: Record<string, string>, tty: boolean): Map<string, string> {
  const env = new Map<string, string>()
  env.set('PATH', imageEnv.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
  env.set('HOSTNAME', podHostname(pod))
  if (tty) env.set('TERM', 'xterm')
  for (const [k, v] of Object.entries(imageEnv)) if (k !== 'PATH') env.set(k, v)
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env.set(e.name, e.value)
    else {
      const path = (e.valueFrom as any)?.fieldRef?.fieldPath as string | undefined
      const v =
        path === 'metadata.name' ? pod.metadata.name : path === 'metadata.namespace' ? pod.metadata.namespace : path === 'status.podIP' ? pod.status?.podIP : path === 'spec.nodeName' ? pod.spec.nodeName : undefined
      env.set(e.name, v ?? '')
    }
  }
  const links: [string, string][] = []
  try {
    const ns = pod.metadata.namespace ?? 'default'
    // The stored (frozen) services: only read here, so no copy per container start.
    const svcs = listRefs(store, SERVICES, { namespace: ns })
    if (pod.spec.enableServiceLinks !== false) for (const s of svcs) if (s.metadata.name !== 'kubernetes') serviceLinkVars(s, links)
    // The API server's own service is always injected, whatever the namespace.
    const kube = getRef(store, SERVICES, 'default', 'kubernetes')
    if (kube) serviceLinkVars(kube, links)
    else links.push(['KUBERNETES_SERVICE_HOST', '10.96.0.1'], ['KUBERNETES_SERVICE_PORT', '443'], ['KUBERNETES_SERVICE_PORT_HTTPS', '443'], ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'])
  } catch {
    links.push(['KUBERNETES_SERVICE_HOST', '10.96.0.1'], ['KUBERNETES_SERVICE_PORT', '443'])
  }
  for (const [k, v] of links) if (!env.has(k)) env.set(k, v)
  env.set('HOME', '/root')
  return env
}

export function serviceAccountFiles(pod: Pod): Record<string, string> {
  return {
    'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIOrdinalSimulatedClusterCA0DQYJKoZIhvcNAQELBQAw\n-----END CERTIFICATE-----\n',
    namespace: pod.metadata.namespace ?? 'default',
    token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6Im9yZGluYWwifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpkZWZhdWx0In0.c2ltdWxhdGVk',
  }
}
