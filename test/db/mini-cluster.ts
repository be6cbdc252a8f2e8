// A stand-in for the parts of a Cluster that persistence touches, for the db tests.
import { SimClock } from '../../src-main/cluster/clock'
import { createVolumeStore } from '../../src-main/cluster/volumes'
import type { Cluster, ClusterSnapshot } from '../../src-main/cluster/cluster-types'
import type { Change } from '../../src-main/cluster/store/types'
import type { GVR, KObject } from '../../src-main/cluster/api-types'

export const PODS: GVR = { group: '', version: 'v1', resource: 'pods' }
export const STS: GVR = { group: 'apps', version: 'v1', resource: 'statefulsets' }

/** Just the parts of a Cluster persistence touches: a change feed, real volumes, a clock, snapshot(). */
export function miniCluster(initial: { gvr: GVR; object: KObject }[] = []) {
  const clock = new SimClock()
  const volumes = createVolumeStore()
  const listeners = new Set<(c: Change) => void>()
  const objects = new Map<string, { gvr: GVR; object: KObject }>()
  let rv = 0
  const k = (g: GVR, o: KObject) => `${g.resource}/${o.metadata.namespace}/${o.metadata.name}`
  for (const i of initial) objects.set(k(i.gvr, i.object), i)
  const emit = (type: Change['type'], gvr: GVR, object: KObject) => {
    rv++
    object = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } }
    if (type === 'DELETED') objects.delete(k(gvr, object))
    else objects.set(k(gvr, object), { gvr, object })
    for (const l of listeners) l({ type, gvr, object, resourceVersion: rv })
  }
  const cluster = {
    clock,
    volumes,
    store: { onChange: (l: (c: Change) => void) => (listeners.add(l), () => listeners.delete(l)), resourceVersion: () => String(rv) },
    snapshot: (): ClusterSnapshot => ({
      now: clock.now(),
      resourceVersion: rv,
      objects: [...objects.values()],
      volumes: Object.fromEntries(volumes.volumes().map((v) => [v, volumes.list(v)])),
    }),
  } as unknown as Cluster
  return { cluster, clock, volumes, emit }
}

export const pod = (name: string, extra: Partial<KObject> = {}): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: 'u-' + name }, spec: { containers: [] }, ...extra })
