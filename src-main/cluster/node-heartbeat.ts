// The kubelets' two heartbeats, as a 1.32 kubelet sends them: its node Lease in kube-node-lease (leaseDurationSeconds
// 40, renewed every 10 s = a quarter of it) and, since the Lease carries liveness, a full node status only every
// 5 minutes (nodeStatusReportFrequency) when nothing changed — which refreshes the conditions' lastHeartbeatTime.
// A crashed node (NodeHealth down) renews nothing: its Lease and heartbeats go stale, as on a real cluster.
// Both are background chores on the clock (they fire as time passes but never keep it busy), and cost one store
// write per node per 10 s of sim time.
import type { KObject } from './api-types'
import type { Clock, TimerHandle } from './clock'
import { microTime } from './controllers/events-series'
import { NODES, type NodeHealth } from './nodes'
import { rfc3339 } from './store/ids'
import { GVRS } from './store/registry'
import type { Store } from './store/types'

export const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' } as const
export const NODE_LEASE_NAMESPACE = 'kube-node-lease'
export const LEASE_DURATION_SECONDS = 40
export const LEASE_RENEW_MS = (LEASE_DURATION_SECONDS * 1000) / 4
export const NODE_STATUS_REPORT_MS = 5 * 60_000

export interface NodeHeartbeats {
  dispose(): void
}

function getOr<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch {
    return undefined
  }
}

export function startNodeHeartbeats(deps: { store: Store; clock: Clock; health: NodeHealth }): NodeHeartbeats {
  const { store, clock, health } = deps
  const timers = new Map<string, TimerHandle>()
  const lastReport = new Map<string, number>()
  let disposed = false

  /** The node's Lease, created (owned by its Node, like the kubelet's) when missing, renewed to now otherwise. */
  function renewLease(name: string): void {
    const now = microTime(clock.now())
    const lease = getOr(() => store.get(LEASES, NODE_LEASE_NAMESPACE, name))
    if (lease) {
      store.update(LEASES, NODE_LEASE_NAMESPACE, name, { ...lease, spec: { ...lease.spec, holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now } })
      return
    }
    const node = getOr(() => store.get(GVRS.nodes, undefined, name))
    if (!node) return
    const obj: KObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: NODE_LEASE_NAMESPACE, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }] },
      spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now },
    }
    getOr(() => store.create(LEASES, NODE_LEASE_NAMESPACE, obj))
  }

  /** Re-post the node's conditions with a fresh lastHeartbeatTime (only a healthy, posted status: a node the
   *  lifecycle controller marked Unknown gets its status back from the kubelet's recovery, not from here). */
  function reportStatus(name: string): void {
    const node = getOr(() => store.get(GVRS.nodes, undefined, name))
    const conditions: any[] = node?.status?.conditions ?? []
    if (!node || !conditions.some((c) => c.type === 'Ready' && c.status === 'True')) return
    const now = rfc3339(clock.now())
    const fresh = conditions.map((c) => ({ ...c, lastHeartbeatTime: now }))
    getOr(() => store.update(GVRS.nodes, undefined, name, { ...node, status: { ...node.status, conditions: fresh } }, { subresource: 'status' }))
  }

  function beat(name: string): void {
    timers.delete(name)
    if (disposed) return
    if (health.isUp(name)) {
      renewLease(name)
      const last = lastReport.get(name) ?? clock.now()
      if (!lastReport.has(name)) lastReport.set(name, last)
      if (clock.now() - last >= NODE_STATUS_REPORT_MS) {
        reportStatus(name)
        lastReport.set(name, clock.now())
      }
    }
    schedule(name, LEASE_RENEW_MS)
  }

  function schedule(name: string, ms: number): void {
    timers.set(name, clock.schedule(ms, () => beat(name), `node heartbeat ${name}`, { background: true }))
  }

  // Leases exist from boot (and after a restore); each kubelet then renews on its own 10 s cycle, the nodes a
  // second apart so their writes do not all land on one instant.
  // A restored cluster keeps its Leases as saved (a resume writes nothing until time moves): only a missing one is made.
  NODES.forEach((n, i) => {
    if (health.isUp(n.name) && !getOr(() => store.get(LEASES, NODE_LEASE_NAMESPACE, n.name))) renewLease(n.name)
    lastReport.set(n.name, clock.now())
    schedule(n.name, LEASE_RENEW_MS + i * 1000)
  })
  const offHealth = health.onChange((name, up) => {
    // Back up: the kubelet's recovery posted its status just now; renew the lease at once.
    if (up) {
      renewLease(name)
      lastReport.set(name, clock.now())
    }
  })

  return {
    dispose() {
      disposed = true
      offHealth()
      for (const t of timers.values()) t.cancel()
      timers.clear()
    },
  }
}
