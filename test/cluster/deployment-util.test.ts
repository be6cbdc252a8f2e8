import { describe, expect, it } from 'vitest'
import type { KObject } from '../../src-main/cluster/api-types'
import * as u from '../../src-main/cluster/controllers/deployment-util'

const d = (replicas: number, ru?: Record<string, unknown>, type = 'RollingUpdate'): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas, strategy: { type, ...(ru ? { rollingUpdate: ru } : {}) }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
})

describe('deployment arithmetic', () => {
  it('percentages: surge rounds up, unavailable rounds down; both zero → unavailable 1', () => {
    expect(u.fenceposts(d(10))).toEqual([3, 2])
    expect(u.fenceposts(d(1))).toEqual([1, 0])
    expect(u.fenceposts(d(3, { maxSurge: 0, maxUnavailable: '10%' }))).toEqual([0, 1])
    expect(u.fenceposts(d(4, { maxSurge: '50%', maxUnavailable: 2 }))).toEqual([2, 2])
    expect(u.maxUnavailable(d(2, { maxSurge: 0, maxUnavailable: 5 }))).toBe(2)
    expect(u.fenceposts(d(4, undefined, 'Recreate'))).toEqual([0, 0])
  })

  it('the pod-template-hash is 1–10 safe characters, stable, and ignores its own label', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }
    const h = u.templateHash(t)
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/)
    expect(u.templateHash(structuredClone(t))).toBe(h)
    expect(u.templateHash({ ...t, metadata: { labels: { app: 'web', 'pod-template-hash': h } } })).toBe(h)
    expect(u.templateHash(t, 1)).not.toBe(h)
    expect(u.equalIgnoreHash(t, { ...t, metadata: { labels: { app: 'web', 'pod-template-hash': 'x' }, annotations: {} } })).toBe(true)
    expect(u.equalIgnoreHash(t, { ...t, metadata: { labels: { app: 'other' } } })).toBe(false)
  })

  it('new ReplicaSet size under maxSurge', () => {
    const rs = (n: number): KObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {}, spec: { replicas: n } })
    const dep = d(4) // surge 1
    expect(u.newRSReplicas(dep, [rs(4)], undefined)).toBe(1)
    const n = rs(1)
    expect(u.newRSReplicas(dep, [rs(4), n], n)).toBe(1) // 5 = 4 + 1: no room
    expect(u.newRSReplicas(dep, [rs(3), n], n)).toBe(2)
    expect(u.newRSReplicas(d(4, undefined, 'Recreate'), [rs(4)], undefined)).toBe(4)
  })

  it('conditions: same status+reason is a no-op; a reason change keeps lastTransitionTime and moves to the end', () => {
    const a = u.condition('Progressing', 'True', 'NewReplicaSetCreated', 'x', 't1')
    const b = u.condition('Available', 'False', 'MinimumReplicasUnavailable', 'y', 't1')
    let cs = [a, b]
    expect(u.setCondition(cs, u.condition('Progressing', 'True', 'NewReplicaSetCreated', 'x', 't2'))).toBe(cs)
    cs = u.setCondition(cs, u.condition('Progressing', 'True', 'ReplicaSetUpdated', 'z', 't3'))
    expect(cs.map((c) => c.type)).toEqual(['Available', 'Progressing'])
    expect(cs[1]).toMatchObject({ reason: 'ReplicaSetUpdated', lastTransitionTime: 't1', lastUpdateTime: 't3' })
  })

  it('revision annotations: a reused set records its old revision in revision-history; change-cause is copied', () => {
    const dep = { ...d(1), metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'why', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } }
    const rs: KObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' } } }
    const anns = u.newRSAnnotations(dep, rs, 3)!
    expect(anns).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1', 'kubernetes.io/change-cause': 'why' })
    expect(u.newRSAnnotations(dep, { ...rs, metadata: { annotations: anns } }, 3)).toBeUndefined()
  })
})
