import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import { GVRS } from '../../src-main/cluster/store/registry'
const clock = new SimClock()
const cluster = createCluster({ clock, random: seededRandom(1) })
clock.runUntilIdle(100_000, 1000)
const n = Number(process.argv[2] ?? 2000)
const c0 = process.cpuUsage()
for (let i = 0; i < n; i++) cluster.store.create(GVRS.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { a: 'b' } })
const c1 = process.cpuUsage(c0)
const steps = clock.runUntilIdle(Number(process.argv[3] ?? 2000))
const c2 = process.cpuUsage(c0)
console.log({ n, createMs: (c1.user + c1.system) / 1000, idleMs: (c2.user + c2.system - c1.user - c1.system) / 1000, steps })
process.exit(0)
