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

function run(replicas: number, log: (s: string) => void): Omit<StsResult, 'peakRssMb'> {
  const clock = new SimClock()
  const cluster = createCluster({ clock, random: seededRandom(1) })
  try {
    clock.runUntilIdle(100_000, 1000) // boot (periodic node heartbeats never go idle: stop at the first gap)
    const name = 'bench'
    // Track readiness from a pod watch on the set's label (exact, O(1) per change) instead of re-listing 1,000 pods;
    // not onChange, which would clone every committed object of every kind for this observer alone; watchRefs, so
    // the bench's own observer does not add a copy per pod event to what is measured.
    const ready = new Set<string>()
    let doneAt = 0
    let cpuAtDone: NodeJS.CpuUsage | undefined
    let cpu0: NodeJS.CpuUsage | undefined
    let main0: number | undefined
    let mainAtDone: number | undefined
    watchRefs(cluster.store, GVRS.pods, { namespace: 'default', labelSelector: `app=${name}`, resourceVersion: cluster.store.resourceVersion() }, (c) => {
      if (c.type !== 'DELETED' && isReady(c.object as KObject)) ready.add(c.object.metadata.name!)
      else ready.delete(c.object.metadata.name!)
      if (ready.size === replicas && !doneAt) {
        doneAt = performance.now()
        cpuAtDone = process.cpuUsage(cpu0)
        mainAtDone = threadCpuMs()
      }
    })
    cpu0 = process.cpuUsage()
    main0 = threadCpuMs()
    const t0 = performance.now()
    cluster.store.create(GVRS.statefulsets, 'default', parallelStatefulSet(name, replicas))
    let timers = 0
    let lastLog = t0
    while (!doneAt) {
      if (!clock.step()) throw new Error(`the sim clock went idle with ${ready.size}/${replicas} pods Ready`)
      timers++
      const now = performance.now()
      if (now - lastLog > 5000) {
        lastLog = now
        log(`sts ${replicas}: ${ready.size} Ready, ${timers} timers, ${((now - t0) / 1000).toFixed(0)} s`)
      }
    }
    const mainCpuMs = main0 !== undefined && mainAtDone !== undefined ? mainAtDone - main0 : undefined
    return { replicas, ms: doneAt - t0, cpuMs: (cpuAtDone!.user + cpuAtDone!.system) / 1000, mainCpuMs, timers, ready: ready.size }
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
