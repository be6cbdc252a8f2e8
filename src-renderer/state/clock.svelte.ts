// The simulation clock as main reports it.
import type { ClockView } from '../../src-main/shared/view-models'

export class ClockState {
  view = $state.raw<ClockView | null>(null)
  readonly instant = $derived(this.view?.speed === 'instant')
  readonly paused = $derived(this.view?.speed === 'paused')
}
