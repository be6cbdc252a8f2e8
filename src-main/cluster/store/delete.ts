// DELETE semantics: preconditions, protected namespaces, propagation finalizers, graceful deletion (pods) and
// finalizer-blocked deletion; an immediate delete removes the object.
import type { GVR, KObject } from '../api-types'
import type { StoreCore } from './core'
import { StatusError, errors } from './errors'
import { rfc3339 } from './ids'
import { clone, sameJSON } from './objects'
import type { DeleteOptions } from './types'

/** `object` is the stored (frozen) object, or for a dry run a private copy. */
export function deleteObject(core: StoreCore, gvr: GVR, namespace: string | undefined, name: string, dopts: DeleteOptions = {}): { object: KObject; deleted: boolean } {
  const i = core.info(gvr)
  const ns = core.nsFor(i, namespace)
  const old = core.peek(i, ns, name)
  if (!old) throw errors.notFound(i.group, i.resource, name)
  const pre = dopts.preconditions
  if (pre?.uid && pre.uid !== old.metadata.uid) {
    throw new StatusError({
      ...errors.conflict(i.group, i.resource, name).status,
      message: `Operation cannot be fulfilled on ${i.resource}${i.group ? '.' + i.group : ''} "${name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
    })
  }
  if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
    throw new StatusError({
      ...errors.conflict(i.group, i.resource, name).status,
      message: `Operation cannot be fulfilled on ${i.resource}${i.group ? '.' + i.group : ''} "${name}": Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
    })
  }
  if (i.resource === 'namespaces' && ['default', 'kube-system', 'kube-public'].includes(name)) {
    throw errors.forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' })
  }
  // Only metadata (and a namespace's status, replaced whole) changes: the frozen rest of the stored object is shared.
  const next: KObject = { ...old, metadata: { ...old.metadata } }
  const md = next.metadata
  const finalizers = new Set(md.finalizers ?? [])
  if (!md.deletionTimestamp) {
    if (dopts.propagationPolicy === 'Orphan') {
      finalizers.delete('foregroundDeletion')
      finalizers.add('orphan')
    } else if (dopts.propagationPolicy === 'Foreground') {
      finalizers.delete('orphan')
      finalizers.add('foregroundDeletion')
    }
  }
  if (finalizers.size) md.finalizers = [...finalizers]
  const defaultGrace = core.strat(i).defaultGracePeriod?.(old)
  let grace = defaultGrace === undefined ? 0 : (dopts.gracePeriodSeconds ?? defaultGrace)
  if (grace < 0) grace = 0
  if (md.deletionTimestamp) {
    // Already terminating: a shorter grace period (e.g. --force) shortens it; 0 with no finalizers removes it.
    const cur = md.deletionGracePeriodSeconds ?? 0
    if (grace >= cur && !(grace === 0 && cur === 0)) return { object: old, deleted: false }
  }
  const blocked = finalizers.size > 0 || core.blockedByNamespaceFinalizers(i, next)
  if (grace > 0 || blocked) {
    const wasTerminating = !!old.metadata.deletionTimestamp
    md.deletionGracePeriodSeconds = grace
    if (!wasTerminating || grace < (old.metadata.deletionGracePeriodSeconds ?? 0)) md.deletionTimestamp = rfc3339(core.clock.now() + grace * 1000)
    if (i.resource === 'namespaces') next.status = { ...(next.status ?? {}), phase: 'Terminating' }
    if (dopts.dryRun) return { object: clone(next), deleted: false }
    if (sameJSON(next, old)) return { object: old, deleted: false }
    return { object: core.commit('MODIFIED', i, next, old), deleted: false }
  }
  if (!md.deletionTimestamp) {
    md.deletionTimestamp = core.nowStr()
    md.deletionGracePeriodSeconds = 0
  }
  if (dopts.dryRun) return { object: clone(next), deleted: true }
  return { object: core.commit('DELETED', i, next, old), deleted: true }
}
