// Child process for the StatefulSet scale measure (a fresh process, so its peak RSS is this scenario's alone).
// Usage: tsx test/bench/sts-child.ts REPLICAS... For each count, on a fresh cluster: create a Parallel StatefulSet
// with a volumeClaimTemplate through the store API, then jump the sim clock timer by timer (instant speed) until
// every pod is Ready. Prints one JSON line (StsResult) per count on stdout; progress (every 5 s) goes to stderr.
// Pass counts in increasing order: peakRssMb is the process's peak so far.
import { readFileSync } from 'node:fs'
import type { KObject } from '../../src-main/cluster/api-types'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import { GVRS } from '../../src-main/cluster/store/registry'
import { watchRefs } from '../../src-main/cluster/store/refs'
import type { Store } from '../../src-main/cluster/store/types'
import { isReady, parallelStatefulSet } from './fixtures'

export interface StsResult {
  replicas: number
  ms: number // create → the last pod Ready (wall)
  cpuMs: number // user + system CPU of this process in that time: what a busy machine does not inflate
  /** CPU of the engine's own thread alone (Linux; V8's compiler and GC helper threads left out): on an idle machine
   *  this is what the wall time is made of, and it is far less noisy than wall time on a busy one. */
  mainCpuMs?: number
  timers: number // sim timers fired in that time
  ready: number
  peakRssMb: number
}

/** User + system CPU of the calling thread in ms (10 ms resolution), from /proc; undefined where there is none. */
export function threadCpuMs(): number | undefined {
  try {
    // Fields after the command name: state is 3rd, utime 14th, stime 15th (in clock ticks, 100 per second on Linux).
    const f = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(f[11]) + Number(f[12])) * 10
  } catch {
    return undefined
  }
}

/**
 * The moment every pod of StatefulSet `name` is Ready, with the process's and the engine thread's CPU since
 * `start()`. Readiness comes from a pod watch on the set's label (exact, O(1) per change) instead of re-listing 1,000
 * pods; not onChange, which would clone every committed object of every kind for this observer alone; watchRefs, so
 * the observer does not add a copy per pod event to what is measured.
 */
export class AllReady {
  readonly ready = new Set<string>()
  /** performance.now() when the last pod became Ready (0 until then). */
  at = 0
  cpuMs = 0
  mainCpuMs: number | undefined
  private cpu0: NodeJS.CpuUsage | undefined
  private main0: number | undefined

  constructor(store: Store, name: string, replicas: number, onAllReady: () => void = () => {}) {
    watchRefs(store, GVRS.pods, { namespace: 'default', labelSelector: `app=${name}`, resourceVersion: store.resourceVersion() }, (c) => {
      if (c.type !== 'DELETED' && isReady(c.object as KObject)) this.ready.add(c.object.metadata.name!)
      else this.ready.delete(c.object.metadata.name!)
      if (this.ready.size !== replicas || this.at) return
      this.at = performance.now()
      const cpu = process.cpuUsage(this.cpu0)
      this.cpuMs = (cpu.user + cpu.system) / 1000
      const main = threadCpuMs()
      this.mainCpuMs = main !== undefined && this.main0 !== undefined ? main - this.main0 : undefined
      onAllReady()
    })
  }

  /** Start the CPU clocks (call right before the measured work). */
  start(): void {
    this.cpu0 = process.cpuUsage()
    this.main0 = threadCpuMs()
  }
}

function run(replicas: number, log: (s: string) => void): Omit<StsResult, 'peakRssMb'> {
  const clock = new SimClock()
  const cluster = createCluster({ clock, random: seededRandom(1) })
  try {
    clock.runUntilIdle(100_000, 1000) // boot (periodic node heartbeats never go idle: stop at the first gap)
    const name = 'bench'
    const all = new AllReady(cluster.store, name, replicas)
    all.start()
    const t0 = performance.now()
    cluster.store.create(GVRS.statefulsets, 'default', parallelStatefulSet(name, replicas))
    let timers = 0
    let lastLog = t0
    while (!all.at) {
      if (!clock.step()) throw new Error(`the sim clock went idle with ${all.ready.size}/${replicas} pods Ready`)
      timers++
      const now = performance.now()
      if (now - lastLog > 5000) {
        lastLog = now
        log(`sts ${replicas}: ${all.ready.size} Ready, ${timers} timers, ${((now - t0) / 1000).toFixed(0)} s`)
      }
    }
    return { replicas, ms: all.at - t0, cpuMs: all.cpuMs, mainCpuMs: all.mainCpuMs, timers, ready: all.ready.size }
  } finally {
    cluster.dispose()
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)
if (isMain) {
  const counts = process.argv.slice(2).map(Number)
  if (!counts.length || !counts.every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write('usage: tsx test/bench/sts-child.ts REPLICAS...\n')
    process.exit(2)
  }
  const log = (s: string) => process.stderr.write(`[bench] ${s}\n`)
  run(10, () => {}) // warm-up (JIT) on a throwaway cluster
  for (const replicas of counts) {
    const result: StsResult = { ...run(replicas, log), peakRssMb: process.resourceUsage().maxRSS / 1024 }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  }
  process.exit(0)
}
