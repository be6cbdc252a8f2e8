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
