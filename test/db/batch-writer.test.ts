// The SQLite writer thread: batches committed beside the engine, in order, and never lost when the thread cannot
// start, dies, fails a batch or does not finish closing (the main thread takes over with what it had not confirmed).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Batch } from '../../src-main/db/batch'
import { sourceWorkerSpec, workerWriter, type WorkerSpec } from '../../src-main/db/batch-writer'
import { attachPersistence, loadSnapshot, openDb, type OrdinalDb } from '../../src-main/db'
import { miniCluster, pod, PODS } from './mini-cluster'

const ROOT = resolve(import.meta.dirname, '..', '..')

/** A writer thread that misbehaves: `script` runs in it (CommonJS, `port` is its parentPort). */
const rogue = (script: string): WorkerSpec => ({ file: `const port = require('node:worker_threads').parentPort;\n${script}`, eval: true })

const row = (name: string, phase = 'Running'): Batch['objects'][number] => [`/v1/pods|default|${name}`, '/v1/pods', 'default', name, JSON.stringify(pod(name, { status: { phase } })), 1]
const batch = (...objects: Batch['objects']): Batch => ({ objects, volumes: [], emptyVolumes: [], rv: 7, now: 1000 })
const savedNames = (db: OrdinalDb) => (loadSnapshot(db)?.objects ?? []).map((o) => o.object.metadata.name).sort()

describe('SQLite writer thread', () => {
  let dir: string
  const cleanup: (() => unknown)[] = []
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-writer-'))
  })
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c()
    rmSync(dir, { recursive: true, force: true })
  })
  const open = () => {
    const db = openDb(join(dir, 'o.db'))
    cleanup.push(() => db.close())
    return db
  }

  it('persistence commits on the writer thread, and a detach resolves once everything is on disk', async () => {
    const { cluster, emit, volumes } = miniCluster()
    const db = open()
    const errors: Error[] = []
    const p = attachPersistence(db, cluster, { worker: sourceWorkerSpec(), quietMs: 0, onError: (e) => errors.push(e) })
    expect(p.writer).toBe('writer thread')
    for (let i = 0; i < 200; i++) emit('ADDED', PODS, pod(`p-${i}`))
    volumes.ensure('pv-empty')
    volumes.write('pv-data', { path: '/index.html', type: 'file', data: 'hi', mode: 0o644, mtimeMs: 5 })
    await new Promise((r) => setImmediate(r))
    emit('DELETED', PODS, pod('p-0'))
    await p.detach()
    expect(errors).toEqual([])
    expect(p.writer).toBe('writer thread') // it never had to take over
    db.close()
    const again = openDb(join(dir, 'o.db'))
    cleanup.push(() => again.close())
    const snap = loadSnapshot(again)!
    expect(snap.objects).toHaveLength(199)
    expect(snap.objects.some((o) => o.object.metadata.name === 'p-0')).toBe(false)
    expect(snap.volumes).toEqual({ 'pv-empty': [], 'pv-data': [{ path: '/index.html', type: 'file', data: 'hi', mode: 0o644, mtimeMs: 5 }] })
    expect(snap.resourceVersion).toBe(201)
  })

  it('a writer thread that cannot start: the main thread writes instead, and says so', async () => {
    const { cluster, emit } = miniCluster()
    const db = open()
    const errors: Error[] = []
    const p = attachPersistence(db, cluster, { worker: { file: join(dir, 'no-such-worker.js') }, quietMs: 0, onError: (e) => errors.push(e) })
    emit('ADDED', PODS, pod('a'))
    await p.detach()
    expect(p.writer).toBe('main thread')
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^the SQLite writer thread failed: Cannot find module .*no-such-worker\.js.*; saving on the main thread instead$/)])
    expect(savedNames(db)).toEqual(['a'])
  })

  it('a writer thread that dies: the batches it had not confirmed, and all later ones, are written here in order', async () => {
    const db = open()
    const errors: Error[] = []
    // Confirms the first batch without writing it (so it is lost with the thread), then dies on the second.
    const w = workerWriter(db, rogue(`let n = 0; port.on('message', (m) => { if (m.type !== 'batch') return; if (++n === 1) port.postMessage({ type: 'done', seq: m.seq }); else process.exit(3) })`), {
      onBatchFailed: (e) => errors.push(e),
      onError: (e) => errors.push(e),
    })
    w.write(batch(row('confirmed')))
    w.write(batch(row('b', 'Pending')))
    w.write(batch(row('b', 'Running'), row('c')))
    await new Promise((r) => setTimeout(r, 300))
    expect(w.where).toBe('main thread')
    w.write(batch(row('d')))
    await w.close()
    expect(errors.map((e) => e.message)).toEqual(['the SQLite writer thread stopped (exit code 3); saving on the main thread instead'])
    expect(savedNames(db)).toEqual(['b', 'c', 'd']) // 'confirmed' was the thread's to write
    expect(loadSnapshot(db)!.objects.find((o) => o.object.metadata.name === 'b')!.object.status).toEqual({ phase: 'Running' }) // in order
  })

  it('a close the thread does not finish in time: it is stopped and the rest is written here', async () => {
    const db = open()
    const errors: Error[] = []
    const w = workerWriter(db, rogue(`port.on('message', () => {})`), { onBatchFailed: (e) => errors.push(e), onError: (e) => errors.push(e) }, 150)
    w.write(batch(row('a')))
    const t0 = performance.now()
    await w.close()
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140)
    expect(errors.map((e) => e.message)).toEqual(['the SQLite writer thread did not finish within 150 ms; saving on the main thread instead'])
    expect(savedNames(db)).toEqual(['a'])
  })

  it('a batch the thread cannot commit is reported, the thread keeps going, and empty volumes are ensured again', async () => {
    const { cluster, emit, volumes } = miniCluster()
    const db = open()
    const errors: Error[] = []
    const p = attachPersistence(db, cluster, { worker: sourceWorkerSpec(), quietMs: 0, onError: (e) => errors.push(e) })
    const settled = async (pred: () => boolean) => {
      for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10))
    }
    db.sqlite.exec('CREATE TRIGGER no_bad BEFORE INSERT ON objects WHEN NEW.name = \'bad\' BEGIN SELECT RAISE(ABORT, \'disk says no\'); END')
    volumes.ensure('pv-1')
    emit('ADDED', PODS, pod('bad'))
    await settled(() => errors.length > 0)
    expect(errors.map((e) => e.message)).toEqual(['disk says no'])
    expect((errors[0] as Error & { code?: string }).code).toBe('SQLITE_CONSTRAINT_TRIGGER')
    emit('ADDED', PODS, pod('good'))
    await p.detach()
    expect(p.writer).toBe('writer thread')
    expect(savedNames(db)).toEqual(['good'])
    expect(db.volumes.names()).toEqual(['pv-1']) // its row was rolled back with the failed batch, and re-ensured
  })

  it('the built writer thread (out/main/persist-worker.js, what the desktop app starts) commits under plain Node', async () => {
    const built = join(ROOT, 'out', 'main', 'persist-worker.js')
    const newestSource = Math.max(...readdirSync(join(ROOT, 'src-main', 'db')).map((f) => statSync(join(ROOT, 'src-main', 'db', f)).mtimeMs))
    if (!existsSync(built) || statSync(built).mtimeMs < newestSource) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore' })
    const db = open()
    const errors: Error[] = []
    const w = workerWriter(db, { file: built }, { onBatchFailed: (e) => errors.push(e), onError: (e) => errors.push(e) })
    w.write(batch(row('from-the-build')))
    await w.close()
    expect(errors).toEqual([])
    expect(w.where).toBe('writer thread')
    expect(savedNames(db)).toEqual(['from-the-build'])
  }, 180_000)
})
