// Service traffic from inside containers: a ClusterIP Service balances over its ready endpoints (kube-proxy's random
// pick, from the injected random), a headless name resolves to every ready pod, not-ready pods get no traffic, and
// service-link environment variables are those of the Services that existed when the container started.
import { describe, expect, it } from 'vitest'
import { execIn, G, makeCluster, startPod, type TestCluster } from './fixture'

function setup(): TestCluster {
  const c = makeCluster()
  c.claim('www-web-0', 'pvc-0')
  c.claim('www-web-1', 'pvc-1')
  for (const [i, ip] of [[0, '10.244.1.6'], [1, '10.244.2.6']] as const) {
    const pod = c.webPod(i, ip, 'nginx:1.27')
    startPod(c, pod)
    c.runtime.containerFs(pod.metadata.uid!, 'nginx')!.writeFile('/usr/share/nginx/html/index.html', `hello web-${i}\n`)
  }
  c.setEndpoints([
    { ip: '10.244.1.6', hostname: 'web-0', pod: 'web-0' },
    { ip: '10.244.2.6', hostname: 'web-1', pod: 'web-1' },
  ])
  return c
}

function clusterIpService(c: TestCluster, ready: string[], notReady: string[] = []) {
  c.store.create(G.services, 'default', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
    spec: { clusterIP: '10.96.100.50', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'nginx' } },
  })
  c.store.create(G.endpoints, 'default', {
    apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' },
    subsets: [{ addresses: ready.map((ip) => ({ ip })), notReadyAddresses: notReady.map((ip) => ({ ip })), ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
  })
}

function client(c: TestCluster, image = 'busybox:1.36') {
  startPod(c, c.createPod('client', { containers: [{ name: 'c', image, command: ['sleep', '3600'] }] }, '10.244.3.9', 'ordinal-worker3'))
}

describe('service traffic', () => {
  it('a ClusterIP Service spreads requests over both ready endpoints; each request is in that pod\'s access log', async () => {
    const c = setup()
    clusterIpService(c, ['10.244.1.6', '10.244.2.6'])
    client(c)
    const seen = new Map<string, number>()
    for (let i = 0; i < 20; i++) {
      const r = await execIn(c, 'client', ['wget', '-qO-', 'http://web'])
      expect(r.code).toBe(0)
      seen.set(r.stdout, (seen.get(r.stdout) ?? 0) + 1)
    }
    expect([...seen.keys()].sort()).toEqual(['hello web-0\n', 'hello web-1\n'])
    const log0 = c.runtime.logs('default', 'web-0', {}).initial
    const hits0 = log0.match(/^10\.244\.3\.9 - - \[01\/Jan\/2026:09:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 12 "-" "Wget" "-"$/gm) ?? []
    expect(hits0.length).toBe(seen.get('hello web-0\n'))
  })

  it('not-ready endpoints get no traffic; none ready → connection refused', async () => {
    const c = setup()
    clusterIpService(c, ['10.244.2.6'], ['10.244.1.6'])
    client(c, 'busybox:1.28')
    for (let i = 0; i < 6; i++) expect((await execIn(c, 'client', ['wget', '-qO-', 'web'])).stdout).toBe('hello web-1\n')
    const eps = c.store.get(G.endpoints, 'default', 'web')
    c.store.update(G.endpoints, 'default', 'web', { ...eps, subsets: [{ notReadyAddresses: [{ ip: '10.244.1.6' }, { ip: '10.244.2.6' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }] })
    const r = await execIn(c, 'client', ['wget', '-qO-', 'web'])
    expect(r.stderr).toBe("wget: can't connect to remote host (10.96.100.50): Connection refused\n")
    expect(r.code).toBe(1)
  })

  it('curl from the nginx image through the ClusterIP name, and a port the Service does not expose', async () => {
    const c = setup()
    clusterIpService(c, ['10.244.1.6'])
    let r = await execIn(c, 'web-1', ['curl', '-s', 'web'])
    expect(r.stdout).toBe('hello web-0\n')
    // No DNAT rule for that port: the SYN goes nowhere and curl gives up at its connect timeout.
    r = await execIn(c, 'web-1', ['curl', '-sS', '--connect-timeout', '1', 'web:8080'])
    expect(r.stderr).toBe('curl: (28) Failed to connect to web port 8080 after 1001 ms: Timeout was reached\n')
    expect(r.code).toBe(28)
    // A pod IP with nothing listening on the port answers with a reset.
    r = await execIn(c, 'web-1', ['curl', '-sS', '10.244.1.6:8080'])
    expect(r.stderr).toBe("curl: (7) Failed to connect to 10.244.1.6 port 8080 after 0 ms: Couldn't connect to server\n")
    expect(r.code).toBe(7)
  })

  it('a headless name resolves to every ready pod', async () => {
    const c = setup()
    client(c, 'busybox:1.28')
    const r = await execIn(c, 'client', ['nslookup', 'nginx'])
    expect(r.stdout).toContain('Address 1: 10.244.1.6 web-0.nginx.default.svc.cluster.local\nAddress 2: 10.244.2.6 web-1.nginx.default.svc.cluster.local\n')
    const w = await execIn(c, 'client', ['wget', '-qO-', 'nginx'])
    expect(['hello web-0\n', 'hello web-1\n']).toContain(w.stdout)
  })

  it('service-link variables: Services existing when the container started, not later ones', async () => {
    const c = setup()
    clusterIpService(c, ['10.244.1.6'])
    client(c)
    c.store.create(G.services, 'default', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'late-svc', namespace: 'default' },
      spec: { clusterIP: '10.96.7.7', ports: [{ port: 8080, protocol: 'TCP' }], selector: { app: 'x' } },
    })
    const env = (await execIn(c, 'client', ['env'])).stdout
    for (const line of [
      'WEB_SERVICE_HOST=10.96.100.50', 'WEB_SERVICE_PORT=80', 'WEB_SERVICE_PORT_HTTP=80', 'WEB_PORT=tcp://10.96.100.50:80',
      'WEB_PORT_80_TCP=tcp://10.96.100.50:80', 'WEB_PORT_80_TCP_PROTO=tcp', 'WEB_PORT_80_TCP_PORT=80', 'WEB_PORT_80_TCP_ADDR=10.96.100.50',
      'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443',
    ]) expect(env).toContain(`\n${line}\n`)
    // The headless Service has no cluster IP, so no variables; the later one is not in this container's env.
    expect(env).not.toMatch(/^NGINX_/m)
    expect(env).not.toContain('LATE_SVC')
    // A container started now (a new pod) sees it, with dashes turned into underscores.
    startPod(c, c.createPod('client2', { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] }, '10.244.3.10'))
    expect((await execIn(c, 'client2', ['env'])).stdout).toContain('\nLATE_SVC_SERVICE_HOST=10.96.7.7\n')
  })
})
