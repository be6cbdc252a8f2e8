// Which step the panel keeps showing for a moment after main finished it. Main completes a step and opens the next
// in one update, so without this the step's last ✓ is never drawn. Pure, unit-tested.
import type { LessonSummary, LessonView } from '../../src-main/shared/view-models'

type ViewLike = Pick<LessonView, 'id' | 'currentStep'> & { steps: readonly { done: boolean }[] }

/** The index of the step `next` just completed (it was open and not done in `prev`, and main moved on), else null.
 *  A learner's own navigation between steps moves on from a step that was already done, so it is never held. */
export function justCompleted(prev: ViewLike | null, next: ViewLike | null): number | null {
  if (!prev || !next || prev.id !== next.id) return null
  const i = prev.currentStep
  if (next.currentStep <= i) return null
  if (prev.steps[i]?.done !== false || next.steps[i]?.done !== true) return null
  return i
}

/** Where a click on step `target` (a dot, ← Previous, Next →) takes the learner. A finished step before the open one
 *  is only looked at again (`review`): asking main to go there would restart it, and since its state still holds it
 *  would complete at once and bounce the learner forward (and its reset checkpoint would be overwritten). The open
 *  step itself needs nothing from main; any other step is opened by main (`goto`). */
export function stepNavigation(view: ViewLike, target: number): { review: number | null; goto: number | null } {
  const n = view.steps.length
  if (!Number.isInteger(target) || target < 0 || target >= n) return { review: null, goto: null }
  const open = Math.min(view.currentStep, n - 1) // past the last step: the lesson is complete, its last step shows
  if (target === open) return { review: null, goto: null }
  if (target < view.currentStep && view.steps[target]!.done) return { review: target, goto: null }
  return { review: null, goto: target }
}

/** The lesson after `id` in list order that can be opened, or null (the last one, or only broken ones follow). */
export function nextLessonId(summaries: readonly Pick<LessonSummary, 'id' | 'available'>[], id: string): string | null {
  const at = summaries.findIndex((s) => s.id === id)
  if (at < 0) return null
  return summaries.slice(at + 1).find((s) => s.available)?.id ?? null
}
