// Starts the real browser mode (`tsx src-main/cli/web.ts --port 0 --data-dir <tmp> [--lessons-dir DIR]`) and waits for
// its URL line.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './renderer-build'

export interface WebApp {
  url: string
  dataDir: string
  output(): string
  stop(): Promise<void>
}

const URL_LINE = /Ordinal is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/

export interface WebAppOptions {
  timeoutMs?: number
  /** Lessons to serve instead of the repo's `lessons/` (a test's own folder). */
  lessonsDir?: string
}

export async function startWebApp(options: number | WebAppOptions = {}): Promise<WebApp> {
  const { timeoutMs = 60_000, lessonsDir } = typeof options === 'number' ? { timeoutMs: options } : options
  const dataDir = mkdtempSync(join(tmpdir(), 'ordinal-e2e-'))
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['src-main/cli/web.ts', '--port', '0', '--data-dir', dataDir, ...(lessonsDir ? ['--lessons-dir', lessonsDir] : [])],
    { cwd: ROOT, env: { ...process.env, HOME: join(dataDir, 'home-host') }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`web.ts printed no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs)
    const onData = () => {
      const m = URL_LINE.exec(out)
      if (m) done(null, m[1])
    }
    const onExit = (code: number | null) => done(new Error(`web.ts exited (${code}) before serving:\n${out}`))
    function done(err: Error | null, u?: string) {
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      child.off('exit', onExit)
      if (err) reject(err)
      else resolve(u!)
    }
    child.stdout!.on('data', onData)
    child.once('exit', onExit)
  }).catch(async (err) => {
    await stop()
    throw err
  })
  return { url, dataDir, output: () => out, stop }
}
