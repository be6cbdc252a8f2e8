// Lesson 1 at instant speed: the core scenario (create the demo StatefulSet with our kubectl, then jump the sim clock
// until web-0/web-1 are Running+Ready and both claims Bound), and the full `lessons test` replay of lesson 1.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { GVRS } from '../../src-main/cluster/store/registry'
import { loadLessons } from '../../src-main/lessons/loader'
import { testLesson } from '../../src-main/lessons/replay'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { isReady, tryGet } from './fixtures'
import { expectOk, runOurs } from './kubectl-runners'
import { describeSamples, median, progress, type Measure } from './stats'

const LESSONS_DIR = resolve(import.meta.dirname, '../../lessons')
const LESSON1_DIR = join(LESSONS_DIR, '02-statefulset-basics')
const MANIFEST = 'statefulset-demo.yaml'

function lesson1Converged(tc: TestCluster): boolean {
  const { cluster } = tc
  return (
    ['web-0', 'web-1'].every((n) => isReady(tryGet(cluster, GVRS.pods, 'default', n))) &&
    ['www-web-0', 'www-web-1'].every((n) => tryGet(cluster, GVRS.pvcs, 'default', n)?.status?.phase === 'Bound')
  )
}

/** One run: wall ms from `kubectl create -f` to converged, and how many sim timers fired on the way. */
async function lesson1Once(): Promise<{ ms: number; timers: number }> {
  const tc = await startTestCluster() // manual clock: only we move it
  const cwd = mkdtempSync(join(tmpdir(), 'ordinal-bench-l1-'))
  try {
    copyFileSync(join(LESSON1_DIR, 'files', MANIFEST), join(cwd, MANIFEST))
    tc.clock.runUntilIdle() // boot work is not part of the scenario
    const t0 = performance.now()
    const r = expectOk('kubectl create -f', await runOurs(['create', '-f', MANIFEST], tc.env, cwd))
    if (r.stdout !== 'service/nginx created\nstatefulset.apps/web created\n') throw new Error(`unexpected create output: ${r.stdout}`)
    // Step timer by timer; re-check only when the store changed (cheap), so the count is exact.
    let timers = 0
    let seenRv = ''
    for (;;) {
      const rv = tc.cluster.store.resourceVersion()
      if (rv !== seenRv) {
        seenRv = rv
        if (lesson1Converged(tc)) break
      }
      if (!tc.clock.step()) throw new Error('the sim clock went idle before lesson 1 converged')
      if (++timers > 100_000) throw new Error('lesson 1 did not converge within 100000 timers')
    }
    return { ms: performance.now() - t0, timers }
  } finally {
    rmSync(cwd, { recursive: true, force: true })
    await tc.close()
  }
}

export async function measureLesson1Instant(opts: { runs: number }): Promise<Measure[]> {
  await lesson1Once() // warm-up
  const runs: { ms: number; timers: number }[] = []
  for (let i = 0; i < opts.runs; i++) runs.push(await lesson1Once())
  const ms = runs.map((r) => r.ms)
  progress(`lesson 1 create→ready at instant: ${describeSamples(ms)}; timers ${runs.map((r) => r.timers).join(',')}`)
  return [
    { name: 'lesson1_instant_ms', value: median(ms), unit: 'ms' },
    { name: 'lesson1_instant_timers', value: median(runs.map((r) => r.timers)), unit: 'count' },
  ]
}

/** `npm run lessons -- test --speed instant` for lesson 1: every step's solution plus every wrong attempt, each in a
 *  fresh cluster + API server + workstation session. One run: it takes ~20 s, most of it the replay's deliberate
 *  real-time waits for a quiet terminal (120 ms per typed line), so the median of more would not say more. */
export async function measureLesson1Replay(): Promise<Measure[]> {
  const lesson = loadLessons(LESSONS_DIR).find((l) => l.dirName === '02-statefulset-basics')
  if (!lesson?.available) throw new Error(`lesson 1 did not load: ${lesson ? lesson.error : 'missing'}`)
  const t0 = performance.now()
  const failures = await testLesson(lesson, 'instant')
  const ms = performance.now() - t0
  if (failures.length) throw new Error(`lesson 1 replay failed:\n${failures.map((f) => `${f.step}: ${f.what}`).join('\n')}`)
  progress(`lesson 1 replay at instant: ${ms.toFixed(0)} ms (n=1)`)
  return [{ name: 'lesson1_replay_instant_ms', value: ms, unit: 'ms' }]
}
