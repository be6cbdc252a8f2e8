// Endpoints + EndpointSlice controllers: for every Service with a selector, the selected pods' IPs, split into
// ready `addresses` and `notReadyAddresses`, with a hostname only when the pod's subdomain is the Service's name
// (that is what gives StatefulSet pods their DNS names).
import type { KObject } from '../api-types'
import type { Clock } from '../clock'
import { randomSuffix, rfc3339 } from '../store/ids'
import { GVRS } from '../store/registry'
import { getRef, listRefs, watchRefs } from '../store/store'
import type { Store } from '../store/types'
import { createQueue, nsKey, splitKey } from './queue'
import type { Controller } from './scheduler'

export function podIsReady(pod: KObject): boolean {
  return pod.status?.phase === 'Running' && !!pod.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || !Object.keys(selector).length) return false
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v)
}

function ipSortKey(ip: string): string {
  return ip
    .split('.')
    .map((x) => x.padStart(3, '0'))
    .join('.')
}

/** Resolve a service port's targetPort against a pod (named ports look up the container port). */
function targetPortFor(svcPort: any, pod: KObject): number | undefined {
  const tp = svcPort.targetPort ?? svcPort.port
  if (typeof tp === 'number') return tp
  if (typeof tp === 'string' && /^\d+$/.test(tp)) return Number(tp)
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === (svcPort.protocol ?? 'TCP')) return p.containerPort
  return undefined
}

export function startEndpointsController(deps: { store: Store; clock: Clock; random: () => number }): Controller {
  const { store, clock, random } = deps
  const q = createQueue(clock, 'endpoints', reconcile)
  // namespace → its services, and whether each selects pods, from the services watch; plus, per namespace, the names
  // of the selecting ones in the order a list returns them (by name), built when a service changes, not per pod event.
  const servicesByNs = new Map<string, Map<string, boolean>>()
  const selectingByNs = new Map<string, string[]>()
  const unwatch = [
    watchRefs(store, GVRS.services, {}, (e) => {
      const ns = e.object.metadata.namespace ?? ''
      let names = servicesByNs.get(ns)
      if (e.type === 'DELETED') names?.delete(e.object.metadata.name!)
      else {
        if (!names) servicesByNs.set(ns, (names = new Map()))
        const selector = e.object.spec?.selector
        names.set(e.object.metadata.name!, !!selector && Object.keys(selector).length > 0)
      }
      if (names && !names.size) servicesByNs.delete(ns)
      const selecting = [...(names ?? [])].filter(([, sel]) => sel).map(([name]) => name).sort()
      if (selecting.length) selectingByNs.set(ns, selecting)
      else selectingByNs.delete(ns)
      q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))
    }),
    watchRefs(store, GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
      // A pod only shows in the endpoints of the services that select pods: a selector-less one (`kubernetes`,
      // hand-made endpoints) reconciles to the same nothing whatever a pod does.
      const ns = e.object.metadata.namespace
      for (const name of selectingByNs.get(ns ?? '') ?? []) q.add(nsKey(ns, name))
    }),
    watchRefs(store, GVRS.endpoints, { resourceVersion: store.resourceVersion() }, (e) => q.add(nsKey(e.object.metadata.namespace, e.object.metadata.name!))),
  ]

  // The stored (frozen) objects: reconcile reads them and writes through spread copies.
  function get(gvr: typeof GVRS.services | typeof GVRS.endpoints, ns: string | undefined, name: string): KObject | undefined {
    return getRef(store, gvr, ns, name) as KObject | undefined
  }

  function reconcile(key: string): void {
    const { namespace, name } = splitKey(key)
    const svc = get(GVRS.services, namespace, name)
    const existing = get(GVRS.endpoints, namespace, name)
    const slices = store.list(GVRS.endpointslices, { namespace, labelSelector: `kubernetes.io/service-name=${name},endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io` }).items
    if (!svc) {
      // Endpoints we manage go with their Service (the slices are owned and garbage-collected).
      if (existing && !existing.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror']) store.delete(GVRS.endpoints, namespace, name)
      return
    }
    const selector: Record<string, string> | undefined = svc.spec?.selector
    if (!selector || !Object.keys(selector).length) return // selector-less services are managed by hand
    const publishNotReady = !!svc.spec?.publishNotReadyAddresses
    const pods = listRefs(store, GVRS.pods, { namespace })
      .filter((p) => selects(selector, p.metadata.labels) && p.status?.podIP && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
      .sort((a, b) => (ipSortKey(a.status.podIP) < ipSortKey(b.status.podIP) ? -1 : 1))
    const ports = (svc.spec?.ports ?? []) as any[]
    // Group addresses by their resolved port set (usually one subset).
    const subsets = new Map<string, { addresses: any[]; notReadyAddresses: any[]; ports: any[] }>()
    const sliceEndpoints: any[] = []
    let slicePorts: any[] = []
    for (const pod of pods) {
      const terminating = !!pod.metadata.deletionTimestamp
      const ready = podIsReady(pod) && !terminating
      const addr: any = { ip: pod.status.podIP }
      if (pod.spec?.hostname && pod.spec?.subdomain === name) addr.hostname = pod.spec.hostname
      if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName
      addr.targetRef = { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid }
      const resolved: { name?: string; port: number; protocol: string }[] = []
      for (const p of ports) {
        const port = targetPortFor(p, pod)
        if (port === undefined) continue
        resolved.push(p.name ? { name: p.name, port, protocol: p.protocol ?? 'TCP' } : { port, protocol: p.protocol ?? 'TCP' })
      }
      if (!slicePorts.length) slicePorts = resolved.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }))
      sliceEndpoints.push({
        addresses: [pod.status.podIP],
        // publishNotReadyAddresses makes every endpoint count as ready for consumers (DNS, kube-proxy).
        conditions: { ready: publishNotReady || ready, serving: podIsReady(pod), terminating },
        ...(addr.hostname ? { hostname: addr.hostname } : {}),
        nodeName: pod.spec?.nodeName,
        targetRef: addr.targetRef,
      })
      if (terminating && !publishNotReady) continue
      const k = JSON.stringify(resolved)
      let s = subsets.get(k)
      if (!s) subsets.set(k, (s = { addresses: [], notReadyAddresses: [], ports: resolved }))
      if (ready || publishNotReady) s.addresses.push(addr)
      else s.notReadyAddresses.push(addr)
    }
    const subsetList = [...subsets.values()].map((s) => {
      const out: any = {}
      if (s.addresses.length) out.addresses = s.addresses
      if (s.notReadyAddresses.length) out.notReadyAddresses = s.notReadyAddresses
      if (s.ports.length) out.ports = s.ports
      return out
    })
    const labels = { ...(svc.metadata.labels ?? {}) }
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = ''
    const desired: KObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace, labels, ...(existing ? {} : { annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(clock.now()) } }) },
      ...(subsetList.length ? { subsets: subsetList } : {}),
    }
    if (!existing) store.create(GVRS.endpoints, namespace, desired)
    else if (JSON.stringify(existing.subsets ?? []) !== JSON.stringify(desired.subsets ?? []) || JSON.stringify(existing.metadata.labels ?? {}) !== JSON.stringify(labels)) {
      const anns = { ...(existing.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(clock.now()) }
      const next: KObject = { ...existing, metadata: { ...existing.metadata, labels, annotations: anns } }
      if (desired.subsets) next.subsets = desired.subsets
      else delete next.subsets
      store.update(GVRS.endpoints, namespace, name, next)
    }

    // EndpointSlice: one per service, all addresses with conditions.
    if (!slicePorts.length) slicePorts = ports.filter((p) => typeof (p.targetPort ?? p.port) === 'number').map((p) => ({ name: p.name ?? '', port: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' }))
    const sliceLabels = { ...labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name }
    // An empty list is serialized as null by the real controller (nil slice, no omitempty).
    const sliceBody = { addressType: 'IPv4', endpoints: sliceEndpoints.length ? sliceEndpoints : null, ports: slicePorts.length ? slicePorts : null }
    const slice = slices[0]
    if (!slice) {
      store.create(GVRS.endpointslices, namespace, {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: `${name}-${randomSuffix(random)}`,
          namespace,
          labels: sliceLabels,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        ...sliceBody,
      })
    } else if (JSON.stringify({ addressType: slice.addressType, endpoints: slice.endpoints ?? null, ports: slice.ports ?? null }) !== JSON.stringify(sliceBody)) {
      store.update(GVRS.endpointslices, namespace, slice.metadata.name!, { ...slice, ...sliceBody })
    }
  }

  return {
    dispose() {
      for (const u of unwatch) u()
      q.dispose()
    },
  }
}
