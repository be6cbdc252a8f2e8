import { describe, expect, it } from 'vitest'
import { ageSince, humanDuration } from '../../src-main/apiserver/tables/human-duration'

const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    [119 * s + 999, '119s'],
    [120 * s, '2m'],
    [125 * s, '2m5s'],
    [5 * m, '5m'],
    [10 * m - 1, '9m59s'],
    [10 * m, '10m'],
    [3 * h - 1, '179m'],
    [3 * h, '3h'],
    [3 * h + 30 * m, '3h30m'],
    [8 * h - 1, '7h59m'],
    [8 * h, '8h'],
    [48 * h - 1, '47h'],
    [48 * h, '2d'],
    [2 * d + 5 * h, '2d5h'],
    [8 * d - 1, '7d23h'],
    [8 * d, '8d'],
    [730 * d - 1, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [8 * 365 * d - 1, '7y364d'],
    [8 * 365 * d, '8y'],
    [20 * 365 * d, '20y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want)
  })

  it('ageSince uses the given (simulated) now and reports missing timestamps', () => {
    const now = Date.UTC(2026, 0, 1, 9, 0, 37)
    expect(ageSince('2026-01-01T09:00:00Z', now)).toBe('37s')
    expect(ageSince(undefined, now)).toBe('<unknown>')
  })
})
