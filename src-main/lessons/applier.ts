// Lesson setup manifests (`setup.apply`), created silently: straight in the store, no kubectl, no audit entries.
// Used by the app and by `lessons test`, so a lesson's setup is proven the way the app runs it.
import { parseAllDocuments } from 'yaml'
import type { KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import type { Locale } from '../shared/view-models'
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
export function storeApplier(cluster: Cluster, opts: { maxWaitMs?: number } = {}): ManifestApplier {
  const cleaner = storeCleaner(cluster, opts)
  return {
    clean: (namespace) => cleaner.clean(namespace),
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

// ── A lesson's clean start ─────────────────────────────────────────────────────────────────────────────────────────
// Lessons share one cluster. A lesson that starts on what an earlier one (or sandbox play) left would let its checks
// pass on that history and its "create it" step be done on arrival, so a lesson's namespace is emptied of the
// learner's objects before its setup is applied (lesson-format.md: a lesson starts from its start state).

/** What the namespace holds by itself (a fresh cluster has these): never the learner's. */
function systemObject(resource: string, name: string): boolean {
  if (resource === 'events' || resource === 'leases') return true
  if ((resource === 'services' || resource === 'endpoints' || resource === 'endpointslices') && name === 'kubernetes') return true
  return (resource === 'configmaps' && name === 'kube-root-ca.crt') || (resource === 'serviceaccounts' && name === 'default')
}

// Controllers first (so nothing recreates what goes next), then what they made, then the rest; claims last.
const ORDER = ['cronjobs', 'jobs', 'statefulsets', 'deployments', 'daemonsets', 'replicasets', 'replicationcontrollers', 'pods', 'services']
const rank = (resource: string) => (resource === 'persistentvolumeclaims' ? 99 : ORDER.includes(resource) ? ORDER.indexOf(resource) : 50)

export interface RemovedObject {
  /** Lower-case kind, as kubectl names it: `statefulset`, `service`, `persistentvolumeclaim`. */
  kind: string
  name: string
  /** Made by a controller (a StatefulSet's pod, a Deployment's ReplicaSet): not worth telling the learner. */
  owned: boolean
}

export interface NamespaceCleaner {
  /** Delete the learner's objects in `namespace` at once (no grace, no finalizers: the lesson resets, nobody is
   *  served) and resolve once the cluster has finished with them (released volumes reclaimed per their policy). */
  clean(namespace: string): Promise<RemovedObject[]>
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export function storeCleaner(cluster: Cluster, opts: { maxWaitMs?: number } = {}): NamespaceCleaner {
  const store = cluster.store
  const pvGvr = { group: '', version: 'v1', resource: 'persistentvolumes' }
  return {
    async clean(namespace) {
      const doomed = cluster
        .snapshot()
        .objects.filter((x) => x.object.metadata.namespace === namespace && !systemObject(x.gvr.resource, x.object.metadata.name ?? ''))
        .sort((a, b) => rank(a.gvr.resource) - rank(b.gvr.resource))
      const removed: RemovedObject[] = []
      const claimVolumes = new Set<string>()
      for (const { gvr, object } of doomed) {
        const name = object.metadata.name!
        let cur: KObject
        try {
          cur = store.get(gvr, namespace, name) // it may have gone with an earlier deletion
        } catch {
          continue
        }
        if (gvr.resource === 'persistentvolumeclaims') {
          const vol = (cur.spec as { volumeName?: string } | undefined)?.volumeName
          if (vol) claimVolumes.add(vol)
        }
        try {
          // Finalizers (pvc-protection, foreground deletion) would keep it Terminating until controllers caught up.
          if (cur.metadata.finalizers?.length) cur = store.update(gvr, namespace, name, { ...cur, metadata: { ...cur.metadata, finalizers: [] } })
          if (!cur.metadata.deletionTimestamp || gvr.resource === 'pods') store.delete(gvr, namespace, name, { gracePeriodSeconds: 0, propagationPolicy: 'Background' })
        } catch (err) {
          if ((err as { status?: { reason?: string } }).status?.reason !== 'NotFound') throw err
        }
        // Endpoints follow their Service (the endpoints controller's): not the learner's to hear about.
        const owned = !!object.metadata.ownerReferences?.length || gvr.resource === 'endpoints' || gvr.resource === 'endpointslices'
        removed.push({ kind: (object.kind ?? gvr.resource).toLowerCase(), name, owned })
      }
      // Wait (on the cluster's own clock driver) until nothing of it is left: the objects gone, and the claims'
      // volumes deleted or Released (Retain). The lesson's first step only starts watching after that.
      const settled = (): boolean => {
        for (const { gvr, object } of doomed) {
          try {
            store.get(gvr, namespace, object.metadata.name!)
            return false
          } catch {
            // gone
          }
        }
        for (const v of claimVolumes) {
          try {
            const pv = store.get(pvGvr, undefined, v) as KObject & { status?: { phase?: string }; spec?: { persistentVolumeReclaimPolicy?: string } }
            // Delete: still to be deleted. Retain: kept, once Released (the learner's data stays on the node).
            if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete' || pv.status?.phase === 'Bound') return false
          } catch {
            // reclaimed
          }
        }
        return true
      }
      // Bounded: with the clock paused the volume controller never runs; the lesson opens anyway after a few seconds.
      const deadline = Date.now() + (opts.maxWaitMs ?? 5_000)
      while (!settled() && Date.now() < deadline) await realSleep(10)
      return removed
    },
  }
}

// The notice names workloads first, then what serves them, then the rest (the stable sort keeps names in order).
const SAY_ORDER = ['statefulset', 'deployment', 'daemonset', 'replicaset', 'job', 'cronjob', 'pod', 'service', 'configmap', 'secret', 'serviceaccount']

/** "statefulset/web, service/nginx, 2 claims": what the learner made, not what controllers made for it. */
export function describeRemoved(removed: RemovedObject[], claimsWord: (n: number) => string): string {
  const claims = removed.filter((r) => r.kind === 'persistentvolumeclaim').length
  const rankOf = (k: string) => (SAY_ORDER.includes(k) ? SAY_ORDER.indexOf(k) : SAY_ORDER.length)
  const parts = removed
    .filter((r) => !r.owned && r.kind !== 'persistentvolumeclaim')
    .sort((a, b) => rankOf(a.kind) - rankOf(b.kind))
    .map((r) => `${r.kind}/${r.name}`)
  if (claims) parts.push(claimsWord(claims))
  return parts.join(', ')
}

/** The panel's line after a clean start: "Lesson 3 starts from a clean namespace: removed statefulset/web, …". */
export function cleanNotice(number: number, removed: RemovedObject[], locale: Locale): string | undefined {
  if (locale === 'en') {
    const what = describeRemoved(removed, (n) => (n === 1 ? '1 claim' : `${n} claims`))
    return what ? `Lesson ${number} starts from a clean namespace: removed ${what}.` : undefined
  }
  const what = describeRemoved(removed, (n) => `${n} 个 PVC`).replaceAll(', ', '、')
  return what ? `第 ${number} 课从干净的命名空间开始：已删除 ${what}。` : undefined
}
