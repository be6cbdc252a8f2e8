// A small cluster state for runtime tests: the real store, a minimal DNS server over it (CoreDNS-like answers for
// services, headless endpoints and PTRs), the tutorial's headless service + web-0/web-1 with bound PVCs.
import type { KObject, Pod } from '../../../src-main/cluster/api-types'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import type { DnsAnswer, DnsRecord, DnsServer, DnsType } from '../../../src-main/cluster/dns/types'
import { createRuntime } from '../../../src-main/cluster/runtime'
import { createStore } from '../../../src-main/cluster/store/store'
import type { Store } from '../../../src-main/cluster/store/types'
import { createVolumeStore } from '../../../src-main/cluster/volumes'
import type { ExecSession } from '../../../src-main/cluster/runtime/types'

export const G = {
  pods: { group: '', version: 'v1', resource: 'pods' },
  services: { group: '', version: 'v1', resource: 'services' },
  endpoints: { group: '', version: 'v1', resource: 'endpoints' },
  pvcs: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  pvs: { group: '', version: 'v1', resource: 'persistentvolumes' },
}

/** Minimal CoreDNS `kubernetes` plugin semantics, enough for client-side behaviour tests. */
export function testDns(store: Store): DnsServer {
  const records = (): DnsRecord[] => {
    const out: DnsRecord[] = []
    for (const svc of store.list(G.services).items) {
      const base = `${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local`
      const ip = svc.spec?.clusterIP
      if (ip && ip !== 'None') {
        out.push({ name: base, type: 'A', answer: ip }, { name: ptr(ip), type: 'PTR', answer: base })
        continue
      }
      let eps: KObject | undefined
      try {
        eps = store.get(G.endpoints, svc.metadata.namespace, svc.metadata.name!)
      } catch {
        eps = undefined
      }
      for (const subset of eps?.subsets ?? []) {
        for (const a of subset.addresses ?? []) {
          out.push({ name: base, type: 'A', answer: a.ip })
          const host = a.hostname ?? a.ip.replace(/\./g, '-')
          out.push({ name: `${host}.${base}`, type: 'A', answer: a.ip }, { name: ptr(a.ip), type: 'PTR', answer: `${host}.${base}` })
        }
      }
    }
    return out
  }
  const ptr = (ip: string) => ip.split('.').reverse().join('.') + '.in-addr.arpa'
  return {
    serverIP: '10.96.0.10',
    query(name: string, type: DnsType): DnsAnswer {
      const n = name.replace(/\.$/, '').toLowerCase()
      const all = records()
      const answers = all.filter((r) => r.name === n && r.type === type)
      if (answers.length) return { rcode: 'NOERROR', answers }
      return { rcode: all.some((r) => r.name === n || r.name.endsWith('.' + n)) ? 'NOERROR' : 'NXDOMAIN', answers: [] }
    },
    records,
  }
}

export function makeCluster() {
  const clock = new SimClock(Date.UTC(2026, 0, 1, 9, 0, 0))
  const random = seededRandom(42)
  const store = createStore({ clock, random })
  const volumes = createVolumeStore()
  const dns = testDns(store)
  const runtime = createRuntime({ store, clock, random, volumes, dns })
  for (const ns of ['default', 'kube-system']) {
    store.create({ group: '', version: 'v1', resource: 'namespaces' }, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
  }
  const svc = (ns: string, name: string, clusterIP: string, ports: any[]) =>
    store.create(G.services, ns, { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels: { app: name } }, spec: { clusterIP, ports, selector: { app: name } } })
  svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }])
  svc('kube-system', 'kube-dns', '10.96.0.10', [{ name: 'dns', port: 53, protocol: 'UDP' }])
  svc('default', 'nginx', 'None', [{ name: 'web', port: 80, protocol: 'TCP' }])

  function createPod(name: string, spec: any, ip: string, node = 'ordinal-worker', labels: Record<string, string> = {}): Pod {
    const pod = store.create(G.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { nodeName: node, ...spec } }) as Pod
    const withStatus = { ...pod, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: '172.18.0.3' } }
    return store.update(G.pods, 'default', name, withStatus, { subresource: 'status' }) as Pod
  }

  function claim(name: string, pv: string) {
    store.create(G.pvs, undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: pv }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], claimRef: { namespace: 'default', name } } })
    store.create(G.pvcs, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: pv } })
  }

  function webPod(ordinal: number, ip: string, image = 'registry.k8s.io/nginx-slim:0.21'): Pod {
    return createPod(
      `web-${ordinal}`,
      {
        hostname: `web-${ordinal}`,
        subdomain: 'nginx',
        containers: [{ name: 'nginx', image, ports: [{ name: 'web', containerPort: 80 }], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }],
        volumes: [{ name: 'www', persistentVolumeClaim: { claimName: `www-web-${ordinal}` } }],
      },
      ip,
      ordinal % 2 ? 'ordinal-worker2' : 'ordinal-worker',
      { app: 'nginx' },
    )
  }

  function setEndpoints(addrs: { ip: string; hostname: string; pod: string }[]) {
    const body = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'nginx', namespace: 'default' },
      subsets: [{ addresses: addrs.map((a) => ({ ip: a.ip, hostname: a.hostname, targetRef: { kind: 'Pod', name: a.pod, namespace: 'default' } })), ports: [{ name: 'web', port: 80, protocol: 'TCP' }] }],
    }
    try {
      const cur = store.get(G.endpoints, 'default', 'nginx')
      store.update(G.endpoints, 'default', 'nginx', { ...body, metadata: { ...cur.metadata } })
    } catch {
      store.create(G.endpoints, 'default', body)
    }
  }

  return { clock, random, store, volumes, dns, runtime, createPod, claim, webPod, setEndpoints }
}

export type TestCluster = ReturnType<typeof makeCluster>

/** Let promises run and, while something is still waiting on simulated time, step the clock. */
export async function drive(c: TestCluster, until: () => boolean, maxSteps = 500): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    for (let j = 0; j < 5; j++) await new Promise((r) => setImmediate(r))
    if (until()) return
    if (!c.clock.step()) await new Promise((r) => setImmediate(r))
  }
  if (!until()) throw new Error('drive: condition not reached')
}

export interface Captured {
  stdout: string
  stderr: string
  code: number | null
  error: unknown
}

/** Collect a session's output and exit while driving the clock. */
export async function collect(c: TestCluster, s: ExecSession, input?: string): Promise<Captured> {
  const out: Captured = { stdout: '', stderr: '', code: null, error: null }
  s.onStdout((d) => (out.stdout += d))
  s.onStderr((d) => (out.stderr += d))
  let done = false
  s.exited.then(
    (code) => ((out.code = code), (done = true)),
    (e) => ((out.error = e), (done = true)),
  )
  if (input !== undefined) {
    s.write(input)
    s.endInput()
  }
  await drive(c, () => done)
  return out
}

export async function execIn(c: TestCluster, pod: string, command: string[], opts: { container?: string; stdin?: string; tty?: boolean } = {}) {
  const s = c.runtime.exec({ namespace: 'default', pod, container: opts.container, command, stdin: opts.stdin !== undefined, stdout: true, stderr: true, tty: !!opts.tty })
  return collect(c, s, opts.stdin)
}

/** Start every container of a pod through the KubeletRuntime API, recording exits. */
export function startPod(c: TestCluster, pod: Pod): Record<string, number[]> {
  const exits: Record<string, number[]> = {}
  for (const ctr of pod.spec.containers) {
    exits[ctr.name] = []
    c.runtime.startContainer(pod, ctr.name, (code) => exits[ctr.name].push(code))
  }
  return exits
}
