// Scenario: deleting a Deployment with each propagation policy, on the real runtime (graceful pod termination).
// Background: the Deployment vanishes at once, its ReplicaSet and pods follow. Foreground: the Deployment stays
// (deletionTimestamp + foregroundDeletion) until its ReplicaSet, and that set's pods, are gone. Orphan: the
// ReplicaSet and pods keep running unowned, and a re-created Deployment adopts them without a new rollout.
import { afterEach, describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { podIsReady } from '../../../src-main/cluster/controllers/endpoints'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { getObj, startScenario, type Scenario } from './harness'

const deploy: KObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'front' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'front' } }, template: { metadata: { labels: { app: 'front' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
}

let s: Scenario | undefined
afterEach(() => s?.dispose())

const pods = (sc: Scenario) => sc.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=front' }).items
const rss = (sc: Scenario) => sc.store.list(GVRS.replicasets, { namespace: 'default' }).items

async function ready(): Promise<Scenario> {
  const sc = startScenario({ seed: 4 })
  sc.store.create(GVRS.deployments, 'default', structuredClone(deploy))
  await sc.until('2 Ready', () => pods(sc).length === 2 && pods(sc).every(podIsReady))
  return sc
}

describe('deleting a Deployment', () => {
  it('Background: owner gone at once, dependents collected', async () => {
    s = await ready()
    s.store.delete(GVRS.deployments, 'default', 'front', { propagationPolicy: 'Background' })
    expect(getObj(s.store, GVRS.deployments, 'front')).toBeUndefined()
    await s.until('all gone', () => rss(s!).length === 0 && pods(s!).length === 0, 120_000)
    expect(s.violations).toEqual([])
  })

  it('Foreground: owner held until the ReplicaSet and its pods are gone', async () => {
    s = await ready()
    s.store.delete(GVRS.deployments, 'default', 'front', { propagationPolicy: 'Foreground' })
    const held: boolean[] = []
    await s.until('deployment gone', () => {
      const d = getObj(s!.store, GVRS.deployments, 'front')
      if (d) {
        expect(d.metadata.deletionTimestamp).toBeTruthy()
        expect(d.metadata.finalizers).toContain('foregroundDeletion')
        held.push(pods(s!).length > 0 || rss(s!).length > 0)
      }
      return !d
    }, 120_000)
    // While the Deployment existed there were still dependents, and once it went there were none.
    expect(held[0]).toBe(true)
    expect(pods(s).length + rss(s).length).toBe(0)
    expect(s.violations).toEqual([])
  })

  it('Orphan: ReplicaSet and pods survive unowned; re-creating the Deployment adopts them', async () => {
    s = await ready()
    const names = pods(s).map((p) => p.metadata.name).sort()
    s.store.delete(GVRS.deployments, 'default', 'front', { propagationPolicy: 'Orphan' })
    await s.run(30_000)
    expect(getObj(s.store, GVRS.deployments, 'front')).toBeUndefined()
    expect(rss(s)[0].metadata.ownerReferences ?? []).toEqual([])
    expect(pods(s).map((p) => p.metadata.name).sort()).toEqual(names)
    expect(pods(s).every(podIsReady)).toBe(true)
    s.store.create(GVRS.deployments, 'default', structuredClone(deploy))
    await s.run(30_000)
    expect(rss(s)).toHaveLength(1)
    expect(rss(s)[0].metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'front' })
    expect(pods(s).map((p) => p.metadata.name).sort()).toEqual(names)
    expect(s.store.get(GVRS.deployments, 'default', 'front').status).toMatchObject({ replicas: 2, availableReplicas: 2, updatedReplicas: 2 })
    expect(s.violations).toEqual([])
  })
})
