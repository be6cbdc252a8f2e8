// Resource routes: list/get/watch, create, update, patch (4 types), delete, deletecollection, and the status and
// scale subresources. The store does defaulting, validation and resourceVersions; this layer speaks HTTP.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { GVR, KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import { errors, isStatusError, StatusError } from '../cluster/store/errors'
import type { DeleteOptions, ResourceInfo } from '../cluster/store/types'
import { checkFields, decodeBody, fieldValidationMode } from './body'
import { readBody, readRawBody, sendJson, successStatus } from './http-util'
import { wantsPartialMetadata, wantsTable, tableContentType } from './negotiate'
import { applyPatch, patchContentTypes, type PatchType } from './patch'
import type { ResourcePath } from './routes'
import { buildTable, partialObjectMetadata, printerFor, type IncludeObject } from './tables/index'
import { serveWatch, type WatchRegistry } from './watch'
import { formatSelector } from './tables/types'
import { listRefsPage } from '../cluster/store/refs'
import { applyOwnership, managerFromUserAgent, recordUpdate } from './managed-fields'
import { rfc3339 } from '../cluster/store/ids'

export interface ResourceCtx {
  cluster: Cluster
  req: IncomingMessage
  res: ServerResponse
  query: URLSearchParams
  watches: WatchRegistry
  /** Sets the audit verb once the route is known. */
  setVerb(verb: string): void
  /** A long-lived stream (watch) has started: record it in the audit log now. */
  streaming(): void
  /** Period of BOOKMARK events on watches that allow them. */
  bookmarkIntervalMs: number
}

export function pageNotFound(): never {
  throw new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  })
}

function gvOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version
}

function typeMeta(info: ResourceInfo) {
  return (obj: KObject): KObject => (obj.kind && obj.apiVersion ? obj : { ...obj, apiVersion: gvOf(info), kind: info.kind })
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject')
  return v === 'None' || v === 'Object' ? v : 'Metadata'
}

function isDryRun(q: URLSearchParams, body?: any): boolean {
  const d = q.getAll('dryRun')
  if (d.includes('All')) return true
  if (Array.isArray(body?.dryRun) && body.dryRun.includes('All')) return true
  return false
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name)
  if (v === null || v === '') return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) throw errors.badRequest(`invalid value for ${name}: "${v}"`)
  return n
}

function truthy(q: URLSearchParams, name: string): boolean {
  const v = q.get(name)
  return v === 'true' || v === '1'
}

export async function handleResource(ctx: ResourceCtx, p: ResourcePath): Promise<void> {
  const { cluster, req, res, query } = ctx
  const store = cluster.store
  const info = store.resource(p.group, p.resource)
  if (!info || info.version !== p.version) pageNotFound()
  if (!info.namespaced && p.namespace !== undefined) pageNotFound()
  const gvr: GVR = { group: info.group, version: info.version, resource: info.resource }
  const ns = info.namespaced ? p.namespace : undefined
  const method = req.method ?? 'GET'
  const tm = typeMeta(info)
  const tableV = wantsTable(req.headers.accept)
  const printer = printerFor(info.group, info.resource)
  const now = () => cluster.clock.now()

  if (p.subresource) {
    if (p.subresource === 'status') return handleStatus(ctx, info, gvr, ns, p.name!)
    if (p.subresource === 'scale' && info.subresources.includes('scale')) return handleScale(ctx, info, gvr, ns, p.name!)
    pageNotFound()
  }

  // ---- collection ----
  if (p.name === undefined) {
    if (method === 'GET') {
      const watch = p.legacyWatch || truthy(query, 'watch')
      const listOpts = {
        namespace: ns,
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
      }
      if (watch) {
        ctx.setVerb('watch')
        // Streaming lists (sendInitialEvents=true): current objects as ADDED, then a bookmark marking their end.
        const initialEvents = truthy(query, 'sendInitialEvents')
        if (initialEvents && query.get('resourceVersionMatch') !== 'NotOlderThan')
          throw errors.invalid('meta.k8s.io', 'ListOptions', '', [{ reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan" }])
        serveWatch(
          req,
          res,
          {
            store,
            gvr,
            opts: { ...listOpts, resourceVersion: initialEvents ? undefined : (query.get('resourceVersion') ?? undefined), allowWatchBookmarks: truthy(query, 'allowWatchBookmarks') },
            typeMeta: tm,
            table: tableV ? { printer, include: includeObject(query), contentType: tableContentType(tableV), now } : undefined,
            partialMetadata: wantsPartialMetadata(req.headers.accept),
            timeoutSeconds: intParam(query, 'timeoutSeconds'),
            bookmarks: truthy(query, 'allowWatchBookmarks') ? { intervalMs: ctx.bookmarkIntervalMs, kind: info.kind, apiVersion: gvOf(info) } : undefined,
            initialEventsEnd: initialEvents,
          },
          ctx.watches,
        )
        if (!res.writableEnded) ctx.streaming()
        return
      }
      ctx.setVerb('list')
      // Stored (frozen) objects, not copies: they are only read and serialized here.
      const result = listRefsPage(store, gvr, { ...listOpts, limit: intParam(query, 'limit'), continue: query.get('continue') ?? undefined })
      const items = result.items.map((o) => tm(o as KObject))
      if (tableV) {
        const table = buildTable(printer, items, now(), { include: includeObject(query), resourceVersion: result.resourceVersion, continue: result.continue })
        return sendJson(res, 200, table, tableContentType(tableV))
      }
      const metadata: Record<string, string> = { resourceVersion: result.resourceVersion }
      if (result.continue) metadata.continue = result.continue
      if (wantsPartialMetadata(req.headers.accept)) {
        return sendJson(res, 200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: items.map(partialObjectMetadata) }, 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io')
      }
      return sendJson(res, 200, { kind: `${info.kind}List`, apiVersion: gvOf(info), metadata, items })
    }
    if (method === 'POST') {
      ctx.setVerb('create')
      const body = decodeBody(await readRawBody(req), req.headers['content-type'])
      const obj = checkBodyObject(body, info, ns)
      checkFields(obj, info.kind, gvOf(info), fieldValidationMode(query), res)
      const manager = fieldManager(ctx)
      obj.metadata.managedFields = recordUpdate(info.kind, undefined, obj, manager, gvOf(info), rfc3339(now()))
      const created = store.create(gvr, ns, obj, { dryRun: isDryRun(query), fieldManager: manager })
      return sendJson(res, 201, tm(created))
    }
    if (method === 'DELETE') {
      ctx.setVerb('deletecollection')
      const opts = await deleteOptions(req, query)
      const listed = store.list(gvr, { namespace: ns, labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined })
      const out: KObject[] = []
      for (const o of listed.items) {
        try {
          out.push(tm(store.delete(gvr, o.metadata.namespace, o.metadata.name!, opts).object))
        } catch (e) {
          if (!(isStatusError(e) && e.code === 404)) throw e
        }
      }
      return sendJson(res, 200, { kind: `${info.kind}List`, apiVersion: gvOf(info), metadata: { resourceVersion: store.resourceVersion() }, items: out })
    }
    throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`)
  }

  // ---- single object ----
  const name = p.name
  if (method === 'GET') {
    if (truthy(query, 'watch') || p.legacyWatch) pageNotFound()
    ctx.setVerb('get')
    const obj = tm(store.get(gvr, ns, name))
    if (tableV) return sendJson(res, 200, buildTable(printer, [obj], now(), { include: includeObject(query), resourceVersion: obj.metadata.resourceVersion }), tableContentType(tableV))
    if (wantsPartialMetadata(req.headers.accept)) return sendJson(res, 200, partialObjectMetadata(obj), 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io')
    return sendJson(res, 200, obj)
  }
  if (method === 'PUT') {
    ctx.setVerb('update')
    const body = decodeBody(await readRawBody(req), req.headers['content-type'])
    const obj = checkBodyObject(body, info, ns)
    if (obj.metadata.name !== name)
      throw errors.badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`)
    checkFields(obj, info.kind, gvOf(info), fieldValidationMode(query), res)
    const manager = fieldManager(ctx)
    const current = store.get(gvr, ns, name)
    if (!resetsManagedFields(obj)) obj.metadata.managedFields = recordUpdate(info.kind, current, obj, manager, gvOf(info), rfc3339(now()))
    const updated = store.update(gvr, ns, name, obj, { dryRun: isDryRun(query), fieldManager: manager })
    return sendJson(res, 200, tm(updated))
  }
  if (method === 'PATCH') {
    ctx.setVerb('patch')
    const { code, object } = await patchObject(ctx, info, gvr, ns, name, undefined)
    return sendJson(res, code, tm(object))
  }
  if (method === 'DELETE') {
    ctx.setVerb('delete')
    const opts = await deleteOptions(req, query)
    const r = store.delete(gvr, ns, name, opts)
    const obj = tm(r.object)
    // Like the real registry: a finished delete answers with a Success Status (pods return the object), a pending
    // graceful/finalized delete with the object as it is now.
    if (r.deleted && info.resource !== 'pods') {
      return sendJson(res, 200, successStatus({ name, group: info.group || undefined, kind: info.resource, uid: obj.metadata.uid }))
    }
    return sendJson(res, 200, obj)
  }
  throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`)
}

/** Body of POST/PUT must be an object of the right kind, in the namespace of the URL. */
function checkBodyObject(body: any, info: ResourceInfo, ns: string | undefined): KObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`)
  const gv = gvOf(info)
  if (body.kind === undefined || body.kind === '') body.kind = info.kind
  if (body.apiVersion === undefined || body.apiVersion === '') body.apiVersion = gv
  if (body.apiVersion !== gv) throw errors.badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${gv})`)
  if (body.kind !== info.kind) throw errors.badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${info.kind})`)
  body.metadata ??= {}
  if (ns !== undefined) {
    if (body.metadata.namespace && body.metadata.namespace !== ns)
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
    body.metadata.namespace = ns
  }
  return body as KObject
}

async function deleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const text = await readBody(req)
  let body: any = {}
  if (text.trim()) body = decodeBody(text, req.headers['content-type'])
  const opts: DeleteOptions = {}
  const policy = body.propagationPolicy ?? q.get('propagationPolicy') ?? undefined
  if (policy !== undefined) {
    if (!['Background', 'Foreground', 'Orphan'].includes(policy))
      throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`)
    opts.propagationPolicy = policy
  } else if (body.orphanDependents === true || q.get('orphanDependents') === 'true') opts.propagationPolicy = 'Orphan'
  const grace = body.gracePeriodSeconds ?? intParam(q, 'gracePeriodSeconds')
  if (grace !== undefined) opts.gracePeriodSeconds = Number(grace)
  if (isDryRun(q, body)) opts.dryRun = true
  if (body.preconditions) opts.preconditions = body.preconditions
  return opts
}

/** Read-modify-write with the current resourceVersion; retried when a controller wrote in between. */
async function patchObject(
  ctx: ResourceCtx,
  info: ResourceInfo,
  gvr: GVR,
  ns: string | undefined,
  name: string,
  subresource: 'status' | undefined,
  transform?: { toView(obj: KObject): KObject; fromView(obj: KObject, view: KObject): KObject },
): Promise<{ code: number; object: KObject }> {
  const { req, query, res, cluster } = ctx
  const store = cluster.store
  const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() as PatchType
  if (!patchContentTypes.includes(ct))
    throw errors.unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json, application/apply-patch+cbor`,
    )
  const text = await readBody(req)
  const patch = decodeBody(text, ct === 'application/apply-patch+yaml' ? 'application/yaml' : 'application/json')
  const mode = fieldValidationMode(query)
  const isApply = ct === 'application/apply-patch+yaml'
  if (isApply && !query.get('fieldManager'))
    throw errors.badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch')
  const force = query.get('force')
  if (force !== null && force !== '' && !isApply) throw errors.badRequest('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch')
  const manager = fieldManager(ctx)
  const opts = { dryRun: isDryRun(query), fieldManager: manager, subresource }
  const time = () => rfc3339(cluster.clock.now())
  const ownership = (current: KObject | undefined, merged: KObject) =>
    applyOwnership({ kind: info.kind, group: info.group, resource: info.resource, name, current, config: patch, merged, manager, apiVersion: gvOf(info), time: time(), force: force === 'true' })

  for (let attempt = 0; ; attempt++) {
    let current: KObject | undefined
    try {
      current = typeMeta(info)(store.get(gvr, ns, name))
    } catch (e) {
      if (!(isStatusError(e) && e.code === 404 && ct === 'application/apply-patch+yaml' && !transform && !subresource)) throw e
    }
    if (!current) {
      // Server-side apply of a new object creates it.
      const obj = checkBodyObject(patch, info, ns)
      if (obj.metadata.name && obj.metadata.name !== name)
        throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`)
      obj.metadata.name = name
      checkFields(obj, info.kind, gvOf(info), mode, res)
      return { code: 201, object: store.create(gvr, ns, ownership(undefined, obj), opts) }
    }
    const view = transform ? transform.toView(current) : current
    const patched = applyPatch(ct, view.kind, view, patch)
    if (typeof patched !== 'object' || patched === null) throw errors.badRequest('the patch produced an invalid object')
    if (!transform) checkFields(patched, info.kind, gvOf(info), mode, res)
    patched.metadata ??= {}
    if (patched.metadata.name !== undefined && patched.metadata.name !== name)
      throw errors.badRequest(`the name of the object (${patched.metadata.name}) does not match the name on the URL (${name})`)
    const explicitRV = patchSetsResourceVersion(ct, patch)
    let next = transform ? transform.fromView(current, patched) : patched
    if (!transform && !subresource) {
      if (isApply) next = ownership(current, next)
      else next.metadata.managedFields = recordUpdate(info.kind, current, next, manager, gvOf(info), time())
    }
    if (!explicitRV) next.metadata.resourceVersion = current.metadata.resourceVersion
    try {
      return { code: 200, object: store.update(gvr, ns, name, next, opts) }
    } catch (e) {
      if (!explicitRV && attempt < 5 && isStatusError(e) && e.reason === 'Conflict') continue
      throw e
    }
  }
}

/** The field manager of a write: ?fieldManager=, else derived from the client's user agent like the real server. */
function fieldManager(ctx: ResourceCtx): string {
  const m = ctx.query.get('fieldManager')
  if (m !== null && m !== '') {
    if (m.length > 128) throw errors.badRequest(`fieldManager: Too long: may not be more than 128 bytes`)
    return m
  }
  return managerFromUserAgent(ctx.req.headers['user-agent'])
}

/** `managedFields: [{}]` in a request is how a client clears them. */
function resetsManagedFields(obj: KObject): boolean {
  const mf = obj.metadata?.managedFields
  return Array.isArray(mf) && mf.length === 1 && typeof mf[0] === 'object' && mf[0] !== null && !Object.keys(mf[0]).length
}

function patchSetsResourceVersion(ct: PatchType, patch: any): boolean {
  if (ct === 'application/json-patch+json') return Array.isArray(patch) && patch.some((op) => op?.path === '/metadata/resourceVersion')
  return typeof patch?.metadata?.resourceVersion === 'string'
}

async function handleStatus(ctx: ResourceCtx, info: ResourceInfo, gvr: GVR, ns: string | undefined, name: string): Promise<void> {
  const { req, res, cluster, query } = ctx
  const tm = typeMeta(info)
  const method = req.method ?? 'GET'
  if (method === 'GET') {
    ctx.setVerb('get')
    return sendJson(res, 200, tm(cluster.store.get(gvr, ns, name)))
  }
  if (method === 'PUT') {
    ctx.setVerb('update')
    const obj = checkBodyObject(decodeBody(await readRawBody(req), req.headers['content-type']), info, ns)
    const updated = cluster.store.update(gvr, ns, name, obj, { subresource: 'status', dryRun: isDryRun(query), fieldManager: query.get('fieldManager') ?? undefined })
    return sendJson(res, 200, tm(updated))
  }
  if (method === 'PATCH') {
    ctx.setVerb('patch')
    const r = await patchObject(ctx, info, gvr, ns, name, 'status')
    return sendJson(res, r.code, tm(r.object))
  }
  throw errors.methodNotAllowed('the server does not allow this method on the requested resource')
}

/** The autoscaling/v1 Scale view of a workload (kubectl scale insists on this kind in the reply). */
export function toScale(obj: KObject): KObject {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: { replicas: obj.status?.replicas ?? 0, selector: formatSelector(obj.spec?.selector).replace(/^<none>$/, '') },
  }
}

function fromScale(current: KObject, scale: KObject): KObject {
  const replicas = scale.spec?.replicas
  if (typeof replicas !== 'number' || !Number.isInteger(replicas))
    throw errors.badRequest(`Scale in version "v1" cannot be handled as a Scale: spec.replicas must be an integer`)
  const next = structuredClone(current)
  next.spec = { ...next.spec, replicas }
  if (scale.metadata?.resourceVersion) next.metadata.resourceVersion = scale.metadata.resourceVersion
  return next
}

async function handleScale(ctx: ResourceCtx, info: ResourceInfo, gvr: GVR, ns: string | undefined, name: string): Promise<void> {
  const { req, res, cluster, query } = ctx
  const method = req.method ?? 'GET'
  if (method === 'GET') {
    ctx.setVerb('get')
    return sendJson(res, 200, toScale(cluster.store.get(gvr, ns, name)))
  }
  if (method === 'PUT') {
    ctx.setVerb('update')
    const scale = decodeBody(await readRawBody(req), req.headers['content-type'])
    const current = cluster.store.get(gvr, ns, name)
    const updated = cluster.store.update(gvr, ns, name, fromScale(current, scale), { dryRun: isDryRun(query) })
    return sendJson(res, 200, toScale(updated))
  }
  if (method === 'PATCH') {
    ctx.setVerb('patch')
    const r = await patchObject(ctx, info, gvr, ns, name, undefined, { toView: toScale, fromView: fromScale })
    return sendJson(res, 200, toScale(r.object))
  }
  throw errors.methodNotAllowed('the server does not allow this method on the requested resource')
}
