import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { attachPersistence, loadSnapshot, openDb, openHistoryStore, SCHEMA_VERSION, HISTORY_LIMIT, type LoadWarning } from '../../src-main/db'
import { SimClock } from '../../src-main/cluster/clock'
import type { KObject } from '../../src-main/cluster/api-types'
import { miniCluster, pod, PODS, STS } from './mini-cluster'

const tick = () => new Promise((r) => setImmediate(r))

describe('db', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-db-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('opens in WAL mode with synchronous=NORMAL and the current schema', () => {
    const db = openDb(join(dir, 'sub', 'ordinal.db'))
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name)
    for (const t of ['objects', 'meta', 'volume_files', 'progress', 'command_log', 'shell_history', 'settings']) expect(tables).toContain(t)
    db.close()
    // Reopening runs no migration twice.
    const again = openDb(join(dir, 'sub', 'ordinal.db'))
    expect(again.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    again.close()
  })

  it('refuses a database from a newer Ordinal with a clear error', () => {
    const f = join(dir, 'newer.db')
    const raw = new Database(f)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    raw.close()
    expect(() => openDb(f)).toThrow(/written by a newer Ordinal/)
  })

  it('refuses a file that is not a database with an error, not a crash', () => {
    const f = join(dir, 'junk.db')
    writeFileSync(f, 'this is not sqlite at all, just text '.repeat(200))
    expect(() => openDb(f)).toThrow(/not a database/)
  })

  it('returns null for a db that never held a cluster', () => {
    const db = openDb(join(dir, 'o.db'))
    expect(loadSnapshot(db)).toBeNull()
    db.close()
  })

  it('round-trips objects, volume files, empty volumes, rv and clock through close/reopen', async () => {
    const file = join(dir, 'o.db')
    const { cluster, clock, volumes, emit } = miniCluster([{ gvr: { group: '', version: 'v1', resource: 'namespaces' }, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }])
    const db = openDb(file)
    const p = attachPersistence(db, cluster)
    emit('ADDED', PODS, pod('web-0'))
    emit('ADDED', PODS, pod('web-1'))
    emit('ADDED', STS, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 } })
    emit('DELETED', PODS, pod('web-1'))
    volumes.write('pvc-a', { path: '/index.html', type: 'file', data: 'hello 世界', mode: 0o644, mtimeMs: 123 })
    volumes.write('pvc-a', { path: '/d/x_%.txt', type: 'file', data: 'x', mode: 0o600, mtimeMs: 5 })
    volumes.write('pvc-a', { path: '/dd/y', type: 'file', data: 'keep', mode: 0o644, mtimeMs: 5 })
    volumes.remove('pvc-a', '/d')
    volumes.ensure('pvc-empty')
    volumes.write('pvc-gone', { path: '/f', type: 'file', data: 'f', mode: 0o644, mtimeMs: 1 })
    volumes.drop('pvc-gone')
    clock.advance(42_000)
    await tick()
    p.detach()
    db.close()

    const db2 = openDb(file)
    const snap = loadSnapshot(db2)!
    db2.close()
    expect(snap.resourceVersion).toBe(4)
    expect(snap.now).toBe(clock.now())
    const names = snap.objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`).sort()
    expect(names).toEqual(['Namespace/default', 'Pod/web-0', 'StatefulSet/web'])
    expect(snap.objects.find((o) => o.object.kind === 'StatefulSet')!.gvr).toEqual(STS)
    expect(snap.objects.find((o) => o.object.metadata.name === 'web-0')!.object.metadata.resourceVersion).toBe('1')
    expect(snap.volumes['pvc-empty']).toEqual([])
    expect(snap.volumes['pvc-gone']).toBeUndefined()
    expect(snap.volumes['pvc-a'].map((f) => f.path)).toEqual(volumes.list('pvc-a').map((f) => f.path))
    expect(snap.volumes['pvc-a'].find((f) => f.path === '/index.html')).toEqual({ path: '/index.html', type: 'file', data: 'hello 世界', mode: 0o644, mtimeMs: 123 })
    expect(snap.volumes['pvc-a'].some((f) => f.path.startsWith('/d/'))).toBe(false)
    expect(snap.volumes['pvc-a'].some((f) => f.path === '/dd/y')).toBe(true)
  })

  it('saveClock records the clock even without store changes', () => {
    const file = join(dir, 'o.db')
    const { cluster, clock } = miniCluster()
    const db = openDb(file)
    const p = attachPersistence(db, cluster)
    clock.advance(90_000)
    p.saveClock()
    expect(loadSnapshot(db)!.now).toBe(clock.now())
    p.detach()
    db.close()
  })

  it('batches a burst of 1,000 changes into one commit', async () => {
    const { cluster, emit } = miniCluster()
    const db = openDb(join(dir, 'o.db'))
    const p = attachPersistence(db, cluster, { quietMs: 0 })
    const before = p.commits
    for (let i = 0; i < 1000; i++) emit('ADDED', PODS, pod(`p-${i}`))
    for (let i = 0; i < 1000; i++) emit('MODIFIED', PODS, pod(`p-${i}`, { status: { phase: 'Running' } }))
    expect(p.commits).toBe(before) // nothing written synchronously
    await tick()
    expect(p.commits).toBe(before + 1)
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM objects').get()).toEqual({ n: 1000 })
    const row = db.sqlite.prepare("SELECT json FROM objects WHERE name = 'p-999'").get() as { json: string }
    expect(JSON.parse(row.json).status.phase).toBe('Running')
    p.detach()
    db.close()
  })

  it('writes behind: a batch once the cluster is quiet, or once its oldest change has waited the most delay; promptly() and detach at once', async () => {
    const { cluster, emit } = miniCluster()
    const db = openDb(join(dir, 'o.db'))
    const p = attachPersistence(db, cluster, { quietMs: 40, maxDelayMs: 200 })
    const before = p.commits
    const phase = (name: string) => {
      const row = db.sqlite.prepare('SELECT json FROM objects WHERE name = ?').get(name) as { json: string } | undefined
      return row && JSON.parse(row.json).status?.phase
    }
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
    emit('ADDED', PODS, pod('a'))
    await tick()
    expect(p.commits).toBe(before) // not on the next turn: the cluster may not be done
    emit('MODIFIED', PODS, pod('a', { status: { phase: 'Pending' } }))
    await sleep(80) // quiet for longer than 40 ms
    expect(p.commits).toBe(before + 1) // both changes in one batch, the last version only
    expect(phase('a')).toBe('Pending')
    // A cluster that never goes quiet: a change every 10 ms is still written within the most delay.
    const t0 = performance.now()
    let n = 0
    while (p.commits === before + 1 && performance.now() - t0 < 1000) {
      emit('MODIFIED', PODS, pod('a', { status: { phase: `Busy${n++}` } }))
      await sleep(10)
    }
    const waited = performance.now() - t0
    expect(p.commits).toBe(before + 2)
    expect(waited).toBeGreaterThanOrEqual(190)
    expect(waited).toBeLessThan(600)
    expect(phase('a')).toMatch(/^Busy\d+$/)
    await sleep(80)
    // promptly(): a client was told of this write, so it waits for nothing.
    const commits = p.commits
    emit('MODIFIED', PODS, pod('a', { status: { phase: 'Failed' } }))
    p.promptly()
    expect(p.commits).toBe(commits + 1) // now, not on a later turn: the controllers' reaction must not come first
    expect(phase('a')).toBe('Failed')
    emit('MODIFIED', PODS, pod('a', { status: { phase: 'Succeeded' } }))
    void p.detach() // closing waits for nothing either
    expect(phase('a')).toBe('Succeeded')
    db.close()
  })

  it('skips a corrupt or unknown row on load and reports it', async () => {
    const file = join(dir, 'o.db')
    const { cluster, emit } = miniCluster()
    const db = openDb(file)
    const p = attachPersistence(db, cluster)
    emit('ADDED', PODS, pod('good'))
    p.detach()
    db.sqlite.prepare("INSERT INTO objects (key, gvr, namespace, name, json, rv) VALUES ('a','/v1/pods','default','bad','{not json',9)").run()
    db.sqlite.prepare("INSERT INTO objects (key, gvr, namespace, name, json, rv) VALUES ('b','nonsense','default','x','{}',9)").run()
    db.sqlite.prepare("INSERT INTO objects (key, gvr, namespace, name, json, rv) VALUES ('c','/v1/pods','default','y','[1,2]',9)").run()
    db.sqlite.prepare("INSERT INTO volume_files (volume, path, type, data, mode, mtime) VALUES ('v','/s','symlink','',0,0)").run()
    const warnings: LoadWarning[] = []
    const snap = loadSnapshot(db, (w) => warnings.push(w))!
    db.close()
    expect(snap.objects.map((o) => o.object.metadata.name)).toEqual(['good'])
    expect(warnings.map((w) => w.key)).toEqual(['a', 'b', 'c', 'v:/s'])
    expect(warnings[0].reason).toMatch(/damaged JSON/)
    expect(warnings[1].reason).toMatch(/unknown resource/)
  })

  it('empty volumes created, dropped and created again across batches are saved as they stand', async () => {
    const file = join(dir, 'o.db')
    const { cluster, volumes, emit } = miniCluster()
    const db = openDb(file)
    const p = attachPersistence(db, cluster, { quietMs: 0 }) // a batch per event-loop turn
    const saved = () => (db.sqlite.prepare('SELECT name FROM volumes ORDER BY name').all() as { name: string }[]).map((r) => r.name)
    // Creating an empty volume emits nothing: it is recorded with the batch of the store change that comes with it
    // (the PV the provisioner creates), as here.
    let n = 0
    const batch = async () => {
      emit('ADDED', PODS, pod(`p-${n++}`))
      await tick()
    }
    volumes.ensure('pvc-a')
    volumes.ensure('pvc-b')
    await batch()
    expect(saved()).toEqual(['pvc-a', 'pvc-b'])
    volumes.drop('pvc-a')
    await tick()
    expect(saved()).toEqual(['pvc-b'])
    volumes.ensure('pvc-a') // the same name again, in a later batch: its row must come back
    volumes.write('pvc-c', { path: '/f', type: 'file', data: 'c', mode: 0o644, mtimeMs: 1 })
    await batch()
    expect(saved()).toEqual(['pvc-a', 'pvc-b', 'pvc-c'])
    volumes.drop('pvc-c')
    volumes.ensure('pvc-c') // dropped and created again within one batch
    await batch()
    expect(saved()).toEqual(['pvc-a', 'pvc-b', 'pvc-c'])
    p.detach()
    db.close()
    const db2 = openDb(file)
    const snap = loadSnapshot(db2)!
    db2.close()
    expect(snap.volumes).toEqual({ 'pvc-a': [], 'pvc-b': [], 'pvc-c': [] })
  })

  it('checkpoints the WAL once writes stop, not in the middle of a burst', async () => {
    const file = join(dir, 'o.db')
    const { cluster, emit } = miniCluster()
    const db = openDb(file)
    const calls: string[] = []
    const pragma = db.sqlite.pragma.bind(db.sqlite)
    db.sqlite.pragma = ((source: string, o?: never) => (calls.push(source), pragma(source, o))) as typeof db.sqlite.pragma
    const errors: Error[] = []
    const p = attachPersistence(db, cluster, { idleCheckpointMs: 40, quietMs: 0, onError: (e) => errors.push(e) })
    // SQLite's own checkpoint (inside a commit, at 1,000 WAL pages) only bounds the WAL now: 64 MB.
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16_384)
    const big = 'x'.repeat(2000)
    for (let burst = 0; burst < 3; burst++) {
      for (let i = 0; i < 1000; i++) emit('ADDED', PODS, pod(`p-${burst}-${i}`, { data: { big } } as Partial<KObject>))
      await tick()
      await new Promise((r) => setTimeout(r, 5)) // writes keep coming: no checkpoint yet
    }
    expect(calls.filter((c) => c.startsWith('wal_checkpoint'))).toEqual([])
    await new Promise((r) => setTimeout(r, 80))
    expect(calls.filter((c) => c.startsWith('wal_checkpoint'))).toEqual(['wal_checkpoint(PASSIVE)'])
    // After detach nothing is left to fire on the closed db.
    emit('ADDED', PODS, pod('last'))
    p.detach()
    db.close()
    await new Promise((r) => setTimeout(r, 80))
    expect(errors).toEqual([])
    const db2 = openDb(file)
    expect(loadSnapshot(db2)!.objects).toHaveLength(3001)
    db2.close()
  })

  it('reports a commit failure instead of throwing into the cluster', async () => {
    const { cluster, emit } = miniCluster()
    const db = openDb(join(dir, 'o.db'))
    const errors: Error[] = []
    attachPersistence(db, cluster, { quietMs: 0, onError: (e) => errors.push(e) })
    db.close()
    emit('ADDED', PODS, pod('late'))
    await tick()
    expect(errors.length).toBe(1)
    expect(errors[0].message).toMatch(/not open/)
  })

  it('keeps progress, the command log and settings', () => {
    const file = join(dir, 'o.db')
    const db = openDb(file)
    db.progress.set('topology', 'watch', { done: true, assisted: false })
    db.commands.append({ line: 'kubectl get pods', cwd: '/w', exitCode: 0, startedAt: 1, endedAt: 2 })
    db.settings.set('locale', 'en')
    db.close()
    const db2 = openDb(file)
    expect(db2.progress.get('topology')).toEqual({ watch: { done: true, assisted: false } })
    expect(db2.commands.recent()).toEqual([{ line: 'kubectl get pods', cwd: '/w', exitCode: 0, startedAt: 1, endedAt: 2 }])
    expect(db2.settings.get('locale')).toBe('en')
    db2.progress.clear('topology')
    expect(db2.progress.get('topology')).toEqual({})
    db2.close()
  })

  it('history store: survives reopen, shares the file with the app, ignores blank lines, is capped', () => {
    const file = join(dir, 'o.db')
    const app = openDb(file)
    const h = openHistoryStore(file)
    h.append('kubectl get pods')
    h.append('   ')
    h.append('ls')
    h.close()
    expect(app.history.load()).toEqual(['kubectl get pods', 'ls'])
    const h2 = openHistoryStore(file)
    expect(h2.load()).toEqual(['kubectl get pods', 'ls'])
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h2.append(`echo ${i}`)
    const all = h2.load()
    expect(all.length).toBe(HISTORY_LIMIT)
    expect(all.at(-1)).toBe(`echo ${HISTORY_LIMIT + 4}`)
    h2.close()
    app.close()
  })
})
