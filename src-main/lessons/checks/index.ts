// Evaluate one check definition (dispatch by kind) and the combinators allOf / anyOf / not.
import type { CheckDef } from '../schema'
import { evalAudit } from './audit'
import { evalCommand } from './command'
import { evalDns } from './dns'
import { evalEvents } from './events'
import { evalFile } from './file'
import { words } from './messages'
import { evalState } from './state'
import type { CheckContext, CheckResult } from './types'
import { evalVolume } from './volume'

export type { CheckContext, CheckResult } from './types'

export async function evaluateCheck(def: CheckDef, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  if (def.state) return evalState(def.state, ctx)
  if (def.events) return evalEvents(def.events, ctx)
  if (def.dns) return evalDns(def.dns, ctx)
  if (def.volume) return evalVolume(def.volume, ctx)
  if (def.file) return evalFile(def.file, ctx)
  if (def.command) return evalCommand(def.command, ctx)
  if (def.audit) return evalAudit(def.audit, ctx)
  if (def.allOf) {
    const rs = await Promise.all(def.allOf.map((c) => evaluateCheck(c, ctx)))
    const expected = rs.map((r) => r.expected).join(`; ${w.and} `)
    // List order reads "first this, then that": a contradiction speaks only once everything listed before it has
    // passed. Until then the first unpassed item does ("not yet: Pod/web-1 Ready" rather than ✗ "nodes cordoned"
    // while the learner is halfway through a step that cordons them on purpose).
    const first = rs.find((r) => r.state !== 'passed')
    const contra = rs.find((r) => r.state === 'failed' && r.contradicted)
    const bad = contra && contra === first ? contra : contra ? first : (rs.find((r) => r.state === 'failed') ?? rs.find((r) => r.state === 'waiting'))
    if (!bad) return { state: 'passed', explanation: null, expected, actual: expected }
    return { state: bad.state, explanation: bad.explanation, expected: bad.expected, actual: bad.actual, ...(bad.contradicted ? { contradicted: true } : {}) }
  }
  if (def.anyOf) {
    const rs = await Promise.all(def.anyOf.map((c) => evaluateCheck(c, ctx)))
    const expected = `${w.oneOf}: ${rs.map((r) => r.expected).join(' | ')}`
    const ok = rs.find((r) => r.state === 'passed')
    if (ok) return { state: 'passed', explanation: null, expected, actual: ok.actual }
    const waiting = rs.find((r) => r.state === 'waiting')
    if (waiting) return { state: 'waiting', explanation: waiting.explanation, expected: waiting.expected, actual: waiting.actual }
    const actual = rs[rs.length - 1].actual
    // Contradicted only when every alternative is (any one of them may still simply happen).
    return { state: 'failed', explanation: w.explain(expected, actual), expected, actual, ...(rs.every((r) => r.contradicted) ? { contradicted: true } : {}) }
  }
  if (def.not) {
    const r = await evaluateCheck(def.not, ctx)
    const expected = w.not(r.expected)
    if (r.state === 'passed') return { state: 'failed', explanation: w.explain(expected, r.actual), expected, actual: r.actual, contradicted: true }
    return { state: 'passed', explanation: null, expected, actual: r.actual }
  }
  throw new Error('check without a kind') // the schema rejects this; kept for exhaustiveness
}
