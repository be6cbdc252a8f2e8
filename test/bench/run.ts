// `npm run bench`: prints one `name value unit` line per measure on stdout, nothing else (progress → stderr).
import { measureAppCoreBoot, measureClusterBoot } from './measures-boot'
import { measureGetPods } from './measures-kubectl'
import { measureLesson1Instant, measureLesson1Replay } from './measures-lesson'
import { measureStatefulSets, measureStatefulSetsOnAppRuntime, measureStatefulSetsViaApi, measureStatefulSetsViaApiOnAppRuntime } from './measures-sts'
import { measureScale } from './measures-scale'
import { measureTerminal } from './measures-terminal'
import { formatMeasure, progress, type Measure } from './stats'

// Keep stdout machine-readable: anything the app code logs goes to stderr.
console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args)

const groups: [string, () => Promise<Measure[]>][] = [
  ['cluster boot', () => measureClusterBoot({ runs: 7 })],
  ['app core boot', () => measureAppCoreBoot({ runs: 7 })],
  ['kubectl get pods (10)', () => measureGetPods({ pods: 10, runs: 11 })],
  ['kubectl get pods (1000)', () => measureGetPods({ pods: 1000, runs: 5 })],
  ['lesson 1 instant', () => measureLesson1Instant({ runs: 7 })],
  ['lesson 1 replay', () => measureLesson1Replay()],
  ['statefulsets (100 and 1,000 replicas)', () => measureStatefulSets({ processes: 3 })],
  ["statefulsets on the desktop app's runtime", () => measureStatefulSetsOnAppRuntime({ processes: 3 })],
  ['statefulsets through the API and the app core', () => measureStatefulSetsViaApi({ processes: 3 })],
  ["the same on the desktop app's runtime", () => measureStatefulSetsViaApiOnAppRuntime({ processes: 3 })],
  ['statefulsets through the app, SQLite commits on the engine thread', () => measureStatefulSetsViaApi({ processes: 3, mainThreadWrites: true })],
  ['10,000 pods', () => measureScale({ runs: 3 })],
  ['terminal echo and throughput', () => measureTerminal({ runs: 15 })],
]

async function main(): Promise<number> {
  const t0 = performance.now()
  let failed = 0
  for (const [label, measure] of groups) {
    progress(`${label}…`)
    try {
      for (const m of await measure()) process.stdout.write(`${formatMeasure(m)}\n`)
    } catch (e) {
      failed++
      progress(`FAILED ${label}: ${(e as Error).stack ?? e}`)
    }
  }
  progress(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s${failed ? `, ${failed} group(s) failed` : ''}`)
  return failed ? 1 : 0
}

main().then((code) => {
  process.exitCode = code
  // Everything is closed by now, so the process should exit on its own; if a handle leaked, say which and stop.
  setTimeout(() => {
    const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().map((h) => h.constructor.name)
    progress(`still running 5 s after the last measure (open handles: ${handles.join(', ')}); exiting`)
    process.exit(code || 1)
  }, 5000).unref()
})
