// PUT semantics and the status / binding / finalize subresources: optimistic concurrency, immutable identity,
// terminating objects, generation bumps, no-op detection, and deletion completing when the last finalizer goes.
import type { GVR, KObject } from '../api-types'
import type { StoreCore } from './core'
import { mergeManagedFields } from './core'
import { StatusError, errors } from './errors'
import { GENERATION, clone, cloneReusing, cloneUnfrozen, sameJSON, specOf } from './objects'
import type { WriteOptions } from './types'

/** A private top level for the new version's metadata (the update writes only top-level fields into it); below that,
 *  the caller's parts are copied except where they repeat the stored ones (labels, ownerReferences, annotations…). */
function ownMetadata(input: KObject['metadata'] | undefined, old: KObject['metadata']): KObject['metadata'] | undefined {
  if (input === undefined || input === null || typeof input !== 'object') return clone(input)
  const out: Record<string, unknown> = {}
  for (const k in input) {
    const v = (input as Record<string, unknown>)[k]
    out[k] = v !== null && typeof v === 'object' ? cloneReusing(v, (old as Record<string, unknown>)[k]) : v
  }
  return out as KObject['metadata']
}

/** The new version's top level for a plain update: its own metadata (see ownMetadata), a private deep copy of spec
 *  when a prepareForUpdate hook will default into it, and the caller's other parts with their frozen pieces shared. */
function ownTopLevel(input: KObject, old: KObject, privateSpec: boolean): KObject {
  const out: Record<string, unknown> = {}
  for (const k in input) {
    const v = (input as Record<string, unknown>)[k]
    out[k] = k === 'metadata' ? ownMetadata(v as KObject['metadata'], old.metadata) : k === 'spec' && privateSpec ? clone(v) : cloneUnfrozen(v)
  }
  if (!('metadata' in out)) out.metadata = undefined // (where it goes when missing: last, as before)
  return out as KObject
}

/** Returns the stored (frozen) object (the old one for a no-op), or for a dry run a private copy. */
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
  const st = core.strat(i)
  let next: KObject
  if (wo.subresource === 'status') {
    // Only metadata (stamped below) and status change: the rest of the stored object is frozen and never mutated,
    // so the new version shares it instead of deep-copying a pod's whole spec on every status write. Nothing below
    // writes into the new status either, so the parts of it a controller took from the stored object are shared too.
    // And what the new status repeats of the stored one (most conditions, container statuses) keeps the stored parts.
    next = { ...old, metadata: { ...old.metadata }, status: cloneReusing(input.status, old.status) }
  } else if (wo.subresource === 'binding') {
    // pods/binding: only spec.nodeName may be set, once.
    if (old.spec?.nodeName) {
      throw errors.conflict(i.group, i.resource, name)
    }
    // Only spec.nodeName (and the conditions) change: the rest of the frozen stored pod is shared.
    next = { ...old, metadata: { ...old.metadata }, spec: { ...old.spec, nodeName: input.spec?.nodeName } }
    if (input.status?.conditions) next.status = { ...next.status, conditions: clone(input.status.conditions) }
  } else if (wo.subresource === 'finalize') {
    // namespaces/finalize: only spec.finalizers changes (the namespace controller empties it).
    next = clone(old)
    next.spec = { ...(next.spec ?? {}), finalizers: clone(input.spec?.finalizers ?? []) }
  } else {
    // Below, only metadata is written into, and a prepareForUpdate hook (defaulting) writes into spec: those two are
    // private copies; frozen parts of the rest that the caller took from the stored object (`{ ...event, count }`)
    // are shared instead of copied.
    next = ownTopLevel(input, old, !!st.prepareForUpdate)
    next.apiVersion = old.apiVersion
    next.kind = old.kind
    next.metadata = next.metadata ?? {}
    // The stored status is frozen: the new version shares it (a prepareForUpdate hook only rewrites spec fields).
    if (hasStatus) next.status = old.status
    else if (next.status === undefined && old.status !== undefined && i.resource !== 'events') next.status = old.status
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
  if (wo.subresource !== 'status' && wo.subresource !== 'binding' && wo.subresource !== 'finalize') {
    st.prepareForUpdate?.(next, old, core.ctx)
    const causes = st.validateUpdate?.(next, old, core.ctx) ?? []
    if (causes.length) throw core.invalid(i, name, causes)
  }
  if (GENERATION.has(core.key(i)) && !sameJSON(specOf(next), specOf(old))) md.generation = (old.metadata.generation ?? 1) + 1
  md.resourceVersion = old.metadata.resourceVersion
  if (md.finalizers && md.finalizers.length === 0) delete md.finalizers
  if (sameJSON(next, old)) return old // no-op updates don't bump resourceVersion
  if (wo.dryRun) return clone(next)
  // Removing the last finalizer of an object whose deletion is due completes the deletion.
  if (md.deletionTimestamp && !md.finalizers?.length && !core.blockedByNamespaceFinalizers(i, next) && md.deletionGracePeriodSeconds === 0) {
    return core.commit('DELETED', i, next, old)
  }
  return core.commit('MODIFIED', i, next, old)
}
