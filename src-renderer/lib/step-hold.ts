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

/** The lesson after `id` in list order that can be opened, or null (the last one, or only broken ones follow). */
export function nextLessonId(summaries: readonly Pick<LessonSummary, 'id' | 'available'>[], id: string): string | null {
  const at = summaries.findIndex((s) => s.id === id)
  if (at < 0) return null
  return summaries.slice(at + 1).find((s) => s.available)?.id ?? null
}
