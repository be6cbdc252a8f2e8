// The bench's output contract: one `name value unit` line per measure, nothing else on stdout.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { measureClusterBoot } from './measures-boot'
import { formatMeasure, median } from './stats'

const LINE = /^[a-z][a-z0-9_]* -?\d+(\.\d+)? (ms|mb|x|count|exp)$/

describe('bench output format', () => {
  afterEach(() => vi.restoreAllMocks())

  it('a real measure (cluster boot) yields well-formed lines and writes nothing to stdout itself', async () => {
    const stdout = vi.spyOn(process.stdout, 'write')
    const measures = await measureClusterBoot({ runs: 1, warmup: false })
    expect(stdout).not.toHaveBeenCalled()
    const lines = measures.map(formatMeasure)
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['cluster_boot_to_api_ready_ms', 'cluster_create_ms'])
    for (const l of lines) expect(l).toMatch(LINE)
    expect(measures[0].value).toBeGreaterThan(measures[1].value) // boot to /readyz includes createCluster
  })

  it('formats values by unit', () => {
    expect(formatMeasure({ name: 'a_ms', value: 41.234, unit: 'ms' })).toBe('a_ms 41.2 ms')
    expect(formatMeasure({ name: 'a_ms', value: 3.456, unit: 'ms' })).toBe('a_ms 3.46 ms')
    expect(formatMeasure({ name: 'a_x', value: 6.6449, unit: 'x' })).toBe('a_x 6.64 x')
    expect(formatMeasure({ name: 'n', value: 65.4, unit: 'count' })).toBe('n 65 count')
  })

  it('refuses a value or name that would break the line format', () => {
    expect(() => formatMeasure({ name: 'a_ms', value: NaN, unit: 'ms' })).toThrow('a_ms: value is not a finite number (NaN)')
    expect(() => formatMeasure({ name: 'bad name', value: 1, unit: 'ms' })).toThrow('bad measure name: bad name')
  })

  it('takes medians of odd and even sample counts', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(() => median([])).toThrow('median of no samples')
  })
})
