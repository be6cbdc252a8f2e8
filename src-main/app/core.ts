// The headless core both hosts share (the app and `npm run cluster`): SQLite, the cluster restored from it (or a
// new one), persistence, the API server with its kubeconfig, and the clock driver.
import { randomBytes, randomInt } from 'node:crypto'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startApiServer, writeKubeconfig, type ApiServer, type CommandRecord } from '../apiserver/index'
import { SimClock, seededRandom } from '../cluster/clock'
import type { Cluster } from '../cluster/cluster-types'
import { createCluster } from '../cluster/index'
import { attachPersistence, loadSnapshot, openDb, sourceWorkerSpec, type OrdinalDb, type Persistence, type WorkerSpec } from '../db'
import type { ClockSpeed } from '../shared/view-models'
import { createClockDriver, isClockSpeed, type ClockDriver } from './clock-driver'

export interface CoreOptions {
  dataDir: string
  port?: number // 0 / undefined: any free port
  speed?: ClockSpeed // default: the saved speed, else 1
  kubeconfig?: string // default <dataDir>/kubeconfig
  onCommand?: (rec: CommandRecord) => void
  /** Where the cluster's batches are committed: a writer thread started from this file (default: the .ts source when
   *  running under tsx; the Electron host names its built persist-worker.js), or `false`: on the main thread. */
  persistWorker?: WorkerSpec | false
}

export interface Core {
  readonly dataDir: string
  readonly dbFile: string
  readonly db: OrdinalDb
  readonly cluster: Cluster
  readonly persistence: Persistence
  readonly api: ApiServer
  readonly token: string
  readonly kubeconfig: string
  readonly clock: ClockDriver
  /** Whether the cluster came back from the data dir (false: a new one). */
  readonly restored: boolean
  close(): Promise<void>
}

export async function startCore(opts: CoreOptions): Promise<Core> {
  const dataDir = resolve(opts.dataDir)
  mkdirSync(dataDir, { recursive: true })
  const dbFile = join(dataDir, 'ordinal.db')
  const db = openOrSetAside(dbFile)
  const undo: (() => unknown)[] = [() => db.close()]
  const unwind = async () => {
    for (const u of undo.reverse()) await Promise.resolve().then(u).catch(() => {})
  }
  try {
    const { cluster, restored } = restoreOrCreate(db)
    undo.push(() => cluster.dispose())
    const persistence = attachPersistence(db, cluster, {
      onError: (e) => console.error(`[ordinal] saving the cluster failed: ${e.message}`),
      worker: opts.persistWorker === false ? undefined : (opts.persistWorker ?? sourceWorkerSpec()),
    })
    undo.push(() => persistence.detach())
    const clockSaver = setInterval(() => persistence.saveClock(), 5000)
    clockSaver.unref()
    undo.push(() => clearInterval(clockSaver))

    const token = randomBytes(24).toString('hex')
    // The clock driver is created below; requests only arrive once the server listens, so the late binding is safe.
    let driver: ClockDriver | undefined
    const api = await startApiServer({ cluster, token, port: opts.port ?? 0, onCommand: opts.onCommand, onActivity: () => driver?.noteActivity(), onAnsweredWrite: () => persistence.promptly() })
    undo.push(() => api.close())
    const kubeconfig = resolve(opts.kubeconfig ?? join(dataDir, 'kubeconfig'))
    writeKubeconfig(kubeconfig, api.url, token)

    const saved = db.settings.get('speed')
    const savedSpeed = saved === 'paused' || saved === 'instant' ? saved : Number(saved)
    const clock = createClockDriver(cluster.clock as SimClock, { speed: opts.speed ?? (isClockSpeed(savedSpeed) ? savedSpeed : 1) })
    driver = clock
    undo.push(() => clock.dispose())

    let closing: Promise<void> | null = null
    return {
      dataDir,
      dbFile,
      db,
      cluster,
      persistence,
      api,
      token,
      kubeconfig,
      clock,
      restored,
      close: () => (closing ??= unwind()),
    }
  } catch (err) {
    await unwind()
    throw err
  }
}

/** A damaged database file is moved aside (kept for inspection) and a fresh one started, so the app still opens.
 *  Other failures (a newer schema, permissions) are real errors and propagate. */
function openOrSetAside(file: string): OrdinalDb {
  try {
    return openDb(file)
  } catch (err) {
    const code = (err as { code?: string }).code ?? ''
    if (!/^SQLITE_(NOTADB|CORRUPT)/.test(code)) throw err
    const aside = `${file}.damaged-${Date.now()}`
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix)
    }
    console.error(`[ordinal] ${file} is damaged (${(err as Error).message}); moved it to ${aside} and started a new cluster`)
    return openDb(file)
  }
}

function restoreOrCreate(db: OrdinalDb): { cluster: Cluster; restored: boolean } {
  const random = seededRandom(randomInt(2 ** 31))
  const snapshot = loadSnapshot(db, (w) => console.warn(`[ordinal] skipped a saved object (${w.key}): ${w.reason}`))
  if (snapshot) {
    try {
      return { cluster: createCluster({ clock: new SimClock(snapshot.now), random, snapshot }), restored: true }
    } catch (err) {
      // A snapshot the engine cannot load must not lock the learner out: start fresh (the old rows are replaced).
      console.error(`[ordinal] could not restore the saved cluster, starting a new one: ${(err as Error).message}`)
    }
  }
  // A new cluster starts at the wall-clock now (the host may read wall time; the engine only ever sees the SimClock),
  // so the times it shows (events, creationTimestamp, the header clock) are today's. Whole seconds, as the API
  // server's timestamps are. A restored cluster keeps its saved time (above).
  const now = Math.floor(Date.now() / 1000) * 1000
  return { cluster: createCluster({ clock: new SimClock(now), random }), restored: false }
}
