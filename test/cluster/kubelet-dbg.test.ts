import { it } from 'vitest'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness } from './helpers'
it('dbg', async () => {
  const h = startHarness()
  h.cluster.store.create(GVRS.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'crash' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })
  h.cluster.store.watch(GVRS.pods, { fieldSelector: 'metadata.name=crash' }, (e) => {
    const cs = e.object.status?.containerStatuses?.[0]
    console.log((h.clock.now() - Date.UTC(2026,0,1,9))/1000, e.type, e.object.status?.phase, JSON.stringify(cs?.state), cs?.restartCount)
  })
  await h.run(20_000)
  console.log('exit1'); h.runtime.exit('crash', 'c', 1)
  await h.run(3_000)
  console.log('exit2'); h.runtime.exit('crash', 'c', 1)
  await h.run(11_000)
})
