// The app core's durability promise: a write the API server has answered is in SQLite on the next event-loop turn,
// even though persistence writes a busy cluster's own changes behind (once it is quiet, or after the most delay).
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startCore, type Core } from '../../src-main/app/core'
import { MAX_DELAY_MS, QUIET_MS } from '../../src-main/db/persistence'
import { call } from '../apiserver/http-client'

const post = async (core: Core, path: string, body: unknown) => (await call({ url: core.api.url, token: core.token, api: core.api }, 'POST', path, { body })).status

describe('app core persistence', () => {
  const cleanup: (() => unknown)[] = []
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c()
  })

  it('a write the API server answered is saved at once; the cluster’s own writes are written behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordinal-core-persist-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const core = await startCore({ dataDir: dir, speed: 'paused' })
    cleanup.push(() => core.close())
    const reader = new Database(core.dbFile, { readonly: true })
    cleanup.push(() => reader.close())
    const saved = (name: string) => !!reader.prepare("SELECT 1 FROM objects WHERE gvr = '/v1/configmaps' AND name = ?").get(name)
    const savedWithin = async (name: string, ms: number) => {
      const end = performance.now() + ms
      while (!saved(name)) {
        if (performance.now() > end) return false
        await new Promise((r) => setTimeout(r, 2))
      }
      return true
    }
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } })

    expect(await post(core, '/api/v1/namespaces/default/configmaps', cm('first'))).toBe(201)
    expect(await savedWithin('first', 2000)).toBe(true)
    expect(await post(core, '/api/v1/namespaces/default/configmaps', cm('second'))).toBe(201)
    expect(await savedWithin('second', QUIET_MS / 2)).toBe(true) // sooner than even a quiet cluster's batch
    // A change the cluster makes by itself (no client was told) is written behind: once the cluster is quiet.
    core.cluster.store.create({ group: '', version: 'v1', resource: 'configmaps' }, 'default', cm('internal'))
    expect(saved('internal')).toBe(false)
    expect(await savedWithin('internal', MAX_DELAY_MS)).toBe(true)
  })
})
