// describe for Namespaces, ConfigMaps and ServiceAccounts.
import { DescribeWriter, labelsMultiline, annotationsMultiline, describeEvents } from '../describe-format'
import type { Describer } from './types'

export const describeNamespace: Describer = async (ns, _events, ctx) => {
  const name = encodeURIComponent(ns.metadata.name)
  // kubectl shows quotas and limit ranges only where the server has those APIs (a 404 leaves them out).
  const quotas = await ctx.get(`/api/v1/namespaces/${name}/resourcequotas`)
  const limits = await ctx.get(`/api/v1/namespaces/${name}/limitranges`)
  const w = new DescribeWriter()
  w.write(0, `Name:\t${ns.metadata.name}\n`)
  labelsMultiline(w, 'Labels', ns.metadata.labels)
  annotationsMultiline(w, 'Annotations', ns.metadata.annotations)
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`)
  if (quotas) {
    if ((quotas.items ?? []).length === 0) w.write(0, '\nNo resource quota.\n')
    else for (const q of quotas.items) w.write(0, `\nResource Quotas\n  Name:\t${q.metadata.name}\n`)
  }
  if (limits) {
    if ((limits.items ?? []).length === 0) w.write(0, '\nNo LimitRange resource.\n')
    else for (const l of limits.items) w.write(0, `\nResource Limits\n  Name:\t${l.metadata.name}\n`)
  }
  return w.toString()
}

export const describeConfigMap: Describer = async (cm, events) => {
  const w = new DescribeWriter()
  w.write(0, `Name:\t${cm.metadata.name}\n`)
  w.write(0, `Namespace:\t${cm.metadata.namespace}\n`)
  labelsMultiline(w, 'Labels', cm.metadata.labels)
  annotationsMultiline(w, 'Annotations', cm.metadata.annotations)
  w.write(0, '\nData\n====\n')
  for (const k of Object.keys(cm.data ?? {}).sort()) {
    w.write(0, `${k}:\n----\n`)
    w.write(0, `${cm.data[k]}\n`)
    w.write(0, '\n')
  }
  w.write(0, '\nBinaryData\n====\n')
  for (const k of Object.keys(cm.binaryData ?? {}).sort()) {
    w.write(0, `${k}: ${atob(String(cm.binaryData[k])).length} bytes\n`)
  }
  w.write(0, '\n')
  describeEvents(w, events)
  return w.toString()
}

export const describeServiceAccount: Describer = async (sa, events) => {
  const w = new DescribeWriter()
  const names = (l: any[] | undefined) => ((l ?? []).length ? l!.map((x) => x.name).join(', ') : '<none>')
  w.write(0, `Name:\t${sa.metadata.name}\n`)
  w.write(0, `Namespace:\t${sa.metadata.namespace}\n`)
  labelsMultiline(w, 'Labels', sa.metadata.labels)
  annotationsMultiline(w, 'Annotations', sa.metadata.annotations)
  w.write(0, `Image pull secrets:\t${names(sa.imagePullSecrets)}\n`)
  w.write(0, `Mountable secrets:\t${names(sa.secrets)}\n`)
  w.write(0, 'Tokens:\t<none>\n')
  describeEvents(w, events)
  return w.toString()
}
