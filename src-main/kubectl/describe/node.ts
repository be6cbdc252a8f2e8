// describe node: conditions, addresses, capacity, system info, the pods on it with their requests and limits, and
// the totals against allocatable. The Lease line reads the node's lease from coordination.k8s.io, as kubectl does.
import { DescribeWriter, labelsMultiline, annotationsMultiline, describeEvents, rfc1123z, since } from '../describe-format'
import { formatQuantity, parseQuantity, type Quantity } from './quantity'
import type { Describer } from './types'

function taintsMultiline(w: DescribeWriter, taints: any[] | undefined): void {
  w.write(0, 'Taints:\t')
  const list = taints ?? []
  if (list.length === 0) { w.write(0, '<none>\n'); return }
  list.forEach((t, i) => {
    if (i) w.write(0, '\t')
    w.write(0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`)
  })
}

function sum(list: (string | undefined)[]): Quantity {
  let value = 0
  let binary = false
  for (const s of list) {
    if (s === undefined) continue
    const q = parseQuantity(s)
    value += q.value
    binary ||= q.binary
  }
  return { value, binary }
}

function fraction(req: Quantity, total: string | undefined): string {
  const t = parseQuantity(total).value
  const pct = t > 0 ? Math.trunc((req.value / t) * 100) : 0
  return `${formatQuantity(req)} (${pct}%)`
}

function podResources(pod: any, kind: 'requests' | 'limits', res: string): Quantity {
  return sum((pod.spec?.containers ?? []).map((c: any) => c.resources?.[kind]?.[res]))
}

export const describeNode: Describer = async (node, events, ctx) => {
  const name = node.metadata.name
  const lease = await ctx.getOrError(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(name)}`)
  const podList = await ctx.get('/api/v1/pods', {
    fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
  })
  const pods: any[] = podList?.items ?? []
  const st = node.status ?? {}
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).sort()
  const w = new DescribeWriter()
  w.write(0, `Name:\t${name}\n`)
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`)
  labelsMultiline(w, 'Labels', node.metadata.labels)
  annotationsMultiline(w, 'Annotations', node.metadata.annotations)
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`)
  taintsMultiline(w, node.spec?.taints)
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable ? 'true' : 'false'}\n`)
  if ('error' in lease) w.write(0, `Lease:\tFailed to get lease: ${lease.error}\n`)
  else {
    const l = lease.body.spec ?? {}
    w.write(0, 'Lease:\n')
    w.write(1, `HolderIdentity:\t${l.holderIdentity ?? '<unset>'}\n`)
    w.write(1, `AcquireTime:\t${l.acquireTime ? rfc1123z(l.acquireTime) : '<unset>'}\n`)
    w.write(1, `RenewTime:\t${l.renewTime ? rfc1123z(l.renewTime) : '<unset>'}\n`)
  }
  const conds: any[] = st.conditions ?? []
  if (conds.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n')
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n')
    for (const c of conds) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`)
    }
  }
  w.write(0, 'Addresses:\n')
  for (const a of st.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`)
  for (const [title, list] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    if (!list || Object.keys(list).length === 0) continue
    w.write(0, `${title}:\n`)
    for (const k of Object.keys(list).sort()) w.write(1, `${k}:\t${list[k]}\n`)
  }
  const info = st.nodeInfo ?? {}
  w.write(0, 'System Info:\n')
  w.write(0, `  Machine ID:\t${info.machineID ?? ''}\n`)
  w.write(0, `  System UUID:\t${info.systemUUID ?? ''}\n`)
  w.write(0, `  Boot ID:\t${info.bootID ?? ''}\n`)
  w.write(0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`)
  w.write(0, `  OS Image:\t${info.osImage ?? ''}\n`)
  w.write(0, `  Operating System:\t${info.operatingSystem ?? ''}\n`)
  w.write(0, `  Architecture:\t${info.architecture ?? ''}\n`)
  w.write(0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`)
  w.write(0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`)
  w.write(0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`)
  const spec = node.spec ?? {}
  if (spec.podCIDR) w.write(0, `PodCIDR:\t${spec.podCIDR}\n`)
  if ((spec.podCIDRs ?? []).length) w.write(0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`)
  if (spec.providerID) w.write(0, `ProviderID:\t${spec.providerID}\n`)
  const alloc = st.allocatable ?? {}
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`)
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n')
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n')
  for (const p of pods) {
    w.write(1, `${p.metadata.namespace}\t${p.metadata.name}\t\t${fraction(podResources(p, 'requests', 'cpu'), alloc.cpu)}\t${fraction(podResources(p, 'limits', 'cpu'), alloc.cpu)}\t${fraction(podResources(p, 'requests', 'memory'), alloc.memory)}\t${fraction(podResources(p, 'limits', 'memory'), alloc.memory)}\t${since(p.metadata.creationTimestamp)}\n`)
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n')
  w.write(1, 'Resource\tRequests\tLimits\n')
  w.write(1, '--------\t--------\t------\n')
  const total = (kind: 'requests' | 'limits', res: string) => sum(pods.map((p) => formatQuantity(podResources(p, kind, res))))
  for (const res of ['cpu', 'memory']) {
    w.write(1, `${res}\t${fraction(total('requests', res), alloc[res])}\t${fraction(total('limits', res), alloc[res])}\n`)
  }
  for (const res of Object.keys(alloc).filter((k) => k === 'ephemeral-storage' || k.startsWith('hugepages-')).sort()) {
    w.write(1, `${res}\t${fraction(total('requests', res), alloc[res])}\t${fraction(total('limits', res), alloc[res])}\n`)
  }
  describeEvents(w, events)
  return w.toString()
}
