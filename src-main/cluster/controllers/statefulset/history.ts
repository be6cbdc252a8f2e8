// ControllerRevisions of a StatefulSet (fidelity §A4): find or create the revision for the current template, reuse an
// older identical one by bumping its number (rollback), adopt orphaned revisions (after `delete --cascade=orphan`),
// resolve hash collisions through status.collisionCount, and prune non-live history beyond revisionHistoryLimit.
import type { KObject } from '../../api-types'
import { isStatusError } from '../../store/errors'
import { GVRS } from '../../store/registry'
import { matchLabelSelector } from '../../store/selectors'
import type { NamespaceLists } from '../../store/namespace-lists'
import { getRef } from '../../store/store'
import type { Store } from '../../store/types'
import { revisionDataJSON, revisionHashOfJSON, revisionName, templatePatch, templatePatchJSON } from '../revisions'
import { controllerOf, controllerRef } from './identity'
import { createRef, deleteRef, updateRef } from '../../store/refs'

export interface Revisions {
  current: string
  update: string
  /** Bumped when a hash collided with a foreign revision; the caller writes it to status. */
  collisionCount: number
}

/** `lists`: the ControllerRevisions per namespace (read twice per pass, though they change only with the template). */
export function syncRevisions(store: Store, sts: KObject, lists: NamespaceLists): Revisions {
  const ns = sts.metadata.namespace!
  const uid = sts.metadata.uid!
  const revs: KObject[] = []
  for (const r of lists.in(ns)) {
    const ref = controllerOf(r)
    if (ref?.uid === uid) revs.push(r)
    else if (!ref && !sts.metadata.deletionTimestamp && matchLabelSelector(sts.spec.selector, r.metadata.labels)) {
      // Orphaned by `delete --cascade=orphan`: the new set with the same selector takes the history back.
      revs.push(updateRef(store, GVRS.controllerrevisions, ns, r.metadata.name!, { ...r, metadata: { ...r.metadata, ownerReferences: [...(r.metadata.ownerReferences ?? []), controllerRef(sts)] } }))
    }
  }
  revs.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))
  // Compared as rendered JSON: the template's once per pass, each stored revision's once per object (cached).
  const patchJSON = templatePatchJSON(sts)
  const maxRev = revs.reduce((m, r) => Math.max(m, r.revision ?? 0), 0)
  let collisionCount: number = sts.status?.collisionCount ?? 0
  const equal = revs.filter((r) => revisionDataJSON(r.data) === patchJSON)
  let updateRev = equal[equal.length - 1]
  if (updateRev && updateRev.revision !== maxRev) {
    // Rolling back to an older template reuses its revision with the next number.
    updateRev = updateRef(store, GVRS.controllerrevisions, ns, updateRev.metadata.name!, { ...updateRev, revision: maxRev + 1 })
  }
  for (let attempt = 0; !updateRev && attempt < 10; attempt++) {
    const hash = revisionHashOfJSON(patchJSON, collisionCount)
    const name = revisionName(sts, hash)
    try {
      updateRev = createRef(store, GVRS.controllerrevisions, ns, {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name, namespace: ns, labels: { ...(sts.spec.template?.metadata?.labels ?? {}), 'controller.kubernetes.io/hash': hash }, ownerReferences: [controllerRef(sts)] },
        data: templatePatch(sts),
        revision: maxRev + 1,
      })
    } catch (e) {
      if (!(isStatusError(e) && e.code === 409)) throw e
      const existing = getRef(store, GVRS.controllerrevisions, ns, name)
      // Same data under our (or no) owner is ours; anything else is a collision: rehash with the next count.
      if (existing && revisionDataJSON(existing.data) === patchJSON && (!controllerOf(existing) || controllerOf(existing)!.uid === uid)) updateRev = existing
      else collisionCount++
    }
  }
  if (!updateRev) throw new Error(`statefulset ${ns}/${sts.metadata.name}: no free revision name after 10 hash collisions`)
  const update = updateRev.metadata.name!
  const cur = sts.status?.currentRevision
  const current = cur && revs.some((r) => r.metadata.name === cur) ? cur : update
  return { current, update, collisionCount }
}

/** Delete the oldest non-live revisions beyond revisionHistoryLimit (live = current, update, any pod's label). */
export function truncateHistory(store: Store, sts: KObject, lists: NamespaceLists, isLive: (name: string) => boolean): void {
  const ns = sts.metadata.namespace!
  const limit: number = sts.spec.revisionHistoryLimit ?? 10
  const all = lists.in(ns)
  // Fewer revisions than the limit in the whole namespace: none can be beyond it (the usual case, checked first).
  if (all.length <= limit) return
  const old = all
    .filter((r) => controllerOf(r)?.uid === sts.metadata.uid && !isLive(r.metadata.name!))
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))
  for (const r of old.slice(0, Math.max(0, old.length - limit))) {
    try {
      deleteRef(store, GVRS.controllerrevisions, ns, r.metadata.name!)
    } catch (e) {
      if (!(isStatusError(e) && e.code === 404)) throw e
    }
  }
}
