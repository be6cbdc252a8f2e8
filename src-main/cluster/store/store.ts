// The in-memory object store: etcd plus the apiserver's generic registry. One global integer resourceVersion,
// optimistic concurrency, graceful deletion with finalizers, watch with replay from an in-memory event log, and
// defaulting/validation through the strategy table. Objects handed out are deep copies; stored objects are never
// mutated after commit (the event log shares them).
import type { GVR, KObject, StatusCause } from '../api-types'
import type { Clock } from '../clock'
import { StatusError, errors } from './errors'
import { RESOURCES, apiVersionOf } from './registry'
import { fieldMatcher, labelMatcher } from './selectors'
import type { Strategy, StrategyContext, StrategyTable } from './strategy'
import type { Change, DeleteOptions, ListOptions, ResourceInfo, Store, WatchEvent, WatchOptions, WriteOptions } from './types'
import { STRATEGIES } from '../strategies'
import { randomSuffix, rfc3339, uuidV4 } from './ids'

export { randomSuffix, rfc3339, uuidV4, NAME_ALPHABET } from './ids'

export interface StoreAdmin {
  /** Replace all state (load from SQLite / a checkpoint). Emits no changes; open watches are not notified. */
  restore(objects: { gvr: GVR; object: KObject }[], resourceVersion: number): void
  /** Every stored object (deep copies), for snapshots. */
  dump(): { gvr: GVR; object: KObject }[]
}

export interface StoreOptions {
  clock: Clock
  random: () => number
  /** Override the strategy table (tests). */
  strategies?: StrategyTable
  /** Event-log length kept for watch replay. */
  logSize?: number
}

interface LogEntry {
  rv: number
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  rkey: string
  object: KObject
  prev?: KObject
}

interface Watcher {
  rkey: string
  namespace?: string
  matches: (o: KObject) => boolean
  listener: (ev: WatchEvent) => void
  closed: boolean
}

const clone = <T>(o: T): T => structuredClone(o)

/** Stored objects are shared by the event log and by `listRefs`; freezing them turns an accidental write into a throw. */
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o)
    for (const v of Object.values(o)) deepFreeze(v)
  }
  return o
}

type ListRefs = (gvr: GVR, opts?: ListOptions) => readonly Readonly<KObject>[]
const refListers = new WeakMap<Store, ListRefs>()

/**
 * In-process controllers only: what `store.list(gvr, opts).items` would return (same filter, same order, no paging),
 * but the stored objects themselves, deep-frozen, instead of copies. A controller that lists every pod on every
 * event cannot afford a structuredClone per pod per list. Falls back to `list()` for any other Store.
 */
export function listRefs(store: Store, gvr: GVR, opts: Omit<ListOptions, 'limit' | 'continue'> = {}): readonly Readonly<KObject>[] {
  const f = refListers.get(store)
  return f ? f(gvr, opts) : store.list(gvr, opts).items
}

type GetRef = (gvr: GVR, namespace: string | undefined, name: string) => Readonly<KObject> | undefined
const refGetters = new WeakMap<Store, GetRef>()

/** In-process controllers only: the stored object (deep-frozen, not a copy), or undefined where `get()` would 404. */
export function getRef(store: Store, gvr: GVR, namespace: string | undefined, name: string): Readonly<KObject> | undefined {
  const f = refGetters.get(store)
  if (f) return f(gvr, namespace, name)
  try {
    return store.get(gvr, namespace, name)
  } catch (e) {
    if (e instanceof StatusError && e.code === 404) return undefined
    throw e
  }
}

/** Kinds whose strategy maintains metadata.generation (in 1.32 pods, services, configmaps… have none). */
const GENERATION = new Set(['apps/statefulsets', 'apps/deployments', 'apps/replicasets'])

function rkeyOf(gvr: { group: string; resource: string }): string {
  return `${gvr.group}/${gvr.resource}`
}

function specOf(o: KObject): unknown {
  // Everything but metadata/status counts as "spec" for generation purposes (ConfigMap data, CR data…).
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o
  return rest
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function createStore(opts: StoreOptions): Store & StoreAdmin {
  const { clock, random } = opts
  const strategies = opts.strategies ?? STRATEGIES
  const logSize = opts.logSize ?? 10_000
  const byResource = new Map<string, Map<string, KObject>>() // rkey → "ns/name" → object
  for (const info of RESOURCES) byResource.set(rkeyOf(info), new Map())
  let rv = 1
  let log: LogEntry[] = []
  let logStart = rv // events with rv > logStart are all in the log
  const watchers = new Set<Watcher>()
  const changeListeners = new Set<(c: Change) => void>()
  // Deliveries are queued so a listener that writes cannot reorder events for the listeners after it.
  const outbox: LogEntry[] = []
  let delivering = false

  const nowStr = () => rfc3339(clock.now())

  function info(gvr: { group: string; resource: string }): ResourceInfo {
    const i = RESOURCES.find((r) => r.group === gvr.group && r.resource === gvr.resource)
    if (!i) throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 })
    return i
  }
  function table(i: ResourceInfo): Map<string, KObject> {
    return byResource.get(rkeyOf(i))!
  }
  function strat(i: ResourceInfo): Strategy {
    return strategies[rkeyOf(i)] ?? {}
  }
  function nsFor(i: ResourceInfo, namespace: string | undefined): string {
    return i.namespaced ? (namespace ?? '') : ''
  }
  function okey(ns: string, name: string): string {
    return `${ns}/${name}`
  }
  function peek(i: ResourceInfo, ns: string, name: string): KObject | undefined {
    return table(i).get(okey(ns, name))
  }

  const ctx: StrategyContext = {
    now: nowStr,
    random,
    list: (gvr) => [...table(info(gvr)).values()],
    get: (gvr, ns, name) => {
      const i = info(gvr)
      return peek(i, nsFor(i, ns), name)
    },
  }

  function deliver(): void {
    if (delivering) return
    delivering = true
    try {
      while (outbox.length) {
        const e = outbox.shift()!
        const change: Change = { type: e.type, gvr: gvrOf(e.rkey), object: e.object, resourceVersion: e.rv }
        for (const w of [...watchers]) if (!w.closed && w.rkey === e.rkey) sendTo(w, e)
        for (const l of [...changeListeners]) {
          try {
            l({ ...change, object: clone(change.object) })
          } catch {
            // A broken observer must not break the write path.
          }
        }
      }
    } finally {
      delivering = false
    }
  }

  function gvrOf(rkey: string): GVR {
    const i = RESOURCES.find((r) => rkeyOf(r) === rkey)!
    return { group: i.group, version: i.version, resource: i.resource }
  }

  /** Translate a change into what a filtered watcher sees (k8s: leaving the selection is a DELETED). */
  function sendTo(w: Watcher, e: LogEntry): void {
    const inNs = (o: KObject | undefined) => !!o && (!w.namespace || o.metadata.namespace === w.namespace)
    const now = inNs(e.object) && w.matches(e.object)
    const before = e.prev !== undefined && inNs(e.prev) && w.matches(e.prev)
    let type: WatchEvent['type'] | undefined
    if (e.type === 'ADDED') type = now ? 'ADDED' : undefined
    else if (e.type === 'DELETED') type = now || before ? 'DELETED' : undefined
    else if (now && before) type = 'MODIFIED'
    else if (now) type = 'ADDED'
    else if (before) type = 'DELETED'
    if (!type) return
    try {
      w.listener({ type, object: clone(e.object) })
    } catch {
      // Listener failures are the listener's problem.
    }
  }

  function commit(type: LogEntry['type'], i: ResourceInfo, obj: KObject, prev?: KObject): KObject {
    rv++
    obj.metadata.resourceVersion = String(rv)
    const key = okey(obj.metadata.namespace ?? '', obj.metadata.name!)
    deepFreeze(obj)
    if (type === 'DELETED') table(i).delete(key)
    else table(i).set(key, obj)
    const entry: LogEntry = { rv, type, rkey: rkeyOf(i), object: obj, prev }
    log.push(entry)
    if (log.length > logSize) {
      const drop = log.length - logSize
      logStart = log[drop - 1].rv
      log = log.slice(drop)
    }
    outbox.push(entry)
    deliver()
    return clone(obj)
  }

  function invalid(i: ResourceInfo, name: string, causes: StatusCause[]): StatusError {
    return errors.invalid(i.group, i.kind, name, causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', ...c })))
  }

  /** Matching [key, stored object] pairs in key order (the list order). */
  function select(i: ResourceInfo, lo: ListOptions): [string, KObject][] {
    const lm = labelMatcher(lo.labelSelector)
    const fm = fieldMatcher(i.resource, lo.fieldSelector)
    const ns = i.namespaced ? lo.namespace || undefined : undefined
    return [...table(i).entries()]
      .filter(([, o]) => (!ns || o.metadata.namespace === ns) && lm(o.metadata.labels) && fm(o))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  function checkKind(i: ResourceInfo, obj: KObject): void {
    const want = apiVersionOf(i)
    if ((obj.apiVersion && obj.apiVersion !== want) || (obj.kind && obj.kind !== i.kind)) {
      throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`)
    }
  }

  const store: Store & StoreAdmin = {
    resources: () => RESOURCES.map((r) => clone(r)),
    resource: (group, resource) => {
      const r = RESOURCES.find((x) => x.group === group && x.resource === resource)
      return r && clone(r)
    },
    resourceForKind: (apiVersion, kind) => {
      const r = RESOURCES.find((x) => apiVersionOf(x) === apiVersion && x.kind === kind)
      return r && clone(r)
    },

    get(gvr, namespace, name) {
      const i = info(gvr)
      const o = peek(i, nsFor(i, namespace), name)
      if (!o) throw errors.notFound(i.group, i.resource, name)
      return clone(o)
    },

    list(gvr, lo: ListOptions = {}) {
      let items = select(info(gvr), lo)
      if (lo.continue) {
        let start: string
        try {
          start = JSON.parse(atob(lo.continue)).start
        } catch {
          throw errors.badRequest('continue key is not valid: illegal base64 data')
        }
        items = items.filter(([k]) => k > start)
      }
      let cont: string | undefined
      if (lo.limit && lo.limit > 0 && items.length > lo.limit) {
        items = items.slice(0, lo.limit)
        cont = btoa(JSON.stringify({ rv, start: items[items.length - 1][0] }))
      }
      return { items: items.map(([, o]) => clone(o)), resourceVersion: String(rv), continue: cont }
    },

    create(gvr, namespace, input, wo: WriteOptions = {}) {
      const i = info(gvr)
      checkKind(i, input)
      const obj = clone(input)
      obj.apiVersion = apiVersionOf(i)
      obj.kind = i.kind
      obj.metadata = obj.metadata ?? {}
      const md = obj.metadata
      if (i.namespaced) {
        const ns = namespace || md.namespace || 'default'
        if (md.namespace && namespace && md.namespace !== namespace) {
          throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
        }
        md.namespace = ns
        const nsObj = peek(info({ group: '', resource: 'namespaces' }), '', ns)
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
          md.name = md.generateName + randomSuffix(random)
          if (!peek(i, md.namespace ?? '', md.name)) break
        }
      }
      if (!md.name) throw invalid(i, '', [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }])
      md.uid = uuidV4(random)
      md.creationTimestamp = nowStr()
      if (GENERATION.has(rkeyOf(i))) md.generation = 1
      else delete md.generation
      delete md.deletionTimestamp
      delete md.deletionGracePeriodSeconds
      delete md.resourceVersion
      delete md.managedFields
      const st = strat(i)
      st.prepareForCreate?.(obj, ctx)
      const causes = st.validate?.(obj, ctx) ?? []
      if (causes.length) throw invalid(i, md.name, causes)
      if (peek(i, md.namespace ?? '', md.name)) throw errors.alreadyExists(i.group, i.resource, md.name)
      if (wo.dryRun) return clone(obj)
      return commit('ADDED', i, obj)
    },

    update(gvr, namespace, name, input, wo: WriteOptions = {}) {
      const i = info(gvr)
      checkKind(i, input)
      const ns = nsFor(i, namespace)
      const old = peek(i, ns, name)
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
        next = clone(old)
        next.status = clone(input.status)
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
      delete md.managedFields
      if (old.metadata.deletionTimestamp) {
        // A terminating object may lose finalizers but not gain new ones.
        const had = new Set(old.metadata.finalizers ?? [])
        const added = (md.finalizers ?? []).filter((f) => !had.has(f))
        if (added.length) {
          throw errors.forbidden(`${i.resource} "${name}" is forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"${added.join('", "')}"}`)
        }
      }
      const st = strat(i)
      if (wo.subresource !== 'status' && wo.subresource !== 'binding' && wo.subresource !== 'finalize') {
        st.prepareForUpdate?.(next, old, ctx)
        const causes = st.validateUpdate?.(next, old, ctx) ?? []
        if (causes.length) throw invalid(i, name, causes)
      }
      if (GENERATION.has(rkeyOf(i)) && !sameJSON(specOf(next), specOf(old))) md.generation = (old.metadata.generation ?? 1) + 1
      md.resourceVersion = old.metadata.resourceVersion
      if (md.finalizers && md.finalizers.length === 0) delete md.finalizers
      if (sameJSON(next, old)) return clone(old) // no-op updates don't bump resourceVersion
      if (wo.dryRun) return clone(next)
      // Removing the last finalizer of an object whose deletion is due completes the deletion.
      if (md.deletionTimestamp && !md.finalizers?.length && !blockedByNamespaceFinalizers(i, next) && md.deletionGracePeriodSeconds === 0) {
        return commit('DELETED', i, next, old)
      }
      return commit('MODIFIED', i, next, old)
    },

    delete(gvr, namespace, name, dopts: DeleteOptions = {}) {
      const i = info(gvr)
      const ns = nsFor(i, namespace)
      const old = peek(i, ns, name)
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
      const next = clone(old)
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
      const defaultGrace = strat(i).defaultGracePeriod?.(old)
      let grace = defaultGrace === undefined ? 0 : (dopts.gracePeriodSeconds ?? defaultGrace)
      if (grace < 0) grace = 0
      if (md.deletionTimestamp) {
        // Already terminating: a shorter grace period (e.g. --force) shortens it; 0 with no finalizers removes it.
        const cur = md.deletionGracePeriodSeconds ?? 0
        if (grace >= cur && !(grace === 0 && cur === 0)) return { object: clone(old), deleted: false }
      }
      const blocked = finalizers.size > 0 || blockedByNamespaceFinalizers(i, next)
      if (grace > 0 || blocked) {
        const wasTerminating = !!old.metadata.deletionTimestamp
        md.deletionGracePeriodSeconds = grace
        if (!wasTerminating || grace < (old.metadata.deletionGracePeriodSeconds ?? 0)) md.deletionTimestamp = rfc3339(clock.now() + grace * 1000)
        if (i.resource === 'namespaces') next.status = { ...(next.status ?? {}), phase: 'Terminating' }
        if (dopts.dryRun) return { object: clone(next), deleted: false }
        if (sameJSON(next, old)) return { object: clone(old), deleted: false }
        return { object: commit('MODIFIED', i, next, old), deleted: false }
      }
      if (!md.deletionTimestamp) {
        md.deletionTimestamp = nowStr()
        md.deletionGracePeriodSeconds = 0
      }
      if (dopts.dryRun) return { object: clone(next), deleted: true }
      return { object: commit('DELETED', i, next, old), deleted: true }
    },

    watch(gvr, wopts: WatchOptions, listener) {
      const i = info(gvr)
      const lm = labelMatcher(wopts.labelSelector)
      const fm = fieldMatcher(i.resource, wopts.fieldSelector)
      const w: Watcher = {
        rkey: rkeyOf(i),
        namespace: i.namespaced ? wopts.namespace || undefined : undefined,
        matches: (o) => lm(o.metadata.labels) && fm(o),
        listener,
        closed: false,
      }
      const from = wopts.resourceVersion
      if (from && from !== '0') {
        const n = Number(from)
        if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`invalid resource version: ${from}`)
        if (n < logStart) throw errors.gone(`too old resource version: ${n} (${logStart + 1})`)
        for (const e of log) if (e.rv > n && e.rkey === w.rkey) sendTo(w, e)
      } else {
        const items = store.list(gvr, { namespace: wopts.namespace, labelSelector: wopts.labelSelector, fieldSelector: wopts.fieldSelector }).items
        for (const o of items) {
          try {
            listener({ type: 'ADDED', object: o })
          } catch {
            // ignore
          }
        }
      }
      watchers.add(w)
      return () => {
        w.closed = true
        watchers.delete(w)
      }
    },

    resourceVersion: () => String(rv),

    onChange(listener) {
      changeListeners.add(listener)
      return () => changeListeners.delete(listener)
    },

    restore(objects, resourceVersion) {
      for (const m of byResource.values()) m.clear()
      for (const { gvr, object } of objects) {
        const i = info(gvr)
        const o = deepFreeze(clone(object))
        table(i).set(okey(o.metadata.namespace ?? '', o.metadata.name!), o)
      }
      let max = resourceVersion
      for (const { object } of objects) max = Math.max(max, Number(object.metadata.resourceVersion ?? 0) || 0)
      rv = max
      log = []
      logStart = rv
    },

    dump() {
      const out: { gvr: GVR; object: KObject }[] = []
      for (const i of RESOURCES) {
        const g = { group: i.group, version: i.version, resource: i.resource }
        for (const o of table(i).values()) out.push({ gvr: g, object: clone(o) })
      }
      return out
    },
  }

  /** Namespaces carry `spec.finalizers: [kubernetes]` until the namespace controller has emptied them. */
  function blockedByNamespaceFinalizers(i: ResourceInfo, o: KObject): boolean {
    return i.resource === 'namespaces' && (o.spec?.finalizers?.length ?? 0) > 0
  }

  refListers.set(store, (gvr, lo = {}) => select(info(gvr), lo).map(([, o]) => o))
  refGetters.set(store, (gvr, namespace, name) => {
    const i = info(gvr)
    return peek(i, nsFor(i, namespace), name)
  })
  return store
}
