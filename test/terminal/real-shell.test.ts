// The real workstation shell (src-main/cli/shell.ts) in a real pty, the way the app runs it: it answers, and after
// a crash the restarted shell still has its history (SQLite via ORDINAL_DB) and its workspace.
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultShellCommand } from '../../src-main/terminal/shell-command'
import { startPtyHost, type PtyHost } from '../../src-main/terminal/pty-host'

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('pty host with the real workstation shell', () => {
  let host: PtyHost | null = null
  let dir = ''
  afterEach(async () => {
    await host?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs commands, survives a crash with history and workspace intact', async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'ordinal-realshell-')))
    const ws = join(dir, 'workspace')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(ws)
    writeFileSync(join(ws, 'statefulset-demo.yaml'), 'kind: StatefulSet\n')
    const cmd = defaultShellCommand()
    let out = ''
    host = startPtyHost({
      ...cmd,
      cwd: ws,
      env: { ORDINAL_WORKSPACE: ws, ORDINAL_DB: join(dir, 'ordinal.db'), KUBECONFIG: join(dir, 'kubeconfig') },
      onOutput: (d) => (out += d),
    })
    await until(() => out.includes('$ '), 'prompt')
    host.input('echo remembered-$((6*7))\r')
    await until(() => out.includes('remembered-42'), 'echo')
    host.input('ls\r')
    await until(() => out.includes('statefulset-demo.yaml'), 'ls')

    process.kill(host.pid, 'SIGKILL')
    await until(() => out.includes('[Ordinal] The shell stopped unexpectedly (code 137); starting a new one…'), 'restart notice')
    const mark = out.length
    await until(() => out.slice(mark).includes('$ '), 'new prompt')
    host.input('\x1b[A\x1b[A') // history: up twice → the echo line from the crashed shell
    await until(() => out.slice(mark).includes('echo remembered-$((6*7))'), 'history recalled')
    host.input('\x15ls\r') // ctrl-U, then the workspace is still there
    await until(() => out.slice(mark).includes('statefulset-demo.yaml'), 'workspace after restart')
  })
})
