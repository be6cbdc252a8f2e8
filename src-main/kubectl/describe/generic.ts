// describe for kinds without a dedicated layout (ControllerRevisions…): every field of the object as a tree with
// "smart" labels (apiVersion → "API Version", containerPort → "Container Port"), like kubectl's generic describer;
// and EndpointSlices, whose layout kubectl has.
import { DescribeWriter, labelsMultiline, annotationsMultiline, describeEvents } from '../describe-format'
import { goV } from '../printers/go-format'
import type { Describer } from './types'

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID']

/** Split a camelCase word the way github.com/fatih/camelcase does (runs of lower, upper, digit, other). */
function camelSplit(s: string): string[] {
  const cls = (c: string) => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /\d/.test(c) ? 3 : 4)
  const runs: string[][] = []
  let last = 0
  for (const c of s) {
    const k = cls(c)
    if (k === last) runs[runs.length - 1].push(c)
    else runs.push([c])
    last = k
  }
  // An upper-case run followed by a lower-case run gives its last letter to the lower-case word ("PDFLoader").
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i][0]) === 2 && cls(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop()!)
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''))
}

export function smartLabel(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ')
}

const SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']

function content(w: DescribeWriter, level: number, obj: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(obj).sort()) {
    const value = obj[field]
    const path = `${prefix}.${field}`
    if (SKIP.includes(path)) continue
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`)
      content(w, level + 1, value as Record<string, unknown>, path)
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`)
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) content(w, level + 1, child as Record<string, unknown>, path)
        else w.write(level + 1, `${goV(child)}\n`)
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${goV(value)}\n`)
    }
  }
}

export const describeGeneric: Describer = async (o, events) => {
  const w = new DescribeWriter()
  w.write(0, `Name:\t${o.metadata?.name ?? ''}\n`)
  w.write(0, `Namespace:\t${o.metadata?.namespace ?? ''}\n`)
  labelsMultiline(w, 'Labels', o.metadata?.labels)
  annotationsMultiline(w, 'Annotations', o.metadata?.annotations)
  content(w, 0, o, '')
  describeEvents(w, events)
  return w.toString()
}

export const describeEndpointSlice: Describer = async (s, events) => {
  const w = new DescribeWriter()
  const unset = (v: unknown) => (v === undefined || v === null || v === '' ? '<unset>' : String(v))
  w.write(0, `Name:\t${s.metadata.name}\n`)
  w.write(0, `Namespace:\t${s.metadata.namespace}\n`)
  labelsMultiline(w, 'Labels', s.metadata.labels)
  annotationsMultiline(w, 'Annotations', s.metadata.annotations)
  w.write(0, `AddressType:\t${s.addressType ?? ''}\n`)
  const ports: any[] = s.ports ?? []
  if (ports.length === 0) w.write(0, 'Ports: <unset>\n')
  else {
    w.write(0, 'Ports:\n')
    w.write(1, 'Name\tPort\tProtocol\n')
    w.write(1, '----\t----\t--------\n')
    for (const p of ports) w.write(1, `${unset(p.name)}\t${unset(p.port)}\t${unset(p.protocol)}\n`)
  }
  const eps: any[] = s.endpoints ?? []
  if (eps.length === 0) w.write(0, 'Endpoints: <none>\n')
  else {
    w.write(0, 'Endpoints:\n')
    for (const e of eps) {
      w.write(1, `- Addresses:\t${(e.addresses ?? []).join(',')}\n`)
      w.write(2, 'Conditions:\n')
      w.write(3, `Ready:\t${unset(e.conditions?.ready)}\n`)
      w.write(2, `Hostname:\t${unset(e.hostname)}\n`)
      w.write(2, `TargetRef:\t${e.targetRef ? `${e.targetRef.kind}/${e.targetRef.name}` : '<unset>'}\n`)
      w.write(2, `NodeName:\t${unset(e.nodeName)}\n`)
      w.write(2, `Zone:\t${unset(e.zone)}\n`)
    }
  }
  describeEvents(w, events)
  return w.toString()
}
