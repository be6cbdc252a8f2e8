// Label and field selectors, parsed the way the API server parses `?labelSelector=` and `?fieldSelector=`.
// Bad syntax and unsupported field labels become 400 BadRequest StatusErrors with the server's wording.
import type { KObject, LabelSelector } from '../api-types'
import { errors } from './errors'

export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: '=' | '!='; values: [string] }

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean

/** Parse `a=b,c!=d,e in (x,y),f notin (z),g,!h`. Throws 400 on bad syntax. */
export function parseLabelSelector(src: string | undefined): Requirement[] {
  const s = (src ?? '').trim()
  if (!s) return []
  const reqs: Requirement[] = []
  let i = 0
  const fail = (why: string): never => {
    throw errors.badRequest(`unable to parse requirement: ${why}`)
  }
  const skipWs = () => {
    while (i < s.length && s[i] === ' ') i++
  }
  const ident = (): string => {
    skipWs()
    const m = /^[A-Za-z0-9_.\-/]+/.exec(s.slice(i))
    if (!m) return ''
    i += m[0].length
    return m[0]
  }
  while (i < s.length) {
    skipWs()
    if (s[i] === '!') {
      i++
      const key = ident()
      if (!key) fail(`found '${s[i] ?? ''}', expected: identifier`)
      reqs.push({ key, op: '!' })
    } else {
      const key = ident()
      if (!key) fail(`found '${s[i] ?? ''}', expected: !, identifier, or 'end of string'`)
      skipWs()
      const rest = s.slice(i)
      if (rest.startsWith('==') || rest.startsWith('!=') || rest.startsWith('=')) {
        const op = rest.startsWith('!=') ? '!=' : '='
        i += rest.startsWith('=') && !rest.startsWith('==') ? 1 : 2
        skipWs()
        const m = /^[A-Za-z0-9_.\-]*/.exec(s.slice(i))!
        i += m[0].length
        reqs.push({ key, op, values: [m[0]] })
      } else if (/^(in|notin)\s*\(/.test(rest)) {
        const op = rest.startsWith('in') ? 'in' : 'notin'
        i += op.length
        skipWs()
        i++ // (
        const close = s.indexOf(')', i)
        if (close < 0) fail(`found 'end of string', expected: ')'`)
        const values = s
          .slice(i, close)
          .split(',')
          .map((v) => v.trim())
        i = close + 1
        reqs.push({ key, op, values })
      } else if (rest === '' || rest.startsWith(',')) {
        reqs.push({ key, op: 'exists' })
      } else {
        fail(`found '${rest[0]}', expected: in, notin, =, ==, !=, gt, lt`)
      }
    }
    skipWs()
    if (i < s.length) {
      if (s[i] !== ',') fail(`found '${s[i]}', expected: ',' or 'end of string'`)
      i++
    }
  }
  return reqs
}

export function matchRequirements(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {}
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key)
    switch (r.op) {
      case '=':
        if (!has || l[r.key] !== r.values[0]) return false
        break
      case '!=':
        if (has && l[r.key] === r.values[0]) return false
        break
      case 'in':
        if (!has || !r.values.includes(l[r.key])) return false
        break
      case 'notin':
        if (has && r.values.includes(l[r.key])) return false
        break
      case 'exists':
        if (!has) return false
        break
      case '!':
        if (has) return false
        break
    }
  }
  return true
}

// Controllers list with the same few selectors over and over: parse each once. (Bounded: selectors typed by a
// learner are many but short-lived; a full cache just starts over.)
const parsedLabelSelectors = new Map<string, Requirement[]>()

export function labelMatcher(src: string | undefined): LabelMatcher {
  const key = src ?? ''
  let reqs = parsedLabelSelectors.get(key)
  if (!reqs) {
    reqs = parseLabelSelector(src) // throws on bad syntax: nothing cached
    if (parsedLabelSelectors.size >= 256) parsedLabelSelectors.clear()
    parsedLabelSelectors.set(key, reqs)
  }
  const r = reqs
  return (labels) => matchRequirements(r, labels)
}

/** metav1.LabelSelector (matchLabels + matchExpressions) as used in specs. An empty selector matches everything. */
export function matchLabelSelector(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false
  const l = labels ?? {}
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key)
    if (e.operator === 'In' && (!has || !(e.values ?? []).includes(l[e.key]))) return false
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(l[e.key])) return false
    if (e.operator === 'Exists' && !has) return false
    if (e.operator === 'DoesNotExist' && has) return false
  }
  return true
}

/** `app=nginx,tier in (a,b)` — how kubectl describe prints a selector. */
export function labelSelectorString(sel: LabelSelector | undefined): string {
  const parts: string[] = []
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`)
  for (const e of sel?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else parts.push(`!${e.key}`)
  }
  return parts.join(',')
}

// ---- field selectors ----

type FieldGetter = (o: KObject) => string | undefined

const COMMON: Record<string, FieldGetter> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
}

/** Field labels each resource supports beyond metadata.name/namespace (the server's field label conversion funcs). */
const PER_RESOURCE: Record<string, Record<string, FieldGetter>> = {
  pods: {
    'spec.nodeName': (o) => o.spec?.nodeName ?? '',
    'spec.restartPolicy': (o) => o.spec?.restartPolicy ?? '',
    'spec.schedulerName': (o) => o.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': (o) => String(!!o.spec?.hostNetwork),
    'status.phase': (o) => o.status?.phase ?? '',
    'status.podIP': (o) => o.status?.podIP ?? '',
    'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '',
  },
  events: {
    'involvedObject.kind': (o) => o.involvedObject?.kind ?? '',
    'involvedObject.namespace': (o) => o.involvedObject?.namespace ?? '',
    'involvedObject.name': (o) => o.involvedObject?.name ?? '',
    'involvedObject.uid': (o) => o.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': (o) => o.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': (o) => o.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': (o) => o.involvedObject?.fieldPath ?? '',
    reason: (o) => o.reason ?? '',
    reportingComponent: (o) => o.reportingComponent ?? '',
    source: (o) => o.source?.component ?? '',
    type: (o) => o.type ?? '',
  },
  nodes: { 'spec.unschedulable': (o) => String(!!o.spec?.unschedulable) },
  namespaces: { 'status.phase': (o) => o.status?.phase ?? '' },
  persistentvolumeclaims: {},
  replicasets: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
  statefulsets: {},
}

export type FieldMatcher = (o: KObject) => boolean

/** Parse `metadata.name=web-0,status.phase!=Running` for `resource`. Throws 400 for unknown field labels. */
export function fieldMatcher(resource: string, src: string | undefined): FieldMatcher {
  const s = (src ?? '').trim()
  if (!s) return () => true
  const getters = { ...COMMON, ...(PER_RESOURCE[resource] ?? {}) }
  const tests: FieldMatcher[] = []
  for (const part of s.split(',')) {
    const m = /^\s*([^=!\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part)
    if (!m) throw errors.badRequest(`invalid selector: '${s}'; can't understand '${part}'`)
    const [, field, op, value] = m
    const get = getters[field]
    if (!get) throw errors.badRequest(`field label not supported: ${field}`)
    tests.push(op === '!=' ? (o) => get(o) !== value : (o) => get(o) === value)
  }
  return (o) => tests.every((t) => t(o))
}
