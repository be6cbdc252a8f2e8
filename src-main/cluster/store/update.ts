// PUT semantics and the status / binding / finalize subresources: optimistic concurrency, immutable identity,
// terminating objects, generation bumps, no-op detection, and deletion completing when the last finalizer goes.
import type { GVR, KObject } from '../api-types'
import type { StoreCore } from './core'
import { mergeManagedFields } from './core'
import { StatusError, errors } from './errors'
import { GENERATION, clone, rkeyOf, sameJSON, specOf } from './objects'
import type { WriteOptions } from './types'

export function updateObject(core: StoreCore, gvr: GVR, namespace: string | undefined, name: string, input: KObject, wo: WriteOptions = {}): KObject {
  const i = core.info(gvr)
  core.checkKind(i, input)
  const ns = core.nsFor(i, namespace)
  const old = core.peek(i, ns, name)
  if (!old) throw errors.notFound(i.group, i.resource, name)
  if (input.metadata?.name && input.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${input.metadata.name}) does not match the name on the URL (${name})`)
  }
  if (input.metadata?.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion) {
    throw errors.conflict(i.group, i.resource, name)
  }
  const hasStatus = i.subresources.includes('status')
  let next: KObject
  if (wo.subresource === 'status') {
    // Only metadata (stamped below) and status change: the rest of the stored object is frozen and never mutated,
    // so the new version shares it instead of deep-copying a pod's whole spec on every status write.
    next = { ...old, metadata: clone(old.metadata), status: clone(input.status) }
  } else if (wo.subresource === 'binding') {
    // pods/binding: only spec.nodeName may be set, once.
    if (old.spec?.nodeName) {
      throw errors.conflict(i.group, i.resource, name)
    }
    next = clone(old)
    next.spec.nodeName = input.spec?.nodeName
    if (input.status?.conditions) next.status = { ...next.status, conditions: clone(input.status.conditions) }
  } else if (wo.subresource === 'finalize') {
    // namespaces/finalize: only spec.finalizers changes (the namespace controller empties it).
    next = clone(old)
    next.spec = { ...(next.spec ?? {}), finalizers: clone(input.spec?.finalizers ?? []) }
  } else {
    next = clone(input)
    next.apiVersion = old.apiVersion
    next.kind = old.kind
    next.metadata = next.metadata ?? {}
    if (hasStatus) next.status = clone(old.status)
    else if (next.status === undefined && old.status !== undefined && i.resource !== 'events') next.status = clone(old.status)
  }
  const md = next.metadata
  // Identity and server-owned metadata cannot be changed by clients.
  md.name = old.metadata.name
  if (i.namespaced) md.namespace = old.metadata.namespace
  else delete md.namespace
  md.uid = old.metadata.uid
  md.creationTimestamp = old.metadata.creationTimestamp
  if (old.metadata.generation === undefined) delete md.generation
  else md.generation = old.metadata.generation
  if (old.metadata.generateName) md.generateName = old.metadata.generateName
  if (old.metadata.deletionTimestamp) {
    md.deletionTimestamp = old.metadata.deletionTimestamp
    md.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds
  } else {
    delete md.deletionTimestamp
    delete md.deletionGracePeriodSeconds
  }
  mergeManagedFields(next, old)
  if (old.metadata.deletionTimestamp) {
    // A terminating object may lose finalizers but not gain new ones.
    const had = new Set(old.metadata.finalizers ?? [])
    const added = (md.finalizers ?? []).filter((f) => !had.has(f))
    if (added.length) {
      throw errors.forbidden(`${i.resource} "${name}" is forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"${added.join('", "')}"}`)
    }
  }
  const st = core.strat(i)
  if (wo.subresource !== 'status' && wo.subresource !== 'binding' && wo.subresource !== 'finalize') {
    st.prepareForUpdate?.(next, old, core.ctx)
    const causes = st.validateUpdate?.(next, old, core.ctx) ?? []
    if (causes.length) throw core.invalid(i, name, causes)
  }
  if (GENERATION.has(rkeyOf(i)) && !sameJSON(specOf(next), specOf(old))) md.generation = (old.metadata.generation ?? 1) + 1
  md.resourceVersion = old.metadata.resourceVersion
  if (md.finalizers && md.finalizers.length === 0) delete md.finalizers
  if (sameJSON(next, old)) return clone(old) // no-op updates don't bump resourceVersion
  if (wo.dryRun) return clone(next)
  // Removing the last finalizer of an object whose deletion is due completes the deletion.
  if (md.deletionTimestamp && !md.finalizers?.length && !core.blockedByNamespaceFinalizers(i, next) && md.deletionGracePeriodSeconds === 0) {
    return core.commit('DELETED', i, next, old)
  }
  return core.commit('MODIFIED', i, next, old)
}
