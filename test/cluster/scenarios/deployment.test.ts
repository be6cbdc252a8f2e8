// Scenario: the seed's point 1, stateless versus stateful side by side on the real runtime. A Deployment's deleted
// pod comes back under a NEW name; a StatefulSet's comes back with the SAME name, hostname and claim. Then a rolling
// update of the Deployment stays inside maxSurge/maxUnavailable at every timer. Invariants checked at every step.
import { afterEach, describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { podIsReady } from '../../../src-main/cluster/controllers/endpoints'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { getObj, startScenario, type Scenario } from './harness'

const SVC: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80, name: 'web' }] } }
const sts = (policy: string): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'nginx',
    replicas: 2,
    podManagementPolicy: policy,
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
})
const deploy = (image = 'nginx:1.27', replicas = 2): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'front' },
  spec: { replicas, selector: { matchLabels: { app: 'front' } }, template: { metadata: { labels: { app: 'front' } }, spec: { containers: [{ name: 'nginx', image }] } } },
})

const live = (s: Scenario, sel: string) => s.store.list(GVRS.pods, { namespace: 'default', labelSelector: sel }).items.filter((p) => !p.metadata.deletionTimestamp)
const allReady = (s: Scenario, sel: string, n: number) => () => {
  const ps = live(s, sel)
  return ps.length === n && ps.every(podIsReady)
}

let s: Scenario | undefined
afterEach(() => s?.dispose())

describe.each(['OrderedReady', 'Parallel'])('stateless vs stateful (%s StatefulSet)', (policy) => {
  it('DeletedDeploymentPodGetsNewName / RecreatesDeletedPodWithSameIdentity', async () => {
    s = startScenario({ seed: 11 })
    s.store.create(GVRS.services, 'default', SVC)
    s.store.create(GVRS.statefulsets, 'default', sts(policy))
    s.store.create(GVRS.deployments, 'default', deploy())
    await s.until('both workloads Ready', () => allReady(s!, 'app=nginx', 2)() && allReady(s!, 'app=front', 2)())
    const front = live(s, 'app=front').map((p) => p.metadata.name!).sort()
    const rsName = s.store.list(GVRS.replicasets, { namespace: 'default' }).items[0].metadata.name!
    for (const n of front) expect(n).toMatch(new RegExp(`^${rsName}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
    const web0 = getObj(s.store, GVRS.pods, 'web-0')!

    s.store.delete(GVRS.pods, 'default', front[0])
    s.store.delete(GVRS.pods, 'default', 'web-0')
    await s.until('replacements Ready', () => {
      const w = getObj(s!.store, GVRS.pods, 'web-0')
      return allReady(s!, 'app=front', 2)() && !!w && w.metadata.uid !== web0.metadata.uid && podIsReady(w)
    })
    // Stateless: a brand-new name from the same ReplicaSet; the survivor untouched.
    const after = live(s, 'app=front').map((p) => p.metadata.name!)
    expect(after).toContain(front[1])
    const fresh = after.find((n) => n !== front[1])!
    expect(front).not.toContain(fresh)
    expect(fresh.startsWith(`${rsName}-`)).toBe(true)
    // Stateful: same name, hostname, subdomain and claim; a new uid.
    const w = getObj(s.store, GVRS.pods, 'web-0')!
    expect(w.spec.hostname).toBe('web-0')
    expect(w.spec.subdomain).toBe('nginx')
    expect(w.spec.volumes.find((v: any) => v.name === 'www').persistentVolumeClaim.claimName).toBe('www-web-0')
    expect(s.violations).toEqual([])
  })
})

describe('Deployment rolling update on the real runtime', () => {
  it('RollingUpdateStaysWithinSurgeAndUnavailable', async () => {
    s = startScenario({ seed: 5 })
    s.store.create(GVRS.deployments, 'default', deploy('nginx:1.27', 4))
    await s.until('4 Ready', allReady(s, 'app=front', 4))
    const d = s.store.get(GVRS.deployments, 'default', 'front')
    d.spec.template.spec.containers[0].image = 'registry.k8s.io/nginx-slim:0.21'
    s.store.update(GVRS.deployments, 'default', 'front', d)
    const breaches: string[] = []
    const done = () => {
      const ps = live(s!, 'app=front')
      return ps.length === 4 && ps.every((p) => podIsReady(p) && p.spec.containers[0].image === 'registry.k8s.io/nginx-slim:0.21')
    }
    while (!done()) {
      if (!(await s.step())) throw new Error('rollout stalled')
      const ps = live(s, 'app=front')
      if (ps.length > 5) breaches.push(`${ps.length} pods`)
      if (ps.filter(podIsReady).length < 3) breaches.push(`${ps.filter(podIsReady).length} ready`)
    }
    expect([...new Set(breaches)]).toEqual([])
    const dep = s.store.get(GVRS.deployments, 'default', 'front')
    await s.until('status settles', () => s!.store.get(GVRS.deployments, 'default', 'front').status.conditions?.some((c: any) => c.reason === 'NewReplicaSetAvailable'))
    expect(dep.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2')
    expect(s.violations).toEqual([])
  })
})
