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
  /** Which objects the check looked at (their uids): with `actual`, what tells "the same state as at the step's
   *  start" from "changed" (a Deployment deleted and created again reads the same but is not the one inherited). */
  witness?: string
  /** The wrong things found that the learner could have caused ("web: spec.replicas is 3", "new Pod: hello-x"), when
   *  contradicted. The panel shows ✗ only for a finding that was not there when the step started: the state the
   *  learner inherited, or an intermediate state of the expected path that keeps it, is "not yet". */
  findings?: string[]
  /** Combinators: the findings of all their items (what the step's start is remembered by). Default: `findings`. */
  known?: string[]
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
  /** Where the lesson started (after its clean start): the window of `since: lesson` checks. None: the whole log. */
  lessonStart?: { command: number; audit: number; factSeq: number }
}
