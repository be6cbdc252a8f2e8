// Runtime-level stories: storage follows the claim, the writable layer dies with the pod, kubelet-managed files,
// exec/attach/log errors with the real wording, main processes and signals, shells.
import { describe, expect, it } from 'vitest'
import { isStatusError } from '../../../src-main/cluster/store/errors'
import { collect, drive, execIn, G, makeCluster, startPod } from './fixture'

function setup() {
  const c = makeCluster()
  c.claim('www-web-0', 'pvc-0a1b2c3d')
  const pod = c.webPod(0, '10.244.1.6')
  const exits = startPod(c, pod)
  c.setEndpoints([{ ip: '10.244.1.6', hostname: 'web-0', pod: 'web-0' }])
  return { c, pod, exits }
}

describe('storage', () => {
  it('data written under the PVC mount survives pod removal and follows the claim; /tmp does not', async () => {
    const { c, pod } = setup()
    let r = await execIn(c, 'web-0', ['sh', '-c', 'echo hello $(hostname) > /usr/share/nginx/html/index.html; echo scratch > /tmp/x'])
    expect(r.code).toBe(0)
    expect(c.volumes.read('pvc-0a1b2c3d', '/index.html')?.data).toBe('hello web-0\n')
    r = await execIn(c, 'web-0', ['curl', 'localhost'])
    expect(r.stdout).toBe('hello web-0\n')
    // The pod goes away (kubelet removes it) and the StatefulSet recreates it with a new UID and IP.
    c.runtime.removePod(pod.metadata.uid!)
    c.store.delete(G.pods, 'default', 'web-0', { gracePeriodSeconds: 0 })
    const again = c.webPod(0, '10.244.1.7')
    startPod(c, again)
    r = await execIn(c, 'web-0', ['cat', '/usr/share/nginx/html/index.html'])
    expect(r.stdout).toBe('hello web-0\n')
    r = await execIn(c, 'web-0', ['cat', '/tmp/x'])
    expect(r.stderr).toBe('cat: /tmp/x: No such file or directory\n')
    expect(r.code).toBe(1)
  })

  it('an empty PVC over the docroot gives nginx 403, and the access log records requests', async () => {
    const { c } = setup()
    const r = await execIn(c, 'web-0', ['curl', '-s', 'http://localhost/'])
    expect(r.stdout).toContain('<title>403 Forbidden</title>')
    const logs = c.runtime.logs('default', 'web-0', {}).initial
    expect(logs).toMatch(/127\.0\.0\.1 - - \[01\/Jan\/2026:09:00:00 \+0000\] "GET \/ HTTP\/1\.1" 403 \d+ "-" "curl\/7\.74\.0"\n/)
    expect(logs).toContain('directory index of "/usr/share/nginx/html/" is forbidden')
  })

  it('the writable layer survives a container restart', async () => {
    const { c, pod } = setup()
    await execIn(c, 'web-0', ['sh', '-c', 'echo keep > /tmp/k'])
    c.runtime.stopContainer(pod.metadata.uid!, 'nginx', 'TERM')
    c.clock.advance(100)
    c.runtime.startContainer(pod, 'nginx', () => {})
    const r = await execIn(c, 'web-0', ['cat', '/tmp/k'])
    expect(r.stdout).toBe('keep\n')
  })
})

describe('kubelet-managed files and env', () => {
  it('hostname, /etc/hosts, /etc/resolv.conf', async () => {
    const { c } = setup()
    expect((await execIn(c, 'web-0', ['hostname'])).stdout).toBe('web-0\n')
    expect((await execIn(c, 'web-0', ['hostname', '-f'])).stdout).toBe('web-0.nginx.default.svc.cluster.local\n')
    const hosts = (await execIn(c, 'web-0', ['cat', '/etc/hosts'])).stdout
    expect(hosts.startsWith('# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n')).toBe(true)
    expect(hosts.endsWith('10.244.1.6\tweb-0.nginx.default.svc.cluster.local\tweb-0\n')).toBe(true)
    expect((await execIn(c, 'web-0', ['cat', '/etc/resolv.conf'])).stdout).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    )
    const env = (await execIn(c, 'web-0', ['env'])).stdout
    expect(env).toContain('HOSTNAME=web-0\n')
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1\n')
  })
})

describe('exec errors', () => {
  it('unknown command: OCI runtime error on the error channel', async () => {
    const { c } = setup()
    const r = await execIn(c, 'web-0', ['foo'])
    expect(isStatusError(r.error)).toBe(true)
    expect((r.error as Error).message).toMatch(
      /^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in \$PATH: unknown$/,
    )
  })
  it('unknown pod, unknown container, not started, no node', () => {
    const { c } = setup()
    const req = { namespace: 'default', pod: 'nope', command: ['ls'], stdin: false, stdout: true, stderr: true, tty: false }
    expect(() => c.runtime.exec(req)).toThrow('pods "nope" not found')
    expect(() => c.runtime.exec({ ...req, pod: 'web-0', container: 'foo' })).toThrow('container foo is not valid for pod web-0')
    c.createPod('pending', { containers: [{ name: 'app', image: 'busybox' }] }, '10.244.1.20')
    expect(() => c.runtime.exec({ ...req, pod: 'pending' })).toThrow('pod does not exist')
    c.store.create(G.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unsched' }, spec: { containers: [{ name: 'a', image: 'busybox' }] } })
    expect(() => c.runtime.exec({ ...req, pod: 'unsched' })).toThrow('pod unsched does not have a host assigned')
  })
  it('shell command not found: ash vs bash wording, exit 127', async () => {
    const { c } = setup()
    let r = await execIn(c, 'web-0', ['bash', '-c', 'nslookup web-0'])
    expect(r.stderr).toBe('bash: line 1: nslookup: command not found\n')
    expect(r.code).toBe(127)
    const bb = c.createPod('bb', { containers: [{ name: 'bb', image: 'busybox:1.28', command: ['sleep', '3600'] }] }, '10.244.1.30')
    startPod(c, bb)
    r = await execIn(c, 'bb', ['sh', '-c', 'curl x'])
    expect(r.stderr).toBe('sh: curl: not found\n')
    expect(r.code).toBe(127)
  })
  it('logs errors', () => {
    const { c } = setup()
    expect(() => c.runtime.logs('default', 'web-0', { previous: true })).toThrow('previous terminated container "nginx" in pod "web-0" not found')
    c.createPod('waiting', { containers: [{ name: 'app', image: 'busybox' }] }, '10.244.1.21')
    expect(() => c.runtime.logs('default', 'waiting', {})).toThrow('container "app" in pod "waiting" is waiting to start: ContainerCreating')
  })
})

describe('main processes', () => {
  it('busybox sh without stdin exits 0 at once; sleep exits 143 on TERM; KILL gives 137', async () => {
    const c = makeCluster()
    const a = c.createPod('a', { containers: [{ name: 'a', image: 'busybox' }] }, '10.244.1.40')
    const ea = startPod(c, a)
    await drive(c, () => ea.a.length > 0)
    expect(ea.a).toEqual([0])
    const b = c.createPod('b', { containers: [{ name: 'b', image: 'busybox:1.28', args: ['sleep', '3600'] }] }, '10.244.1.41')
    const eb = startPod(c, b)
    c.runtime.stopContainer(b.metadata.uid!, 'b', 'TERM')
    await drive(c, () => eb.b.length > 0)
    expect(eb.b).toEqual([143])
    const n = c.createPod('n', { containers: [{ name: 'n', image: 'nginx' }] }, '10.244.1.42')
    const en = startPod(c, n)
    expect(c.runtime.logs('default', 'n', {}).initial).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n')
    c.runtime.stopContainer(n.metadata.uid!, 'n', 'KILL')
    expect(en.n).toEqual([137])
  })

  it('kubectl run -it busybox: attach to an interactive ash, run a command, exit', async () => {
    const c = makeCluster()
    const p = c.createPod('dns-test', { containers: [{ name: 'dns-test', image: 'busybox:1.28', stdin: true, stdinOnce: true, tty: true }] }, '10.244.1.50')
    const ex = startPod(c, p)
    const s = c.runtime.attach({ namespace: 'default', pod: 'dns-test', command: [], stdin: true, stdout: true, stderr: false, tty: true })
    let out = ''
    s.onStdout((d) => (out += d))
    s.write('\r')
    await drive(c, () => out.includes('/ # '))
    s.write('hostname\r')
    await drive(c, () => out.includes('dns-test\r\n'))
    s.write('exit 3\r')
    const code = await s.exited
    expect(code).toBe(3)
    expect(ex['dns-test']).toEqual([3])
  })

  it('^D on an empty prompt ends the shell on a fresh line: sh prints a newline, bash prints exit', async () => {
    const { c } = setup()
    for (const [command, prompt, tail] of [['sh', '# ', '# \r\n'], ['bash', 'root@web-0:/# ', 'root@web-0:/# exit\r\n']] as const) {
      const s = c.runtime.exec({ namespace: 'default', pod: 'web-0', command: [command], stdin: true, stdout: true, stderr: true, tty: true })
      let out = ''
      s.onStdout((d) => (out += d))
      await drive(c, () => out.includes(prompt))
      s.write('false\r')
      await drive(c, () => out.split(prompt).length > 2)
      s.write('\x04')
      expect(await s.exited).toBe(1)
      expect(out.endsWith(tail)).toBe(true)
    }
  })

  it('a command reading the terminal gets a cooked tty: echo, Enter, backspace, ^D is EOF', async () => {
    const { c } = setup()
    const s = c.runtime.exec({ namespace: 'default', pod: 'web-0', command: ['sh'], stdin: true, stdout: true, stderr: true, tty: true })
    let out = ''
    s.onStdout((d) => (out += d))
    await drive(c, () => out.includes('# '))
    s.write('cat\r')
    await drive(c, () => out.includes('cat') && out.endsWith('\r\n'))
    out = ''
    s.write('helo\x7flo\r')
    // The typed line is echoed (with the erase), then cat prints it back.
    await drive(c, () => out === 'helo\b \blo\r\nhello\r\n')
    s.write('\x04')
    await drive(c, () => out.endsWith('# '))
    out = ''
    s.write('read x; echo "got $x"\r')
    await drive(c, () => out.endsWith('\r\n'))
    s.write('abc\r')
    await drive(c, () => out.includes('got abc\r\n# '))
    s.write('exit\r')
    expect(await s.exited).toBe(0)
  })

  it('exec sessions die with the container: stopping nginx or removing the pod ends them with 137', async () => {
    const { c, pod } = setup()
    const shell = c.runtime.exec({ namespace: 'default', pod: 'web-0', command: ['sh'], stdin: true, stdout: true, stderr: true, tty: true })
    let out = ''
    shell.onStdout((d) => (out += d))
    await drive(c, () => out.includes('# '))
    const sleeper = c.runtime.exec({ namespace: 'default', pod: 'web-0', command: ['sleep', '3600'], stdin: false, stdout: true, stderr: true, tty: false })
    c.runtime.stopContainer(pod.metadata.uid!, 'nginx', 'TERM')
    let codes: number[] | null = null
    void Promise.all([shell.exited, sleeper.exited]).then((v) => (codes = v))
    await drive(c, () => codes !== null)
    expect(codes).toEqual([137, 137])

    const other = setup()
    const s2 = other.c.runtime.exec({ namespace: 'default', pod: 'web-0', command: ['sleep', '3600'], stdin: false, stdout: true, stderr: true, tty: false })
    other.c.runtime.removePod(other.pod.metadata.uid!)
    expect(await s2.exited).toBe(137)
  })

  it('exec -it bash in nginx shows the bash prompt', async () => {
    const { c } = setup()
    const s = c.runtime.exec({ namespace: 'default', pod: 'web-0', command: ['bash'], stdin: true, stdout: true, stderr: true, tty: true })
    let out = ''
    s.onStdout((d) => (out += d))
    await drive(c, () => out.includes('root@web-0:/# '))
    s.write('exit\r')
    expect(await s.exited).toBe(0)
  })
})

describe('container TTY size', () => {
  it('resize on an exec -t session reaches the shell, its commands and the line editor', async () => {
    const c = makeCluster()
    startPod(c, c.createPod('bb', { containers: [{ name: 'bb', image: 'busybox:1.28', command: ['sleep', '3600'] }] }, '10.244.1.9'))
    const s = c.runtime.exec({ namespace: 'default', pod: 'bb', command: ['sh'], stdin: true, stdout: true, stderr: true, tty: true })
    let out = ''
    s.onStdout((d) => (out += d))
    s.resize(100, 30)
    await drive(c, () => out.includes('/ # '))
    s.write('stty size\r')
    await drive(c, () => out.includes('30 100\r\n'))
    s.resize(40, 12)
    s.write('stty size; ls /bin\r')
    await drive(c, () => out.includes('12 40\r\n') && /\/ # $/.test(out))
    // `ls /bin` in 40 columns: many rows of names, none wider than the window.
    const listing = out.slice(out.lastIndexOf('12 40\r\n')).split('\r\n').slice(1, -1)
    expect(listing.length).toBeGreaterThan(8)
    for (const row of listing) expect(row.length).toBeLessThanOrEqual(40)
    s.write('exit\r')
    expect(await s.exited).toBe(0)
    expect((await execIn(c, 'bb', ['stty', 'size'])).stderr).toBe('stty: standard input: Not a tty\n')
  })

  it('resize through attach reaches the main process\'s terminal', async () => {
    const c = makeCluster()
    const p = c.createPod('it', { containers: [{ name: 'it', image: 'busybox', stdin: true, tty: true }] }, '10.244.1.11')
    startPod(c, p)
    const s = c.runtime.attach({ namespace: 'default', pod: 'it', command: [], stdin: true, stdout: true, stderr: false, tty: true })
    let out = ''
    s.onStdout((d) => (out += d))
    s.resize(132, 43)
    s.write('stty size\r')
    await drive(c, () => out.includes('43 132\r\n'))
    s.close()
  })
})
