import { describe, expect, it } from 'vitest'
import { clampScale, formatAge, formatBytes, formatClock, shortUid, shortVolume } from '../../src-renderer/lib/format'

describe('format', () => {
  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(2048)).toBe('2.0 KiB')
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB')
  })
  it('formats ages the way kubectl does', () => {
    expect(formatAge(0, 42_000)).toBe('42s')
    expect(formatAge(0, 190_000)).toBe('3m10s')
    expect(formatAge(0, 180_000)).toBe('3m')
    expect(formatAge(0, 25 * 60_000)).toBe('25m')
    expect(formatAge(0, 125 * 60_000)).toBe('2h5m')
    expect(formatAge(0, 3 * 86_400_000)).toBe('3d')
    expect(formatAge(5000, 0)).toBe('0s') // clock skew never shows a negative age
  })
  it('formats sim time as UTC time of day', () => {
    expect(formatClock(new Date(2024, 0, 1, 9, 5, 7).getTime())).toBe('09:05:07') // local time, like the wall clock
    expect(formatClock(new Date(2024, 0, 1, 23, 59, 0).getTime())).toBe('23:59:00')
  })
  it('shortens uids and volume names', () => {
    expect(shortUid('6f1c2a9e-0b1d-4c3e-9f00-1234abcd00a1')).toBe('00a1')
    expect(shortVolume('pvc-3f2a9c1e-aaaa-bbbb')).toBe('pvc-3f2a9c…')
    expect(shortVolume('pv-small')).toBe('pv-small')
  })
  it('clamps A+/A- scale to 0.8–1.8 in tenths', () => {
    expect(clampScale(1.1000000001)).toBe(1.1)
    expect(clampScale(5)).toBe(1.8)
    expect(clampScale(0.1)).toBe(0.8)
  })
})
