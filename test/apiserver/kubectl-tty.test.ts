// `kubectl run -i --tty … --rm` and `kubectl exec -it` need a terminal: drive the REAL kubectl through node-pty.
import { statSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as pty from 'node-pty'
import { parse as parseYaml } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeKubeconfig } from '../../src-main/apiserver/index'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { KUBECTL, kubectl, requireKubectl, waitFor } from './kubectl-runner'

let tc: TestCluster

beforeAll(async () => {
  requireKubectl()
  tc = await startTestCluster({ speed: 'instant' })
})
afterAll(async () => {
  await tc?.close()
})

function spawnTty(args: string[]) {
  const term = pty.spawn(KUBECTL, args, { name: 'xterm', cols: 100, rows: 30, env: tc.env as Record<string, string>, cwd: tc.env.HOME })
  let out = ''
  term.onData((d) => (out += d))
  const exited = new Promise<number>((r) => term.onExit((e) => r(e.exitCode)))
  return { term, output: () => out, exited }
}

describe('interactive kubectl over the WebSocket streams', () => {
  it('kubectl run -i --tty --image busybox:1.28.4 dns-test --restart=Never --rm /bin/sh', async () => {
    const s = spawnTty(['run', '-i', '--tty', '--image', 'busybox:1.28.4', 'dns-test', '--restart=Never', '--rm', '/bin/sh'])
    try {
      await waitFor('the prompt hint', () => s.output().includes("If you don't see a command prompt, try pressing enter."))
      s.term.write('\r')
      await waitFor('a shell prompt', () => s.output().includes('/ # '))
      s.term.write('hostname\r')
      await waitFor('hostname output', () => /\r\ndns-test\r\n/.test(s.output()))
      s.term.write('exit\r')
      expect(await s.exited).toBe(0)
    } finally {
      s.term.kill()
    }
    expect(s.output()).toContain('pod "dns-test" deleted')
    const pods = tc.cluster.store.list({ group: '', version: 'v1', resource: 'pods' }, { namespace: 'default' }).items
    expect(pods.map((p) => p.metadata.name)).not.toContain('dns-test')
  }, 30_000)

  it('run -it --rm whose shell exits non-zero: attach ends cleanly, no log fallback, the pod status gives the code', async () => {
    const s = spawnTty(['run', '-i', '--tty', '--image', 'busybox:1.28.4', 'failer', '--restart=Never', '--rm', '/bin/sh'])
    try {
      await waitFor('the prompt hint', () => s.output().includes("If you don't see a command prompt, try pressing enter."))
      s.term.write('\r')
      await waitFor('a shell prompt', () => s.output().includes('/ # '))
      s.term.write('echo marker-$((40+2))\r')
      await waitFor('echo output', () => s.output().includes('marker-42'))
      s.term.write('exit 3\r')
      expect(await s.exited).toBe(3)
    } finally {
      s.term.kill()
    }
    const out = s.output()
    expect(out).not.toContain("couldn't attach")
    // The attached session's output is not printed a second time from the log.
    expect(out.split('marker-42').length - 1).toBe(1)
    expect(out).toContain('pod "failer" deleted')
    expect(out).toContain('pod default/failer terminated (Error)')
  }, 30_000)

  it('kubectl exec -it into a running pod, then a non-zero exit', async () => {
    const run = await kubectl(tc.env, ['run', 'box', '--image=busybox:1.28.4', '--restart=Never', '--', 'sleep', '3600'])
    expect(run.stdout).toBe('pod/box created\n')
    await waitFor('box running', () => tc.cluster.store.get({ group: '', version: 'v1', resource: 'pods' }, 'default', 'box').status?.phase === 'Running')
    const s = spawnTty(['exec', '-it', 'box', '--', 'sh'])
    try {
      await waitFor('a shell prompt', () => s.output().includes('/ # '))
      s.term.write('exit 4\r')
      expect(await s.exited).toBe(4)
    } finally {
      s.term.kill()
    }
    expect(s.output()).toContain('command terminated with exit code 4')
  }, 30_000)
})

describe('writeKubeconfig', () => {
  it('creates parent directories, mode 0600, cluster/user/context ordinal/learner with the CA pinned', () => {
    const path = join(tc.env.HOME!, 'deep', 'dir', 'config')
    writeKubeconfig(path, tc.url, 'secret-token')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const cfg = parseYaml(readFileSync(path, 'utf8'))
    expect(cfg['current-context']).toBe('ordinal')
    expect(cfg.contexts[0]).toEqual({ name: 'ordinal', context: { cluster: 'ordinal', user: 'learner', namespace: 'default' } })
    expect(cfg.users[0]).toEqual({ name: 'learner', user: { token: 'secret-token' } })
    expect(cfg.clusters[0].cluster.server).toBe(tc.url)
    expect(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(tc.api.ca)
  })
})
