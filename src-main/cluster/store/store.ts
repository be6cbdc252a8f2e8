// The in-memory object store: etcd plus the apiserver's generic registry. One global integer resourceVersion,
// optimistic concurrency, graceful deletion with finalizers, watch with replay from an in-memory event log, and
// defaulting/validation through the strategy table. Objects handed out are deep copies; stored objects are never
// mutated after commit (the event log and the ref readers share them).
// Parts: core.ts (commit point), object-table.ts (namespace index), watch-hub.ts (log + watchers),
// create.ts / update.ts / delete.ts (write semantics), refs.ts (zero-copy readers, and writers that return the
// stored object instead of a copy).
import type { GVR, KObject } from '../api-types'
import type { Clock } from '../clock'
import { STRATEGIES } from '../strategies'
import { StoreCore } from './core'
import { createObject } from './create'
import { deleteObject } from './delete'
import { errors } from './errors'
import { clone, deepFreeze } from './objects'
import { RESOURCES, apiVersionOf } from './registry'
import { registerRefAccess } from './refs'
import { fieldMatcher, labelMatcher } from './selectors'
import type { StrategyTable } from './strategy'
import type { ListOptions, Store, WatchEvent, WatchOptions } from './types'
import { updateObject } from './update'
import type { Watcher } from './watch-hub'

export { randomSuffix, rfc3339, uuidV4, NAME_ALPHABET } from './ids'
export { adoptRef, createRef, deleteRef, getRef, listRefs, listRefsPage, onChangeRefs, updateRef, watchRefs } from './refs'

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

interface Page {
  items: readonly Readonly<KObject>[]
  resourceVersion: string
  continue?: string
}

/** The write paths return the stored (frozen) object or a private copy (dry run); Store callers get their own copy. */
function own(o: KObject): KObject {
  return Object.isFrozen(o) ? clone(o) : o
}

export function createStore(opts: StoreOptions): Store & StoreAdmin {
  const core = new StoreCore(opts.clock, opts.random, opts.strategies ?? STRATEGIES, opts.logSize ?? 10_000)

  /** One page of matching stored objects in key order; the continue token carries the last key handed out. */
  function page(gvr: GVR, lo: ListOptions): Page {
    const i = core.info(gvr)
    const lm = labelMatcher(lo.labelSelector)
    const fm = fieldMatcher(i.resource, lo.fieldSelector)
    const ns = i.namespaced ? lo.namespace || undefined : undefined
    let after: string | undefined
    if (lo.continue) {
      try {
        after = String(JSON.parse(atob(lo.continue)).start)
      } catch {
        throw errors.badRequest('continue key is not valid: illegal base64 data')
      }
    }
    const limit = lo.limit && lo.limit > 0 ? lo.limit : Infinity
    const everything = !lo.labelSelector?.trim() && !lo.fieldSelector?.trim()
    const found = core.table(i).page(ns, after, everything ? undefined : (o) => lm(o.metadata.labels) && fm(o), limit)
    const cont = found.more ? btoa(JSON.stringify({ rv: core.rv, start: found.lastKey })) : undefined
    return { items: found.items, resourceVersion: String(core.rv), continue: cont }
  }

  function watch(gvr: GVR, wopts: WatchOptions, listener: (ev: WatchEvent) => void, shared: boolean): () => void {
    const i = core.info(gvr)
    const lm = labelMatcher(wopts.labelSelector)
    const fm = fieldMatcher(i.resource, wopts.fieldSelector)
    const w: Watcher = {
      rkey: `${i.group}/${i.resource}`,
      namespace: i.namespaced ? wopts.namespace || undefined : undefined,
      matches: (o) => lm(o.metadata.labels) && fm(o),
      matchesAll: !wopts.labelSelector?.trim() && !wopts.fieldSelector?.trim(),
      listener,
      shared,
      closed: false,
    }
    const from = wopts.resourceVersion
    if (from && from !== '0') {
      const n = Number(from)
      if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`invalid resource version: ${from}`)
      core.hub.replay(w, n)
    } else {
      for (const o of page(gvr, { namespace: wopts.namespace, labelSelector: wopts.labelSelector, fieldSelector: wopts.fieldSelector }).items) {
        try {
          listener({ type: 'ADDED', object: shared ? (o as KObject) : clone(o as KObject) })
        } catch {
          // Listener failures are the listener's problem.
        }
      }
    }
    return core.hub.add(w)
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
      const i = core.info(gvr)
      const o = core.peek(i, core.nsFor(i, namespace), name)
      if (!o) throw errors.notFound(i.group, i.resource, name)
      return clone(o)
    },

    list(gvr, lo: ListOptions = {}) {
      const p = page(gvr, lo)
      return { items: p.items.map((o) => clone(o as KObject)), resourceVersion: p.resourceVersion, continue: p.continue }
    },

    create: (gvr, namespace, input, wo) => own(createObject(core, gvr, namespace, input, wo)),
    update: (gvr, namespace, name, input, wo) => own(updateObject(core, gvr, namespace, name, input, wo)),
    delete: (gvr, namespace, name, dopts) => {
      const r = deleteObject(core, gvr, namespace, name, dopts)
      return { object: own(r.object), deleted: r.deleted }
    },
    watch: (gvr, wopts, listener) => watch(gvr, wopts, listener, false),

    resourceVersion: () => String(core.rv),
    onChange: (listener) => core.hub.onChange(listener),

    restore(objects, resourceVersion) {
      for (const t of core.tables.values()) t.clear()
      for (const { gvr, object } of objects) core.table(core.info(gvr)).set(deepFreeze(clone(object)))
      let max = resourceVersion
      for (const { object } of objects) max = Math.max(max, Number(object.metadata.resourceVersion ?? 0) || 0)
      core.rv = max
      core.hub.reset(core.rv)
    },

    dump() {
      const out: { gvr: GVR; object: KObject }[] = []
      for (const i of RESOURCES) {
        const g = core.gvrOf(i)
        for (const o of core.table(i).values()) out.push({ gvr: g, object: clone(o) })
      }
      return out
    },
  }

  registerRefAccess(store, {
    list: (gvr, lo) => page(gvr, lo),
    get: (gvr, namespace, name) => {
      const i = core.info(gvr)
      return core.peek(i, core.nsFor(i, namespace), name)
    },
    watch: (gvr, wopts, listener) => watch(gvr, wopts, listener, true),
    onChange: (listener) => core.hub.onChange(listener, true),
    create: (gvr, namespace, input, wo, adopt) => createObject(core, gvr, namespace, input, wo, adopt),
    update: (gvr, namespace, name, input, wo) => updateObject(core, gvr, namespace, name, input, wo),
    delete: (gvr, namespace, name, dopts) => deleteObject(core, gvr, namespace, name, dopts),
  })
  return store
}
