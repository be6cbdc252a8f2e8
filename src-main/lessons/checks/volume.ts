// `volume`: a file (and its content) inside the volume bound to a claim, which outlives the pods that mount it.
import type { VolumeCheck } from '../schema'
import { words } from './messages'
import type { CheckContext, CheckResult } from './types'

export async function evalVolume(spec: VolumeCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const ns = spec.namespace ?? ctx.namespace
  const r = await ctx.client.readVolumeFile(ns, spec.claim, spec.path)
  const wantExists = spec.exists ?? true
  let expected = w.fileIn(spec.path, spec.claim)
  if (spec.equals !== undefined) expected += ` = "${spec.equals}"`
  if (spec.contains !== undefined) expected += ` ${w.contains(spec.contains)}`
  if (!wantExists) expected = `${w.not(expected)}`
  const out = (state: 'waiting' | 'failed', actual: string): CheckResult => ({ state, explanation: w.explain(expected, actual), expected, actual })
  if (r.claim === 'missing') return out('failed', w.claimMissing(spec.claim))
  if (r.claim === 'unbound') return out('waiting', w.claimUnbound(spec.claim))
  if (r.content === null) return wantExists ? out('failed', w.noFile) : { state: 'passed', explanation: null, expected, actual: w.noFile }
  const shown = JSON.stringify(r.content.length > 80 ? `${r.content.slice(0, 77)}...` : r.content)
  if (!wantExists) return out('failed', shown)
  if (spec.equals !== undefined && r.content !== spec.equals && r.content.replace(/\n$/, '') !== spec.equals) return out('failed', shown)
  if (spec.contains !== undefined && !r.content.includes(spec.contains)) return out('failed', shown)
  return { state: 'passed', explanation: null, expected, actual: shown }
}
