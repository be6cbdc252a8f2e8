// The StatefulSet scale measure, run in fresh child processes (sts-child.ts) so peak RSS is the scenario's own.
// The default bench measures 50 and 100 replicas and the growth exponent between them, from CPU time (a busy 2-core
// box inflates it far less than wall time). `--full` (or BENCH_FULL=1) runs the real 1,000-replica case to the end
// (~20 s of CPU at the time of writing: the statefulset controller itself is now O(changed pods) per pass; what is
// left is the store cloning each object once per watcher and the scheduler/PV controller re-listing pods per event).
// No extrapolation to 1,000 is printed: the exponent still grows with n, so an estimate from small runs is too low.
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import type { StsResult } from './sts-child'
import { median, progress, type Measure } from './stats'

const ROOT = resolve(import.meta.dirname, '../..')
const CHILD = join(import.meta.dirname, 'sts-child.ts')

/** Run scenarios (increasing replica counts) in one child process; resolves with one result per count. */
export function runStsChild(counts: number[]): Promise<StsResult[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...counts.map(String)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const lines = out.trim().split('\n').filter(Boolean)
      if (code !== 0 || lines.length !== counts.length) return reject(new Error(`sts-child ${counts.join(' ')} exited ${code} after: ${out}`))
      resolvePromise(lines.map((l) => JSON.parse(l) as StsResult))
    })
  })
}

/** Default bench: 50 and 100 replicas (each child process runs both, `runs` children), medians, and the growth
 *  exponent between the two medians. */
export async function measureStsScaling(opts: { runs: number }): Promise<Measure[]> {
  const r50: StsResult[] = []
  const r100: StsResult[] = []
  for (let i = 0; i < opts.runs; i++) {
    const [a, b] = await runStsChild([50, 100])
    r50.push(a)
    r100.push(b)
  }
  const cpu50 = median(r50.map((r) => r.cpuMs))
  const cpu100 = median(r100.map((r) => r.cpuMs))
  const list = (rs: StsResult[], f: (r: StsResult) => number) => rs.map((r) => f(r).toFixed(0)).join(', ')
  progress(`sts 50 parallel: wall ${list(r50, (r) => r.ms)} ms, cpu ${list(r50, (r) => r.cpuMs)} ms; timers ${r50[0].timers}`)
  progress(`sts 100 parallel: wall ${list(r100, (r) => r.ms)} ms, cpu ${list(r100, (r) => r.cpuMs)} ms; timers ${r100[0].timers}; peak RSS ${list(r100, (r) => r.peakRssMb)} MB`)
  // cpu ≈ c·n^k: k from the two sizes measured in this run.
  return [
    { name: 'sts_50_parallel_instant_ms', value: median(r50.map((r) => r.ms)), unit: 'ms' },
    { name: 'sts_100_parallel_instant_ms', value: median(r100.map((r) => r.ms)), unit: 'ms' },
    { name: 'sts_50_parallel_cpu_ms', value: cpu50, unit: 'ms' },
    { name: 'sts_100_parallel_cpu_ms', value: cpu100, unit: 'ms' },
    { name: 'sts_100_parallel_timers', value: median(r100.map((r) => r.timers)), unit: 'count' },
    { name: 'sts_100_parallel_peak_rss_mb', value: median(r100.map((r) => r.peakRssMb)), unit: 'mb' },
    { name: 'sts_parallel_cpu_exponent', value: Math.log(cpu100 / cpu50) / Math.log(100 / 50), unit: 'exp' },
  ]
}

/** `--full`: the real 1,000-replica run, once. */
export async function measureSts1000(): Promise<Measure[]> {
  progress('sts 1000 parallel: running to the end')
  const [r] = await runStsChild([1000])
  progress(`sts 1000 parallel: ${(r.ms / 1000).toFixed(1)} s (cpu ${(r.cpuMs / 1000).toFixed(1)} s); timers ${r.timers}; peak RSS ${r.peakRssMb.toFixed(0)} MB`)
  return [
    { name: 'sts_1000_parallel_instant_ms', value: r.ms, unit: 'ms' },
    { name: 'sts_1000_parallel_cpu_ms', value: r.cpuMs, unit: 'ms' },
    { name: 'sts_1000_parallel_timers', value: r.timers, unit: 'count' },
    { name: 'sts_1000_parallel_peak_rss_mb', value: r.peakRssMb, unit: 'mb' },
  ]
}
