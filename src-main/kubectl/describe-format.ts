// Building blocks of kubectl describe output: a prefix writer producing tab-separated text that goTabwriter
// aligns, RFC1123Z dates, human durations, label/annotation/toleration lists and the Events table.
import { goTabwriter } from './tabwriter'

export class DescribeWriter {
  private chunks: string[] = []
  private flushed = ''
  write(level: number, s: string): void { this.chunks.push('  '.repeat(level) + s) }
  /** describe flushes the tabwriter before the Events table, so it aligns on its own. */
  flush(): void { this.flushed += goTabwriter(this.chunks.join('')); this.chunks = [] }
  toString(): string { this.flush(); return this.flushed }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Go's time.RFC1123Z in UTC (kubectl prints in the local zone; the workstation runs in UTC). */
export function rfc1123z(ts: string | undefined): string {
  if (!ts) return '<unknown>'
  const d = new Date(ts)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
}

/** apimachinery duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60 * 2) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 10) { const s = seconds % 60; return s === 0 ? `${minutes}m` : `${minutes}m${s}s` }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 8) { const m = minutes % 60; return m === 0 ? `${hours}h` : `${hours}h${m}m` }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) { const h = hours % 24; return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h` }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`
  if (hours < 24 * 365 * 8) { const dy = Math.floor(hours / 24) % 365; return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d` }
  return `${Math.floor(hours / 24 / 365)}y`
}

export function since(ts: string | undefined, now = Date.now()): string {
  if (!ts) return '<unknown>'
  return humanDuration(now - new Date(ts).getTime())
}

export function labelsMultiline(w: DescribeWriter, title: string, labels: Record<string, string> | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`)
  const keys = Object.keys(labels ?? {}).sort()
  if (keys.length === 0) { w.write(0, '<none>\n'); return }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`)
    w.write(0, `${k}=${labels![k]}\n`)
  })
}

const MAX_ANNOTATION_LEN = 140

export function annotationsMultiline(w: DescribeWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`)
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration').sort()
  if (keys.length === 0) { w.write(0, '<none>\n'); return }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t')
    const value = annotations![k].replace(/\n$/, '')
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`)
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : s}\n`)
    } else {
      w.write(0, `${k}: ${value}\n`)
    }
  })
}

export function tolerationsMultiline(w: DescribeWriter, title: string, tolerations: any[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`)
  const list = [...(tolerations ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0))
  if (list.length === 0) { w.write(0, '<none>\n'); return }
  list.forEach((t, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`)
    let s = t.key ?? ''
    if (t.value) s += `=${t.value}`
    if (t.effect) s += `:${t.effect}`
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists'
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`
    w.write(0, s + '\n')
  })
}

export function describeEvents(w: DescribeWriter, events: any[] | null): void {
  if (events === null) return
  if (events.length === 0) { w.write(0, 'Events:\t<none>\n'); return }
  w.flush()
  const sorted = [...events].sort((a, b) => time(a.lastTimestamp ?? a.eventTime) - time(b.lastTimestamp ?? b.eventTime))
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n')
  w.write(1, '----\t------\t----\t----\t-------\n')
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime) : since(e.firstTimestamp)
    let interval = first
    if (e.series) interval = `${since(e.series.lastObservedTime)} (x${e.series.count} over ${first})`
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp)} (x${e.count} over ${first})`
    const source = e.source?.component || e.reportingComponent || e.reportingController || ''
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`)
  }
}

function time(ts: string | undefined): number {
  return ts ? new Date(ts).getTime() : 0
}

/** labels.Selector.String() for a LabelSelector. */
export function selectorString(sel: any): string {
  const parts: { key: string; text: string }[] = []
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push({ key: k, text: `${k}=${v}` })
  for (const e of sel?.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',')
    const text = e.operator === 'In' ? `${e.key} in (${vals})` : e.operator === 'NotIn' ? `${e.key} notin (${vals})`
      : e.operator === 'Exists' ? e.key : `!${e.key}`
    parts.push({ key: e.key, text })
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return parts.map((p) => p.text).join(',')
}
