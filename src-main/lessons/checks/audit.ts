// `audit`: API requests the server saw (works for the real kubectl too, and passes as soon as a watch starts).
import type { AuditEntryLike } from '../progress'
import type { AuditCheck } from '../schema'
import { normalizeResource } from './command-line'
import { words } from './messages'
import type { CheckContext, CheckResult } from './types'

export interface ParsedRequestPath {
  namespace?: string
  resource?: string
  name?: string
  subresource?: string
}

/** /api/v1/namespaces/default/pods/web-0/attach, /apis/apps/v1/namespaces/default/statefulsets */
export function parseRequestPath(path: string): ParsedRequestPath {
  const parts = path.split('?')[0].split('/').filter(Boolean)
  let i = parts[0] === 'api' ? 2 : parts[0] === 'apis' ? 3 : -1
  if (i < 0 || i > parts.length) return {}
  const out: ParsedRequestPath = {}
  if (parts[i] === 'namespaces' && parts.length > i + 2) {
    out.namespace = parts[i + 1]
    i += 2
  }
  out.resource = parts[i]
  out.name = parts[i + 1]
  out.subresource = parts[i + 2]
  return out
}

function normSelector(s: string): string {
  return s.split(',').map((p) => p.trim().replace(/\s*(==|=|!=)\s*/, (m) => m.trim().replace('==', '='))).filter(Boolean).sort().join(',')
}

export function auditMatches(spec: AuditCheck, e: AuditEntryLike, defaultNs: string): boolean {
  if (e.code >= 400) return false
  const p = parseRequestPath(e.path)
  const q = new URLSearchParams(e.query.replace(/^\?/, ''))
  if (spec.verb) {
    const isWatch = e.verb === 'watch' || ['true', '1'].includes(q.get('watch') ?? '')
    if (spec.verb === 'watch' ? !isWatch : e.verb !== spec.verb) return false
  }
  if (normalizeResource(spec.resource) !== p.resource) return false
  if ((spec.subresource ?? undefined) !== p.subresource) return false
  if (spec.name && p.name !== spec.name) return false
  const ns = spec.namespace ?? defaultNs
  if (p.namespace !== undefined && p.namespace !== ns) return false
  for (const [k, v] of Object.entries(spec.query ?? {})) {
    const got = q.get(k)
    if (got === null) return false
    if (k === 'labelSelector' || k === 'fieldSelector' ? normSelector(got) !== normSelector(v) : got !== v) return false
  }
  return true
}

export async function evalAudit(spec: AuditCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const from = Math.min(spec.since === 'lesson' ? (ctx.lessonStart?.audit ?? 0) : ctx.stepStart.audit, ctx.audit.length)
  const entries = ctx.audit.slice(from)
  const q = Object.entries(spec.query ?? {}).map(([k, v]) => `${k}=${v}`)
  const target = `${spec.resource}${spec.name ? `/${spec.name}` : ''}${spec.subresource ? `/${spec.subresource}` : ''}`
  const expected = `${spec.verb ?? w.apiRequest} ${target}${q.length ? ` (${q.join(', ')})` : ''}`
  if (entries.some((e) => auditMatches(spec, e, ctx.namespace))) return { state: 'passed', explanation: null, expected, actual: expected }
  const actual = w.requestsSince(entries.length)
  return { state: 'failed', explanation: w.explain(expected, actual), expected, actual }
}
