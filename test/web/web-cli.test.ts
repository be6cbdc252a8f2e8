// `npm run web` as a real subprocess: the exact startup line, the token-guarded page, clean SIGTERM, usage errors.
import { afterAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROOT = join(import.meta.dirname, '..', '..')
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
const CLI = join(ROOT, 'src-main', 'cli', 'web.ts')

describe('npm run web', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-webcli-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints the URL with its token, serves the page only with it, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, '--port', '0'], { cwd: ROOT, env: { ...process.env, ORDINAL_DATA_DIR: join(dir, 'data') }, stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      let out = ''
      let err = ''
      child.stderr.on('data', (d) => (err += d))
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d
          const m = /^Ordinal is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48})$/m.exec(out)
          if (m) resolve(m[1])
        })
        child.on('exit', (code) => reject(new Error(`web exited early (${code}): ${err}`)))
        setTimeout(() => reject(new Error(`no startup line: ${out} ${err}`)), 25_000)
      })
      const withToken = await fetch(line)
      expect(withToken.status).toBe(existsSync(join(ROOT, 'out', 'renderer', 'index.html')) ? 200 : 503)
      const without = await fetch(line.replace(/\?token=.*$/, ''))
      expect(without.status).toBe(401)
      const code = await new Promise<number | null>((resolve) => {
        child.once('exit', (c) => resolve(c))
        child.kill('SIGTERM')
      })
      expect(code).toBe(0)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  })

  it('a web port in use is a clear error, exit 1', async () => {
    const { createServer } = await import('node:net')
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    try {
        const r = spawnSync(process.execPath, ['--import', TSX, CLI, '--port', String(port)], { cwd: ROOT, env: { ...process.env, ORDINAL_DATA_DIR: join(dir, 'busy') }, encoding: 'utf8', timeout: 25_000 })
        expect(r.status).toBe(1)
        expect(r.stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use`)
    } finally {
      blocker.close()
    }
  })

  it('bad flags: usage error, exit 2', () => {
    const r = spawnSync(process.execPath, ['--import', TSX, CLI, '--port', 'x'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('error: invalid port "x"')
    expect(r.stderr).toContain('Usage: npm run web')
  })

  // An instructor's own lessons folder (and the e2e's hostile one): a wrong path says so instead of starting empty.
  it.each([
    ['a missing folder', (d: string) => join(d, 'nope'), 'no such directory'],
    ['a file', (d: string) => { writeFileSync(join(d, 'a-file'), 'x'); return join(d, 'a-file') }, 'not a directory'],
    ['a folder without lessons', (d: string) => { mkdirSync(join(d, 'empty', 'notes'), { recursive: true }); return join(d, 'empty') }, 'holds no lessons (expected folders named like 01-name)'],
  ])('--lessons-dir naming %s: a clear error, exit 2', (_what, make, reason) => {
    const path = make(dir)
    const r = spawnSync(process.execPath, ['--import', TSX, CLI, '--port', '0', '--lessons-dir', path], { cwd: ROOT, env: { ...process.env, ORDINAL_DATA_DIR: join(dir, 'lessons-data') }, encoding: 'utf8', timeout: 20_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`error: lessons directory ${path}: ${reason}`)
    expect(r.stderr).toContain('Usage: npm run web -- [--port N] [--data-dir DIR] [--lessons-dir DIR]')
    expect(r.stdout).not.toContain('Ordinal is running at')
    expect(existsSync(join(dir, 'lessons-data'))).toBe(false) // refused before anything was created
  })

  it('--lessons-dir without a value: usage error, exit 2', () => {
    const r = spawnSync(process.execPath, ['--import', TSX, CLI, '--lessons-dir'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('error: flag needs an argument: --lessons-dir')
  })
})
