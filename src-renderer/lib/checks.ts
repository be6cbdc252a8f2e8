// How a check looks in the checklist (ui.md: "✓ done. '…' waiting, with what it waits for. ✗ only when the state
// contradicts the step"). A check that has simply not happened yet is neutral, not an error. Pure, unit-tested.
import type { CheckView } from '../../src-main/shared/view-models'

export type CheckDisplay = 'done' | 'waiting' | 'pending' | 'contradicted'

export function checkDisplay(c: Pick<CheckView, 'state' | 'contradicted'>): CheckDisplay {
  if (c.state === 'passed') return 'done'
  if (c.state === 'waiting') return 'waiting'
  return c.contradicted ? 'contradicted' : 'pending'
}

/** The symbol beside each state; the state is also always written out in words (colour is never the only signal). */
export const CHECK_ICON: Record<CheckDisplay, string> = { done: '✓', waiting: '…', pending: '○', contradicted: '✗' }

/** Whether the explanation is shown at once. Waiting says what it waits for and a contradiction says expected versus
 *  actual; for a check that has not happened yet the details are one click away, so the list stays calm. */
export function explainOpenly(d: CheckDisplay): boolean {
  return d === 'waiting' || d === 'contradicted'
}
