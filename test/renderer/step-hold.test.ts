import { describe, expect, it } from 'vitest'
import { justCompleted, nextLessonId } from '../../src-renderer/lib/step-hold'

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
