// namespace-controller (+ the root-CA publisher and serviceaccounts-controller): a new namespace gets its
// `default` ServiceAccount and `kube-root-ca.crt`; a terminating one is emptied, then finalized.
import type { Clock } from '../clock'
import { isStatusError } from '../store/errors'
import { GVRS } from '../store/registry'
import { onChangeRefs, watchRefs } from '../store/store'
import type { Store } from '../store/types'
import { createQueue } from './queue'
import type { Controller } from './scheduler'

export function startNamespaceController(deps: { store: Store; clock: Clock }): Controller {
  const { store, clock } = deps
  const q = createQueue(clock, 'namespace', reconcile)
  const unwatch = watchRefs(store, GVRS.namespaces, {}, (e) => q.add(e.object.metadata.name!))
  // While a namespace drains, every deletion inside it may be the last one.
  const unChange = onChangeRefs(store, (c) => {
    const ns = c.object.metadata.namespace
    if (c.type === 'DELETED' && ns) q.add(ns)
  })

  function ensure(ns: string, gvr: typeof GVRS.serviceaccounts | typeof GVRS.configmaps, obj: any): void {
    try {
      store.get(gvr, ns, obj.metadata.name)
    } catch (e) {
      if (!(isStatusError(e) && e.code === 404)) throw e
      store.create(gvr, ns, obj)
    }
  }

  function reconcile(name: string): void {
    let ns
    try {
      ns = store.get(GVRS.namespaces, undefined, name)
    } catch {
      return
    }
    if (!ns.metadata.deletionTimestamp) {
      ensure(name, GVRS.serviceaccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } })
      ensure(name, GVRS.configmaps, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt' },
        data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n' },
      })
      return
    }
    let remaining = 0
    for (const info of store.resources()) {
      if (!info.namespaced) continue
      const gvr = { group: info.group, version: info.version, resource: info.resource }
      for (const o of store.list(gvr, { namespace: name }).items) {
        remaining++
        if (!o.metadata.deletionTimestamp) {
          try {
            store.delete(gvr, name, o.metadata.name!, { propagationPolicy: 'Background' })
          } catch (e) {
            if (!(isStatusError(e) && e.code === 404)) throw e
          }
        }
      }
    }
    if (remaining === 0 && (ns.spec?.finalizers ?? []).length) {
      store.update(GVRS.namespaces, undefined, name, { ...ns, spec: { ...ns.spec, finalizers: [] } }, { subresource: 'finalize' })
    }
  }

  return {
    dispose() {
      unwatch()
      unChange()
      q.dispose()
    },
  }
}
