// Child process for the StatefulSet scale measure through the app: what a learner's `kubectl apply` meets in the
// desktop app. Usage: tsx test/bench/sts-app-child.ts [--main-thread-writes] REPLICAS... For each count, a fresh app
// (createApp, as the Electron main process and web mode run it, without a terminal: SQLite persistence in a temp data
// dir, committing on its writer thread or, with the flag, on the engine's thread; the HTTPS API server, the clock
// driver at instant speed, the view publisher) boots and goes idle, with a renderer's share of the
// work subscribed (each cluster view serialized, as web mode sends it). Then the Parallel StatefulSet is POSTed over
// HTTPS as `kubectl create` sends it, and the clock driver runs it until every pod is Ready. Prints one JSON line
// (StsResult, plus the cluster views sent and what persisting cost the engine's thread) per count on stdout.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApp, type OrdinalApp } from '../../src-main/app/index'
import type { SimClock } from '../../src-main/cluster/clock'
import { loadRestConfig } from '../../src-main/kubectl/kubeconfig'
import { call } from '../apiserver/http-client'
import { parallelStatefulSet } from './fixtures'
import { AllReady, type StsResult } from './sts-child'

const LESSONS = resolve(import.meta.dirname, '../../lessons') // the app's own lessons; the first is open, as on a first start

export interface StsAppResult extends Omit<StsResult, 'timers'> {
  /** Cluster views pushed to the (simulated) renderer between the POST and the last pod Ready. */
  views: number
  /** Real ms the engine's thread spent persisting in that time (serializing; committing too without a writer thread). */
  persistMs: number
  /** Where SQLite commits ran. */
  writer: string
}

/** POST `body` to the app's API server over HTTPS as kubectl would: the kubeconfig's token, its CA verified. */
async function post(app: OrdinalApp, path: string, body: unknown): Promise<void> {
  const { token } = loadRestConfig(new Map(), { kubeconfig: app.kubeconfig })
  const r = await call({ url: app.api.url, token: token ?? '', api: app.api }, 'POST', path, { body })
  if (r.status !== 201) throw new Error(`POST ${path} answered ${r.status}: ${r.text}`)
}

/** Until the instant clock is at rest after boot: nothing left to jump to (background chores do not count), or time
 *  standing still for 300 ms because the driver reached its horizon past the last outside activity. */
async function settle(app: OrdinalApp, timeoutMs: number): Promise<void> {
  const clock = app.cluster.clock as SimClock
  const t0 = performance.now()
  let simAt = clock.now()
  let stillSince = t0
  for (;;) {
    const next = clock.nextBusyAt()
    if (next === undefined) return
    const now = performance.now()
    if (clock.now() !== simAt) {
      simAt = clock.now()
      stillSince = now
    } else if (now - stillSince >= 300) return
    if (now - t0 > timeoutMs) throw new Error(`the app's clock was still busy ${timeoutMs} ms after boot (next timer in ${next - clock.now()} sim ms)`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

async function run(replicas: number, mainWriter: boolean): Promise<StsAppResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ordinal-bench-sts-app-'))
  const app = await createApp({ dataDir, lessonsDir: LESSONS, shell: false, speed: 'instant', persistWorker: mainWriter ? false : undefined })
  let views = 0
  app.onEvent((name, payload) => {
    if (name !== 'cluster.view') return
    views++
    JSON.stringify(payload) // what web mode's transport does with each view
  })
  try {
    await settle(app, 10_000)
    const name = 'bench'
    let resolveDone!: () => void
    const done = new Promise<void>((r) => (resolveDone = r))
    let viewsAtDone = 0
    let persistMsAtDone = 0
    const persist0 = app.persistence.cost.ms
    const all = new AllReady(app.cluster.store, name, replicas, () => {
      viewsAtDone = views
      persistMsAtDone = app.persistence.cost.ms - persist0
      resolveDone()
    })
    const views0 = views
    all.start()
    const t0 = performance.now()
    await post(app, '/apis/apps/v1/namespaces/default/statefulsets', parallelStatefulSet(name, replicas))
    const timeout = setTimeout(() => {
      process.stderr.write(`sts-app ${replicas}: only ${all.ready.size} Ready after 120 s\n`)
      process.exit(1)
    }, 120_000)
    await done
    clearTimeout(timeout)
    return { replicas, ms: all.at - t0, cpuMs: all.cpuMs, mainCpuMs: all.mainCpuMs, ready: all.ready.size, views: viewsAtDone - views0, persistMs: persistMsAtDone, writer: app.persistence.writer, peakRssMb: 0 }
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)
if (isMain) {
  const args = process.argv.slice(2)
  const mainWriter = args[0] === '--main-thread-writes'
  const counts = args.slice(mainWriter ? 1 : 0).map(Number)
  if (!counts.length || !counts.every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write('usage: tsx test/bench/sts-app-child.ts [--main-thread-writes] REPLICAS...\n')
    process.exit(2)
  }
  await run(10, mainWriter) // warm-up (JIT) on a throwaway core
  for (const replicas of counts) {
    const result = { ...(await run(replicas, mainWriter)), peakRssMb: process.resourceUsage().maxRSS / 1024 }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  }
  process.exit(0)
}
