// The StatefulSet scale measure, run in fresh child processes (sts-child.ts) so peak RSS is the scenario's own.
// Each child runs 100 replicas, then 1,000 three times: the first 1,000 run is what a learner gets from an app that
// has only done small things so far (V8 has not optimized the hot paths for this size yet), the third what a warmed
// process does. Both are reported, as medians over the child processes, with CPU time next to wall time (a busy
// 2-core box inflates wall time far more than CPU time).
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

/** 100 replicas and three 1,000-replica runs per child process, `processes` children: medians of each, and the CPU
 *  growth exponent from 100 to 1,000 (1 = linear). */
export async function measureStatefulSets(opts: { processes: number }): Promise<Measure[]> {
  const runs: StsResult[][] = []
  for (let i = 0; i < opts.processes; i++) runs.push(await runStsChild([100, 1000, 1000, 1000]))
  const pick = (k: number) => runs.map((r) => r[k])
  const [r100, first, warm] = [pick(0), pick(1), pick(3)]
  const list = (rs: StsResult[], f: (r: StsResult) => number) => rs.map((r) => f(r).toFixed(0)).join(', ')
  progress(`sts 100 parallel: wall ${list(r100, (r) => r.ms)} ms, cpu ${list(r100, (r) => r.cpuMs)} ms; timers ${r100[0].timers}`)
  progress(`sts 1000 parallel, first: wall ${list(first, (r) => r.ms)} ms, cpu ${list(first, (r) => r.cpuMs)} ms; timers ${first[0].timers}; peak RSS ${list(first, (r) => r.peakRssMb)} MB`)
  progress(`sts 1000 parallel, third: wall ${list(warm, (r) => r.ms)} ms, cpu ${list(warm, (r) => r.cpuMs)} ms`)
  const cpu100 = median(r100.map((r) => r.cpuMs))
  const cpu1000 = median(first.map((r) => r.cpuMs))
  return [
    { name: 'sts_100_parallel_instant_ms', value: median(r100.map((r) => r.ms)), unit: 'ms' },
    { name: 'sts_100_parallel_cpu_ms', value: cpu100, unit: 'ms' },
    { name: 'sts_1000_parallel_instant_first_ms', value: median(first.map((r) => r.ms)), unit: 'ms' },
    { name: 'sts_1000_parallel_cpu_first_ms', value: cpu1000, unit: 'ms' },
    { name: 'sts_1000_parallel_instant_warm_ms', value: median(warm.map((r) => r.ms)), unit: 'ms' },
    { name: 'sts_1000_parallel_cpu_warm_ms', value: median(warm.map((r) => r.cpuMs)), unit: 'ms' },
    { name: 'sts_1000_parallel_timers', value: median(first.map((r) => r.timers)), unit: 'count' },
    { name: 'sts_1000_parallel_peak_rss_mb', value: median(first.map((r) => r.peakRssMb)), unit: 'mb' },
    { name: 'sts_parallel_cpu_exponent', value: Math.log(cpu1000 / cpu100) / Math.log(1000 / 100), unit: 'exp' },
  ]
}
