// The Services of a namespace, for the service-link variables of every container start. Listing them from the store
// per container was a store list per pod of a 1,000-replica StatefulSet; this keeps the last list per namespace and
// drops it when a Service of that namespace changes.
import type { KObject } from '../api-types'
import { listRefs, onChangeRefs } from '../store/refs'
import type { Store } from '../store/types'

const SERVICES = { group: '', version: 'v1', resource: 'services' }

export type ServiceLister = (namespace: string) => readonly Readonly<KObject>[]

export function createServiceLister(store: Store): ServiceLister {
  const byNamespace = new Map<string, readonly Readonly<KObject>[]>()
  // The resourceVersion of the newest change delivered to us. Deliveries are queued (a write made while listeners
  // run is delivered after them), so a change can be committed before we hear of it: only when the store's
  // resourceVersion is this one has every committed change, Services included, reached the listener below.
  let seen = -1
  onChangeRefs(store, (c) => {
    seen = c.resourceVersion
    if (c.gvr.resource === 'services' && c.gvr.group === '') byNamespace.delete(c.object.metadata.namespace ?? '')
  })
  return (namespace) => {
    if (Number(store.resourceVersion()) !== seen) return listRefs(store, SERVICES, { namespace })
    let list = byNamespace.get(namespace)
    if (!list) byNamespace.set(namespace, (list = listRefs(store, SERVICES, { namespace })))
    return list
  }
}
