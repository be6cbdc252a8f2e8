// Which watch events count as client activity (onActivity, the clock driver's quiet gate at instant speed): those of a
// watch on one named object, whose client reacts to them (kubectl run -i, delete --wait, rollout status, wait), and
// not those of a list watch (`kubectl get pods -w`), which only reads: holding sim time still after each of its
// events made a 100-replica StatefulSet take ~10 s instead of ~0.3 s at instant speed.
import { afterEach, describe, expect, it } from 'vitest'
import { startApiServer, type ApiServer } from '../../src-main/apiserver/index'
import { watchesOneObject } from '../../src-main/apiserver/watch'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import { createCluster } from '../../src-main/cluster/index'
import { call, watch } from './http-client'

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' }
const cm = (name: string, a = '1') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a } })
const waitFor = async (ok: () => boolean, what: string) => {
  const end = performance.now() + 5000
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('watchesOneObject', () => {
  it('is true for a metadata.name term, alone or among others', () => {
    expect(watchesOneObject('metadata.name=web-0')).toBe(true)
    expect(watchesOneObject('metadata.name==web-0')).toBe(true)
    expect(watchesOneObject('status.phase=Running,metadata.name=web-0')).toBe(true)
  })
  it('is false for a list: no selector, other fields, a negation or an empty name', () => {
    for (const s of [undefined, '', 'status.phase=Running', 'metadata.name!=web-0', 'metadata.name=', 'metadata.namespace=default']) {
      expect(watchesOneObject(s)).toBe(false)
    }
  })
})

describe('watch events as client activity', () => {
  let api: ApiServer | undefined
  let cluster: Cluster | undefined
  const stops: (() => void)[] = []
  afterEach(async () => {
    for (const s of stops.splice(0)) s()
    await api?.close()
    cluster?.dispose()
  })

  it('a named watch’s events are activity; a list watch’s are not', async () => {
    cluster = createCluster({ clock: new SimClock(), random: seededRandom(1) })
    let activity = 0
    const token = 'watch-activity-token'
    api = await startApiServer({ cluster, token, port: 0, onActivity: () => activity++ })
    const tc = { url: api.url, token, api } as Parameters<typeof watch>[0]
    const base = '/api/v1/namespaces/default/configmaps'

    // A list watch, as `kubectl get configmaps -w` opens it: its request arrives (activity), its events do not count.
    const list = watch(tc, `${base}?watch=true`)
    stops.push(list.stop)
    expect(await list.status).toBe(200)
    await waitFor(() => activity >= 1, 'the watch request')
    const ours = (w: { events: any[] }) => w.events.filter((e) => e.object.metadata.name.startsWith('c'))
    const beforeList = activity
    for (let i = 0; i < 5; i++) cluster.store.create(CONFIGMAPS, 'default', cm(`c${i}`))
    await waitFor(() => ours(list).length === 5, 'the list watch events')
    expect(activity).toBe(beforeList)

    // A watch on one named object, as `kubectl run -i` or `delete --wait` opens it: every event it sends counts, the
    // initial ADDED of the object as it is included.
    const named = watch(tc, `${base}?watch=true&fieldSelector=${encodeURIComponent('metadata.name=c1')}`)
    stops.push(named.stop)
    expect(await named.status).toBe(200)
    await waitFor(() => named.events.length === 1, 'the named watch’s initial event')
    expect(activity).toBe(beforeList + 2) // its request, its initial ADDED
    cluster.store.update(CONFIGMAPS, 'default', 'c1', cm('c1', '2'))
    cluster.store.update(CONFIGMAPS, 'default', 'c2', cm('c2', '2')) // seen by the list watch only
    await waitFor(() => named.events.length === 2 && ours(list).length === 7, 'the update events')
    expect(activity).toBe(beforeList + 3)
    expect(named.events[1]).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'c1' } } })

    // Requests are activity whatever they are.
    expect((await call(tc, 'GET', `${base}/c1`)).status).toBe(200)
    expect(activity).toBe(beforeList + 4)
  })
})
