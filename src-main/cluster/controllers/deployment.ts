// deployment-controller: one ReplicaSet per pod template (`<deploy>-<pod-template-hash>`); rolling update moves
// replicas from old ReplicaSets to the new one as new pods become available (maxSurge/maxUnavailable simplified:
// the new set is scaled to full size at once, old sets shrink by the number of available new pods). Recreate
// scales old sets to 0 first.
import type { KObject, OwnerReference } from '../api-types'
import type { Clock } from '../clock'
import { isStatusError } from '../store/errors'
import { rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import type { Store } from '../store/types'
import type { Recorder } from './events'
import { createQueue, nsKey, splitKey } from './queue'
import { revisionHash } from './revisions'
import type { Controller } from './scheduler'

const SOURCE = { component: 'deployment-controller' }
const HASH = 'pod-template-hash'

export function startDeploymentController(deps: { store: Store; clock: Clock; recorder: Recorder }): Controller {
  const { store, clock, recorder } = deps
  const q = createQueue(clock, 'deployment', reconcile)
  const unwatch = [
    store.watch(GVRS.deployments, {}, (e) => q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))),
    store.watch(GVRS.replicasets, { resourceVersion: store.resourceVersion() }, (e) => {
      const ref = e.object.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment')
      if (ref) q.add(nsKey(e.object.metadata.namespace, ref.name))
    }),
  ]

  function scale(rs: KObject, to: number, d: KObject): void {
    const from = rs.spec.replicas ?? 0
    if (from === to) return
    store.update(GVRS.replicasets, rs.metadata.namespace, rs.metadata.name!, { ...rs, spec: { ...rs.spec, replicas: to } })
    recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, SOURCE)
  }

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    let d: KObject
    try {
      d = store.get(GVRS.deployments, namespace, name)
    } catch (e) {
      if (isStatusError(e) && e.code === 404) return
      throw e
    }
    if (d.metadata.deletionTimestamp) return
    const ns = namespace!
    const ref: OwnerReference = { apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }
    const owned = store.list(GVRS.replicasets, { namespace: ns }).items.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid))
    const hash = revisionHash(d.spec.template).slice(0, 10)
    const rsName = `${name}-${hash}`
    let newRS = owned.find((rs) => rs.metadata.name === rsName)
    const desired = d.spec.replicas ?? 1
    const maxRevision = owned.reduce((m, rs) => Math.max(m, Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)), 0)
    const old = owned.filter((rs) => rs !== newRS && rs.metadata.name !== rsName)
    const recreate = d.spec.strategy?.type === 'Recreate'
    if (!newRS) {
      if (recreate && old.some((rs) => (rs.status?.replicas ?? 0) > 0 || (rs.spec.replicas ?? 0) > 0)) {
        for (const rs of old) scale(rs, 0, d)
        return
      }
      const tmpl = structuredClone(d.spec.template)
      tmpl.metadata = { ...(tmpl.metadata ?? {}), labels: { ...(tmpl.metadata?.labels ?? {}), [HASH]: hash } }
      const startAt = old.length && !recreate ? desired : desired
      newRS = store.create(GVRS.replicasets, ns, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          labels: { ...(d.spec.template?.metadata?.labels ?? {}), [HASH]: hash },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(desired),
            'deployment.kubernetes.io/max-replicas': String(desired + 1),
            'deployment.kubernetes.io/revision': String(maxRevision + 1),
          },
          ownerReferences: [ref],
        },
        spec: {
          replicas: 0,
          minReadySeconds: d.spec.minReadySeconds ?? 0,
          selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector?.matchLabels ?? {}), [HASH]: hash } },
          template: tmpl,
        },
      })
      scale(newRS, startAt, d)
      return
    }
    scale(newRS, desired, d)
    const newAvailable = newRS.status?.availableReplicas ?? 0
    let budget = Math.max(0, desired - newAvailable)
    for (const rs of old.sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? 1 : -1))) {
      const keep = Math.min(rs.spec.replicas ?? 0, budget)
      budget -= keep
      scale(rs, keep, d)
    }
    // Trim history beyond revisionHistoryLimit (old, empty sets).
    const limit = d.spec.revisionHistoryLimit ?? 10
    const empty = old.filter((rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0)
    for (const rs of empty.slice(0, Math.max(0, empty.length - limit))) store.delete(GVRS.replicasets, ns, rs.metadata.name!)

    const all = store.list(GVRS.replicasets, { namespace: ns }).items.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid))
    const sum = (f: (rs: KObject) => number) => all.reduce((a, rs) => a + f(rs), 0)
    const cur = all.find((rs) => rs.metadata.name === rsName)
    const replicas = sum((rs) => rs.status?.replicas ?? 0)
    const available = sum((rs) => rs.status?.availableReplicas ?? 0)
    const updated = cur?.status?.replicas ?? 0
    const now = rfc3339(clock.now())
    const prev = d.status?.conditions ?? []
    const condition = (type: string, status: string, reason: string, message: string) => {
      const p = prev.find((c: any) => c.type === type)
      return { type, status, lastUpdateTime: p && p.reason === reason ? p.lastUpdateTime : now, lastTransitionTime: p && p.status === status ? p.lastTransitionTime : now, reason, message }
    }
    const complete = updated === desired && available >= desired && replicas === desired
    const status: any = {
      observedGeneration: d.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: sum((rs) => rs.status?.readyReplicas ?? 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, desired - available),
      conditions: [
        available >= desired
          ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        complete
          ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`)
          : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`),
      ],
    }
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (!status[k]) delete status[k]
    const strip = (s: any) => JSON.stringify({ ...s, conditions: (s?.conditions ?? []).map((c: any) => ({ ...c, lastUpdateTime: 0, lastTransitionTime: 0 })) })
    if (strip(status) !== strip(d.status ?? {})) store.update(GVRS.deployments, ns, name, { ...store.get(GVRS.deployments, ns, name), status }, { subresource: 'status' })
  }

  return {
    dispose() {
      for (const u of unwatch) u()
      q.dispose()
    },
  }
}
