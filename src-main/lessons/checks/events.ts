// `events`: lifecycle facts (Pod/web-0 Ready, Pod/web-1 Created…) as an ordered or unordered subsequence of the
// history the client recorded. A later item seen with no earlier item before it contradicts the order: failed.
import type { EventsCheck } from '../schema'
import { words } from './messages'
import type { CheckContext, CheckResult } from './types'

export async function evalEvents(spec: EventsCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const since = spec.since === 'step' ? ctx.stepStart.factSeq : -1
  const facts = ctx.client.events().filter((f) => f.seq >= since && (f.namespace === ctx.namespace || f.namespace === ''))
  const texts = facts.map((f) => f.text)
  const pass = (expected: string): CheckResult => ({ state: 'passed', explanation: null, expected, actual: expected })

  if (spec.all) {
    const expected = spec.all.join(', ')
    const missing = spec.all.filter((p) => !texts.includes(p))
    if (!missing.length) return pass(expected)
    const actual = `${w.notYet}: ${missing.join(', ')}`
    const state = missing.length < spec.all.length ? 'waiting' : 'failed'
    return { state, explanation: w.explain(expected, actual), expected, actual }
  }
  const order = spec.inOrder!
  const expected = `${w.inOrder}: ${order.join(' → ')}`
  // Greedy leftmost matching finds a subsequence if one exists.
  let k = 0
  for (const t of texts) if (k < order.length && t === order[k]) k++
  if (k === order.length) return pass(expected)
  // Order contradicted: a later item already happened but not after the matched prefix.
  const pending = order[k]
  // The pending item already happened, but only before the matched prefix: `web-1 Created` before `web-0 Ready`.
  if (k > 0 && texts.includes(pending)) {
    const actual = w.before(order[k - 1], pending)
    return { state: 'failed', explanation: w.explain(expected, actual), expected, actual, contradicted: true }
  }
  const later = order.slice(k + 1).find((p) => texts.includes(p))
  if (later) {
    const actual = w.before(pending, later)
    return { state: 'failed', explanation: w.explain(expected, actual), expected, actual, contradicted: true }
  }
  const actual = k ? `${w.seen}: ${order.slice(0, k).join(' → ')}; ${w.notYet}: ${pending}` : `${w.notYet}: ${pending}`
  return { state: k ? 'waiting' : 'failed', explanation: w.explain(expected, actual), expected, actual }
}
