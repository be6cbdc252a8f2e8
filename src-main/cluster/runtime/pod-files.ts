// What the kubelet puts into every container: the managed /etc/hosts, /etc/hostname, /etc/resolv.conf (dnsPolicy
// ClusterFirst, fidelity §C4), the service-account projection and the environment (incl. service links).
import type { Container, KObject, Pod } from '../api-types'
import { getRef, listRefs } from '../store/refs'
import type { Store } from '../store/types'
import type { ServiceLister } from './service-list'

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

/** What a container's environment reads from the store, taken at one moment (service links are those of the
 *  Services existing then). The objects are the store's frozen references (a pod the kubelet built is never changed
 *  either), so building the environment from them later gives exactly what building it then would have. */
export interface EnvSources {
  pod: Pod
  /** The namespace's Services; null when listing them failed. */
  services: readonly Readonly<KObject>[] | null
  /** default/kubernetes; 'failed' when reading it failed. */
  kube: Readonly<KObject> | undefined | 'failed'
}

/** `listServices`: the namespace's Services as `listRefs` returns them (the runtime's per-namespace list). */
export function envSources(store: Store, pod: Pod, listServices?: ServiceLister): EnvSources {
  let services: EnvSources['services'] = null
  let kube: EnvSources['kube'] = 'failed'
  try {
    const ns = pod.metadata.namespace ?? 'default'
    // The stored (frozen) services: only read here, so no copy per container start.
    services = listServices ? listServices(ns) : listRefs(store, SERVICES, { namespace: ns })
    // The API server's own service is always injected, whatever the namespace.
    kube = getRef(store, SERVICES, 'default', 'kubernetes')
  } catch {
    // Either read failing falls back to the minimal KUBERNETES_* links (see containerEnvFrom).
  }
  return { pod, services, kube }
}

/** The process environment of a container's main process (exec sessions get the same). */
export function containerEnv(store: Store, pod: Pod, c: Container, imageEnv: Record<string, string>, tty: boolean): Map<string, string> {
  return containerEnvFrom(envSources(store, pod), c, imageEnv, tty)
}

export function containerEnvFrom(src: EnvSources, c: Container, imageEnv: Record<string, string>, tty: boolean): Map<string, string> {
  const pod = src.pod
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
    // A read that failed when the sources were taken ends the links here, as the read itself throwing would have.
    if (!src.services) throw new Error('services unavailable')
    if (pod.spec.enableServiceLinks !== false) for (const s of src.services) if (s.metadata.name !== 'kubernetes') serviceLinkVars(s, links)
    if (src.kube === 'failed') throw new Error('kubernetes service unavailable')
    if (src.kube) serviceLinkVars(src.kube, links)
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
