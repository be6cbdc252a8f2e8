import { describe, expect, it } from 'vitest'
import type { ClaimView, PodView, StatefulSetView } from '../../src-main/shared/view-models'
import { laneLayout, laneName, laneWhy } from '../../src-renderer/lib/lanes'
import { filterEvents, looseClaims, ownerIndex } from '../../src-renderer/lib/cluster-index'

const pod = (name: string, uid: string): PodView => ({
  name, namespace: 'default', uid, status: 'Running', phase: 'Running', ready: true, readyText: '1/1', ip: '10.244.1.2',
  node: 'ordinal-worker', hostname: name, restarts: 0, createdAt: 0, claims: [],
})
const claim = (name: string): ClaimView => ({
  name, namespace: 'default', phase: 'Bound', volume: 'pvc-1', capacity: '1Gi', accessModes: ['ReadWriteOnce'],
  storageClass: 'standard', mountedBy: null,
})
const sts = (replicas: number, lanes: StatefulSetView['lanes']): StatefulSetView => ({
  name: 'web', namespace: 'default', serviceName: 'nginx', podManagementPolicy: 'OrderedReady', replicas,
  readyReplicas: 0, lanes,
})

describe('laneLayout', () => {
  it('fills missing ordinals with empty lanes so web-0 stays leftmost', () => {
    const lanes = laneLayout(sts(3, [{ ordinal: 2, pod: pod('web-2', 'u2'), claims: [], why: null }]))
    expect(lanes.map((l) => [l.ordinal, l.pod?.name ?? null])).toEqual([[0, null], [1, null], [2, 'web-2']])
  })
  it('keeps lanes beyond replicas that still hold claims (scale-down keeps PVCs)', () => {
    const lanes = laneLayout(sts(1, [
      { ordinal: 0, pod: pod('web-0', 'u0'), claims: [claim('www-web-0')], why: null },
      { ordinal: 1, pod: null, claims: [claim('www-web-1')], why: 'PVC www-web-1 kept after scale-down' },
    ]))
    expect(lanes).toHaveLength(2)
    expect(lanes[1]!.claims[0]!.name).toBe('www-web-1')
  })
  it('orders lanes by ordinal whatever order main sent', () => {
    const lanes = laneLayout(sts(2, [
      { ordinal: 1, pod: pod('web-1', 'u1'), claims: [], why: null },
      { ordinal: 0, pod: pod('web-0', 'u0'), claims: [], why: null },
    ]))
    expect(lanes.map((l) => l.pod?.name)).toEqual(['web-0', 'web-1'])
  })
  it('names empty lanes after the pod that belongs there', () => {
    expect(laneName(sts(0, []), 3)).toBe('web-3')
  })
})

describe('cluster indexes', () => {
  it('maps pods to their owner and leaves bare pods out', () => {
    const owners = ownerIndex({
      now: 0, namespace: 'default', services: [], claims: [], volumes: [], dns: [], events: [],
      pods: [pod('web-0', 'u0'), pod('dns-test', 'ux'), pod('app-abc', 'ud')],
      statefulSets: [sts(1, [{ ordinal: 0, pod: pod('web-0', 'u0'), claims: [], why: null }])],
      deployments: [{ name: 'app', namespace: 'default', replicas: 1, readyReplicas: 1, pods: [pod('app-abc', 'ud')] }],
    })
    expect(owners.get('u0')).toBe('sts/web')
    expect(owners.get('ud')).toBe('deploy/app')
    expect(owners.has('ux')).toBe(false)
  })
  it('filters events by object, case-insensitively', () => {
    const ev = (object: string) => ({ type: 'Normal' as const, reason: 'Created', object, message: '', count: 1, lastSeen: 0 })
    const events = [ev('pod/web-0'), ev('pod/web-1'), ev('statefulset/web')]
    expect(filterEvents(events, 'POD/WEB-1').map((e) => e.object)).toEqual(['pod/web-1'])
    expect(filterEvents(events, '  ')).toHaveLength(3)
  })
})

describe('laneWhy', () => {
  const zh = (c: string, p: string) => `缩容后保留了 PVC ${c}（${p}）`
  it('words the scale-down note in the UI language from its data', () => {
    const lane = { ordinal: 2, pod: null, claims: [], why: 'PVC www-web-2 kept after scale-down (Retain)', kept: { claims: ['www-web-2', 'data-web-2'], policy: 'Retain' } }
    expect(laneWhy(lane, zh)).toBe('缩容后保留了 PVC www-web-2（Retain）; 缩容后保留了 PVC data-web-2（Retain）')
  })
  it('keeps the other notes as main wrote them, and no note as none', () => {
    expect(laneWhy({ ordinal: 1, pod: null, claims: [], why: 'web-1 waits: web-0 is not Ready (OrderedReady)' }, zh)).toBe('web-1 waits: web-0 is not Ready (OrderedReady)')
    expect(laneWhy({ ordinal: 1, pod: null, claims: [], why: null }, zh)).toBeNull()
  })
})

describe('looseClaims', () => {
  const view = (statefulSets: StatefulSetView[], claims: ClaimView[]) =>
    ({ now: 0, namespace: 'default', statefulSets, deployments: [], pods: [], services: [], claims, volumes: [], dns: [], events: [] })
  it('lists the claims no StatefulSet lane shows (the StatefulSet was deleted; it keeps its claims)', () => {
    expect(looseClaims(view([], [claim('www-web-0'), claim('www-web-1')])).map((c) => c.name)).toEqual(['www-web-0', 'www-web-1'])
  })
  it('leaves out the claims under a lane, and keeps a claim made on its own', () => {
    const web = sts(1, [{ ordinal: 0, pod: null, claims: [claim('www-web-0')], why: null }])
    expect(looseClaims(view([web], [claim('www-web-0'), claim('my-data')])).map((c) => c.name)).toEqual(['my-data'])
    expect(looseClaims(null)).toEqual([])
  })
})
