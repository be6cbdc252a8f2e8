// `events`: lifecycle facts (Pod/web-0 Ready, Pod[app=hello] Deleted…) as an ordered or unordered subsequence of the
// history the client recorded. With named items only, a later item seen with no earlier item before it contradicts
// the order: failed. Selector items (generated names) can match many objects, so they never "contradict"; and a
// `new-name` / `same-name` item compares its object's name with the one the earlier selector item matched.
import type { LifecycleFact } from '../cluster-client'
import type { EventsCheck } from '../schema'
import { factMatches, parseFact, type FactPattern } from './facts'
import { words } from './messages'
import type { CheckContext, CheckResult } from './types'

interface Item {
  p: FactPattern
  /** For a relation: the index of the earlier selector item of the same kind whose match it is compared with. */
  ref: number
  /** A later relation refers to this item: its match must be searched, not just taken first. */
  referenced: boolean
}

function prepare(texts: string[]): Item[] {
  const items: Item[] = texts.map((t) => ({ p: parseFact(t), ref: -1, referenced: false }))
  items.forEach((it, k) => {
    if (!it.p.relation) return
    for (let j = k - 1; j >= 0; j--)
      if (items[j].p.selector && items[j].p.kind === it.p.kind) {
        it.ref = j
        items[j].referenced = true
        break
      }
  })
  return items
}

/** The longest matched prefix of `items` in `facts` (all of them when the order holds), with the matched facts. */
export function matchInOrder(items: Item[], facts: LifecycleFact[]): LifecycleFact[] {
  let best: LifecycleFact[] = []
  const failed = new Set<string>()
  const matched: LifecycleFact[] = []
  const search = (k: number, from: number): boolean => {
    if (matched.length > best.length) best = [...matched]
    if (k === items.length) return true
    const key = `${k}|${from}|${matched.map((f) => f.name).join('/')}`
    if (failed.has(key)) return false
    const it = items[k]
    const bound = it.ref >= 0 ? matched[it.ref]?.name : undefined
    for (let j = from; j < facts.length; j++) {
      if (!factMatches(it.p, facts[j], bound)) continue
      matched.push(facts[j])
      if (search(k + 1, j + 1)) return true
      matched.pop()
      // The earliest match is the best one unless a later item compares names with this one.
      if (!it.referenced) break
    }
    failed.add(key)
    return false
  }
  return search(0, 0) ? matched : best
}

export async function evalEvents(spec: EventsCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const since = spec.since === 'step' ? ctx.stepStart.factSeq : (ctx.lessonStart?.factSeq ?? -1)
  const facts = ctx.client.events().filter((f) => f.seq >= since && (f.namespace === ctx.namespace || f.namespace === ''))
  const pass = (expected: string): CheckResult => ({ state: 'passed', explanation: null, expected, actual: expected })

  if (spec.all) {
    const expected = spec.all.join(', ')
    const missing = spec.all.filter((t) => {
      const p = parseFact(t)
      return !facts.some((f) => factMatches(p, f, undefined))
    })
    if (!missing.length) return pass(expected)
    const actual = `${w.notYet}: ${missing.join(', ')}`
    const state = missing.length < spec.all.length ? 'waiting' : 'failed'
    return { state, explanation: w.explain(expected, actual), expected, actual }
  }
  const order = spec.inOrder!
  const items = prepare(order)
  const expected = `${w.inOrder}: ${order.join(' → ')}`
  const matched = matchInOrder(items, facts)
  const k = matched.length
  if (k === order.length) return pass(expected)
  const pending = order[k]
  const seen = matched.map((f) => f.text)

  if (items.every((it) => it.p.name !== undefined)) {
    const texts = facts.map((f) => f.text)
    // The pending item already happened, but only before the matched prefix: `web-1 Created` before `web-0 Ready`.
    if (k > 0 && texts.includes(pending)) {
      const actual = w.before(order[k - 1], pending)
      return { state: 'failed', explanation: w.explain(expected, actual), expected, actual, contradicted: true }
    }
    // Order contradicted: a later item already happened but not after the matched prefix.
    const later = order.slice(k + 1).find((p) => texts.includes(p))
    if (later) {
      const actual = w.before(pending, later)
      return { state: 'failed', explanation: w.explain(expected, actual), expected, actual, contradicted: true }
    }
  }
  // Selector items say which object they matched, so "came back as web-1" reads as what happened.
  const actual = k ? `${w.seen}: ${seen.join(' → ')}; ${w.notYet}: ${pending}` : `${w.notYet}: ${pending}`
  return { state: k ? 'waiting' : 'failed', explanation: w.explain(expected, actual), expected, actual }
}
