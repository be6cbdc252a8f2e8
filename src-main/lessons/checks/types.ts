// What every check evaluator gets and returns.
import type { CheckState, Locale } from '../../shared/view-models'
import type { ClusterClient } from '../cluster-client'
import type { AuditEntryLike, CommandRecord } from '../progress'

export interface CheckResult {
  state: CheckState
  /** In the learner's language; null when passed. */
  explanation: string | null
  /** Short language-mostly-neutral descriptions for `{{expected}}` / `{{actual}}` in a lesson's own `fail` text. */
  expected: string
  actual: string
  /** Presentation only (`state` alone decides passing): a failed check whose state contradicts the step (a wrong
   *  spec, events out of order, the command ran and failed) rather than one that simply has not happened yet. The
   *  checklist shows the first as ✗ with expected versus actual, the second as a neutral "not yet". */
  contradicted?: boolean
}

export interface CheckContext {
  client: ClusterClient
  locale: Locale
  namespace: string
  /** Commands and API requests since the lesson was opened, oldest first. */
  commands: CommandRecord[]
  audit: AuditEntryLike[]
  /** Where the current step started in each log (indexes into the arrays above; fact seq for events). */
  stepStart: { command: number; audit: number; factSeq: number }
}
