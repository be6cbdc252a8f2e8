// Deployment rollouts on the engine with a scripted runtime: maxSurge/maxUnavailable bounds checked after every
// timer, revisions and `rollout undo` data, restart, pause, Recreate, proportional scaling, conditions, deadline.
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../src-main/cluster/api-types'
import { podIsReady } from '../../src-main/cluster/controllers/endpoints'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness, type Harness } from './helpers'

const deploy = (over: Record<string, unknown> = {}, image = 'nginx', replicas = 4): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } },
    ...over,
  },
})

const getD = (h: Harness) => h.cluster.store.get(GVRS.deployments, 'default', 'web')
const rsList = (h: Harness) => h.cluster.store.list(GVRS.replicasets, { namespace: 'default' }).items
const pods = (h: Harness) => h.cluster.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=web' }).items
const events = (h: Harness) =>
  h.cluster.store
    .list(GVRS.events, { namespace: 'default', fieldSelector: 'reason=ScalingReplicaSet' })
    .items.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
    .map((e) => e.message)

function setImage(h: Harness, image: string, extra: (d: KObject) => void = () => {}): void {
  const d = getD(h)
  d.spec.template.spec.containers[0].image = image
  extra(d)
  h.cluster.store.update(GVRS.deployments, 'default', 'web', d)
}

/** Fire timers one by one and check the rollout bounds at every step. */
async function runChecked(h: Harness, ms: number, replicas: number, surge: number, unavailable: number): Promise<string[]> {
  const bad: string[] = []
  const target = h.clock.now() + ms
  for (;;) {
    const at = h.clock.nextAt()
    if (at === undefined || at > target) break
    h.clock.step()
    await new Promise((r) => setImmediate(r))
    const live = pods(h).filter((p) => !p.metadata.deletionTimestamp)
    const rsTotal = rsList(h).reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0)
    const ready = live.filter(podIsReady).length
    if (rsTotal > replicas + surge) bad.push(`ReplicaSets ask for ${rsTotal} pods > ${replicas}+${surge}`)
    if (live.length > replicas + surge) bad.push(`${live.length} live pods > ${replicas}+${surge}`)
    if (ready < replicas - unavailable) bad.push(`only ${ready} ready < ${replicas}-${unavailable}`)
  }
  h.clock.advanceTo(target)
  return [...new Set(bad)]
}

describe('Deployment rolling update', () => {
  it('respects maxSurge 25% / maxUnavailable 25% (1 and 1 of 4) at every step and ends on the new ReplicaSet', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy())
    await h.run(60_000)
    const first = rsList(h)[0].metadata.name!
    expect(getD(h).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    setImage(h, 'busybox:1.28')
    expect(await runChecked(h, 300_000, 4, 1, 1)).toEqual([])
    const rss = rsList(h)
    expect(rss).toHaveLength(2)
    const second = rss.find((r) => r.metadata.name !== first)!
    expect(second.spec.replicas).toBe(4)
    expect(rss.find((r) => r.metadata.name === first)!.spec.replicas).toBe(0)
    expect(second.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '2',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    })
    expect(getD(h).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
    const ev = events(h)
    expect(ev[0]).toBe(`Scaled up replica set ${first} from 0 to 4`)
    // maxSurge 1 → the new set starts at 1; maxUnavailable 1 → the old set drops by 1 (4 available - 3 minimum).
    expect(ev[1]).toBe(`Scaled up replica set ${second.metadata.name} from 0 to 1`)
    expect(ev[2]).toBe(`Scaled down replica set ${first} from 4 to 3`)
    expect(ev.at(-1)).toBe(`Scaled down replica set ${first} from 1 to 0`)
    const d = getD(h)
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4, observedGeneration: 2 })
    expect(d.status.unavailableReplicas).toBeUndefined()
    expect(d.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${second.metadata.name}" has successfully progressed.`],
    ])
    for (const p of pods(h)) expect(p.metadata.name).toMatch(new RegExp(`^${second.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
  })

  it('maxSurge 0 / maxUnavailable 1 never exceeds the replica count; maxSurge 2 / maxUnavailable 0 never loses a ready pod', async () => {
    const a = startHarness()
    a.cluster.store.create(GVRS.deployments, 'default', deploy({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }))
    await a.run(60_000)
    setImage(a, 'busybox:1.28')
    expect(await runChecked(a, 300_000, 4, 0, 1)).toEqual([])
    expect(pods(a).every((p) => p.spec.containers[0].image === 'busybox:1.28')).toBe(true)

    const b = startHarness()
    b.cluster.store.create(GVRS.deployments, 'default', deploy({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } } }))
    await b.run(60_000)
    setImage(b, 'busybox:1.28')
    expect(await runChecked(b, 300_000, 4, 2, 0)).toEqual([])
    expect(pods(b).filter((p) => !p.metadata.deletionTimestamp).every((p) => p.spec.containers[0].image === 'busybox:1.28')).toBe(true)
  })

  it('a broken image stalls the rollout within the bounds, then the progress deadline marks it failed', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy({ progressDeadlineSeconds: 60 }))
    await h.run(60_000)
    setImage(h, 'nope:404')
    expect(await runChecked(h, 50_000, 4, 1, 1)).toEqual([])
    // 3 old pods still serve (4 - maxUnavailable), 2 new ones are stuck pulling (1 surge + 1 unavailable).
    const live = pods(h).filter((p) => !p.metadata.deletionTimestamp)
    expect(live.filter(podIsReady)).toHaveLength(3)
    expect(live.filter((p) => p.spec.containers[0].image === 'nope:404')).toHaveLength(2)
    let d = getD(h)
    expect(d.status.conditions.find((c: any) => c.type === 'Progressing').reason).toBe('ReplicaSetUpdated')
    await h.run(60_000)
    d = getD(h)
    const newRS = rsList(h).find((r) => r.spec.template.spec.containers[0].image === 'nope:404')!
    expect(d.status.conditions.find((c: any) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    })
    expect(d.status.conditions.find((c: any) => c.type === 'Available').status).toBe('True')
  })
})

describe('Deployment revisions', () => {
  it('rollout undo data: the old ReplicaSet keeps its template; restoring it reuses the set with the next revision', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', { ...deploy(), metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'first' } } })
    await h.run(60_000)
    const rs1 = rsList(h)[0]
    setImage(h, 'busybox:1.28', (d) => (d.metadata.annotations!['kubernetes.io/change-cause'] = 'second'))
    await h.run(300_000)
    const rs2 = rsList(h).find((r) => r.metadata.name !== rs1.metadata.name)!
    expect(rs2.metadata.annotations!['kubernetes.io/change-cause']).toBe('second')
    expect(rsList(h).find((r) => r.metadata.name === rs1.metadata.name)!.metadata.annotations!['kubernetes.io/change-cause']).toBe('first')
    // What `kubectl rollout undo` sends: the old set's template without pod-template-hash, and its annotations.
    const tmpl = structuredClone(rs1.spec.template)
    delete tmpl.metadata.labels['pod-template-hash']
    const d = getD(h)
    h.cluster.store.update(GVRS.deployments, 'default', 'web', { ...d, metadata: { ...d.metadata, annotations: { 'kubernetes.io/change-cause': 'first' } }, spec: { ...d.spec, template: tmpl } })
    await h.run(300_000)
    const rss = rsList(h)
    expect(rss).toHaveLength(2) // no third ReplicaSet
    const back = rss.find((r) => r.metadata.name === rs1.metadata.name)!
    expect(back.spec.replicas).toBe(4)
    expect(back.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' })
    expect(getD(h).metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3')
    expect(pods(h).filter((p) => !p.metadata.deletionTimestamp).every((p) => p.metadata.labels!['pod-template-hash'] === rs1.metadata.labels!['pod-template-hash'])).toBe(true)
  })

  it('revisionHistoryLimit keeps only that many old ReplicaSets (oldest revisions go first)', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy({ revisionHistoryLimit: 1 }, 'nginx', 2))
    await h.run(60_000)
    for (const img of ['busybox:1.28', 'registry.k8s.io/nginx-slim:0.21', 'nginx']) {
      setImage(h, img)
      await h.run(200_000)
    }
    const revs = rsList(h)
      .map((r) => Number(r.metadata.annotations!['deployment.kubernetes.io/revision']))
      .sort()
    // The nginx template came back as revision 4; of the old sets only the newest (revision 3) survives.
    expect(revs).toEqual([3, 4])
  })

  it('rollout restart (restartedAt annotation) replaces every pod under new names', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy({}, 'nginx', 2))
    await h.run(60_000)
    const before = pods(h).map((p) => p.metadata.name)
    const d = getD(h)
    d.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T09:01:00Z' }
    h.cluster.store.update(GVRS.deployments, 'default', 'web', d)
    await h.run(200_000)
    const after = pods(h).map((p) => p.metadata.name)
    expect(after).toHaveLength(2)
    for (const n of after) expect(before).not.toContain(n)
    expect(pods(h)[0].metadata.annotations!['kubectl.kubernetes.io/restartedAt']).toBe('2026-01-01T09:01:00Z')
  })
})

describe('Deployment pause, scale, Recreate, adoption', () => {
  it('a paused deployment does not roll out but still scales; resuming rolls out', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy({}, 'nginx', 2))
    await h.run(60_000)
    let d = getD(h)
    h.cluster.store.update(GVRS.deployments, 'default', 'web', { ...d, spec: { ...d.spec, paused: true } })
    await h.run(5_000)
    expect(getD(h).status.conditions.find((c: any) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' })
    setImage(h, 'busybox:1.28', (x) => (x.spec.replicas = 3))
    await h.run(60_000)
    expect(rsList(h)).toHaveLength(1)
    expect(pods(h).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0].image)).toEqual(['nginx', 'nginx', 'nginx'])
    d = getD(h)
    h.cluster.store.update(GVRS.deployments, 'default', 'web', { ...d, spec: { ...d.spec, paused: false } })
    await h.run(5_000)
    expect(getD(h).status.conditions.find((c: any) => c.type === 'Progressing').reason).not.toBe('DeploymentPaused')
    await h.run(200_000)
    expect(rsList(h)).toHaveLength(2)
    expect(pods(h).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0].image)).toEqual(['busybox:1.28', 'busybox:1.28', 'busybox:1.28'])
  })

  it('scaling during a stuck rollout is spread over the ReplicaSets by size', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy({}, 'nginx', 4))
    await h.run(60_000)
    setImage(h, 'nope:404')
    await h.run(30_000)
    const sizes = () => Object.fromEntries(rsList(h).map((r) => [r.spec.template.spec.containers[0].image, r.spec.replicas]))
    expect(sizes()).toEqual({ nginx: 3, 'nope:404': 2 })
    const d = getD(h)
    h.cluster.store.update(GVRS.deployments, 'default', 'web', { ...d, spec: { ...d.spec, replicas: 8 } })
    await h.run(5_000)
    // allowed = 8 + 2 surge = 10; 5 today → +5 spread 3:2, the leftover to the biggest set.
    expect(sizes()).toEqual({ nginx: 6, 'nope:404': 4 })
    for (const rs of rsList(h)) expect(rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('8')
  })

  it('Recreate deletes every old pod before the first new one exists', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy({ strategy: { type: 'Recreate' } }, 'nginx', 3))
    await h.run(60_000)
    expect(getD(h).spec.strategy.rollingUpdate).toBeUndefined()
    setImage(h, 'busybox:1.28')
    const overlap: string[] = []
    const target = h.clock.now() + 200_000
    while ((h.clock.nextAt() ?? Infinity) <= target) {
      h.clock.step()
      await new Promise((r) => setImmediate(r))
      const imgs = new Set(pods(h).map((p) => p.spec.containers[0].image))
      if (imgs.size > 1) overlap.push([...imgs].join(','))
    }
    expect(overlap).toEqual([])
    expect(pods(h).map((p) => p.spec.containers[0].image)).toEqual(['busybox:1.28', 'busybox:1.28', 'busybox:1.28'])
  })

  it('a Deployment re-created after an orphaning delete adopts the old ReplicaSet and its pods (no new rollout)', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy({}, 'nginx', 2))
    await h.run(60_000)
    const names = pods(h).map((p) => p.metadata.name).sort()
    h.cluster.store.delete(GVRS.deployments, 'default', 'web', { propagationPolicy: 'Orphan' })
    await h.run(10_000)
    expect(rsList(h)[0].metadata.ownerReferences ?? []).toEqual([])
    h.cluster.store.create(GVRS.deployments, 'default', deploy({}, 'nginx', 2))
    await h.run(30_000)
    expect(rsList(h)).toHaveLength(1)
    expect(rsList(h)[0].metadata.ownerReferences![0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true })
    expect(pods(h).map((p) => p.metadata.name).sort()).toEqual(names)
    expect(getD(h).status).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 })
  })

  it('minReadySeconds: pods count as available only after being Ready that long', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.deployments, 'default', deploy({ minReadySeconds: 20 }, 'nginx', 1))
    await h.until(() => pods(h).some(podIsReady), 60_000)
    await h.run(1_000)
    expect(getD(h).status.availableReplicas).toBeUndefined()
    expect(getD(h).status.readyReplicas).toBe(1)
    await h.run(21_000)
    expect(getD(h).status.availableReplicas).toBe(1)
  })
})
