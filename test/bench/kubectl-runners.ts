// The two kubectls the bench compares against the same in-process API server:
//   ours: runKubectl() called in-process, as the workstation shell's builtin does (no process start);
//   real: /usr/bin/kubectl spawned asynchronously (the API server lives in this process, so a blocking spawnSync
//         would stop it from answering and deadlock).
import { spawn } from 'node:child_process'
import { runKubectl } from '../../src-main/kubectl/index'
import type { CommandContext } from '../../src-main/shell/io'
import { CaptureOutput, emptyInput } from '../../src-main/shell/pipe'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'

export const REAL_KUBECTL = '/usr/bin/kubectl'

export interface KubectlResult {
  code: number
  stdout: string
  stderr: string
}

/** Our kubectl, in-process, with captured stdout/stderr and no terminal (like a pipe). `cwd` is the workspace
 *  files are read from (`-f`); it is also the confinement root of the Fs. */
export async function runOurs(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<KubectlResult> {
  const stdout = new CaptureOutput()
  const stderr = new CaptureOutput()
  const ctx: CommandContext = {
    argv: ['kubectl', ...argv],
    env: new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    cwd,
    fs: createWorkspaceFs(cwd),
    stdin: emptyInput,
    stdout,
    stderr,
    tty: null,
    signal: new AbortController().signal,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  }
  const code = await runKubectl(argv, ctx)
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** The real kubectl, spawned (async) with the given env (KUBECONFIG + a temp HOME for its discovery cache). */
export function runReal(argv: string[], env: NodeJS.ProcessEnv): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(REAL_KUBECTL, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** A failed run would time an error message, not the command: refuse to report it. */
export function expectOk(what: string, r: KubectlResult): KubectlResult {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`)
  return r
}
