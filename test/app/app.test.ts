// createApp end to end: a real cluster, SQLite, API server, clock driver and a real child in a real pty (a small
// tty program stands in for the workstation shell so these tests don't depend on the shell team's progress).
import { afterEach, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type OrdinalApp } from '../../src-main/app/index'
import type { AppSnapshot, EventName } from '../../src-main/shared/contract'
import type { SimClock } from '../../src-main/cluster/clock'
import type { ClusterView } from '../../src-main/shared/view-models'

const CHILD = join(import.meta.dirname, '..', 'terminal', 'fixtures', 'tty-child.mjs')
const CM = { group: '', version: 'v1', resource: 'configmaps' }

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('createApp', () => {
  const dirs: string[] = []
  const apps: OrdinalApp[] = []
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'ordinal-app-'))
    dirs.push(d)
    return d
  }
  async function start(dataDir: string, extra: Partial<Parameters<typeof createApp>[0]> = {}) {
    const app = await createApp({ dataDir, lessonsDir: join(dataDir, 'no-lessons'), shell: { file: process.execPath, args: [CHILD] }, speed: 'instant', ...extra })
    apps.push(app)
    const events: { name: EventName; payload: any }[] = []
    app.onEvent((name, payload) => events.push({ name, payload }))
    return { app, events }
  }

  it('composes cluster, API, kubeconfig and terminal; dispatch reaches each', async () => {
    const dir = tmp()
    const { app, events } = await start(dir)
    const info = (await app.dispatch('app.info', undefined)) as { apiUrl: string; mode: string }
    expect(info.apiUrl).toMatch(/^https?:\/\/127\.0\.0\.1:\d+$/)
    expect(readFileSync(join(dir, 'kubeconfig'), 'utf8')).toContain(info.apiUrl)
    expect(existsSync(join(dir, 'ordinal.db'))).toBe(true)

    const out = () => events.filter((e) => e.name === 'terminal.output').map((e) => e.payload.data).join('')
    await until(() => out().includes('READY'), 'shell')
    expect(out()).toContain(`kc=${join(dir, 'kubeconfig')}`)
    await app.dispatch('terminal.input', { data: 'echo hi\r' })
    await until(() => out().includes('OUT:hi'), 'echo')
    await app.dispatch('terminal.resize', { cols: 120, rows: 40 })
    await until(() => out().includes('RESIZED 120x40'), 'resize')
    await app.dispatch('terminal.ack', { chars: 10 })

    // A new subscriber gets the current state right away (a browser tab that connects late).
    const late: string[] = []
    let replay = ''
    app.onEvent((name, p: any) => {
      late.push(name)
      if (name === 'terminal.output') replay += p.data
    })
    await new Promise((r) => setImmediate(r))
    expect(replay.startsWith('\x1bc')).toBe(true) // a reconnecting renderer redraws the recent screen
    expect(replay).toContain('OUT:hi')
    expect(late).toEqual(expect.arrayContaining(['clock.view', 'cluster.view', 'terminal.output']))

    // …and a renderer can ask for all of it instead of depending on when it subscribed (Electron's window loads
    // after the first events went out).
    const snap = (await app.dispatch('app.snapshot', undefined)) as AppSnapshot
    expect(snap.clock.now).toBe(app.clock.view().now)
    expect(snap.cluster.namespace).toBe('default')
    expect(snap.lesson).toBeNull() // no lessons folder here
    expect(snap.terminal!.startsWith('\x1bc')).toBe(true)
    expect(snap.terminal).toContain('OUT:hi')

    // A store change becomes a (throttled) cluster.view event that shows it.
    app.cluster.store.create(CM, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: {} })
    app.cluster.store.create({ group: '', version: 'v1', resource: 'pods' }, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'lonely' }, spec: { containers: [{ name: 'c', image: 'busybox:1.28.4', command: ['sleep', '3600'] }] } })
    await until(() => events.some((e) => e.name === 'cluster.view' && (e.payload as ClusterView).pods.some((p) => p.name === 'lonely')), 'cluster.view with the pod')

    const cv = await app.dispatch('clock.set', { speed: 'paused' })
    expect(cv).toMatchObject({ speed: 'paused' })
    await expect(app.dispatch('clock.set', { speed: 3 })).rejects.toThrow('clock.set: invalid speed 3')
    await expect(app.dispatch('terminal.resize', { cols: 'wide' })).rejects.toThrow('"cols" must be an integer')
    await expect(app.dispatch('nope' as 'app.info', undefined)).rejects.toThrow('unknown request "nope"')
    await expect(app.dispatch('volumes.readFile', { volume: 'pvc-x', path: '/a' })).rejects.toThrow('volume "pvc-x" not found')
    app.cluster.volumes.write('pvc-y', { path: '/index.html', type: 'file', data: 'héllo', mode: 0o644, mtimeMs: 9 })
    expect(await app.dispatch('volumes.readFile', { volume: 'pvc-y', path: '/index.html' })).toEqual({ content: 'héllo', size: 6, mtimeMs: 9 })
    await expect(app.dispatch('volumes.readFile', { volume: 'pvc-y', path: '/nope' })).rejects.toThrow('/nope: No such file or directory')
    await app.dispatch('app.setLocale', { locale: 'en' })
    await expect(app.dispatch('app.setLocale', { locale: 'fr' })).rejects.toThrow('unsupported locale "fr"')
  })

  it('works without lessons and without a terminal, with clear errors', async () => {
    const dir = tmp()
    const { app } = await start(dir, { shell: { file: process.execPath, args: [join(dir, 'missing-shell.ts')] } })
    expect(app.lessonsError).toMatch(/no lessons folder at/)
    await expect(app.dispatch('lessons.list', undefined)).rejects.toThrow(/^lessons are unavailable: no lessons folder at/)
    await expect(app.dispatch('terminal.input', { data: 'x' })).rejects.toThrow(/the terminal is unavailable: the workstation shell program is missing/)
    await expect(app.dispatch('lessons.showMe', { lessonId: 'a', stepId: 'b' })).rejects.toThrow(/unavailable/)
    expect(((await app.dispatch('app.info', undefined)) as { version: string }).version).toBe('0.1.0')
  })

  it('a damaged database is set aside and the app still starts; a newer schema is a clear error', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'ordinal.db'), 'garbage, not sqlite '.repeat(300))
    const { app } = await start(dir, { shell: false })
    expect(app.cluster.store.list({ group: '', version: 'v1', resource: 'nodes' }).items.length).toBe(4)
    expect(readdirSync(dir).some((f) => f.startsWith('ordinal.db.damaged-'))).toBe(true)
    await app.close()
    apps.splice(0)
    const raw = new Database(join(dir, 'ordinal.db'))
    raw.pragma('user_version = 999')
    raw.close()
    await expect(createApp({ dataDir: dir, lessonsDir: join(dir, 'none'), shell: false })).rejects.toThrow(/written by a newer Ordinal/)
  })

  it('close() flushes; reopening the data dir resumes the cluster, its clock, clock speed and locale', async () => {
    const dir = tmp()
    const before = Date.now()
    const first = await start(dir, { shell: false })
    // A new cluster starts at the wall-clock now (not a fixed date), in whole seconds.
    const born = first.app.clock.view().now
    expect(born).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
    expect(born).toBeLessThanOrEqual(Date.now())
    expect(born % 1000).toBe(0)
    // Sim time then runs ahead of the wall clock (an hour of "instant" reconciles)…
    await first.app.dispatch('clock.set', { speed: 'paused' })
    ;(first.app.cluster.clock as SimClock).advance(3_600_000)
    const saved = first.app.clock.view().now
    first.app.cluster.store.create(CM, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'survivor' }, data: { a: 'b' } })
    first.app.cluster.volumes.write('pvc-z', { path: '/f.txt', type: 'file', data: 'kept', mode: 0o644, mtimeMs: 3 })
    await first.app.dispatch('clock.set', { speed: 4 })
    await first.app.dispatch('app.setLocale', { locale: 'en' })
    const rv = first.app.cluster.store.resourceVersion()
    await first.app.close()
    apps.splice(apps.indexOf(first.app), 1)

    const second = await createApp({ dataDir: dir, lessonsDir: join(dir, 'none'), shell: false })
    apps.push(second)
    expect(second.cluster.store.get(CM, 'default', 'survivor').data).toEqual({ a: 'b' })
    expect(second.cluster.volumes.read('pvc-z', '/f.txt')?.data).toBe('kept')
    expect(Number(second.cluster.store.resourceVersion())).toBeGreaterThanOrEqual(Number(rv))
    expect(second.clock.speed).toBe(4)
    // …and a restored cluster keeps its own time instead of jumping to the wall clock.
    expect(second.clock.view().now).toBeGreaterThanOrEqual(saved)
    expect(second.clock.view().now).toBeLessThan(saved + 60_000)
    expect(((await second.dispatch('app.info', undefined)) as { locale: string }).locale).toBe('en')
  })
})
