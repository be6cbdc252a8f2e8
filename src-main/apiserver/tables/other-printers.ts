// Tables for networking, storage, nodes, events and the small core kinds.
import type { KObject } from '../../cluster/api-types'
import { ageSince } from './human-duration'
import { ageCol, col, formatLabels, nameCol, type Printer } from './types'

function servicePorts(ports: any[] | undefined): string {
  if (!ports?.length) return '<none>'
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',')
}

function externalIP(svc: KObject): string {
  const spec = svc.spec ?? {}
  const ext: string[] = spec.externalIPs ?? []
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>'
    case 'LoadBalancer': {
      const ing = (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip || i.hostname).filter(Boolean)
      const all = [...ing, ...ext]
      return all.length ? all.join(',') : '<pending>'
    }
    case 'ExternalName':
      return spec.externalName ?? '<none>'
    default:
      return '<unknown>'
  }
}

export const servicePrinter: Printer = {
  columns: [
    nameCol('service'),
    col('Type', 'string', 'How the service is exposed.'),
    col('Cluster-IP', 'string', 'Virtual IP inside the cluster (None for a headless service).'),
    col('External-IP', 'string', 'Addresses reachable from outside the cluster.'),
    col('Port(s)', 'string', 'Service ports and protocols.'),
    ageCol,
    col('Selector', 'string', 'Labels of the pods that back the service.', 1),
  ],
  row: (o, now) => [
    o.metadata.name ?? '',
    o.spec?.type ?? 'ClusterIP',
    o.spec?.clusterIPs?.[0] ?? (o.spec?.clusterIP || '<none>'),
    externalIP(o),
    servicePorts(o.spec?.ports),
    ageSince(o.metadata.creationTimestamp, now),
    formatLabels(o.spec?.selector),
  ],
}

export function formatEndpoints(ep: KObject): string {
  const subsets: any[] = ep.subsets ?? []
  if (!subsets.length) return '<none>'
  const max = 3
  const list: string[] = []
  let more = false
  let count = 0
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? []
    const ports: any[] = ss.ports?.length ? ss.ports : [null]
    for (const port of ports) {
      count += addrs.length
      for (const a of addrs) {
        if (list.length === max) {
          more = true
          break
        }
        list.push(port ? `${a.ip}:${port.port}` : a.ip)
      }
    }
  }
  const text = list.join(',')
  return more ? `${text} + ${count - max} more...` : text
}

export const endpointsPrinter: Printer = {
  columns: [nameCol('endpoints'), col('Endpoints', 'string', 'Ready addresses with ports.'), ageCol],
  row: (o, now) => [o.metadata.name ?? '', formatEndpoints(o), ageSince(o.metadata.creationTimestamp, now)],
}

function firstN(items: string[], empty: string): string {
  if (!items.length) return empty
  if (items.length <= 3) return items.join(',')
  return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`
}

export const endpointSlicePrinter: Printer = {
  columns: [
    nameCol('endpoint slice'),
    col('AddressType', 'string', 'IPv4, IPv6 or FQDN.'),
    col('Ports', 'string', 'Ports of the endpoints.'),
    col('Endpoints', 'string', 'Addresses, ready or not.'),
    ageCol,
  ],
  row: (o, now) => [
    o.metadata.name ?? '',
    o.addressType ?? '',
    firstN((o.ports ?? []).map((p: any) => String(p.port)), '<unset>'),
    firstN((o.endpoints ?? []).flatMap((e: any) => e.addresses ?? []), '<unset>'),
    ageSince(o.metadata.creationTimestamp, now),
  ],
}

export function accessModes(modes: string[] | undefined): string {
  const m = modes ?? []
  const out: string[] = []
  if (m.includes('ReadWriteOnce')) out.push('RWO')
  if (m.includes('ReadOnlyMany')) out.push('ROX')
  if (m.includes('ReadWriteMany')) out.push('RWX')
  if (m.includes('ReadWriteOncePod')) out.push('RWOP')
  return out.join(',')
}

const volumeAttrCol = col('VolumeAttributesClass', 'string', 'Volume attributes class, if any.')
const volumeModeCol = col('VolumeMode', 'string', 'Filesystem or Block.', 1)

export const pvcPrinter: Printer = {
  columns: [
    nameCol('claim'),
    col('Status', 'string', 'Pending, Bound or Lost.'),
    col('Volume', 'string', 'The bound PersistentVolume.'),
    col('Capacity', 'string', 'Size of the bound volume.'),
    col('Access Modes', 'string', 'How the volume can be mounted.'),
    col('StorageClass', 'string', 'Storage class of the claim.'),
    volumeAttrCol,
    ageCol,
    volumeModeCol,
  ],
  row: (o, now) => {
    const bound = !!o.spec?.volumeName
    return [
      o.metadata.name ?? '',
      o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? 'Pending'),
      o.spec?.volumeName ?? '',
      bound ? (o.status?.capacity?.storage ?? '') : '',
      bound ? accessModes(o.status?.accessModes) : '',
      o.spec?.storageClassName ?? o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '',
      o.spec?.volumeAttributesClassName ?? '<unset>',
      ageSince(o.metadata.creationTimestamp, now),
      o.spec?.volumeMode ?? '<unset>',
    ]
  },
}

export const pvPrinter: Printer = {
  columns: [
    nameCol('volume'),
    col('Capacity', 'string', 'Size of the volume.'),
    col('Access Modes', 'string', 'How the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'What happens to the volume when its claim goes away.'),
    col('Status', 'string', 'Available, Bound, Released or Failed.'),
    col('Claim', 'string', 'namespace/name of the bound claim.'),
    col('StorageClass', 'string', 'Storage class of the volume.'),
    volumeAttrCol,
    col('Reason', 'string', 'Why the volume is in this state.'),
    ageCol,
    volumeModeCol,
  ],
  row: (o, now) => {
    const ref = o.spec?.claimRef
    return [
      o.metadata.name ?? '',
      o.spec?.capacity?.storage ?? '',
      accessModes(o.spec?.accessModes),
      o.spec?.persistentVolumeReclaimPolicy ?? 'Retain',
      o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? 'Pending'),
      ref ? `${ref.namespace}/${ref.name}` : '',
      o.spec?.storageClassName ?? '',
      o.spec?.volumeAttributesClassName ?? '<unset>',
      o.status?.reason ?? '',
      ageSince(o.metadata.creationTimestamp, now),
      o.spec?.volumeMode ?? '<unset>',
    ]
  },
}

export const storageClassPrinter: Printer = {
  columns: [
    nameCol('storage class'),
    col('Provisioner', 'string', 'Who creates volumes for this class.'),
    col('ReclaimPolicy', 'string', 'Reclaim policy of the volumes it creates.'),
    col('VolumeBindingMode', 'string', 'When claims get bound.'),
    col('AllowVolumeExpansion', 'string', 'Whether claims may grow.'),
    ageCol,
  ],
  row: (o, now) => {
    const a = o.metadata.annotations ?? {}
    const isDefault =
      a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
    return [
      isDefault ? `${o.metadata.name} (default)` : (o.metadata.name ?? ''),
      o.provisioner ?? '',
      o.reclaimPolicy ?? 'Delete',
      o.volumeBindingMode ?? 'Immediate',
      String(o.allowVolumeExpansion ?? false),
      ageSince(o.metadata.creationTimestamp, now),
    ]
  },
}

export const nodePrinter: Printer = {
  columns: [
    nameCol('node'),
    col('Status', 'string', 'Ready or NotReady, plus SchedulingDisabled when cordoned.'),
    col('Roles', 'string', 'Node roles from node-role labels.'),
    ageCol,
    col('Version', 'string', 'Kubelet version.'),
    col('Internal-IP', 'string', 'Internal node address.', 1),
    col('External-IP', 'string', 'External node address.', 1),
    col('OS-Image', 'string', 'Operating system image.', 1),
    col('Kernel-Version', 'string', 'Kernel version.', 1),
    col('Container-Runtime', 'string', 'Container runtime and version.', 1),
  ],
  row: (o, now) => {
    const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready')
    let status = ready ? (ready.status === 'True' ? 'Ready' : ready.status === 'False' ? 'NotReady' : 'Unknown') : 'Unknown'
    if (o.spec?.unschedulable) status += ',SchedulingDisabled'
    const roles = new Set<string>()
    for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
      if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length))
      else if (k === 'kubernetes.io/role') roles.add(v)
    }
    const addr = (t: string) => (o.status?.addresses ?? []).filter((a: any) => a.type === t).map((a: any) => a.address)[0]
    const info = o.status?.nodeInfo ?? {}
    return [
      o.metadata.name ?? '',
      status,
      roles.size ? [...roles].sort().join(',') : '<none>',
      ageSince(o.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      addr('InternalIP') ?? '<none>',
      addr('ExternalIP') ?? '<none>',
      info.osImage ?? '<unknown>',
      info.kernelVersion ?? '<unknown>',
      info.containerRuntimeVersion ?? '<unknown>',
    ]
  },
}

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'Time since the event was last seen.'),
    col('Type', 'string', 'Normal or Warning.'),
    col('Reason', 'string', 'Short machine-readable reason.'),
    col('Object', 'string', 'The object the event is about.'),
    col('Message', 'string', 'What happened.'),
    col('Subobject', 'string', 'Field of the object, e.g. a container.', 1),
    col('Source', 'string', 'Component that reported it.', 1),
    col('First Seen', 'string', 'Time since the event was first seen.', 1),
    col('Count', 'string', 'How many times it happened.', 1),
    col('Name', 'string', 'Name of the event object.', 1, 'name'),
  ],
  row: (o, now) => {
    const last = o.series?.lastObservedTime ?? o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp
    const first = o.firstTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp
    const io = o.involvedObject ?? {}
    const src = o.source ?? {}
    const source = src.host ? `${src.component ?? ''}, ${src.host}` : (src.component ?? o.reportingComponent ?? '')
    return [
      ageSince(last, now),
      o.type ?? '',
      o.reason ?? '',
      `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
      String(o.message ?? '').trim(),
      io.fieldPath ?? '',
      source,
      ageSince(first, now),
      String(o.series?.count ?? o.count ?? 1),
      o.metadata.name ?? '',
    ]
  },
}

export const namespacePrinter: Printer = {
  columns: [nameCol('namespace'), col('Status', 'string', 'Active or Terminating.'), ageCol],
  row: (o, now) => [o.metadata.name ?? '', o.status?.phase ?? 'Active', ageSince(o.metadata.creationTimestamp, now)],
}

export const serviceAccountPrinter: Printer = {
  columns: [nameCol('service account'), col('Secrets', 'integer', 'Number of referenced secrets.'), ageCol],
  row: (o, now) => [o.metadata.name ?? '', (o.secrets ?? []).length, ageSince(o.metadata.creationTimestamp, now)],
}

export const configMapPrinter: Printer = {
  columns: [nameCol('config map'), col('Data', 'integer', 'Number of keys.'), ageCol],
  row: (o, now) => [
    o.metadata.name ?? '',
    Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length,
    ageSince(o.metadata.creationTimestamp, now),
  ],
}

export const secretPrinter: Printer = {
  columns: [nameCol('secret'), col('Type', 'string', 'Secret type.'), col('Data', 'integer', 'Number of keys.'), ageCol],
  row: (o, now) => [o.metadata.name ?? '', o.type ?? 'Opaque', Object.keys(o.data ?? {}).length, ageSince(o.metadata.creationTimestamp, now)],
}

export const leasePrinter: Printer = {
  columns: [nameCol('lease'), col('Holder', 'string', 'The current holder of the lease.'), ageCol],
  row: (o, now) => [o.metadata.name ?? '', o.spec?.holderIdentity ?? '', ageSince(o.metadata.creationTimestamp, now)],
}

/** For kinds without a dedicated printer the real server prints NAME and CREATED AT. */
export const defaultPrinter: Printer = {
  columns: [nameCol('object'), col('Created At', 'date', 'When the object was created.')],
  row: (o) => [o.metadata.name ?? '', o.metadata.creationTimestamp ?? ''],
}
