// onAnsweredWrite, the hook the app saves a client's write on: called once per request that may have changed the
// cluster, right after its handler has written the response and before anything the controllers do in reaction (their
// timers and immediates), so the first batch after a client's write holds that write and not thousands of controller
// writes.
import { afterEach, describe, expect, it } from 'vitest'
import { startApiServer, type ApiServer } from '../../src-main/apiserver/index'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import { call } from './http-client'

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' }
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } })

describe('onAnsweredWrite', () => {
  let api: ApiServer | undefined
  let cluster: Cluster | undefined
  afterEach(async () => {
    await api?.close()
    cluster?.dispose()
  })

  it('comes right after the answer to each write, before the reactions it set off; never for a read', async () => {
    cluster = createCluster({ clock: new SimClock(), random: seededRandom(1) })
    const order: string[] = []
    // What a controller does: react to the change on a later turn (the clock driver's slices are immediates and timers).
    cluster.store.onChange((c) => {
      if (c.gvr.resource !== 'configmaps') return
      setImmediate(() => order.push(`immediate ${c.type}`))
      setTimeout(() => order.push(`timer ${c.type}`), 0)
    })
    const token = 'answered-write-token'
    api = await startApiServer({ cluster, token, port: 0, onAnsweredWrite: () => order.push('answered') })
    const target = { url: api.url, token, api }
    const settle = () => new Promise((r) => setTimeout(r, 20))

    expect((await call(target, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('a') })).status).toBe(201)
    await settle()
    expect(order.splice(0)).toEqual(['answered', 'immediate ADDED', 'timer ADDED'])

    const put = { ...cm('a'), data: { a: '2' } }
    expect((await call(target, 'PUT', '/api/v1/namespaces/default/configmaps/a', { body: put })).status).toBe(200)
    await settle()
    expect(order.splice(0)).toEqual(['answered', 'immediate MODIFIED', 'timer MODIFIED'])

    // A refused write changed nothing, but it is still answered once (saving then costs nothing).
    expect((await call(target, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('a') })).status).toBe(409)
    await settle()
    expect(order.splice(0)).toEqual(['answered'])

    expect((await call(target, 'GET', '/api/v1/namespaces/default/configmaps/a')).status).toBe(200)
    await settle()
    expect(order.splice(0)).toEqual([])

    expect((await call(target, 'DELETE', '/api/v1/namespaces/default/configmaps/a')).status).toBe(200)
    await settle()
    expect(order.splice(0)).toEqual(['answered', 'immediate DELETED', 'timer DELETED'])
  })
})
