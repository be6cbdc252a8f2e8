// The attach tracker follows store changes: a pod on a node mounts its claims' volumes, a claim that binds later
// attaches the pods waiting for it (only those that mount it, in name order), a finished or deleted pod lets go.
import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createStore } from '../../src-main/cluster/store/store'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import type { GVR, KObject } from '../../src-main/cluster/api-types'
import { createAttachTracker } from '../../src-main/app/attach-tracker'

const NS: GVR = { group: '', version: 'v1', resource: 'namespaces' }
const PODS: GVR = { group: '', version: 'v1', resource: 'pods' }
const PVCS: GVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }

function setup() {
  const clock = new SimClock()
  const store = createStore({ clock, random: seededRandom(5) })
  for (const name of ['default', 'other']) store.create(NS, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  const cluster = { clock, store } as unknown as Cluster
  const claim = (ns: string, name: string) =>
    store.create(PVCS, ns, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } } })
  const bind = (ns: string, name: string, volume: string) => {
    const c = store.get(PVCS, ns, name)
    store.update(PVCS, ns, name, { ...c, spec: { ...c.spec, volumeName: volume } })
  }
  const pod = (ns: string, name: string, claims: string[], node?: string): KObject =>
    store.create(PODS, ns, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        ...(node ? { nodeName: node } : {}),
        containers: [{ name: 'c', image: 'busybox' }],
        volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })),
      },
    })
  return { clock, store, cluster, claim, bind, pod }
}

describe('attach tracker', () => {
  it('a pod placed on a node after it was created (the scheduler binding it) mounts its claim once the claim binds', () => {
    const { clock, store, cluster, claim, bind, pod } = setup()
    const tracker = createAttachTracker(cluster)
    claim('default', 'data') // WaitForFirstConsumer: the claim binds only after its pod is placed
    const p = pod('default', 'web-0', ['data'])
    clock.advance(1000)
    const cur = store.get(PODS, 'default', 'web-0')
    store.update(PODS, 'default', 'web-0', { ...cur, spec: { ...cur.spec, nodeName: 'ordinal-worker' } }, { subresource: 'binding' })
    expect(tracker.dump()).toEqual({}) // on a node, but its claim has no volume yet
    clock.advance(2000)
    bind('default', 'data', 'pvc-data')
    expect(tracker.history('pvc-data')).toEqual([{ pod: 'web-0', podUid: p.metadata.uid, from: clock.now(), to: null }])
  })

  it('attaches pods already on a node when their claim binds, and only those that mount it', () => {
    const { clock, cluster, claim, bind, pod } = setup()
    const tracker = createAttachTracker(cluster)
    claim('default', 'shared')
    claim('other', 'shared') // same claim name, another namespace
    const b = pod('default', 'b', ['shared'], 'ordinal-worker')
    const a = pod('default', 'a', ['shared'], 'ordinal-worker2')
    pod('default', 'pending', ['shared']) // not on a node: mounts nothing yet
    pod('default', 'unrelated', ['elsewhere'], 'ordinal-worker')
    pod('other', 'a', ['shared'], 'ordinal-worker')
    expect(tracker.dump()).toEqual({})
    clock.advance(3000)
    bind('default', 'shared', 'pvc-shared')
    // In name order, as a list of the namespace's pods has them.
    expect(tracker.history('pvc-shared')).toEqual([
      { pod: 'a', podUid: a.metadata.uid, from: clock.now(), to: null },
      { pod: 'b', podUid: b.metadata.uid, from: clock.now(), to: null },
    ])
    const v = tracker.version
    bind('default', 'shared', 'pvc-shared') // a no-op update: nothing new
    expect(tracker.version).toBe(v)
    tracker.dispose()
  })

  it('a pod deleted before its claim binds is not attached; one scheduled after the bind is', () => {
    const { clock, store, cluster, claim, bind, pod } = setup()
    const tracker = createAttachTracker(cluster)
    claim('default', 'data')
    pod('default', 'gone', ['data'], 'ordinal-worker')
    store.delete(PODS, 'default', 'gone', { gracePeriodSeconds: 0 })
    const late = pod('default', 'late', ['data'])
    bind('default', 'data', 'pvc-data')
    expect(tracker.history('pvc-data')).toEqual([])
    clock.advance(1000)
    const cur = store.get(PODS, 'default', 'late')
    store.update(PODS, 'default', 'late', { ...cur, spec: { ...cur.spec, nodeName: 'ordinal-worker3' } }, { subresource: 'binding' })
    expect(tracker.history('pvc-data')).toEqual([{ pod: 'late', podUid: late.metadata.uid, from: clock.now(), to: null }])
    clock.advance(500)
    store.delete(PODS, 'default', 'late', { gracePeriodSeconds: 0 })
    expect(tracker.history('pvc-data')[0].to).toBe(clock.now())
    tracker.dispose()
  })

  it('stops following the cluster once disposed', () => {
    const { cluster, claim, bind, pod } = setup()
    const tracker = createAttachTracker(cluster)
    claim('default', 'data')
    pod('default', 'p', ['data'], 'ordinal-worker')
    tracker.dispose()
    bind('default', 'data', 'pvc-data')
    expect(tracker.history('pvc-data')).toEqual([])
  })
})
