// Boot measures: the simulated cluster + API server until /readyz answers over HTTPS, and the full app core
// (SQLite in a fresh data dir, persistence, API server, clock driver) until the same.
import { randomBytes } from 'node:crypto'
import { request } from 'node:https'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startApiServer } from '../../src-main/apiserver/index'
import { startCore } from '../../src-main/app/core'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import { describeSamples, median, progress, type Measure } from './stats'

/** GET /readyz on a fresh TLS connection (agent: false), verifying the server against its own CA like kubectl. */
export function readyz(url: string, ca: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/readyz', url), { agent: false, ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => (res.statusCode === 200 && body === 'ok' ? resolve() : reject(new Error(`/readyz answered ${res.statusCode}: ${body}`))))
    })
    req.on('error', reject)
    req.end()
  })
}

export interface RunOpts {
  runs: number
  /** One unmeasured run first (default true). */
  warmup?: boolean
}

/** createCluster(...) → startApiServer → /readyz 200 over HTTPS. Also reports createCluster alone. */
export async function measureClusterBoot(opts: RunOpts): Promise<Measure[]> {
  const total: number[] = []
  const create: number[] = []
  for (let i = opts.warmup === false ? 1 : 0; i <= opts.runs; i++) {
    const token = randomBytes(16).toString('hex')
    const t0 = performance.now()
    const cluster = createCluster({ clock: new SimClock(), random: seededRandom(1) })
    const t1 = performance.now()
    const api = await startApiServer({ cluster, token, port: 0 })
    await readyz(api.url, api.ca, token)
    const t2 = performance.now()
    await api.close()
    cluster.dispose()
    if (i > 0) {
      total.push(t2 - t0)
      create.push(t1 - t0)
    }
  }
  progress(`cluster boot to /readyz: ${describeSamples(total)}`)
  return [
    { name: 'cluster_boot_to_api_ready_ms', value: median(total), unit: 'ms' },
    { name: 'cluster_create_ms', value: median(create), unit: 'ms' },
  ]
}

/** startCore with a new, empty data dir (creates and migrates SQLite) → /readyz 200. */
export async function measureAppCoreBoot(opts: RunOpts): Promise<Measure[]> {
  const samples: number[] = []
  for (let i = opts.warmup === false ? 1 : 0; i <= opts.runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'ordinal-bench-core-'))
    try {
      const t0 = performance.now()
      const core = await startCore({ dataDir })
      await readyz(core.api.url, core.api.ca, core.token)
      const t1 = performance.now()
      await core.close()
      if (core.restored) throw new Error('startCore restored a cluster from a fresh data dir')
      if (i > 0) samples.push(t1 - t0)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  progress(`app core boot (fresh data dir) to /readyz: ${describeSamples(samples)}`)
  return [{ name: 'app_core_boot_ms', value: median(samples), unit: 'ms' }]
}
