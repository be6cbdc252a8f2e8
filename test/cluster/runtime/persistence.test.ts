// Volume contents outlive the app: a mysql StatefulSet writes a database into its claim, the cluster is saved to
// SQLite (src-main/db persistence) and closed, a new cluster is created from the saved snapshot, the kubelet starts
// the pod again, and the database is still there; what was written outside the volume (/tmp) is not.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import type { Cluster } from '../../../src-main/cluster/cluster-types'
import { createCluster } from '../../../src-main/cluster/index'
import { attachPersistence, loadSnapshot, openDb } from '../../../src-main/db'

const STS = { group: 'apps', version: 'v1', resource: 'statefulsets' }
const SVC = { group: '', version: 'v1', resource: 'services' }
const PODS = { group: '', version: 'v1', resource: 'pods' }

async function run(cluster: Cluster, clock: SimClock, command: string[]): Promise<{ out: string; code: number }> {
  const s = cluster.runtime.exec({ namespace: 'default', pod: 'db-0', command, stdin: false, stdout: true, stderr: true, tty: false })
  let out = ''
  s.onStdout((d) => (out += d))
  s.onStderr((d) => (out += d))
  let code: number | null = null
  void s.exited.then((c) => (code = c))
  for (let i = 0; i < 200 && code === null; i++) {
    await new Promise((r) => setImmediate(r))
    clock.advance(100)
  }
  return { out, code: code ?? -1 }
}

async function until(clock: SimClock, cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (cond()) return
    clock.advance(500)
    await new Promise((r) => setImmediate(r))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const ready = (cluster: Cluster) => () => {
  try {
    const p = cluster.store.get(PODS, 'default', 'db-0')
    return !!p.status?.containerStatuses?.[0]?.ready && cluster.runtime.logs('default', 'db-0', {}).initial.includes('ready for connections')
  } catch {
    return false
  }
}

describe('volume contents persist in SQLite across an app restart', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a mysql database in its claim survives save → close → restore; /tmp does not', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-rt-persist-'))
    const file = join(dir, 'ordinal.db')
    const clock = new SimClock()
    const cluster = createCluster({ clock, random: seededRandom(3) })
    const db = openDb(file)
    const p = attachPersistence(db, cluster)
    cluster.store.create(SVC, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 3306, name: 'mysql' }] } })
    cluster.store.create(STS, 'default', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: {
            containers: [{
              name: 'mysql', image: 'mysql:8.0', env: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'pw' }],
              ports: [{ name: 'mysql', containerPort: 3306 }],
              readinessProbe: { tcpSocket: { port: 3306 }, periodSeconds: 2 },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql' }],
            }],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    })
    await until(clock, ready(cluster), 'db-0 ready')
    let r = await run(cluster, clock, ['mysql', '-uroot', '-ppw', '-e', "CREATE DATABASE shop; CREATE TABLE shop.items (name VARCHAR(10)); INSERT INTO shop.items VALUES ('kept')"])
    expect(r.code).toBe(0)
    r = await run(cluster, clock, ['sh', '-c', 'echo scratch > /tmp/scratch'])
    expect(r.code).toBe(0)
    await new Promise((r2) => setImmediate(r2))
    p.detach()
    db.close()
    cluster.dispose()

    const db2 = openDb(file)
    const snap = loadSnapshot(db2)!
    db2.close()
    const clock2 = new SimClock(snap.now)
    const resumed = createCluster({ clock: clock2, random: seededRandom(4), snapshot: snap })
    try {
      await until(clock2, ready(resumed), 'db-0 ready again')
      // The data directory was initialized before: no init, straight to ready.
      expect(resumed.runtime.logs('default', 'db-0', {}).initial).not.toContain('Initializing database files')
      r = await run(resumed, clock2, ['mysql', '-uroot', '-ppw', '-N', '-e', 'SELECT name FROM shop.items'])
      expect(r.out).toContain('kept\n')
      r = await run(resumed, clock2, ['cat', '/tmp/scratch'])
      expect(r.out).toBe('cat: /tmp/scratch: No such file or directory\n')
    } finally {
      resumed.dispose()
    }
  })
})
