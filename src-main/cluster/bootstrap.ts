// Objects a fresh kind cluster already has: namespaces, nodes, the default StorageClass, the `kubernetes` and
// `kube-dns` Services (+ the apiserver's Endpoints), a `default` ServiceAccount per namespace, and (installCoreDns)
// the CoreDNS Deployment behind kube-dns.
import type { KObject } from './api-types'
import { corednsObjects } from './bootstrap-coredns'
import { KUBELET_VERSION, NODES } from './nodes'
import { GVRS } from './store/registry'
import type { Store } from './store/types'

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease']

function node(n: (typeof NODES)[number], now: string): { obj: KObject; status: any } {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  }
  if (n.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = ''
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = ''
  }
  const obj: KObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: `10.244.${n.index}.0/24`,
      podCIDRs: [`10.244.${n.index}.0/24`],
      providerID: `kind://docker/ordinal/${n.name}`,
      ...(n.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
    },
  }
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  })
  const capacity = { cpu: '2', 'ephemeral-storage': '61202244Ki', 'hugepages-2Mi': '0', memory: '4013832Ki', pods: '110' }
  const status = {
    addresses: [
      { type: 'InternalIP', address: n.hostIP },
      { type: 'Hostname', address: n.name },
    ],
    allocatable: capacity,
    capacity,
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: '',
      containerRuntimeVersion: 'containerd://1.7.24',
      kernelVersion: '6.8.0-ordinal',
      kubeProxyVersion: KUBELET_VERSION,
      kubeletVersion: KUBELET_VERSION,
      machineID: '',
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      systemUUID: '',
    },
    images: [],
  }
  return { obj, status }
}

/** Create the bootstrap objects in a fresh store. */
export function bootstrap(store: Store, now: string): void {
  for (const name of SYSTEM_NAMESPACES) store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  for (const n of NODES) {
    const { obj, status } = node(n, now)
    const created = store.create(GVRS.nodes, undefined, obj)
    store.update(GVRS.nodes, undefined, n.name, { ...created, status }, { subresource: 'status' })
  }
  store.create(GVRS.storageclasses, undefined, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  })
  store.create(GVRS.services, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
  })
  const cp = NODES.find((n) => n.controlPlane)!
  store.create(GVRS.endpoints, 'default', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: cp.hostIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  })
  store.create(GVRS.services, 'kube-system', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  })
  for (const ns of SYSTEM_NAMESPACES) store.create(GVRS.serviceaccounts, ns, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } })
  store.create(GVRS.configmaps, 'default', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-root-ca.crt' },
    data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n' },
  })
}

/**
 * The DNS add-on (CoreDNS Deployment + its ConfigMap and ServiceAccount), installed on a fresh cluster once the
 * node runtime can run its image: an add-on stuck in ImagePullBackOff would be worse than none.
 */
export function installCoreDns(store: Store): void {
  const dns = corednsObjects()
  store.create(GVRS.configmaps, 'kube-system', dns.configMap)
  store.create(GVRS.serviceaccounts, 'kube-system', dns.serviceAccount)
  store.create(GVRS.deployments, 'kube-system', dns.deployment)
}
