// Runs the REAL kubectl binary against a test cluster (asynchronously: the API server lives in this process, so a
// blocking spawnSync would deadlock it).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'

export const KUBECTL = '/usr/bin/kubectl'

export function requireKubectl(): void {
  // A missing binary is a failure, not a skip: these tests are the proof that real kubectl works.
  if (!existsSync(KUBECTL)) throw new Error(`real kubectl not found at ${KUBECTL}`)
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export function kubectl(env: NodeJS.ProcessEnv, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, args, { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`kubectl ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, opts.timeoutMs ?? 20_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}

/** A long-running kubectl (e.g. `get -w`) whose output the test polls. */
export function kubectlBackground(env: NodeJS.ProcessEnv, args: string[]): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  const child = spawn(KUBECTL, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const closed = new Promise<void>((r) => child.on('close', () => r()))
  return {
    child,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM')
      await closed
    },
  }
}

export async function waitFor<T>(what: string, f: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await f()
      if (v) return v
    } catch (e) {
      last = e
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Replace the trailing AGE cell of each table row (it depends on how far the sim clock ran). */
export function normalizeAge(text: string): string {
  return text.replace(/ (<invalid>|\d+[smhdy](\d+[smhd])?)$/gm, ' AGE')
}
