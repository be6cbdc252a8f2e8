// `npm run cluster` as a real subprocess, driven by the REAL kubectl (it must be installed: this fails, not skips).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseClusterArgs } from '../../src-main/cli/cluster'

const ROOT = join(import.meta.dirname, '..', '..')
const KUBECTL = '/usr/bin/kubectl'
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
const CLI = join(ROOT, 'src-main', 'cli', 'cluster.ts')

const started: ChildProcess[] = [] // killed after the tests even when an assertion failed midway

function startCli(args: string[]): { child: ChildProcess; ready: Promise<string>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  started.push(child)
  let out = ''
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      const m = /^export KUBECONFIG=(.+)$/m.exec(out)
      if (m) resolve(m[1])
    })
    child.on('exit', (code) => reject(new Error(`cluster exited early (${code}): ${err}`)))
    setTimeout(() => reject(new Error(`cluster did not start: ${err}`)), 20_000)
  })
  return { child, ready, stderr: () => err }
}

function stopCli(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })
}

describe('npm run cluster', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-cli-'))
  })
  afterAll(() => {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  const kubectl = (kc: string, args: string[], input?: string) =>
    spawnSync(KUBECTL, args, { env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kc }, encoding: 'utf8', timeout: 20_000, input })

  it('the real kubectl is installed', () => {
    expect(existsSync(KUBECTL)).toBe(true)
  })

  it('serves the real kubectl, then resumes the same cluster from --data-dir', async () => {
    const kc = join(dir, 'kc', 'config')
    const data = join(dir, 'data')
    const first = startCli(['--port', '0', '--kubeconfig', kc, '--data-dir', data, '--speed', 'instant'])
    expect(await first.ready).toBe(kc)
    expect(readFileSync(kc, 'utf8')).toContain('current-context: ordinal')
    const nodes = kubectl(kc, ['get', 'nodes'])
    expect(nodes.stderr).toBe('')
    expect(nodes.status).toBe(0)
    expect(nodes.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/)
    expect(nodes.stdout).toMatch(/ordinal-worker\s+Ready/)
    const made = kubectl(kc, ['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keepme\ndata:\n  answer: "42"\n')
    expect(made.stdout.trim()).toBe('configmap/keepme created')
    expect(await stopCli(first.child)).toBe(0)

    const second = startCli(['--kubeconfig', kc, '--data-dir', data, '--speed=1'])
    await second.ready
    expect(second.stderr()).toContain('resumed')
    const got = kubectl(kc, ['get', 'configmap', 'keepme', '-o', 'jsonpath={.data.answer}'])
    expect(got.stdout).toBe('42')
    expect(kubectl(kc, ['get', 'nodes']).stdout).toMatch(/ordinal-worker3\s+Ready/)
    expect(await stopCli(second.child)).toBe(0)
  })

  it('bad flags: a clear usage error and exit 2', () => {
    for (const [args, msg] of [
      [['--bogus'], 'error: unknown flag: --bogus'],
      [['--port', 'abc'], 'error: invalid port "abc"'],
      [['--speed', '3'], 'error: invalid speed "3"'],
      [['--data-dir'], 'error: flag needs an argument: --data-dir'],
    ] as const) {
      const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 })
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr).toContain(msg)
      expect(r.stderr).toContain('Usage: npm run cluster')
    }
  })

  it('a port in use is a clear error, exit 1', async () => {
    const { createServer } = await import('node:net')
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    try {
      const r = spawnSync(process.execPath, ['--import', TSX, CLI, '--port', String(port), '--data-dir', join(dir, 'busy'), '--kubeconfig', join(dir, 'busy', 'kc')], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 })
      expect(r.status).toBe(1)
      expect(r.stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use`)
    } finally {
      blocker.close()
    }
  })

  it('parses flags', () => {
    expect(parseClusterArgs([])).toEqual({ port: 0, kubeconfig: '.ordinal/kubeconfig', dataDir: null, speed: 1 })
    expect(parseClusterArgs(['--port=8080', '--speed', '0.25', '--data-dir', 'd'])).toEqual({ port: 8080, kubeconfig: '.ordinal/kubeconfig', dataDir: 'd', speed: 0.25 })
    expect(() => parseClusterArgs(['--port', '70000'])).toThrow('invalid port "70000"')
  })
})
