// Container shells know where the image keeps each command (`type`, `which`), and an interactive container shell
// reports finished background jobs before its next prompt.
import { describe, expect, it } from 'vitest'
import { drive, execIn, makeCluster, startPod } from './fixture'

function setup() {
  const c = makeCluster()
  c.claim('www-web-0', 'pvc-0a1b2c3d')
  startPod(c, c.webPod(0, '10.244.1.6'))
  const bb = c.createPod('bb', { containers: [{ name: 'bb', image: 'busybox:1.28', command: ['sleep', '3600'] }] }, '10.244.1.40')
  startPod(c, bb)
  const al = c.createPod('al', { containers: [{ name: 'al', image: 'alpine', command: ['sleep', '3600'] }] }, '10.244.1.41')
  startPod(c, al)
  return c
}

describe('command paths inside containers', () => {
  it('busybox: type and which print /bin/NAME', async () => {
    const c = setup()
    const r = await execIn(c, 'bb', ['sh', '-c', 'type ls; type cd; which ls wget; which nope; echo st=$?'])
    expect(r.stdout).toBe('ls is /bin/ls\ncd is a shell builtin\n/bin/ls\n/bin/wget\nst=1\n')
  })

  it('alpine keeps some tools in /usr/bin', async () => {
    const c = setup()
    const r = await execIn(c, 'al', ['sh', '-c', 'type wget; which env ls'])
    expect(r.stdout).toBe('wget is /usr/bin/wget\n/usr/bin/env\n/bin/ls\n')
  })

  it('nginx (Debian): bash and dash print /usr/bin/curl, /bin/ls, /usr/sbin/nginx', async () => {
    const c = setup()
    const r = await execIn(c, 'web-0', ['bash', '-c', 'type curl ls nginx; which curl'])
    expect(r.stdout).toBe('curl is /usr/bin/curl\nls is /bin/ls\nnginx is /usr/sbin/nginx\n/usr/bin/curl\n')
    const d = await execIn(c, 'web-0', ['sh', '-c', 'type ls'])
    expect(d.stdout).toBe('ls is /bin/ls\n')
  })
})

describe('job notices at container prompts', () => {
  it('a background job that ended is reported before the next prompt', async () => {
    const c = setup()
    const s = c.runtime.exec({ namespace: 'default', pod: 'bb', command: ['sh'], stdin: true, stdout: true, stderr: true, tty: true })
    let out = ''
    s.onStdout((d) => (out += d))
    await drive(c, () => out.endsWith('/ # '))
    s.write('sleep 1 &\r')
    await drive(c, () => /\[1\] \d+\r\n\/ # $/.test(out))
    out = ''
    s.write('sleep 2\r')
    await drive(c, () => out.endsWith('/ # '))
    expect(out).toMatch(/\[1\]\+\s+Done\s+sleep 1\r\n\/ # $/)
    s.write('exit\r')
    await s.exited
  })
})
