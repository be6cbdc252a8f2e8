// Lesson setup manifests on a cluster an earlier lesson already used (lessons share one cluster): the objects are
// created, or brought to the manifest if they exist, and a change the API server refuses leaves the learner's object.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createCluster } from '../../src-main/cluster/index'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import { storeApplier } from '../../src-main/lessons/applier'
import { LESSONS_DIR } from './helpers'

const STS = { group: 'apps', version: 'v1', resource: 'statefulsets' }
const SVC = { group: '', version: 'v1', resource: 'services' }
const PODS = { group: '', version: 'v1', resource: 'pods' }
const manifest = (lesson: string, file = 'statefulset-demo.yaml') => readFileSync(`${LESSONS_DIR}/${lesson}/files/${file}`, 'utf8')

let cluster: Cluster | undefined
afterEach(() => cluster?.dispose())

function boot() {
  const clock = new SimClock()
  cluster = createCluster({ clock, random: seededRandom(5) })
  const settle = () => {
    for (let i = 0; i < 2000 && clock.nextAt() !== undefined; i++) clock.advance(1000)
  }
  return { cluster, settle, applier: storeApplier(cluster) }
}

const pods = (c: Cluster) =>
  c.store
    .list(PODS, { namespace: 'default', labelSelector: 'app=nginx' })
    .items.map((p) => `${p.metadata.name}:${p.spec.containers[0].image}:${p.status?.conditions?.find((x: { type: string }) => x.type === 'Ready')?.status}`)
    .sort()

describe('lesson setup applier', () => {
  it('creates the objects on an empty cluster', async () => {
    const { cluster, settle, applier } = boot()
    await applier.apply(manifest('06-updating'), 'default')
    settle()
    expect(pods(cluster)).toEqual(['web-0:registry.k8s.io/nginx-slim:0.8:True', 'web-1:registry.k8s.io/nginx-slim:0.8:True', 'web-2:registry.k8s.io/nginx-slim:0.8:True'])
  })

  it('brings a StatefulSet an earlier lesson left behind to the manifest (replicas, template), keeping fields it never set', async () => {
    const { cluster, settle, applier } = boot()
    // Lesson 5's end: web at 1 replica, nginx-slim:0.21, whenScaled: Delete.
    await applier.apply(manifest('05-storage-state'), 'default')
    settle()
    const web = cluster.store.get(STS, 'default', 'web')
    web.spec.replicas = 1
    web.spec.persistentVolumeClaimRetentionPolicy = { whenScaled: 'Delete', whenDeleted: 'Retain' }
    cluster.store.update(STS, 'default', 'web', web)
    settle()
    expect(pods(cluster)).toEqual(['web-0:registry.k8s.io/nginx-slim:0.21:True'])
    const clusterIP = cluster.store.get(SVC, 'default', 'nginx').spec.clusterIP

    // Lesson 6's setup: web with 3 replicas on nginx-slim:0.8.
    await applier.apply(manifest('06-updating'), 'default')
    settle()
    expect(pods(cluster)).toEqual(['web-0:registry.k8s.io/nginx-slim:0.8:True', 'web-1:registry.k8s.io/nginx-slim:0.8:True', 'web-2:registry.k8s.io/nginx-slim:0.8:True'])
    const after = cluster.store.get(STS, 'default', 'web')
    expect(after.spec.persistentVolumeClaimRetentionPolicy.whenScaled).toBe('Delete')
    expect(after.spec.podManagementPolicy).toBe('OrderedReady')
    expect(cluster.store.get(SVC, 'default', 'nginx').spec.clusterIP).toBe(clusterIP)
  })

  it('keeps a ClusterIP Service its allocated virtual IP when applied again', async () => {
    const { cluster, applier } = boot()
    await applier.apply(manifest('04-headless-dns', 'nginx-vip.yaml'), 'default')
    const vip = cluster.store.get(SVC, 'default', 'nginx-vip').spec.clusterIP
    expect(vip).toMatch(/^10\.\d+\.\d+\.\d+$/)
    await applier.apply(manifest('04-headless-dns', 'nginx-vip.yaml'), 'default')
    expect(cluster.store.get(SVC, 'default', 'nginx-vip').spec.clusterIP).toBe(vip)
  })

  it("leaves the learner's object as it is when the API server refuses the change (an immutable field)", async () => {
    const { cluster, settle, applier } = boot()
    const own = manifest('05-storage-state').replace('serviceName: "nginx"', 'serviceName: mine')
    expect(own).toContain('serviceName: mine')
    await applier.apply(own, 'default')
    settle()
    await expect(applier.apply(manifest('06-updating'), 'default')).resolves.toBeUndefined()
    const web = cluster.store.get(STS, 'default', 'web')
    expect(web.spec.serviceName).toBe('mine')
    expect(web.spec.replicas).toBe(2)
  })

  it('still reports a manifest of a kind the server does not serve', async () => {
    const { applier } = boot()
    await expect(applier.apply('apiVersion: v1\nkind: Frob\nmetadata:\n  name: x\n', 'default')).rejects.toThrow('setup manifest: no matches for kind "Frob" in version "v1"')
  })
})
