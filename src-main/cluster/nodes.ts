// The simulated kind-style topology: one tainted control-plane node and three workers. Pod CIDRs and host IPs are
// fixed so transcripts look like a kind cluster (pod IPs 10.244.<node>.<n>, node IPs 172.18.0.N).

export interface NodeSpec {
  name: string
  index: number // pod CIDR third octet: 10.244.<index>.0/24
  hostIP: string
  controlPlane: boolean
}

export const NODES: readonly NodeSpec[] = [
  { name: 'ordinal-control-plane', index: 0, hostIP: '172.18.0.2', controlPlane: true },
  { name: 'ordinal-worker', index: 1, hostIP: '172.18.0.3', controlPlane: false },
  { name: 'ordinal-worker2', index: 2, hostIP: '172.18.0.4', controlPlane: false },
  { name: 'ordinal-worker3', index: 3, hostIP: '172.18.0.5', controlPlane: false },
]

export const KUBELET_VERSION = 'v1.32.2'

export function nodeSpec(name: string | undefined): NodeSpec | undefined {
  return NODES.find((n) => n.name === name)
}

/** Whether each node's kubelet is alive. Failing a node is an engine action (a lesson's "pull the plug"): its
 *  kubelet stops heartbeating and running pods, the node lifecycle controller notices after the grace period. */
export interface NodeHealth {
  /** Crash the node. Throws a NotFound StatusError for an unknown node. No-op when already down. */
  fail(name: string): void
  /** Power it back on: the kubelet reports Ready again and restarts (or finishes deleting) its pods. */
  recover(name: string): void
  isUp(name: string): boolean
  /** Sim ms of the node's last heartbeat before it failed (undefined while up). */
  downSince(name: string): number | undefined
  onChange(cb: (name: string, up: boolean) => void): () => void
}

export function createNodeHealth(now: () => number, exists: (name: string) => boolean, notFound: (name: string) => Error): NodeHealth {
  const down = new Map<string, number>()
  const listeners = new Set<(name: string, up: boolean) => void>()
  const emit = (name: string, up: boolean) => {
    for (const l of [...listeners]) l(name, up)
  }
  return {
    fail(name) {
      if (!exists(name)) throw notFound(name)
      if (down.has(name)) return
      down.set(name, now())
      emit(name, false)
    },
    recover(name) {
      if (!exists(name)) throw notFound(name)
      if (!down.has(name)) return
      down.delete(name)
      emit(name, true)
    },
    isUp: (name) => !down.has(name),
    downSince: (name) => down.get(name),
    onChange(cb) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
  }
}
