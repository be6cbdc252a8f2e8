// Persistence against the real engine: a StatefulSet with volumes runs, the db is closed, and a cluster created from
// loadSnapshot() has exactly the same objects, resourceVersion, clock and volume files.
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import { attachPersistence, loadSnapshot, openDb } from '../../src-main/db'

const STS = { group: 'apps', version: 'v1', resource: 'statefulsets' }
const SVC = { group: '', version: 'v1', resource: 'services' }

describe('persistence with the real cluster', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('close and reopen resumes the cluster exactly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-dbreal-'))
    const file = join(dir, 'ordinal.db')
    const clock = new SimClock()
    const cluster = createCluster({ clock, random: seededRandom(7) })
    const db = openDb(file)
    const p = attachPersistence(db, cluster)
    cluster.store.create(SVC, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', labels: { app: 'nginx' } }, spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80, name: 'web' }] } })
    cluster.store.create(STS, 'default', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: {
        serviceName: 'nginx',
        replicas: 2,
        selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    })
    for (let i = 0; i < 120; i++) {
      clock.advance(1000)
      await new Promise((r) => setImmediate(r))
    }
    const pods = cluster.store.list({ group: '', version: 'v1', resource: 'pods' }, { namespace: 'default' }).items
    expect(pods.map((x) => x.metadata.name).sort()).toEqual(['web-0', 'web-1'])
    const pv = cluster.store.list({ group: '', version: 'v1', resource: 'persistentvolumes' }).items[0]
    cluster.volumes.write(pv.metadata.name!, { path: '/index.html', type: 'file', data: 'hello from web-0', mode: 0o644, mtimeMs: clock.now() })
    await new Promise((r) => setImmediate(r))

    const before = cluster.snapshot()
    p.detach()
    db.close()
    cluster.dispose()

    const db2 = openDb(file)
    const snap = loadSnapshot(db2)!
    db2.close()
    expect(snap.now).toBe(before.now)
    expect(snap.resourceVersion).toBe(before.resourceVersion)
    const key = (o: { gvr: { resource: string }; object: { metadata: { namespace?: string; name?: string } } }) => `${o.gvr.resource}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`
    const sort = <T extends Parameters<typeof key>[0]>(xs: T[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1))
    expect(sort(snap.objects)).toEqual(sort(before.objects))
    expect(snap.volumes).toEqual(before.volumes)

    const resumed = createCluster({ clock: new SimClock(snap.now), random: seededRandom(8), snapshot: snap })
    try {
      expect(resumed.store.get(STS, 'default', 'web').spec.replicas).toBe(2)
      expect(resumed.volumes.read(pv.metadata.name!, '/index.html')?.data).toBe('hello from web-0')
      expect(resumed.store.resourceVersion()).toBe(String(before.resourceVersion))
    } finally {
      resumed.dispose()
    }
  })
})
