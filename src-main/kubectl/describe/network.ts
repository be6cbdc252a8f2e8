// describe for Services and Endpoints. A Service's endpoints come from its EndpointSlices (label
// kubernetes.io/service-name), as kubectl 1.32 reads them.
import { DescribeWriter, labelsMultiline, annotationsMultiline, describeEvents } from '../describe-format'
import type { Describer } from './types'

function labelsText(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort()
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>'
}

/** Ready-or-not endpoint addresses with the port of this name; at most 3, then "+ N more...". */
export function formatEndpointSlices(slices: any[], portName: string): string {
  if (slices.length === 0) return '<none>'
  const list: string[] = []
  const max = 3
  let more = false
  let count = 0
  for (const s of slices) {
    const ports: any[] = s.ports ?? []
    if (ports.length === 0) {
      for (const ep of s.endpoints ?? []) {
        count++
        if (list.length === max) { more = true; continue }
        list.push(ep.addresses?.[0] ?? '')
      }
      continue
    }
    for (const p of ports) {
      if ((p.name ?? '') !== portName) continue
      for (const ep of s.endpoints ?? []) {
        count++
        if (list.length === max) { more = true; continue }
        const addr = String(ep.addresses?.[0] ?? '')
        list.push(addr.includes(':') ? `[${addr}]:${p.port}` : `${addr}:${p.port}`)
      }
    }
  }
  const text = list.join(',')
  return more ? `${text} + ${count - max} more...` : text
}

export const describeService: Describer = async (svc, events, ctx) => {
  const ns = svc.metadata.namespace
  const list = await ctx.get(`/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/endpointslices`, {
    labelSelector: `kubernetes.io/service-name=${svc.metadata.name}`,
  })
  const slices: any[] = list?.items ?? []
  const spec = svc.spec ?? {}
  const w = new DescribeWriter()
  w.write(0, `Name:\t${svc.metadata.name}\n`)
  w.write(0, `Namespace:\t${ns}\n`)
  labelsMultiline(w, 'Labels', svc.metadata.labels)
  annotationsMultiline(w, 'Annotations', svc.metadata.annotations)
  w.write(0, `Selector:\t${labelsText(spec.selector)}\n`)
  w.write(0, `Type:\t${spec.type ?? ''}\n`)
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`)
  w.write(0, `IP Families:\t${(spec.ipFamilies ?? []).length ? spec.ipFamilies.join(',') : '<none>'}\n`)
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`)
  if ((spec.clusterIPs ?? []).length) w.write(0, `IPs:\t${spec.clusterIPs.join(',')}\n`)
  if ((spec.externalIPs ?? []).length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`)
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`)
  const ingress: any[] = svc.status?.loadBalancer?.ingress ?? []
  if (ingress.length) w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname).join(', ')}\n`)
  if (spec.type === 'ExternalName') w.write(0, `External Name:\t${spec.externalName ?? ''}\n`)
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>'
    w.write(0, `Port:\t${name}\t${p.port}/${p.protocol ?? 'TCP'}\n`)
    w.write(0, `TargetPort:\t${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}\n`)
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? 'TCP'}\n`)
    w.write(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`)
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`)
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`)
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`)
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`)
  if ((spec.loadBalancerSourceRanges ?? []).length) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`)
  describeEvents(w, events)
  return w.toString()
}

export const describeEndpoints: Describer = async (ep, events) => {
  const w = new DescribeWriter()
  w.write(0, `Name:\t${ep.metadata.name}\n`)
  w.write(0, `Namespace:\t${ep.metadata.namespace}\n`)
  labelsMultiline(w, 'Labels', ep.metadata.labels)
  annotationsMultiline(w, 'Annotations', ep.metadata.annotations)
  w.write(0, 'Subsets:\n')
  for (const s of ep.subsets ?? []) {
    const ips = (l: any[] | undefined) => ((l ?? []).length ? l!.map((a) => a.ip).join(',') : '<none>')
    w.write(1, `Addresses:\t${ips(s.addresses)}\n`)
    w.write(1, `NotReadyAddresses:\t${ips(s.notReadyAddresses)}\n`)
    if ((s.ports ?? []).length) {
      w.write(1, 'Ports:\n')
      w.write(2, 'Name\tPort\tProtocol\n')
      w.write(2, '----\t----\t--------\n')
      for (const p of s.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`)
    }
    w.write(0, '\n')
  }
  describeEvents(w, events)
  return w.toString()
}
