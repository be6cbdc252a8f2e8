// replicaset-controller: keeps `spec.replicas` pods (`<rs>-<5 chars>`) matching the selector, adopting orphans and
// releasing pods whose labels no longer match, deleting surplus (unscheduled/pending/unready/newest first), and
// reporting status (a pod counts as available once it has been Ready for minReadySeconds).
import type { KObject, OwnerReference } from '../api-types'
import type { Clock } from '../clock'
import { isStatusError } from '../store/errors'
import { GVRS } from '../store/registry'
import { getRef, watchRefs } from '../store/store'
import { createRef, deleteRef, updateRef } from '../store/refs'
import { matchLabelSelector } from '../store/selectors'
import type { Store } from '../store/types'
import { podIsReady } from './endpoints'
import type { Recorder } from './events'
import { createQueue, nsKey, splitKey } from './queue'
import type { Controller } from './scheduler'

const SOURCE = { component: 'replicaset-controller' }

function controllerOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller)
}

export function startReplicaSetController(deps: { store: Store; clock: Clock; recorder: Recorder }): Controller {
  const { store, clock, recorder } = deps
  const q = createQueue(clock, 'replicaset', reconcile)
  // Pod index, so a reconcile looks only at its own pods and the namespace's unowned ones instead of every pod
  // (10,000 pods would make each pod event cost a full scan). Kept by a watch that starts with every existing pod.
  const owned = new Map<string, Set<string>>() // controller uid (or `orphan:<ns>`) → pod keys "ns/name"
  const ownerOfKey = new Map<string, string>()
  const bucketOf = (p: KObject) => controllerOf(p)?.uid ?? `orphan:${p.metadata.namespace}`
  function indexPod(type: string, p: KObject): void {
    const key = `${p.metadata.namespace}/${p.metadata.name}`
    const prev = ownerOfKey.get(key)
    if (prev !== undefined) owned.get(prev)?.delete(key)
    if (type === 'DELETED') return void ownerOfKey.delete(key)
    const b = bucketOf(p)
    ownerOfKey.set(key, b)
    let set = owned.get(b)
    if (!set) owned.set(b, (set = new Set()))
    set.add(key)
  }
  function candidatePods(uid: string, ns: string): KObject[] {
    const out: KObject[] = []
    for (const b of [uid, `orphan:${ns}`]) {
      for (const key of owned.get(b) ?? []) {
        const { namespace, name } = splitKey(key)
        const p = getRef(store, GVRS.pods, namespace, name)
        if (p) out.push(p)
      }
    }
    return out
  }
  const unwatch = [
    watchRefs(store, GVRS.pods, {}, (e) => indexPod(e.type, e.object)),
    watchRefs(store, GVRS.replicasets, {}, (e) => q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))),
    watchRefs(store, GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
      const ref = controllerOf(e.object)
      if (ref?.kind === 'ReplicaSet') return q.add(nsKey(e.object.metadata.namespace, ref.name))
      if (!ref) for (const rs of store.list(GVRS.replicasets, { namespace: e.object.metadata.namespace }).items) if (matchLabelSelector(rs.spec?.selector, e.object.metadata.labels)) q.add(nsKey(rs.metadata.namespace, rs.metadata.name!))
    }),
  ]

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    // The stored (frozen) set: this pass only reads it and writes through spread copies.
    const rs = getRef(store, GVRS.replicasets, namespace, name) as KObject | undefined
    if (!rs) return
    const ns = namespace!
    const uid = rs.metadata.uid!
    const ref: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid, controller: true, blockOwnerDeletion: true }
    const pods: KObject[] = []
    for (const p of candidatePods(uid, ns)) {
      const owner = controllerOf(p)
      if (owner?.uid === uid && !p.metadata.deletionTimestamp && !matchLabelSelector(rs.spec.selector, p.metadata.labels)) {
        // Relabelled out of the set (a classic debugging trick): release it, the set makes a replacement.
        updateRef(store, GVRS.pods, ns, p.metadata.name!, { ...p, metadata: { ...p.metadata, ownerReferences: (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid) } })
        continue
      }
      if (owner?.uid === uid) pods.push(p)
      else if (!owner && !p.metadata.deletionTimestamp && !rs.metadata.deletionTimestamp && matchLabelSelector(rs.spec.selector, p.metadata.labels)) {
        pods.push(updateRef(store, GVRS.pods, ns, p.metadata.name!, { ...p, metadata: { ...p.metadata, ownerReferences: [...(p.metadata.ownerReferences ?? []), ref] } }))
      }
    }
    const made: KObject[] = []
    const removed = new Set<string>()
    const active = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    const want = rs.metadata.deletionTimestamp ? active.length : (rs.spec.replicas ?? 1)
    if (active.length < want) {
      const tmpl = rs.spec.template ?? {}
      for (let i = active.length; i < want; i++) {
        try {
          const created: Readonly<KObject> = createRef(store, GVRS.pods, ns, {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              generateName: `${name}-`,
              labels: { ...(tmpl.metadata?.labels ?? {}) },
              ...(tmpl.metadata?.annotations ? { annotations: { ...tmpl.metadata.annotations } } : {}),
              ownerReferences: [ref],
            },
            spec: tmpl.spec ?? {}, // the store copies what it is given
          })
          made.push(created)
          recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE)
        } catch (e) {
          recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, SOURCE)
          break
        }
      }
    } else if (active.length > want) {
      // Cheapest pods go first: unscheduled, pending, unknown, not ready, ready for less time, more restarts, newer.
      const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 }
      const restarts = (p: KObject) => (p.status?.containerStatuses ?? []).reduce((a: number, c: any) => a + (c.restartCount ?? 0), 0)
      const readySince = (p: KObject) => p.status?.conditions?.find((c: any) => c.type === 'Ready')?.lastTransitionTime ?? ''
      const cmp = (a: KObject, b: KObject) =>
        Number(!!a.spec?.nodeName) - Number(!!b.spec?.nodeName) ||
        (phaseRank[a.status?.phase] ?? 2) - (phaseRank[b.status?.phase] ?? 2) ||
        Number(podIsReady(a)) - Number(podIsReady(b)) ||
        (podIsReady(a) && readySince(a) !== readySince(b) ? (readySince(a) > readySince(b) ? -1 : 1) : 0) ||
        restarts(b) - restarts(a) ||
        ((b.metadata.creationTimestamp ?? '') < (a.metadata.creationTimestamp ?? '') ? -1 : (b.metadata.creationTimestamp ?? '') > (a.metadata.creationTimestamp ?? '') ? 1 : 0) ||
        ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1)
      const victims = [...active].sort(cmp).slice(0, active.length - want)
      for (const p of victims) {
        try {
          deleteRef(store, GVRS.pods, ns, p.metadata.name!)
          removed.add(p.metadata.name!)
          recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE)
        } catch (e) {
          if (!(isStatusError(e) && e.code === 404)) throw e
        }
      }
    }
    // The pods after this pass, without another scan: the active ones we kept plus the ones we just created.
    const now = [...active.filter((p) => !removed.has(p.metadata.name!)), ...made]
    const ready = now.filter(podIsReady)
    const minReadyMs = (rs.spec.minReadySeconds ?? 0) * 1000
    let available = 0
    let recheck = Infinity
    for (const p of ready) {
      const since = Date.parse(p.status?.conditions?.find((c: any) => c.type === 'Ready')?.lastTransitionTime ?? '') || 0
      const left = since + minReadyMs - clock.now()
      if (minReadyMs === 0 || left <= 0) available++
      else recheck = Math.min(recheck, left)
    }
    // Nothing else happens when a pod crosses minReadySeconds, so come back then.
    if (recheck !== Infinity) q.addAfter(key, recheck)
    const status: any = { replicas: now.length, fullyLabeledReplicas: now.length, readyReplicas: ready.length, availableReplicas: available, observedGeneration: rs.metadata.generation }
    for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (!status[k]) delete status[k]
    if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
      // Gone meanwhile: store.get throws the NotFound the queue retries on, as before.
      const cur = getRef(store, GVRS.replicasets, ns, name) ?? store.get(GVRS.replicasets, ns, name)
      updateRef(store, GVRS.replicasets, ns, name, { ...cur, status }, { subresource: 'status' })
    }
  }

  return {
    dispose() {
      for (const u of unwatch) u()
      q.dispose()
    },
  }
}
