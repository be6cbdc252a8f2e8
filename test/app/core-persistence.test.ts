// The app core's durability promise: a write the API server has answered is handed to SQLite at once, before the
// controllers react to it, even though persistence writes a busy cluster's own changes behind (once it is quiet, or
// after the most delay).
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

  it('saves the answered write before the controllers act on it, not together with what they made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordinal-core-persist-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const core = await startCore({ dataDir: dir, speed: 'instant' })
    cleanup.push(() => core.close())
    // Rows handed to the writer since the POST, as the StatefulSet controller creates its first pod. Before, the
    // answered write waited for the next turn, behind the clock driver's first slice: that batch then held the
    // StatefulSet with every pod, claim and event the controller had made in the slice.
    // Let the cluster finish booting (coredns starting) and save what that left pending.
    let lastChange = performance.now()
    const offBoot = core.cluster.store.onChange(() => (lastChange = performance.now()))
    const bootEnd = performance.now() + 10_000
    while (performance.now() - lastChange < 200 && performance.now() < bootEnd) await new Promise((r) => setTimeout(r, 20))
    offBoot()
    core.persistence.flush()
    const rows0 = core.persistence.cost.rows
    let rowsAtFirstPod: number | undefined
    core.cluster.store.onChange((c) => {
      if (c.gvr.resource === 'pods' && c.type === 'ADDED' && c.object.metadata.name === 'web-0') rowsAtFirstPod ??= core.persistence.cost.rows - rows0
    })
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        podManagementPolicy: 'Parallel',
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] } },
      },
    }
    expect(await post(core, '/apis/apps/v1/namespaces/default/statefulsets', sts)).toBe(201)
    const end = performance.now() + 5000
    while (rowsAtFirstPod === undefined && performance.now() < end) await new Promise((r) => setTimeout(r, 5))
    // The StatefulSet's row (a lease renewed in between may share its batch), and none of what the controller made.
    expect(rowsAtFirstPod).toBeGreaterThanOrEqual(1)
    expect(rowsAtFirstPod).toBeLessThan(4)
  })
})
