// "Reset step" (lesson-format.md rule 6): at each step's start the lesson service saves a checkpoint; reset brings
// the learner's objects and volume files back to it. Restoring goes through the store like a client would (delete
// what is new, recreate what is gone, put back edited specs); controllers, the GC and the kubelet then converge, so
// pods come back the Kubernetes way instead of being conjured. Only top-level objects (no ownerReferences) are
// touched: what controllers own, they rebuild.
import type { GVR, KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import type { VolumeFile } from '../cluster/volumes/types'
import type { OrdinalDb } from '../db'
import type { Checkpoints } from '../lessons'

interface CheckpointData {
  objects: { gvr: GVR; object: KObject }[]
  volumes: Record<string, VolumeFile[]>
}

// Cluster machinery, not the learner's work.
const SKIP_RESOURCES = new Set(['events', 'nodes', 'leases', 'endpoints', 'endpointslices', 'persistentvolumes', 'controllerrevisions', 'serviceaccounts', 'componentstatuses', 'bindings'])
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease'])

function tracked(gvr: GVR, o: KObject): boolean {
  if (SKIP_RESOURCES.has(gvr.resource)) return false
  if ((o.metadata.ownerReferences ?? []).length) return false
  const ns = o.metadata.namespace
  if (ns && SYSTEM_NAMESPACES.has(ns)) return false
  if (gvr.resource === 'namespaces' && (SYSTEM_NAMESPACES.has(o.metadata.name ?? '') || o.metadata.name === 'default')) return false
  if (gvr.resource === 'services' && ns === 'default' && o.metadata.name === 'kubernetes') return false
  if (gvr.resource === 'configmaps' && o.metadata.name === 'kube-root-ca.crt') return false
  return true
}

const idOf = (gvr: GVR, o: KObject) => `${gvr.group}/${gvr.resource}/${o.metadata.namespace ?? ''}/${o.metadata.name}`

/** What a client would send to create it again: no server-set metadata, no status. */
function forCreate(o: KObject): KObject {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, generation: _g, managedFields: _m, deletionTimestamp: _d, deletionGracePeriodSeconds: _dg, ...meta } = o.metadata
  const { status: _s, ...rest } = o
  return { ...rest, metadata: meta }
}

/** The parts a learner edits (kubectl edit/scale/label/patch). */
function userFields(o: KObject): string {
  const { metadata, status: _s, apiVersion: _a, kind: _k, ...rest } = o
  return JSON.stringify({ labels: metadata.labels ?? {}, annotations: metadata.annotations ?? {}, rest })
}

export function createCheckpoints(cluster: Cluster, db: OrdinalDb, log: (msg: string) => void = (m) => console.warn(`[ordinal] reset: ${m}`)): Checkpoints {
  return {
    save(key) {
      const snap = cluster.snapshot()
      const data: CheckpointData = { objects: snap.objects.filter((x) => tracked(x.gvr, x.object)), volumes: snap.volumes }
      db.checkpoints.put(key, data, cluster.clock.now())
    },
    has(key) {
      return db.checkpoints.get(key) !== undefined
    },
    restore(key) {
      const data = db.checkpoints.get(key) as CheckpointData | undefined
      if (!data || !Array.isArray(data.objects)) {
        // The step's progress is still reset by the lesson service; the cluster is left as it is.
        log(`no checkpoint saved for ${key}; the cluster was left as it is`)
        return
      }
      const store = cluster.store
      const wanted = new Map(data.objects.map((x) => [idOf(x.gvr, x.object), x]))
      const current = cluster.snapshot().objects.filter((x) => tracked(x.gvr, x.object))
      const now = new Map(current.map((x) => [idOf(x.gvr, x.object), x]))
      const attempt = (what: string, fn: () => void) => {
        try {
          fn()
        } catch (err) {
          log(`${what}: ${(err as Error).message}`)
        }
      }

      // 1. What the learner made since the checkpoint goes away (its pods and claims follow through GC).
      for (const [id, { gvr, object }] of now) {
        if (wanted.has(id) || object.metadata.deletionTimestamp) continue
        attempt(`delete ${id}`, () => store.delete(gvr, object.metadata.namespace, object.metadata.name!, { propagationPolicy: 'Background', gracePeriodSeconds: 0 }))
      }
      // 2. What was there comes back; edited objects get their checkpoint spec (namespaces first).
      const order = [...wanted.values()].sort((a, b) => Number(b.gvr.resource === 'namespaces') - Number(a.gvr.resource === 'namespaces'))
      for (const { gvr, object } of order) {
        const id = idOf(gvr, object)
        const cur = now.get(id)
        if (!cur || cur.object.metadata.deletionTimestamp) {
          attempt(`create ${id}`, () => store.create(gvr, object.metadata.namespace, forCreate(object)))
        } else if (userFields(cur.object) !== userFields(object)) {
          const next = { ...forCreate(object), metadata: { ...forCreate(object).metadata, resourceVersion: cur.object.metadata.resourceVersion }, status: cur.object.status }
          attempt(`update ${id}`, () => store.update(gvr, object.metadata.namespace, object.metadata.name!, next))
        }
      }
      // 3. Volume contents as they were (volumes made since then are reclaimed with their claims).
      for (const [volume, files] of Object.entries(data.volumes ?? {})) {
        if (!cluster.volumes.has(volume)) continue
        const keep = new Map(files.map((f) => [f.path, f]))
        for (const f of cluster.volumes.list(volume)) {
          if (!keep.has(f.path) && f.path !== '/') attempt(`remove ${volume}:${f.path}`, () => cluster.volumes.remove(volume, f.path))
        }
        for (const f of files) {
          const cur = cluster.volumes.read(volume, f.path)
          if (!cur || cur.data !== f.data || cur.type !== f.type || cur.mode !== f.mode) attempt(`write ${volume}:${f.path}`, () => cluster.volumes.write(volume, f))
        }
      }
    },
  }
}
