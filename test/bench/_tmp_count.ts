import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import { GVRS } from '../../src-main/cluster/store/registry'
import { parallelStatefulSet, isReady } from './fixtures'
const clock = new SimClock()
const cluster = createCluster({ clock, random: seededRandom(1) })
clock.runUntilIdle(100_000, 1000)
const counts = new Map<string, number>()
cluster.store.onChange((c) => { const k = `${c.gvr.resource} ${c.type}`; counts.set(k, (counts.get(k) ?? 0) + 1) })
const labels = new Map<string, number>()
const orig = clock.schedule.bind(clock)
clock.schedule = (d, cb, label = '') => { const k = label.split(' ')[0]; labels.set(k, (labels.get(k) ?? 0) + 1); return orig(d, cb, label) }
const n = 100
cluster.store.create(GVRS.statefulsets, 'default', parallelStatefulSet('bench', n))
let steps = 0
while (cluster.store.list(GVRS.pods, {namespace:'default'}).items.filter(isReady).length < n && steps < 100000) { for (let i=0;i<50;i++) clock.step(); steps+=50 }
console.log([...counts].sort((a,b)=>b[1]-a[1]))
console.log([...labels].sort((a,b)=>b[1]-a[1]))
process.exit(0)
