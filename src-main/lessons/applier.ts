// Lesson setup manifests (`setup.apply`), created silently: straight in the store, no kubectl, no audit entries.
// Used by the app and by `lessons test`, so a lesson's setup is proven the way the app runs it.
import { parseAllDocuments } from 'yaml'
import type { KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import type { ManifestApplier } from './service'

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
          // Re-opening a lesson must not fail because its setup objects already exist.
          if ((err as { status?: { reason?: string } }).status?.reason !== 'AlreadyExists') throw err
        }
      }
    },
  }
}
