// describe for PersistentVolumeClaims, PersistentVolumes and StorageClasses.
import { DescribeWriter, labelsMultiline, annotationsMultiline, describeEvents, since } from '../describe-format'
import type { Describer } from './types'

export function accessModesText(modes: string[] | undefined): string {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' }
  const order = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']
  return order.filter((m) => (modes ?? []).includes(m)).map((m) => short[m]).join(',')
}

/** Go's %v of a []string: `[a b]`. */
const goList = (l: string[] | undefined) => `[${(l ?? []).join(' ')}]`

function multiline(w: DescribeWriter, title: string, items: string[]): void {
  w.write(0, `${title}:\t`)
  if (items.length === 0) { w.write(0, '<none>\n'); return }
  items.forEach((s, i) => w.write(0, `${i ? '\t' : ''}${s}\n`))
}

export const describePvc: Describer = async (pvc, events, ctx) => {
  const ns = pvc.metadata.namespace
  const pods = await ctx.get(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods`)
  const usedBy = (pods?.items ?? [])
    .filter((p: any) => (p.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name))
    .map((p: any) => p.metadata.name as string).sort()
  const spec = pvc.spec ?? {}
  const bound = !!spec.volumeName
  const w = new DescribeWriter()
  w.write(0, `Name:\t${pvc.metadata.name}\n`)
  w.write(0, `Namespace:\t${ns}\n`)
  w.write(0, `StorageClass:\t${spec.storageClassName ?? ''}\n`)
  if (spec.volumeAttributesClassName) w.write(0, `Current VolumeAttributesClass:\t${pvc.status?.currentVolumeAttributesClassName ?? '<unset>'}\n`)
  if (pvc.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp)})\n`)
  else w.write(0, `Status:\t${pvc.status?.phase ?? ''}\n`)
  w.write(0, `Volume:\t${spec.volumeName ?? ''}\n`)
  labelsMultiline(w, 'Labels', pvc.metadata.labels)
  annotationsMultiline(w, 'Annotations', pvc.metadata.annotations)
  w.write(0, `Finalizers:\t${goList(pvc.metadata.finalizers)}\n`)
  w.write(0, `Capacity:\t${bound ? (pvc.status?.capacity?.storage ?? '') : ''}\n`)
  w.write(0, `Access Modes:\t${bound ? accessModesText(pvc.status?.accessModes) : ''}\n`)
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`)
  if (spec.dataSource) {
    w.write(0, 'DataSource:\n')
    if (spec.dataSource.apiGroup) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`)
    w.write(1, `Kind:\t${spec.dataSource.kind}\n`)
    w.write(1, `Name:\t${spec.dataSource.name}\n`)
  }
  multiline(w, 'Used By', usedBy)
  const conds: any[] = pvc.status?.conditions ?? []
  if (conds.length) {
    w.write(0, 'Conditions:\n')
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n')
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n')
    for (const c of conds) w.write(1, `${c.type} \t${c.status} \t${c.lastProbeTime ?? ''}\t${c.lastTransitionTime ?? ''}\t${c.reason ?? ''} \t${c.message ?? ''} \n`)
  }
  describeEvents(w, events)
  return w.toString()
}

function volumeSource(w: DescribeWriter, spec: any): void {
  if (spec.hostPath) {
    w.write(0, `    Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path}\n    HostPathType:\t${spec.hostPath.type ?? ''}\n`)
  } else if (spec.local) {
    w.write(0, `    Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`)
  } else if (spec.csi) {
    w.write(0, `    Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${spec.csi.driver}\n    FSType:\t${spec.csi.fsType ?? ''}\n    VolumeHandle:\t${spec.csi.volumeHandle}\n    ReadOnly:\t${spec.csi.readOnly ?? false}\n`)
  } else if (spec.nfs) {
    w.write(0, `    Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server}\n    Path:\t${spec.nfs.path}\n    ReadOnly:\t${spec.nfs.readOnly ?? false}\n`)
  } else {
    w.write(0, '    Type:\t<unknown>\n')
  }
}

export const describePv: Describer = async (pv, events) => {
  const spec = pv.spec ?? {}
  const w = new DescribeWriter()
  w.write(0, `Name:\t${pv.metadata.name}\n`)
  labelsMultiline(w, 'Labels', pv.metadata.labels)
  annotationsMultiline(w, 'Annotations', pv.metadata.annotations)
  w.write(0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`)
  w.write(0, `StorageClass:\t${spec.storageClassName ?? ''}\n`)
  if (spec.volumeAttributesClassName) w.write(0, `VolumeAttributesClass:\t${spec.volumeAttributesClassName}\n`)
  if (pv.metadata.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp)})\n`)
  else w.write(0, `Status:\t${pv.status?.phase ?? ''}\n`)
  const ref = spec.claimRef
  w.write(0, `Claim:\t${ref ? `${ref.namespace}/${ref.name}` : ''}\n`)
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`)
  w.write(0, `Access Modes:\t${accessModesText(spec.accessModes)}\n`)
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`)
  w.write(0, `Capacity:\t${spec.capacity?.storage ?? ''}\n`)
  w.write(0, 'Node Affinity:\t')
  const req = spec.nodeAffinity?.required
  if (!req) w.write(0, '<none>\n')
  else {
    w.write(0, '\n')
    w.write(1, 'Required Terms:\t')
    const terms: any[] = req.nodeSelectorTerms ?? []
    if (terms.length === 0) w.write(0, '<none>\n')
    else {
      w.write(0, '\n')
      terms.forEach((term, i) => {
        w.write(2, `Term ${i}:\t`)
        const exprs: any[] = term.matchExpressions ?? []
        if (exprs.length === 0) { w.write(0, '<none>\n'); return }
        exprs.forEach((e, j) => {
          if (j) w.write(2, '\t')
          let s = `${e.key} ${String(e.operator).toLowerCase()}`
          if ((e.values ?? []).length) s += ` [${e.values.join(', ')}]`
          w.write(0, `${s}\n`)
        })
      })
    }
  }
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`)
  w.write(0, 'Source:\n')
  volumeSource(w, spec)
  describeEvents(w, events)
  return w.toString()
}

function kvText(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort()
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>'
}

export const describeStorageClass: Describer = async (sc, events) => {
  const a = sc.metadata.annotations ?? {}
  const isDefault = a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  const w = new DescribeWriter()
  w.write(0, `Name:\t${sc.metadata.name}\n`)
  w.write(0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`)
  w.write(0, `Annotations:\t${kvText(sc.metadata.annotations)}\n`)
  w.write(0, `Provisioner:\t${sc.provisioner ?? ''}\n`)
  w.write(0, `Parameters:\t${kvText(sc.parameters)}\n`)
  w.write(0, `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? '<unset>' : String(sc.allowVolumeExpansion)}\n`)
  w.write(0, `MountOptions:\t${(sc.mountOptions ?? []).length ? sc.mountOptions.join(', ') : '<none>'}\n`)
  w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy ?? ''}\n`)
  w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode ?? ''}\n`)
  describeEvents(w, events)
  return w.toString()
}
