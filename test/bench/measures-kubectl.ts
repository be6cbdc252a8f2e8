// `kubectl get pods` round trip, ours (in-process) vs the real binary (spawned), against the same API server and the
// same pods. Runs alternate ours/real so a noisy moment hits both; the speedup is real/ours from this run's medians.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestCluster } from '../helpers/cluster-harness'
import { seedRunningPods } from './fixtures'
import { expectOk, runOurs, runReal } from './kubectl-runners'
import { describeSamples, median, progress, type Measure } from './stats'

export async function measureGetPods(opts: { pods: number; runs: number }): Promise<Measure[]> {
  const suffix = opts.pods === 10 ? '' : `_${opts.pods}`
  const tc = await startTestCluster()
  const cwd = mkdtempSync(join(tmpdir(), 'ordinal-bench-ws-'))
  try {
    const t0 = performance.now()
    seedRunningPods(tc.cluster, tc.clock, 'default', opts.pods)
    progress(`seeded ${opts.pods} running pods in ${(performance.now() - t0).toFixed(0)} ms`)
    // The default request, as a learner types it: above 500 pods both kubectls page through `continue` tokens.
    const argv = ['get', 'pods']
    // Warm-up: JIT for ours; for the real one, its discovery cache in the temp HOME (as on a learner's machine).
    const warmOurs = expectOk('our kubectl get pods', await runOurs(argv, tc.env, cwd))
    const warmReal = expectOk('kubectl get pods', await runReal(argv, tc.env))
    const lines = warmOurs.stdout.trimEnd().split('\n').length
    if (lines !== opts.pods + 1) throw new Error(`our kubectl get pods printed ${lines} lines, expected ${opts.pods + 1}`)
    if (warmOurs.stdout !== warmReal.stdout) progress(`WARNING: our and the real kubectl's output differ for ${opts.pods} pods`)

    const ours: number[] = []
    const real: number[] = []
    for (let i = 0; i < opts.runs; i++) {
      let t = performance.now()
      expectOk('our kubectl get pods', await runOurs(argv, tc.env, cwd))
      ours.push(performance.now() - t)
      t = performance.now()
      expectOk('kubectl get pods', await runReal(argv, tc.env))
      real.push(performance.now() - t)
    }
    progress(`get pods (${opts.pods}) ours: ${describeSamples(ours)}`)
    progress(`get pods (${opts.pods}) real: ${describeSamples(real)}`)
    return [
      { name: `kubectl_get_pods_ours${suffix}_ms`, value: median(ours), unit: 'ms' },
      { name: `kubectl_get_pods_real${suffix}_ms`, value: median(real), unit: 'ms' },
      { name: `kubectl_get_pods_speedup${suffix}_x`, value: median(real) / median(ours), unit: 'x' },
    ]
  } finally {
    rmSync(cwd, { recursive: true, force: true })
    await tc.close()
  }
}
