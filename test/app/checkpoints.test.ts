// "Reset step" against the real engine: objects made after the checkpoint go, objects changed or deleted come
// back, volume files return to their checkpoint contents, and the controllers converge from there.
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import { openDb, type OrdinalDb } from '../../src-main/db'
import { createCheckpoints } from '../../src-main/app/checkpoints'

const STS = { group: 'apps', version: 'v1', resource: 'statefulsets' }
const SVC = { group: '', version: 'v1', resource: 'services' }
const PODS = { group: '', version: 'v1', resource: 'pods' }
const PVCS = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }

const sts = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'nginx',
    replicas,
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
})
const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80 }] } }

describe('lesson checkpoints (Reset step)', () => {
  let dir = ''
  let cluster: Cluster
  let clock: SimClock
  let db: OrdinalDb
  afterEach(() => {
    cluster?.dispose()
    db?.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const setup = () => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-cp-'))
    clock = new SimClock()
    cluster = createCluster({ clock, random: seededRandom(5) })
    db = openDb(join(dir, 'o.db'))
    return createCheckpoints(cluster, db, () => {})
  }
  const settle = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      clock.advance(1000)
      await new Promise((r) => setImmediate(r))
    }
  }
  const podNames = () => cluster.store.list(PODS, { namespace: 'default' }).items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort()

  it('removes what was created after the checkpoint', async () => {
    const cp = setup()
    cp.save('lesson/x/create')
    cluster.store.create(SVC, 'default', svc)
    cluster.store.create(STS, 'default', sts(2))
    await settle(60)
    expect(podNames()).toEqual(['web-0', 'web-1'])
    cp.restore('lesson/x/create')
    await settle(60)
    expect(() => cluster.store.get(STS, 'default', 'web')).toThrow('not found')
    expect(() => cluster.store.get(SVC, 'default', 'nginx')).toThrow('not found')
    expect(podNames()).toEqual([])
    expect(cluster.store.list(PVCS, { namespace: 'default' }).items).toEqual([])
    expect(cluster.store.get(SVC, 'default', 'kubernetes').spec.clusterIP).toBe('10.96.0.1') // system objects untouched
  })

  it('brings back deleted and edited objects and volume contents; controllers converge', async () => {
    const cp = setup()
    cluster.store.create(SVC, 'default', svc)
    cluster.store.create(STS, 'default', sts(2))
    await settle(60)
    const pvc = cluster.store.get(PVCS, 'default', 'www-web-0')
    const vol = pvc.spec.volumeName as string
    cluster.volumes.write(vol, { path: '/index.html', type: 'file', data: 'web-0 page', mode: 0o644, mtimeMs: 1 })
    cp.save('lesson/x/scale')

    const cur = cluster.store.get(STS, 'default', 'web')
    cluster.store.update(STS, 'default', 'web', { ...cur, spec: { ...cur.spec, replicas: 3 } })
    cluster.store.delete(SVC, 'default', 'nginx')
    cluster.volumes.write(vol, { path: '/index.html', type: 'file', data: 'scribbled', mode: 0o644, mtimeMs: 2 })
    cluster.volumes.write(vol, { path: '/extra.txt', type: 'file', data: 'x', mode: 0o644, mtimeMs: 2 })
    await settle(60)
    expect(podNames()).toEqual(['web-0', 'web-1', 'web-2'])

    cp.restore('lesson/x/scale')
    await settle(90)
    expect(cluster.store.get(STS, 'default', 'web').spec.replicas).toBe(2)
    expect(cluster.store.get(SVC, 'default', 'nginx').spec.clusterIP).toBe('None')
    expect(podNames()).toEqual(['web-0', 'web-1'])
    expect(cluster.volumes.read(vol, '/index.html')?.data).toBe('web-0 page')
    expect(cluster.volumes.read(vol, '/extra.txt')).toBeUndefined()
  })

  it('restoring a checkpoint that was never saved leaves the cluster alone and says why', () => {
    setup()
    const logs: string[] = []
    const cp = createCheckpoints(cluster, db, (m) => logs.push(m))
    cluster.store.create(SVC, 'default', svc)
    cp.restore('lesson/none/step')
    expect(logs).toEqual(['no checkpoint saved for lesson/none/step; the cluster was left as it is'])
    expect(cluster.store.get(SVC, 'default', 'nginx').metadata.name).toBe('nginx')
  })
})
