// replicaset-controller: keeps `spec.replicas` pods (`<rs>-<5 chars>`) matching the selector, adopting orphans,
// deleting surplus (unscheduled/unready/newest first), and reporting status.
import type { KObject, OwnerReference } from '../api-types'
import type { Clock } from '../clock'
import { isStatusError } from '../store/errors'
import { GVRS } from '../store/registry'
import { listRefs } from '../store/store'
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
  const unwatch = [
    store.watch(GVRS.replicasets, {}, (e) => q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))),
    store.watch(GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
      const ref = controllerOf(e.object)
      if (ref?.kind === 'ReplicaSet') return q.add(nsKey(e.object.metadata.namespace, ref.name))
      if (!ref) for (const rs of store.list(GVRS.replicasets, { namespace: e.object.metadata.namespace }).items) if (matchLabelSelector(rs.spec?.selector, e.object.metadata.labels)) q.add(nsKey(rs.metadata.namespace, rs.metadata.name!))
    }),
  ]

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    let rs: KObject
    try {
      rs = store.get(GVRS.replicasets, namespace, name)
    } catch (e) {
      if (isStatusError(e) && e.code === 404) return
      throw e
    }
    const ns = namespace!
    const uid = rs.metadata.uid!
    const ref: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid, controller: true, blockOwnerDeletion: true }
    const pods: KObject[] = []
    for (const p of listRefs(store, GVRS.pods, { namespace: ns })) {
      const owner = controllerOf(p)
      if (owner?.uid === uid) pods.push(p)
      else if (!owner && !p.metadata.deletionTimestamp && !rs.metadata.deletionTimestamp && matchLabelSelector(rs.spec.selector, p.metadata.labels)) {
        pods.push(store.update(GVRS.pods, ns, p.metadata.name!, { ...p, metadata: { ...p.metadata, ownerReferences: [...(p.metadata.ownerReferences ?? []), ref] } }))
      }
    }
    const active = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    const want = rs.metadata.deletionTimestamp ? active.length : (rs.spec.replicas ?? 1)
    if (active.length < want) {
      const tmpl = rs.spec.template ?? {}
      for (let i = active.length; i < want; i++) {
        try {
          const created = store.create(GVRS.pods, ns, {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              generateName: `${name}-`,
              labels: { ...(tmpl.metadata?.labels ?? {}) },
              ...(tmpl.metadata?.annotations ? { annotations: { ...tmpl.metadata.annotations } } : {}),
              ownerReferences: [ref],
            },
            spec: structuredClone(tmpl.spec ?? {}),
          })
          recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE)
        } catch (e) {
          recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, SOURCE)
          break
        }
      }
    } else if (active.length > want) {
      const rank = (p: KObject) => (!p.spec?.nodeName ? 0 : p.status?.phase === 'Pending' ? 1 : !podIsReady(p) ? 2 : 3)
      const victims = [...active]
        .sort((a, b) => rank(a) - rank(b) || ((b.metadata.creationTimestamp ?? '') < (a.metadata.creationTimestamp ?? '') ? -1 : 1))
        .slice(0, active.length - want)
      for (const p of victims) {
        try {
          store.delete(GVRS.pods, ns, p.metadata.name!)
          recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE)
        } catch (e) {
          if (!(isStatusError(e) && e.code === 404)) throw e
        }
      }
    }
    const now = listRefs(store, GVRS.pods, { namespace: ns }).filter((p) => controllerOf(p)?.uid === uid && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    const ready = now.filter(podIsReady).length
    const status: any = { replicas: now.length, fullyLabeledReplicas: now.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation }
    for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (!status[k]) delete status[k]
    if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
      store.update(GVRS.replicasets, ns, name, { ...store.get(GVRS.replicasets, ns, name), status }, { subresource: 'status' })
    }
  }

  return {
    dispose() {
      for (const u of unwatch) u()
      q.dispose()
    },
  }
}
