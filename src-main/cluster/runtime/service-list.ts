// The Services of a namespace, for the service-link variables of every container start: listing them from the store
// per container was a store list per pod of a 1,000-replica StatefulSet, so the last list per namespace is kept.
import type { KObject } from '../api-types'
import { NamespaceLists } from '../store/namespace-lists'
import type { Store } from '../store/types'

const SERVICES = { group: '', version: 'v1', resource: 'services' }

export type ServiceLister = (namespace: string) => readonly Readonly<KObject>[]

export function createServiceLister(store: Store): ServiceLister {
  const lists = new NamespaceLists(store, SERVICES)
  return (namespace) => lists.in(namespace)
}
