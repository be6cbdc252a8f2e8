// nslookup / ping / wget inside busybox of every version, against the tutorial's headless service: the busybox
// trap (fidelity §C5) pinned in golden files.
import { beforeEach, describe, expect, it } from 'vitest'
import { type Captured, execIn, makeCluster, startPod, type TestCluster } from './fixture'
import { expectGolden } from './golden'

const VERSIONS = ['busybox:1.28', 'busybox:1.28.4', 'busybox:1.36', 'busybox:latest', 'busybox']

const render = (r: Captured) => `--- stdout\n${r.stdout}--- stderr\n${r.stderr}--- exit ${r.code}\n`

let c: TestCluster
beforeEach(() => {
  c = makeCluster()
  c.claim('www-web-0', 'pvc-0a1b2c3d')
  c.claim('www-web-1', 'pvc-4e5f6a7b')
  const w0 = c.webPod(0, '10.244.1.6')
  const w1 = c.webPod(1, '10.244.2.6')
  startPod(c, w0)
  startPod(c, w1)
  c.setEndpoints([
    { ip: '10.244.1.6', hostname: 'web-0', pod: 'web-0' },
    { ip: '10.244.2.6', hostname: 'web-1', pod: 'web-1' },
  ])
  c.runtime.containerFs(w0.metadata.uid!, 'nginx')!.writeFile('/usr/share/nginx/html/index.html', 'hello web-0\n')
  c.runtime.containerFs(w1.metadata.uid!, 'nginx')!.writeFile('/usr/share/nginx/html/index.html', 'hello web-1\n')
})

function dnsTest(image: string) {
  const pod = c.createPod('dns-test', { containers: [{ name: 'dns-test', image, command: ['sleep', '3600'] }] }, '10.244.1.9')
  startPod(c, pod)
}

describe.each(VERSIONS)('%s', (image) => {
  const tag = image.replace(':', '-')
  it('nslookup web-0.nginx', async () => {
    dnsTest(image)
    const r = await execIn(c, 'dns-test', ['nslookup', 'web-0.nginx'])
    expectGolden(`${tag}.nslookup-web-0.nginx`, render(r))
    if (image.includes('1.28')) {
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('Address 1: 10.244.1.6 web-0.nginx.default.svc.cluster.local')
    } else {
      expect(r.code).toBe(1)
      expect(r.stdout).toContain("** server can't find web-0.nginx: NXDOMAIN")
    }
  })
  it('nslookup nginx (headless service: one address per ready pod)', async () => {
    dnsTest(image)
    const r = await execIn(c, 'dns-test', ['nslookup', 'nginx'])
    expectGolden(`${tag}.nslookup-nginx`, render(r))
  })
  it('nslookup FQDN', async () => {
    dnsTest(image)
    const r = await execIn(c, 'dns-test', ['nslookup', 'web-0.nginx.default.svc.cluster.local'])
    expectGolden(`${tag}.nslookup-fqdn`, render(r))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('10.244.1.6')
  })
  it('nslookup an unknown name', async () => {
    dnsTest(image)
    const r = await execIn(c, 'dns-test', ['nslookup', 'web-5.nginx'])
    expectGolden(`${tag}.nslookup-unknown`, render(r))
    expect(r.code).toBe(1)
  })
  it('ping -c 1 web-0.nginx (search path applies on every version)', async () => {
    dnsTest(image)
    const r = await execIn(c, 'dns-test', ['ping', '-c', '1', 'web-0.nginx'])
    expectGolden(`${tag}.ping`, render(r))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^PING web-0\.nginx \(10\.244\.1\.6\): 56 data bytes\n64 bytes from 10\.244\.1\.6: seq=0 ttl=63 time=\d\.\d{3} ms\n/)
  })
  it('ping -c 2 nginx (headless: the first ready pod) and the FQDN', async () => {
    dnsTest(image)
    const r = await execIn(c, 'dns-test', ['ping', '-c', '2', 'nginx'])
    const f = await execIn(c, 'dns-test', ['ping', '-c', '1', 'web-1.nginx.default.svc.cluster.local'])
    expectGolden(`${tag}.ping-nginx`, render(r) + render(f))
    expect(r.code).toBe(0)
    expect(f.stdout).toContain('64 bytes from 10.244.2.6: seq=0 ttl=62')
  })
  it('wget: the headless name, an unknown name, a missing page, verbose output to a file', async () => {
    dnsTest(image)
    const parts = [
      await execIn(c, 'dns-test', ['wget', '-qO-', 'nginx']),
      await execIn(c, 'dns-test', ['wget', '-qO-', 'web-5.nginx']),
      await execIn(c, 'dns-test', ['wget', '-O-', 'web-1.nginx/nope.html']),
      await execIn(c, 'dns-test', ['wget', 'web-1.nginx']),
      await execIn(c, 'dns-test', ['cat', 'index.html']),
      await execIn(c, 'dns-test', ['wget', 'web-1.nginx']),
    ]
    expectGolden(`${tag}.wget-more`, parts.map(render).join(''))
    expect(parts[0].stdout).toMatch(/^hello web-[01]\n$/)
    expect(parts[1].stderr).toBe("wget: bad address 'web-5.nginx'\n")
    expect(parts[4].stdout).toBe('hello web-1\n')
    expect(parts[5].stderr).toBe("Connecting to web-1.nginx (10.244.2.6:80)\nwget: can't open 'index.html': File exists\n")
  })
  it('wget -qO- web-0.nginx serves the PVC content', async () => {
    dnsTest(image)
    const r = await execIn(c, 'dns-test', ['wget', '-qO-', 'http://web-0.nginx'])
    expectGolden(`${tag}.wget`, render(r))
    expect(r.stdout).toBe('hello web-0\n')
  })
})

describe('network errors', () => {
  it('ping an unknown name: bad address', async () => {
    dnsTest('busybox:1.28')
    const r = await execIn(c, 'dns-test', ['ping', '-c', '1', 'web-5.nginx'])
    expect(r.stderr).toBe("ping: bad address 'web-5.nginx'\n")
    expect(r.code).toBe(1)
  })
  it('wget an unknown name, a 404, and a refused connection', async () => {
    dnsTest('busybox')
    let r = await execIn(c, 'dns-test', ['wget', '-qO-', 'http://web-5.nginx'])
    expect(r.stderr).toBe("wget: bad address 'web-5.nginx'\n")
    expect(r.code).toBe(1)
    r = await execIn(c, 'dns-test', ['wget', '-qO-', 'http://web-0.nginx/missing.html'])
    expect(r.stderr).toBe('wget: server returned error: HTTP/1.1 404 Not Found\n')
    r = await execIn(c, 'dns-test', ['wget', '-qO-', 'http://web-0.nginx:8080/'])
    expect(r.stderr).toBe("wget: can't connect to remote host (10.244.1.6): Connection refused\n")
  })
  it('ping 3 times is paced by the sim clock', async () => {
    dnsTest('busybox:1.28')
    const t0 = c.clock.now()
    const r = await execIn(c, 'dns-test', ['ping', '-c', '3', 'web-1.nginx'])
    expect(r.stdout.match(/^64 bytes/gm)).toHaveLength(3)
    expect(r.stdout).toContain('3 packets transmitted, 3 packets received, 0% packet loss')
    expect(r.stdout).toContain('ttl=62')
    expect(c.clock.now() - t0).toBe(2000)
  })
})
