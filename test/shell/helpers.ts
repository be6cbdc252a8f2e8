// Shared fixtures: an Interpreter with the workstation tools over a temp, confined workspace.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Interpreter } from '../../src-main/shell/interpreter'
import type { Builtin } from '../../src-main/shell/io'
import { CaptureOutput, StringInput } from '../../src-main/shell/pipe'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
import { fileTools } from '../../src-main/shell/workstation/file-tools'
import { textTools } from '../../src-main/shell/workstation/text-tools'
import { filterTools } from '../../src-main/shell/workstation/filter-tools'
import { sedTool } from '../../src-main/shell/workstation/sed'

export function makeShell(shellName = 'bash', extra: Builtin[] = []) {
  const root = mkdtempSync(join(tmpdir(), 'ordinal-sh-'))
  const fs = createWorkspaceFs(root)
  const builtins = new Map<string, Builtin>()
  for (const b of [...fileTools, ...textTools, ...filterTools(() => Date.UTC(2026, 10, 26, 20, 20, 1)), sedTool, ...extra]) builtins.set(b.name, b)
  const sh = new Interpreter({
    builtins,
    fs,
    env: new Map([['HOME', fs.root]]),
    cwd: fs.root,
    shellName,
    notFound: (n) => (shellName === 'bash' ? `bash: ${n}: command not found` : `${shellName}: ${n}: not found`),
    sleep: (ms, signal) =>
      new Promise((res, rej) => {
        const t = setTimeout(res, ms)
        signal?.addEventListener('abort', () => {
          clearTimeout(t)
          rej(new Error('aborted'))
        })
      }),
  })
  const run = async (src: string, stdin = '', signal = new AbortController().signal) => {
    const stdout = new CaptureOutput()
    const stderr = new CaptureOutput()
    const status = await sh.run(src, { stdin: new StringInput(stdin), stdout, stderr, tty: null, signal })
    return { stdout: stdout.text, stderr: stderr.text, status }
  }
  return { sh, fs, root: fs.root, run }
}
