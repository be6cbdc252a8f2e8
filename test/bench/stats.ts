// Measuring and printing: wall time with performance.now(), medians of repeated runs, and the one-line output format
// `name value unit` the bench prints on stdout (everything else goes to stderr).

export interface Measure {
  name: string
  value: number
  unit: string // 'ms' | 'mb' | 'x' | 'count'
}

/** The median (mean of the middle two for an even count); robust against the odd run a busy 2-core box slows down. */
export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error('median of no samples')
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Counts are integers, ratios get two decimals, times and sizes one (two below 10, where 0.1 ms matters). */
export function formatValue(value: number, unit: string): string {
  if (unit === 'count') return String(Math.round(value))
  if (unit === 'x') return value.toFixed(2)
  return Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1)
}

export function formatMeasure(m: Measure): string {
  if (!/^[a-z][a-z0-9_]*$/.test(m.name)) throw new Error(`bad measure name: ${m.name}`)
  if (!Number.isFinite(m.value)) throw new Error(`${m.name}: value is not a finite number (${m.value})`)
  return `${m.name} ${formatValue(m.value, m.unit)} ${m.unit}`
}

/** Progress and diagnostics: stderr only, so stdout stays machine-readable. */
export function progress(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`)
}

/** Wall time of one async call, in ms. */
export async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/** One unmeasured warm-up (JIT, module caches, TLS session setup), then `runs` timed calls. Returns the samples. */
export async function sample(runs: number, fn: () => Promise<unknown>, opts: { warmup?: boolean } = {}): Promise<number[]> {
  if (opts.warmup !== false) await fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) out.push(await timeOnce(fn))
  return out
}

export const describeSamples = (xs: number[]) =>
  `median ${median(xs).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)} (n=${xs.length})`
