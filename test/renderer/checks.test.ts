import { describe, expect, it } from 'vitest'
import { CHECK_ICON, checkDisplay, explainOpenly } from '../../src-renderer/lib/checks'

// ui.md: "✓ done. '…' waiting, with what it waits for. ✗ only when the state contradicts the step".
describe('checkDisplay', () => {
  it('shows a check that has not happened yet as neutral "pending", not as an error', () => {
    expect(checkDisplay({ state: 'failed' })).toBe('pending')
    expect(CHECK_ICON.pending).toBe('○')
    expect(explainOpenly('pending')).toBe(false) // details on request, the list stays calm
  })
  it('keeps ✗ for a contradiction, with its explanation shown at once', () => {
    expect(checkDisplay({ state: 'failed', contradicted: true })).toBe('contradicted')
    expect(CHECK_ICON.contradicted).toBe('✗')
    expect(explainOpenly('contradicted')).toBe(true)
  })
  it('maps passed to ✓ and waiting to … (saying what it waits for)', () => {
    expect(checkDisplay({ state: 'passed' })).toBe('done')
    expect(checkDisplay({ state: 'passed', contradicted: true })).toBe('done') // state decides; the flag only refines failed
    expect(checkDisplay({ state: 'waiting' })).toBe('waiting')
    expect(CHECK_ICON.done).toBe('✓')
    expect(CHECK_ICON.waiting).toBe('…')
    expect(explainOpenly('waiting')).toBe(true)
  })
  it('gives every state its own symbol (and the checklist writes the state out in words too)', () => {
    expect(new Set(Object.values(CHECK_ICON)).size).toBe(4)
  })
})
