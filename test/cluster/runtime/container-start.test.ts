// What a container start leaves behind, line for line: nginx's startup log (each line its own log entry with the
// start's timestamp), the kubelet-managed files a learner can write into, and the environment fixed at start.
import { describe, expect, it } from 'vitest'
import { execIn, G, makeCluster, startPod } from './fixture'

const T0 = '2026/01/01 09:00:00'

describe('container start', () => {
  it('nginx-slim: seven notice lines on stderr, one log entry each, stamped with the start time', () => {
    const c = makeCluster()
    c.claim('www-web-0', 'pv-a')
    startPod(c, c.webPod(0, '10.244.1.6'))
    const lines = c.runtime.logs('default', 'web-0', { timestamps: true }).initial.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual([
      `${T0} [notice] 1#1: using the "epoll" event method`,
      `${T0} [notice] 1#1: nginx/1.21.6`,
      `${T0} [notice] 1#1: built by gcc 10.2.1 20210110 (Debian 10.2.1-6) `,
      `${T0} [notice] 1#1: OS: Linux 6.8.0-60-generic`,
      `${T0} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${T0} [notice] 1#1: start worker processes`,
      `${T0} [notice] 1#1: start worker process 29`,
    ])
    for (const l of lines) expect(l.startsWith('2026-01-01T09:00:00.000000000Z ')).toBe(true)
    expect(c.runtime.logs('default', 'web-0', { tailLines: 2 }).initial).toBe(`${T0} [notice] 1#1: start worker processes\n${T0} [notice] 1#1: start worker process 29\n`)
  })

  it('nginx:latest: the entrypoint script\'s lines first, then its own build line; a later start gets its own time', () => {
    const c = makeCluster()
    c.claim('www-web-0', 'pv-a')
    c.claim('www-web-1', 'pv-b')
    startPod(c, c.webPod(0, '10.244.1.6', 'nginx:1.27'))
    c.clock.advance(61_000)
    startPod(c, c.webPod(1, '10.244.2.6', 'nginx:1.27'))
    const first = c.runtime.logs('default', 'web-0', {}).initial.split('\n')
    expect(first[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration')
    expect(first[8]).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up')
    expect(first[10]).toBe(`${T0} [notice] 1#1: nginx/1.27.4`)
    expect(first[11]).toBe(`${T0} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) `)
    expect(first).toHaveLength(17)
    const second = c.runtime.logs('default', 'web-1', { tailLines: 1 }).initial
    expect(second).toBe('2026/01/01 09:01:01 [notice] 1#1: start worker process 29\n')
  })

  it('a write into /etc/hosts replaces the kubelet\'s text for the pod; the other managed files stay generated', async () => {
    const c = makeCluster()
    c.claim('www-web-0', 'pv-a')
    startPod(c, c.webPod(0, '10.244.1.6'))
    const before = (await execIn(c, 'web-0', ['cat', '/etc/hosts'])).stdout
    expect(before.endsWith('10.244.1.6\tweb-0.nginx.default.svc.cluster.local\tweb-0\n')).toBe(true)
    expect((await execIn(c, 'web-0', ['sh', '-c', 'echo "10.0.0.9 extra" >> /etc/hosts'])).code).toBe(0)
    expect((await execIn(c, 'web-0', ['cat', '/etc/hosts'])).stdout).toBe(before + '10.0.0.9 extra\n')
    expect((await execIn(c, 'web-0', ['cat', '/etc/hostname'])).stdout).toBe('web-0\n')
    expect((await execIn(c, 'web-0', ['sh', '-c', 'echo other > /etc/hostname; cat /etc/hostname'])).stdout).toBe('other\n')
    expect((await execIn(c, 'web-0', ['cat', '/etc/resolv.conf'])).stdout).toContain('nameserver 10.96.0.10\n')
  })

  it('the environment is the one of the start: a Service changed afterwards shows only in a later start', async () => {
    const c = makeCluster()
    c.createPod('a', { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] }, '10.244.1.9')
    startPod(c, c.store.get(G.pods, 'default', 'a') as any)
    const cur = c.store.get(G.services, 'default', 'kubernetes')
    c.store.update(G.services, 'default', 'kubernetes', { ...cur, spec: { ...cur.spec, ports: [{ name: 'https', port: 8443, protocol: 'TCP', targetPort: 6443 }] } })
    expect((await execIn(c, 'a', ['env'])).stdout).toContain('\nKUBERNETES_SERVICE_PORT=443\n')
    c.createPod('b', { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] }, '10.244.1.10')
    startPod(c, c.store.get(G.pods, 'default', 'b') as any)
    const env = (await execIn(c, 'b', ['env'])).stdout
    expect(env).toContain('\nKUBERNETES_SERVICE_PORT=8443\n')
    expect(env).toContain('\nKUBERNETES_PORT=tcp://10.96.0.1:8443\n')
  })
})
