// `dns`: does a name resolve (or fail) from a pod running a given image? Asked through the client, which knows how
// that image's resolver expands names (busybox > 1.28 nslookup ignores the search list: the NXDOMAIN trap).
import type { DnsCheck } from '../schema'
import { words } from './messages'
import type { CheckContext, CheckResult } from './types'

export async function evalDns(spec: DnsCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const ns = spec.namespace ?? ctx.namespace
  const wantResolve = (spec.expect ?? 'resolves') === 'resolves'
  const r = await ctx.client.resolveDns({ image: spec.image, namespace: ns }, spec.name, spec.via ?? 'nslookup')
  const expected = wantResolve ? w.resolves(spec.name, spec.image) : w.fails(spec.name, spec.image)
  const actual = r.resolved ? w.resolvedTo(r.addresses.join(', ')) : w.nxdomain(r.tried.join(', '))
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
