// `file`: a file as a running container sees it: its own writable layer (lost with the pod) or a volume mounted
// there. Read through the client, the way `kubectl exec POD -- cat PATH` would, without running anything in the pod.
import type { FileCheck } from '../schema'
import { words } from './messages'
import type { CheckContext, CheckResult } from './types'

export async function evalFile(spec: FileCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const ns = spec.namespace ?? ctx.namespace
  const r = await ctx.client.readContainerFile(ns, spec.pod, spec.path, spec.container)
  const wantExists = spec.exists ?? true
  let expected = w.fileInPod(spec.path, spec.pod, spec.container ?? null)
  if (spec.equals !== undefined) expected += ` = "${spec.equals}"`
  if (spec.contains !== undefined) expected += ` ${w.contains(spec.contains)}`
  if (!wantExists) expected = w.not(expected)
  const out = (state: 'waiting' | 'failed', actual: string, contradicted = false): CheckResult => ({ state, explanation: w.explain(expected, actual), expected, actual, ...(contradicted ? { contradicted } : {}) })
  if (r.pod === 'missing') return out('failed', w.podMissing(spec.pod))
  // A pod on its way up (or back) has no files yet: wait for it rather than fail.
  if (r.pod === 'not-running') return out('waiting', w.podNotRunning(spec.pod))
  if (r.content === null) return wantExists ? out('failed', w.noFile) : { state: 'passed', explanation: null, expected, actual: w.noFile }
  const shown = JSON.stringify(r.content.length > 80 ? `${r.content.slice(0, 77)}...` : r.content)
  if (!wantExists) return out('failed', shown, true)
  if (spec.equals !== undefined && r.content !== spec.equals && r.content.replace(/\n$/, '') !== spec.equals) return out('failed', shown, true)
  if (spec.contains !== undefined && !r.content.includes(spec.contains)) return out('failed', shown, true)
  return { state: 'passed', explanation: null, expected, actual: shown }
}
