import { describe, expect, it } from 'vitest'
import { podIsReady } from '../../src-main/cluster/controllers/endpoints'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness } from './helpers'

const deploy = (image = 'nginx', replicas = 3) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } } },
})

describe('Deployment + ReplicaSet controllers', () => {
  it('creates a ReplicaSet with a pod-template-hash and N ready pods', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy())
    await h.run(60_000)
    const rs = h.cluster.store.list(GVRS.replicasets, { namespace: 'default' }).items
    expect(rs).toHaveLength(1)
    const hash = rs[0].metadata.labels!['pod-template-hash']
    expect(rs[0].metadata.name).toBe(`web-${hash}`)
    const pods = h.cluster.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=web' }).items
    expect(pods).toHaveLength(3)
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
      expect(podIsReady(p)).toBe(true)
    }
    const d = h.cluster.store.get(GVRS.deployments, 'default', 'web')
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 })
    expect(d.status.conditions.find((c: any) => c.type === 'Progressing').reason).toBe('NewReplicaSetAvailable')
    const ev = h.cluster.store.list(GVRS.events, { namespace: 'default', fieldSelector: 'reason=ScalingReplicaSet' }).items
    expect(ev[0].message).toBe(`Scaled up replica set web-${hash} from 0 to 3`)
  })

  it('a template change rolls to a new ReplicaSet and scales the old one to 0', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy())
    await h.run(60_000)
    const d = h.cluster.store.get(GVRS.deployments, 'default', 'web')
    const t = structuredClone(d.spec.template)
    t.spec.containers[0].image = 'busybox:1.28'
    h.cluster.store.update(GVRS.deployments, 'default', 'web', { ...d, spec: { ...d.spec, template: t } })
    await h.run(120_000)
    const rs = h.cluster.store.list(GVRS.replicasets, { namespace: 'default' }).items
    expect(rs.map((r) => r.spec.replicas).sort()).toEqual([0, 3])
    const pods = h.cluster.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=web' }).items
    expect(pods.map((p) => p.spec.containers[0].image)).toEqual(['busybox:1.28', 'busybox:1.28', 'busybox:1.28'])
  })

  it('a deleted ReplicaSet pod is replaced; scaling down removes pods', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy('nginx', 2))
    await h.run(60_000)
    const [p] = h.cluster.store.list(GVRS.pods, { namespace: 'default' }).items
    h.cluster.store.delete(GVRS.pods, 'default', p.metadata.name!)
    await h.run(60_000)
    const after = h.cluster.store.list(GVRS.pods, { namespace: 'default' }).items
    expect(after).toHaveLength(2)
    expect(after.map((x) => x.metadata.name)).not.toContain(p.metadata.name)
    const d = h.cluster.store.get(GVRS.deployments, 'default', 'web')
    h.cluster.store.update(GVRS.deployments, 'default', 'web', { ...d, spec: { ...d.spec, replicas: 1 } })
    await h.run(60_000)
    expect(h.cluster.store.list(GVRS.pods, { namespace: 'default' }).items).toHaveLength(1)
  })
})
