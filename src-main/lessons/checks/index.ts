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
    const witness = rs.map((r) => r.witness ?? '').join('|')
    // List order reads "first this, then that": a contradiction speaks only once everything listed before it has
    // passed. Until then the first unpassed item does ("not yet: Pod/web-1 Ready" rather than ✗ "nodes cordoned"
    // while the learner is halfway through a step that cordons them on purpose).
    const first = rs.find((r) => r.state !== 'passed')
    const contra = rs.find((r) => r.state === 'failed' && r.contradicted)
    const bad = contra && contra === first ? contra : contra ? first : (rs.find((r) => r.state === 'failed') ?? rs.find((r) => r.state === 'waiting'))
    if (!bad) return { state: 'passed', explanation: null, expected, actual: expected, witness }
    // `known`: every item's findings, not only the reported one's: what the step inherited in a later item is known
    // from its start, so that item reporting it later (web-2 still on the old image once the template is patched)
    // is no news.
    return { state: bad.state, explanation: bad.explanation, expected: bad.expected, actual: bad.actual, witness, ...(bad.findings ? { findings: bad.findings } : {}), known: rs.flatMap((r) => r.known ?? r.findings ?? []), ...(bad.contradicted ? { contradicted: true } : {}) }
  }
  if (def.anyOf) {
    const rs = await Promise.all(def.anyOf.map((c) => evaluateCheck(c, ctx)))
    const expected = `${w.oneOf}: ${rs.map((r) => r.expected).join(' | ')}`
    const witness = rs.map((r) => r.witness ?? '').join('|')
    const ok = rs.find((r) => r.state === 'passed')
    if (ok) return { state: 'passed', explanation: null, expected, actual: ok.actual }
    const waiting = rs.find((r) => r.state === 'waiting')
    if (waiting) return { state: 'waiting', explanation: waiting.explanation, expected: waiting.expected, actual: waiting.actual }
    const actual = rs[rs.length - 1].actual
    // Contradicted only when every alternative is (any one of them may still simply happen).
    const findings = rs.every((r) => r.findings) ? rs.flatMap((r) => r.findings!) : undefined
    return { state: 'failed', explanation: w.explain(expected, actual), expected, actual, witness, ...(findings ? { findings } : {}), ...(rs.every((r) => r.contradicted) ? { contradicted: true } : {}) }
  }
  if (def.not) {
    const r = await evaluateCheck(def.not, ctx)
    const expected = w.not(r.expected)
    // What is there (by uid when known): the same object as at the step's start is inherited; one made again is new.
    if (r.state === 'passed') return { state: 'failed', explanation: w.explain(expected, r.actual), expected, actual: r.actual, contradicted: true, witness: r.witness, findings: [`present: ${r.witness ?? r.actual}`] }
    return { state: 'passed', explanation: null, expected, actual: r.actual, witness: r.witness }
  }
  throw new Error('check without a kind') // the schema rejects this; kept for exhaustiveness
}
