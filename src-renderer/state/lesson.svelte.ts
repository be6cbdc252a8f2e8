// The open lesson as main sends it (a snapshot), plus what only the renderer tracks: hints revealed per step.
import type { LessonSummary, LessonView, StepView } from '../../src-main/shared/view-models'

export class LessonState {
  view = $state.raw<LessonView | null>(null)
  summaries = $state.raw<LessonSummary[]>([])
  /** Hints revealed, per `lessonId/stepId`: revealed one at a time and kept when the learner navigates back. */
  hintsShown = $state<Record<string, number>>({})

  readonly stepIndex = $derived(this.view ? clampIndex(this.view.currentStep, this.view.steps.length) : 0)
  readonly step: StepView | null = $derived(this.view?.steps[this.stepIndex] ?? null)
  readonly stepKey = $derived(this.view && this.step ? `${this.view.id}/${this.step.id}` : '')
  readonly hintsVisible = $derived(this.step ? this.step.hints.slice(0, this.hintsShown[this.stepKey] ?? 0) : [])
  readonly summary = $derived(this.summaries.find((s) => s.id === this.view?.id) ?? null)

  revealHint(): void {
    if (!this.step) return
    const shown = this.hintsShown[this.stepKey] ?? 0
    if (shown < this.step.hints.length) this.hintsShown[this.stepKey] = shown + 1
  }
}

function clampIndex(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i))
}
