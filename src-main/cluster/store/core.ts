// What the store's write paths (create.ts, update.ts, delete.ts) share: resource lookup, the indexed tables, the
// strategy table and the single commit point that stamps the resourceVersion, freezes, stores and publishes.
import type { GVR, KObject, StatusCause } from '../api-types'
import type { Clock } from '../clock'
import { StatusError, errors } from './errors'
import { FALLBACK_STRATEGIES } from './fallback-strategies'
import { rfc3339 } from './ids'
import { ObjectTable } from './object-table'
import { deepFreeze, rkeyOf } from './objects'
import { RESOURCES, apiVersionOf } from './registry'
import type { Strategy, StrategyContext, StrategyTable } from './strategy'
import type { ResourceInfo } from './types'
import { WatchHub, type LogEntry } from './watch-hub'

export class StoreCore {
  readonly tables = new Map<string, ObjectTable>()
  rv = 1
  readonly hub: WatchHub
  readonly ctx: StrategyContext
  // group → resource → info: two lookups on the caller's strings instead of building a `group/resource` key string
  // for every call (controllers read through here many times per write).
  private readonly infoByGroup = new Map<string, Map<string, ResourceInfo>>()
  private readonly tableByInfo = new Map<ResourceInfo, ObjectTable>()
  private readonly keyByInfo = new Map<ResourceInfo, string>(RESOURCES.map((r) => [r, rkeyOf(r)]))
  private readonly stratByInfo = new Map<ResourceInfo, Strategy>()
  private readonly gvrByInfo = new Map<ResourceInfo, GVR>()
  private readonly apiVersionByInfo = new Map<ResourceInfo, string>(RESOURCES.map((r) => [r, apiVersionOf(r)]))

  constructor(
    readonly clock: Clock,
    readonly random: () => number,
    private readonly strategies: StrategyTable,
    logSize: number,
  ) {
    for (const i of RESOURCES) {
      let g = this.infoByGroup.get(i.group)
      if (!g) this.infoByGroup.set(i.group, (g = new Map()))
      g.set(i.resource, i)
      const t = new ObjectTable()
      this.tables.set(rkeyOf(i), t)
      this.tableByInfo.set(i, t)
    }
    this.hub = new WatchHub(logSize, this.rv)
    this.ctx = {
      now: () => this.nowStr(),
      random,
      list: (gvr) => this.table(this.info(gvr)).values(),
      get: (gvr, ns, name) => {
        const i = this.info(gvr)
        return this.peek(i, this.nsFor(i, ns), name)
      },
    }
  }

  nowStr(): string {
    return rfc3339(this.clock.now())
  }

  info(gvr: { group: string; resource: string }): ResourceInfo {
    const i = this.infoByGroup.get(gvr.group)?.get(gvr.resource)
    if (!i) throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 })
    return i
  }
  table(i: ResourceInfo): ObjectTable {
    return this.tableByInfo.get(i) ?? this.tables.get(rkeyOf(i))!
  }
  /** `group/resource`, the key of tables, strategies and watchers. */
  key(i: ResourceInfo): string {
    return this.keyByInfo.get(i) ?? rkeyOf(i)
  }
  /** 'v1' / 'apps/v1' for the resource. */
  apiVersion(i: ResourceInfo): string {
    return this.apiVersionByInfo.get(i) ?? apiVersionOf(i)
  }
  strat(i: ResourceInfo): Strategy {
    let s = this.stratByInfo.get(i)
    if (!s) this.stratByInfo.set(i, (s = this.strategies[rkeyOf(i)] ?? FALLBACK_STRATEGIES[rkeyOf(i)] ?? {}))
    return s
  }
  nsFor(i: ResourceInfo, namespace: string | undefined): string {
    return i.namespaced ? (namespace ?? '') : ''
  }
  peek(i: ResourceInfo, ns: string, name: string): KObject | undefined {
    return this.table(i).get(ns, name)
  }

  /** The one place state changes: next resourceVersion, freeze, store, log, notify. Returns the stored (frozen)
   *  object: the Store methods hand their callers a copy of it, the ref writers (refs.ts) the object itself. */
  commit(type: LogEntry['type'], i: ResourceInfo, obj: KObject, prev?: KObject): KObject {
    this.rv++
    obj.metadata.resourceVersion = String(this.rv)
    deepFreeze(obj)
    if (type === 'DELETED') this.table(i).delete(obj.metadata.namespace ?? '', obj.metadata.name!)
    else this.table(i).set(obj)
    this.hub.record({ type, gvr: this.gvrRef(i), object: obj, resourceVersion: this.rv, rv: this.rv, rkey: this.key(i), prev })
    return obj
  }

  invalid(i: ResourceInfo, name: string, causes: StatusCause[]): StatusError {
    return errors.invalid(i.group, i.kind, name, causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', ...c })))
  }

  checkKind(i: ResourceInfo, obj: KObject): void {
    const want = this.apiVersion(i)
    if ((obj.apiVersion && obj.apiVersion !== want) || (obj.kind && obj.kind !== i.kind)) {
      throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`)
    }
  }

  /** Namespaces carry `spec.finalizers: [kubernetes]` until the namespace controller has emptied them. */
  blockedByNamespaceFinalizers(i: ResourceInfo, o: KObject): boolean {
    return i.resource === 'namespaces' && (o.spec?.finalizers?.length ?? 0) > 0
  }

  /** The resource's GVR, one shared frozen object per resource (every committed change carries it). */
  private gvrRef(i: ResourceInfo): GVR {
    let g = this.gvrByInfo.get(i)
    if (!g) this.gvrByInfo.set(i, (g = Object.freeze(this.gvrOf(i))))
    return g
  }

  gvrOf(i: ResourceInfo): GVR {
    return { group: i.group, version: i.version, resource: i.resource }
  }
}

/** managedFields are kept opaque here: the API server computes them. An update that omits them (every in-process
 *  controller write) keeps the old ones; `[{}]` clears them, as on a real server. */
export function mergeManagedFields(next: KObject, old: KObject | undefined): void {
  const mf = next.metadata.managedFields
  if (mf === undefined || (Array.isArray(mf) && mf.length === 0)) {
    // Shared, not copied: the stored object's parts are frozen and never written.
    if (old?.metadata.managedFields) next.metadata.managedFields = old.metadata.managedFields
    else delete next.metadata.managedFields
  } else if (!Array.isArray(mf) || (mf.length === 1 && mf[0] && typeof mf[0] === 'object' && !Object.keys(mf[0] as object).length)) {
    delete next.metadata.managedFields
  }
}
