// /openapi/v3: an index of group-versions and one document per group-version with paths (so kubectl sees that
// PATCH takes `fieldValidation` and leaves validation to us) and schemas (for `kubectl explain`).
import { createHash } from 'node:crypto'
import type { ResourceInfo } from '../../cluster/store/types'
import { defs, type Def } from './schema-defs'

const metaTypes = new Set(['ObjectMeta', 'OwnerReference', 'ManagedFieldsEntry', 'LabelSelector', 'LabelSelectorRequirement'])
const appsTypes = new Set([
  'StatefulSet', 'StatefulSetSpec', 'StatefulSetUpdateStrategy', 'RollingUpdateStatefulSetStrategy', 'PVCRetentionPolicy',
  'StatefulSetOrdinals', 'StatefulSetStatus', 'Deployment', 'DeploymentSpec', 'ReplicaSet', 'ReplicaSetSpec', 'ControllerRevision',
])
const pkgRenames: Record<string, string> = { PVCRetentionPolicy: 'StatefulSetPersistentVolumeClaimRetentionPolicy' }

export function schemaName(def: string): string {
  const n = pkgRenames[def] ?? def
  if (metaTypes.has(def)) return `io.k8s.apimachinery.pkg.apis.meta.v1.${n}`
  if (appsTypes.has(def)) return `io.k8s.api.apps.v1.${n}`
  if (def === 'StorageClass') return `io.k8s.api.storage.v1.${n}`
  if (def.startsWith('Scale')) return `io.k8s.api.autoscaling.v1.${n}`
  return `io.k8s.api.core.v1.${n}`
}

const ref = (def: string) => ({ $ref: `#/components/schemas/${schemaName(def)}` })
const quantity = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }
const openObject = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }

function typeSchema(t: string): Record<string, unknown> {
  if (t.startsWith('[')) {
    const [inner, key] = t.slice(1, -1).split('|')
    const s: Record<string, unknown> = { type: 'array', items: typeSchema(inner) }
    if (key) Object.assign(s, { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': [key] })
    return s
  }
  switch (t) {
    case 's':
      return { type: 'string' }
    case 'i32':
      return { type: 'integer', format: 'int32' }
    case 'i64':
      return { type: 'integer', format: 'int64' }
    case 'b':
      return { type: 'boolean' }
    case 't':
      return { type: 'string', format: 'date-time' }
    case 'q':
    case 'ios':
      return { ...quantity }
    case 'm':
      return { type: 'object', additionalProperties: { type: 'string', default: '' } }
    case 'mq':
      return { type: 'object', additionalProperties: { ...quantity } }
    case 'open':
      return { ...openObject }
    default:
      return { allOf: [ref(t)] }
  }
}

function defSchema(def: Def): Record<string, unknown> {
  const properties: Record<string, unknown> = {}
  for (const [field, spec] of Object.entries(def.f)) {
    const [t, d] = Array.isArray(spec) ? spec : [spec, undefined]
    properties[field] = d ? { ...typeSchema(t), description: d } : typeSchema(t)
  }
  const s: Record<string, unknown> = { description: def.d, type: 'object', properties }
  if (def.required) s.required = def.required
  if (def.open) s['x-kubernetes-preserve-unknown-fields'] = true
  if (def.gvk) s['x-kubernetes-group-version-kind'] = [def.gvk]
  return s
}

/** Every schema, plus open placeholder schemas for served kinds we have no definition for. */
function allSchemas(resources: ResourceInfo[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(defs)) out[schemaName(name)] = defSchema(def)
  for (const r of resources) {
    if (!defs[r.kind]) {
      out[placeholderName(r)] = {
        description: `${r.kind} object.`,
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { allOf: [ref('ObjectMeta')] } },
        'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: r.kind }],
      }
    }
  }
  out['io.k8s.apimachinery.pkg.apis.meta.v1.Status'] = { description: 'Result of an operation that returns no object.', ...openObject }
  out['io.k8s.apimachinery.pkg.apis.meta.v1.Patch'] = { description: 'A patch body; its format follows the Content-Type.', type: 'object' }
  return out
}

function placeholderName(r: ResourceInfo): string {
  const pkg = r.group ? r.group.split('.')[0] : 'core'
  return `io.k8s.api.${pkg}.${r.version}.${r.kind}`
}

function kindRef(r: ResourceInfo) {
  return { $ref: `#/components/schemas/${defs[r.kind] ? schemaName(r.kind) : placeholderName(r)}` }
}

const q = (name: string, description: string, type = 'string') => ({ name, in: 'query', description, schema: { type, uniqueItems: true } })
const writeParams = [
  q('dryRun', 'All: validate and return the result without persisting it.'),
  q('fieldManager', 'Name of the actor making the change.'),
  q('fieldValidation', 'Ignore, Warn (default) or Strict handling of unknown or duplicate fields.'),
]
const listParams = [
  q('labelSelector', 'Only objects whose labels match.'),
  q('fieldSelector', 'Only objects whose fields match.'),
  q('limit', 'Page size.', 'integer'),
  q('continue', 'Token from the previous page.'),
  q('resourceVersion', 'Where a watch starts.'),
  q('timeoutSeconds', 'End the list/watch after this long.', 'integer'),
  q('watch', 'Stream changes instead of listing.', 'boolean'),
  q('allowWatchBookmarks', 'Allow BOOKMARK events.', 'boolean'),
]

function op(r: ResourceInfo, action: string, summary: string, body: boolean, params: unknown[], gvk = { group: r.group, version: r.version, kind: r.kind }, schema: unknown = kindRef(r)) {
  const o: Record<string, unknown> = {
    description: summary,
    operationId: `${action}${r.kind}`,
    parameters: params,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema } } }, '401': { description: 'Unauthorized' } },
    tags: [r.group ? `${r.group.split('.')[0]}_${r.version}` : `core_${r.version}`],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  }
  if (body) {
    const content: Record<string, unknown> =
      action === 'patch'
        ? Object.fromEntries(
            ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'].map((t) => [
              t,
              { schema: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } },
            ]),
          )
        : { '*/*': { schema } }
    o.requestBody = { content, required: true }
  }
  return o
}

function pathsFor(r: ResourceInfo): Record<string, unknown> {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`
  const nsPart = r.namespaced ? '/namespaces/{namespace}' : ''
  const pathParams = (withName: boolean) => [
    ...(withName ? [{ name: 'name', in: 'path', required: true, description: `Name of the ${r.kind}.`, schema: { type: 'string', uniqueItems: true } }] : []),
    ...(r.namespaced ? [{ name: 'namespace', in: 'path', required: true, description: 'Object namespace.', schema: { type: 'string', uniqueItems: true } }] : []),
  ]
  const out: Record<string, unknown> = {}
  out[`${base}${nsPart}/${r.resource}`] = {
    get: op(r, 'list', `List or watch ${r.kind} objects.`, false, listParams),
    post: op(r, 'post', `Create a ${r.kind}.`, true, writeParams),
    delete: op(r, 'deletecollection', `Delete a collection of ${r.kind} objects.`, true, [...listParams.slice(0, 2), q('dryRun', 'All: do not persist.')]),
    parameters: pathParams(false),
  }
  out[`${base}${nsPart}/${r.resource}/{name}`] = {
    get: op(r, 'get', `Read the ${r.kind}.`, false, []),
    put: op(r, 'put', `Replace the ${r.kind}.`, true, writeParams),
    patch: op(r, 'patch', `Partially update the ${r.kind}.`, true, [...writeParams, q('force', 'Take over conflicting fields (apply only).', 'boolean')]),
    delete: op(r, 'delete', `Delete the ${r.kind}.`, true, [q('dryRun', 'All: do not persist.'), q('gracePeriodSeconds', 'Seconds before the object is removed.', 'integer'), q('propagationPolicy', 'Orphan, Background or Foreground.')]),
    parameters: pathParams(true),
  }
  if (r.namespaced) out[`${base}/${r.resource}`] = { get: op(r, 'list', `List or watch ${r.kind} objects in all namespaces.`, false, listParams) }
  for (const sub of r.subresources) {
    if (sub === 'status') {
      out[`${base}${nsPart}/${r.resource}/{name}/status`] = {
        get: op(r, 'get', `Read the status of the ${r.kind}.`, false, []),
        put: op(r, 'put', `Replace the status of the ${r.kind}.`, true, writeParams),
        patch: op(r, 'patch', `Partially update the status of the ${r.kind}.`, true, [...writeParams, q('force', 'Take over conflicting fields.', 'boolean')]),
        parameters: pathParams(true),
      }
    } else if (sub === 'scale') {
      const gvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' }
      const schema = ref('Scale')
      out[`${base}${nsPart}/${r.resource}/{name}/scale`] = {
        get: op(r, 'get', `Read the scale of the ${r.kind}.`, false, [], gvk, schema),
        put: op(r, 'put', `Replace the scale of the ${r.kind}.`, true, writeParams, gvk, schema),
        patch: op(r, 'patch', `Partially update the scale of the ${r.kind}.`, true, [...writeParams, q('force', 'Take over conflicting fields.', 'boolean')], gvk, schema),
        parameters: pathParams(true),
      }
    }
  }
  return out
}

export function gvKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`
}

export function openApiDocument(resources: ResourceInfo[], key: string): Record<string, unknown> | undefined {
  const mine = resources.filter((r) => gvKey(r.group, r.version) === key)
  if (!mine.length) return undefined
  const paths: Record<string, unknown> = {}
  for (const r of mine) Object.assign(paths, pathsFor(r))
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.4' },
    paths,
    components: { schemas: allSchemas(resources), securitySchemes: { BearerToken: { type: 'apiKey', in: 'header', name: 'authorization' } } },
    security: [{ BearerToken: [] }],
  }
}

/** The index kubectl reads first: each group-version with a content-hashed URL (clients cache by hash). */
export function openApiIndex(resources: ResourceInfo[]): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {}
  const keys = [...new Set(resources.map((r) => gvKey(r.group, r.version)))]
  for (const key of keys) {
    const doc = openApiDocument(resources, key)
    const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase()
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` }
  }
  return { paths }
}
