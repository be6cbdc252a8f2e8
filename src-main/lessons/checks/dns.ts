// `dns`, two ways:
//  - asked now: does a name resolve (or fail) from a pod running a given image? Asked through the client, which
//    knows how that image's resolver expands names (busybox > 1.28 nslookup ignores the search list: the trap).
//  - `seen`: what did the lookups pods actually made (the learner's nslookup, ping, wget) get, in a window of
//    lifecycle facts ("after Pod/web-1 Deleted, before Pod/web-1 Ready")? The client records every question a
//    container's resolver asked, numbered with the facts, so the check judges what the learner's command saw at
//    the moment it ran, however fast the cluster moved on.
import { candidates, nslookupUsesSearch, type DnsQueryFact, type LifecycleFact } from '../cluster-client'
import type { DnsCheck } from '../schema'
import { factMatches, parseFact } from './facts'
import { words } from './messages'
import type { CheckContext, CheckResult } from './types'

/** One lookup: the questions one resolver call asked in a row, and what the last one got. */
export interface Lookup {
  seq: number
  asked: string[]
  addresses: string[]
  /** Shaped like a resolver that applies the search list (busybox ≤1.28 nslookup, libc) or one that does not. */
  searched: boolean
  /** Both kinds ask this first (an absolute name, or one with ≥5 dots): it counts for either. */
  eitherShape?: boolean
}

/** Group a pod's consecutive A questions into lookups of `name`: a resolver asks its candidates in order, one
 *  right after the other, until one answers. Only lookups whose shape `shape` allows are returned. */
export function lookupsOf(queries: DnsQueryFact[], name: string, namespace: string, shape: 'search' | 'plain' | 'any'): Lookup[] {
  // Both shapes are always grouped (a search lookup ends with the name as typed: that is not a lookup of its own).
  const shapes = [
    { searched: true, cands: candidates(name, namespace, true) },
    { searched: false, cands: candidates(name, namespace, false) },
  ]
  const out: Lookup[] = []
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i]
    if (q.type !== 'A') continue
    const s = shapes.find((x) => x.cands[0] === q.name)
    if (!s) continue
    let last = q
    const asked = [q.name]
    let k = 0
    while (!last.answers.length && k + 1 < s.cands.length) {
      const next = queries[i + 1]
      if (!next || next.seq !== last.seq + 1 || next.type !== 'A' || next.name !== s.cands[k + 1]) break
      i++
      k++
      last = next
      asked.push(next.name)
    }
    const eitherShape = shapes[0].cands[0] === shapes[1].cands[0]
    out.push({ seq: q.seq, asked, addresses: last.rcode === 'NOERROR' ? last.answers : [], searched: s.searched, ...(eitherShape ? { eitherShape } : {}) })
  }
  return shape === 'any' ? out : out.filter((l) => l.eitherShape || l.searched === (shape === 'search'))
}

function podIP(o: { status?: { podIP?: string } } | null): string | undefined {
  return o?.status?.podIP || undefined
}

export async function evalDns(spec: DnsCheck, ctx: CheckContext): Promise<CheckResult> {
  return spec.seen ? evalSeen(spec, ctx) : evalAsked(spec, ctx)
}

async function evalAsked(spec: DnsCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const ns = spec.namespace ?? ctx.namespace
  const image = spec.image! // the schema requires it without `seen`
  const wantResolve = (spec.expect ?? 'resolves') === 'resolves'
  const r = await ctx.client.resolveDns({ image, namespace: ns }, spec.name, spec.via ?? 'nslookup')
  let expected = wantResolve ? w.resolves(spec.name, image) : w.fails(spec.name, image)
  const actual = r.resolved ? w.resolvedTo(r.addresses.join(', ')) : w.nxdomain(r.tried.join(', '))
  if (wantResolve && spec.ipOf) {
    const ip = podIP(await ctx.client.get('Pod', ns, spec.ipOf))
    expected += ` (${w.ipOfPod(spec.ipOf, ip)})`
    if (r.resolved && (!ip || !r.addresses.includes(ip))) return { state: ip ? 'failed' : 'waiting', explanation: w.explain(expected, actual), expected, actual }
  }
  if (r.resolved === wantResolve) return { state: 'passed', explanation: null, expected, actual }
  if (wantResolve) {
    // web-0.nginx waits for web-0 to be Ready (per-pod records exist only for ready endpoints).
    const pod = await ctx.client.get('Pod', ns, spec.name.split('.')[0])
    const ready = pod?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')
    if (pod && !ready) {
      const a = w.podNotReady(pod.metadata.name ?? '')
      return { state: 'waiting', explanation: w.explain(expected, a), expected, actual: a }
    }
  }
  return { state: 'failed', explanation: w.explain(expected, actual), expected, actual }
}

async function evalSeen(spec: DnsCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const seen = spec.seen!
  const ns = spec.namespace ?? ctx.namespace
  const wantResolve = (spec.expect ?? 'resolves') === 'resolves'
  const which = seen.which ?? 'first'
  const start = ctx.stepStart.factSeq
  const shape = spec.image === undefined ? 'any' : spec.via === 'libc' || nslookupUsesSearch(spec.image) ? 'search' : 'plain'
  const all = lookupsOf(ctx.client.dnsQueries(), spec.name, ns, 'any').filter((l) => l.seq >= start)
  const mine = all.filter((l) => shape === 'any' || l.eitherShape || l.searched === (shape === 'search'))
  const facts = ctx.client.events().filter((f) => f.seq >= start && (f.namespace === ns || f.namespace === ''))
  const inWindow = windowed(mine, facts, seen.after, seen.before)

  const ip = spec.ipOf ? podIP(await ctx.client.get('Pod', ns, spec.ipOf)) : undefined
  const window = [seen.after ? w.afterFact(seen.after) : '', seen.before ? w.beforeFact(seen.before) : ''].filter(Boolean).join(', ')
  const want = wantResolve ? (spec.ipOf ? w.resolvedTo(w.ipOfPod(spec.ipOf, ip)) : w.resolvedTo(w.anAddress)) : 'NXDOMAIN'
  const expected = `${w.lookupOf(spec.name, spec.image)}${window ? ` ${window}` : ''}: ${want}`
  const got = (l: Lookup) => w.got(l.addresses.length ? l.addresses.join(', ') : 'NXDOMAIN', l.asked.join(', '))
  const ok = (l: Lookup) => (wantResolve ? l.addresses.length > 0 && (!spec.ipOf || (!!ip && l.addresses.includes(ip))) : l.addresses.length === 0)

  if (seen.after && !facts.some((f) => factMatches(parseFact(seen.after!), f, undefined))) {
    const actual = `${w.notYet}: ${seen.after}`
    return { state: 'failed', explanation: w.explain(expected, actual), expected, actual }
  }
  if (!inWindow.length) {
    // Say what lookups there were, so "you looked too late" or "that busybox skips the search list" is visible.
    const others = all.filter((l) => !inWindow.includes(l)).slice(-3)
    const actual = w.noLookup(spec.name) + (others.length ? `${w.sep}${w.lookupsSeen(others.map((l) => `${l.asked[0]}${l.searched ? '' : ` (${w.asTyped})`} → ${l.addresses.join(', ') || 'NXDOMAIN'}`).join(w.sep))}` : '')
    return { state: 'failed', explanation: w.explain(expected, actual), expected, actual }
  }
  const decided = which === 'first' ? inWindow[0] : which === 'last' ? inWindow[inWindow.length - 1] : inWindow.find(ok) ?? inWindow[inWindow.length - 1]
  const actual = `${w.which[which]} ${got(decided)}`
  if (ok(decided)) return { state: 'passed', explanation: null, expected, actual }
  // The pod is still on its way back: its IP is not known yet (ipOf), so the lookup may still match.
  if (wantResolve && spec.ipOf && !ip && decided.addresses.length) return { state: 'waiting', explanation: w.explain(expected, actual), expected, actual }
  return { state: 'failed', explanation: w.explain(expected, actual), expected, actual, contradicted: which === 'first' }
}

/** The lookups inside some window [after-fact, next before-fact). Without `after` the window opens at the step's
 *  start; without `before` it stays open. */
function windowed(lookups: Lookup[], facts: LifecycleFact[], after: string | undefined, before: string | undefined): Lookup[] {
  const pa = after ? parseFact(after) : null
  const pb = before ? parseFact(before) : null
  const events: ({ t: 'fact'; f: LifecycleFact } | { t: 'lookup'; l: Lookup })[] = [
    ...facts.map((f) => ({ t: 'fact' as const, f })),
    ...lookups.map((l) => ({ t: 'lookup' as const, l })),
  ].sort((a, b) => (a.t === 'fact' ? a.f.seq : a.l.seq) - (b.t === 'fact' ? b.f.seq : b.l.seq))
  let open = !pa
  const out: Lookup[] = []
  for (const e of events) {
    if (e.t === 'lookup') {
      if (open) out.push(e.l)
    } else if (pa && factMatches(pa, e.f, undefined)) open = true
    else if (open && pb && factMatches(pb, e.f, undefined)) open = false
  }
  return out
}
