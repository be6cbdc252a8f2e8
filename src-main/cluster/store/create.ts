// POST semantics: namespace checks, generateName, server-set metadata, defaulting + validation, AlreadyExists.
import type { GVR, KObject } from '../api-types'
import type { StoreCore } from './core'
import { mergeManagedFields } from './core'
import { errors } from './errors'
import { randomSuffix, uuidV4 } from './ids'
import { GENERATION, clone } from './objects'
import type { WriteOptions } from './types'

const NAMESPACES = { group: '', resource: 'namespaces' }

/** Returns the stored (frozen) object, or for a dry run a private copy. `adopt`: the caller built `input` for this
 *  call alone and hands it over (refs.ts adoptRef), so it becomes the stored version itself instead of a copy, unless
 *  a defaulting hook might write into parts of it the caller took from stored (frozen) objects. */
export function createObject(core: StoreCore, gvr: GVR, namespace: string | undefined, input: KObject, wo: WriteOptions = {}, adopt = false): KObject {
  const i = core.info(gvr)
  core.checkKind(i, input)
  const st = core.strat(i)
  const obj = adopt && !st.prepareForCreate && !wo.dryRun && !Object.isFrozen(input) && !Object.isFrozen(input.metadata) ? input : clone(input)
  obj.apiVersion = core.apiVersion(i)
  obj.kind = i.kind
  obj.metadata = obj.metadata ?? {}
  const md = obj.metadata
  if (i.namespaced) {
    const ns = namespace || md.namespace || 'default'
    if (md.namespace && namespace && md.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
    }
    md.namespace = ns
    const nsObj = core.peek(core.info(NAMESPACES), '', ns)
    if (!nsObj) throw errors.notFound('', 'namespaces', ns)
    if (nsObj.metadata.deletionTimestamp) {
      throw errors.forbidden(
        `${i.resource}${i.group ? '.' + i.group : ''} "${md.name ?? md.generateName ?? ''}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        { name: md.name, group: i.group || undefined, kind: i.resource },
      )
    }
  } else delete md.namespace
  if (!md.name && md.generateName) {
    for (let tries = 0; tries < 10; tries++) {
      md.name = md.generateName + randomSuffix(core.random)
      if (!core.peek(i, md.namespace ?? '', md.name)) break
    }
  }
  if (!md.name) throw core.invalid(i, '', [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }])
  md.uid = uuidV4(core.random)
  md.creationTimestamp = core.nowStr()
  if (GENERATION.has(core.key(i))) md.generation = 1
  else delete md.generation
  delete md.deletionTimestamp
  delete md.deletionGracePeriodSeconds
  delete md.resourceVersion
  mergeManagedFields(obj, undefined)
  st.prepareForCreate?.(obj, core.ctx)
  const causes = st.validate?.(obj, core.ctx) ?? []
  if (causes.length) throw core.invalid(i, md.name, causes)
  if (core.peek(i, md.namespace ?? '', md.name)) throw errors.alreadyExists(i.group, i.resource, md.name)
  if (wo.dryRun) return clone(obj)
  return core.commit('ADDED', i, obj)
}
