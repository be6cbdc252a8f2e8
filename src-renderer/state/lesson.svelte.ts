// The open lesson as main sends it (a snapshot), plus what only the renderer tracks: hints revealed per step.
import type { LessonSummary, LessonView, StepView } from '../../src-main/shared/view-models'
import { justCompleted } from '../lib/step-hold'

/** How long a just-finished step stays on screen, all ✓, before the panel follows main to the next one. */
export const HOLD_MS = 1500

export class LessonState {
  #view = $state.raw<LessonView | null>(null)
  /** A step main just completed, still shown (all ✓, "Step complete — Next") until `release()` or HOLD_MS. */
  held = $state<number | null>(null)
  /** A finished step the learner went back to read (main keeps the open step; see stepNavigation). */
  reviewing = $state<number | null>(null)
  #holdTimer: ReturnType<typeof setTimeout> | null = null

  get view(): LessonView | null {
    return this.#view
  }
  set view(v: LessonView | null) {
    const done = justCompleted(this.#view, v)
    if (done !== null) {
      this.release()
      this.held = done
      this.#holdTimer = setTimeout(() => this.release(), HOLD_MS)
    } else if (!v || v.id !== this.#view?.id || (this.held !== null && v.currentStep !== this.#view?.currentStep)) {
      this.release() // another lesson, or the learner (or main) moved on: follow main
    }
    // Main opened another step (the open one completed, a reset, an import) or another lesson: show that one.
    if (!v || v.id !== this.#view?.id || v.currentStep !== this.#view?.currentStep) this.reviewing = null
    this.#view = v
  }
  summaries = $state.raw<LessonSummary[]>([])
  /** Hints revealed, per `lessonId/stepId`: revealed one at a time and kept when the learner navigates back. */
  hintsShown = $state<Record<string, number>>({})

  readonly stepIndex = $derived(this.#view ? clampIndex(this.held ?? this.reviewing ?? this.#view.currentStep, this.#view.steps.length) : 0)
  readonly step: StepView | null = $derived(this.#view?.steps[this.stepIndex] ?? null)
  readonly stepKey = $derived(this.#view && this.step ? `${this.#view.id}/${this.step.id}` : '')
  readonly hintsVisible = $derived(this.step ? this.step.hints.slice(0, this.hintsShown[this.stepKey] ?? 0) : [])
  readonly summary = $derived(this.summaries.find((s) => s.id === this.#view?.id) ?? null)

  /** Stop holding a finished step: the panel shows main's current step. */
  release(): void {
    if (this.#holdTimer) clearTimeout(this.#holdTimer)
    this.#holdTimer = null
    this.held = null
  }

  revealHint(): void {
    if (!this.step) return
    const shown = this.hintsShown[this.stepKey] ?? 0
    if (shown < this.step.hints.length) this.hintsShown[this.stepKey] = shown + 1
  }
}

function clampIndex(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i))
}
