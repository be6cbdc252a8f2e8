// Lesson setup manifests (`setup.apply`), created silently: straight in the store, no kubectl, no audit entries.
// Used by the app and by `lessons test`, so a lesson's setup is proven the way the app runs it.
import { parseAllDocuments } from 'yaml'
import type { KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import type { ManifestApplier } from './service'

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The object an earlier lesson left behind, brought to the manifest: each top-level field the manifest sets (spec,
 * data…) takes the manifest's keys over the existing ones, as `kubectl apply` keeps fields it never set (a Service's
 * allocated clusterIP, a retention policy patched in by hand) while the manifest's replicas and template win.
 */
function converged(existing: KObject, manifest: KObject): KObject {
  const next: Record<string, unknown> = { ...existing }
  const meta = existing.metadata ?? {}
  next.metadata = {
    ...meta,
    labels: { ...(meta.labels ?? {}), ...(manifest.metadata?.labels ?? {}) },
    annotations: { ...(meta.annotations ?? {}), ...(manifest.metadata?.annotations ?? {}) },
  }
  for (const [key, value] of Object.entries(manifest)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata' || key === 'status') continue
    const old = (existing as unknown as Record<string, unknown>)[key]
    next[key] = isPlainObject(old) && isPlainObject(value) ? { ...old, ...value } : value
  }
  return next as unknown as KObject
}

/** Create a manifest's objects straight in the store (lesson setup is silent: no kubectl, no audit entries). */
export function storeApplier(cluster: Cluster): ManifestApplier {
  return {
    async apply(manifestYaml, namespace) {
      for (const doc of parseAllDocuments(manifestYaml)) {
        if (doc.errors.length) throw new Error(`setup manifest: ${doc.errors[0].message}`)
        const obj = doc.toJS() as KObject | null
        if (!obj) continue
        const info = cluster.store.resourceForKind(obj.apiVersion, obj.kind)
        if (!info) throw new Error(`setup manifest: no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`)
        const gvr = { group: info.group, version: info.version, resource: info.resource }
        const ns = info.namespaced ? (obj.metadata?.namespace ?? namespace) : undefined
        try {
          cluster.store.create(gvr, ns, obj)
        } catch (err) {
          const name = obj.metadata?.name
          if ((err as { status?: { reason?: string } }).status?.reason !== 'AlreadyExists' || !name) throw err
          // An earlier lesson left it behind (lessons share one cluster): the lesson starts from what its manifest says
          // (lesson 6 needs web at 3 replicas on nginx-slim:0.8 whatever lesson 5 scaled it to). A change the API
          // server refuses (an immutable field the learner set differently) leaves the learner's object as it is.
          try {
            cluster.store.update(gvr, ns, name, converged(cluster.store.get(gvr, ns, name), obj))
          } catch {
            // kept as it is, as before
          }
        }
      }
    },
  }
}
