import { describe, expect, it } from 'vitest'
import { justCompleted, nextLessonId, stepNavigation } from '../../src-renderer/lib/step-hold'

const view = (id: string, currentStep: number, done: boolean[]) => ({ id, currentStep, steps: done.map((d) => ({ done: d })) })

// Main completes a step and opens the next in one update; the panel holds the finished one so its last ✓ is seen.
describe('justCompleted', () => {
  it('holds the step main just finished and moved on from', () => {
    expect(justCompleted(view('l', 0, [false, false]), view('l', 1, [true, false]))).toBe(0)
    expect(justCompleted(view('l', 1, [true, false, false]), view('l', 2, [true, true, false]))).toBe(1)
  })
  it('does not hold the learner moving on from a step that was already done, or going back', () => {
    expect(justCompleted(view('l', 0, [true, false]), view('l', 1, [true, false]))).toBeNull()
    expect(justCompleted(view('l', 1, [true, false]), view('l', 0, [true, false]))).toBeNull()
  })
  it('does not hold across lessons, on the first view, or when nothing moved', () => {
    expect(justCompleted(view('a', 0, [false]), view('b', 1, [true, false]))).toBeNull()
    expect(justCompleted(null, view('l', 1, [true, false]))).toBeNull()
    expect(justCompleted(view('l', 0, [false, false]), view('l', 0, [false, false]))).toBeNull()
    expect(justCompleted(view('l', 0, [false, false]), null)).toBeNull()
  })
  it('does not hold a step that went forward without being done (learner pressed Next)', () => {
    expect(justCompleted(view('l', 0, [false, false]), view('l', 1, [false, false]))).toBeNull()
  })
})

describe('nextLessonId', () => {
  const list = [
    { id: 'a', available: true },
    { id: 'b', available: false },
    { id: 'c', available: true },
  ]
  it('is the next openable lesson in list order, skipping broken ones', () => {
    expect(nextLessonId(list, 'a')).toBe('c')
  })
  it('is null after the last lesson or for an unknown one', () => {
    expect(nextLessonId(list, 'c')).toBeNull()
    expect(nextLessonId(list, 'zzz')).toBeNull()
    expect(nextLessonId([...list, { id: 'd', available: false }], 'c')).toBeNull()
  })
})

// Going back to a finished step must not restart it: its state still holds, so main would complete it again at once
// and bounce the learner forward (and overwrite the checkpoint its Reset step returns to).
describe('stepNavigation', () => {
  it('only looks at a finished step before the open one again', () => {
    expect(stepNavigation(view('l', 2, [true, true, false]), 0)).toEqual({ review: 0, goto: null })
    expect(stepNavigation(view('l', 2, [true, true, false]), 1)).toEqual({ review: 1, goto: null })
    // The lesson is complete (currentStep past the last step): every step is looked at, the last one is open.
    expect(stepNavigation(view('l', 2, [true, true]), 0)).toEqual({ review: 0, goto: null })
    expect(stepNavigation(view('l', 2, [true, true]), 1)).toEqual({ review: null, goto: null })
  })
  it('back to the open step needs nothing from main', () => {
    expect(stepNavigation(view('l', 1, [true, false, false]), 1)).toEqual({ review: null, goto: null })
  })
  it('asks main for a step ahead, and for an earlier step that is not done (the learner skipped it)', () => {
    expect(stepNavigation(view('l', 1, [true, false, false]), 2)).toEqual({ review: null, goto: 2 })
    expect(stepNavigation(view('l', 2, [true, false, false]), 1)).toEqual({ review: null, goto: 1 })
  })
  it('ignores a step that does not exist', () => {
    expect(stepNavigation(view('l', 0, [false]), -1)).toEqual({ review: null, goto: null })
    expect(stepNavigation(view('l', 0, [false]), 1)).toEqual({ review: null, goto: null })
    expect(stepNavigation(view('l', 0, [false]), 0.5)).toEqual({ review: null, goto: null })
  })
})
