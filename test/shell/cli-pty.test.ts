// Drives src-main/cli/shell.ts in a REAL pty (node-pty), as the app does: typing, ^C, errors, exit status.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as pty from 'node-pty'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r+\n/g, '\r\n')

describe('cli/shell.ts in a real pty', () => {
  let ws: string
  let p: pty.IPty
  let out = ''
  let exitCode: number | null = null

  const waitFor = async (pred: () => boolean, ms = 8000) => {
    const t0 = Date.now()
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error(`timeout; output so far:\n${strip(out)}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  const prompts = () => strip(out).split('learner@ordinal:~$ ').length - 1

  beforeAll(async () => {
    ws = mkdtempSync(join(tmpdir(), 'ordinal-ws-'))
    p = pty.spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main/cli/shell.ts')], {
      cols: 80,
      rows: 24,
      cwd: root,
      env: { ...process.env, ORDINAL_WORKSPACE: ws, KUBECONFIG: join(ws, 'no-kubeconfig'), ORDINAL_DB: '' } as Record<string, string>,
    })
    p.onData((d) => (out += d))
    p.onExit((e) => (exitCode = e.exitCode))
    await waitFor(() => prompts() >= 1, 20000)
  }, 30000)

  afterAll(() => {
    if (exitCode === null) p.kill()
    rmSync(ws, { recursive: true, force: true })
  })

  it('prints a welcome line and the prompt', () => {
    expect(strip(out)).toContain('Welcome to Ordinal')
    expect(strip(out)).toContain('learner@ordinal:~$ ')
  })

  it('runs echo hi', async () => {
    const n = prompts()
    p.write('echo hi\r')
    await waitFor(() => prompts() > n)
    expect(strip(out)).toMatch(/echo hi\r\nhi\r\n/)
  })

  it('never sends \\r\\r\\n (the tty already maps \\n to \\r\\n)', () => {
    expect(out).not.toContain('\r\r\n')
  })

  it('Ctrl-C at sleep 10 returns to the prompt quickly with status 130', async () => {
    const n = prompts()
    p.write('sleep 10\r')
    await new Promise((r) => setTimeout(r, 300))
    const t0 = Date.now()
    p.write('\x03')
    await waitFor(() => prompts() > n, 3000)
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(strip(out)).toContain('^C')
    const m = prompts()
    p.write('echo $?\r')
    await waitFor(() => prompts() > m)
    expect(strip(out)).toMatch(/echo \$\?\r\n130\r\n/)
  })

  it('foo → bash: foo: command not found', async () => {
    const n = prompts()
    p.write('foo\r')
    await waitFor(() => prompts() > n)
    expect(strip(out)).toMatch(/\r\nbash: foo: command not found\r\n/)
  })

  it('refuses paths outside the workspace', async () => {
    const n = prompts()
    p.write('cat ../../etc/passwd\r')
    await waitFor(() => prompts() > n)
    expect(strip(out)).toContain('cat: ../../etc/passwd: Permission denied')
  })

  it('continues an unterminated quote on a > line', async () => {
    const n = prompts()
    p.write('echo "a\r')
    await waitFor(() => strip(out).endsWith('> '))
    p.write('b"\r')
    await waitFor(() => prompts() > n)
    expect(strip(out)).toMatch(/a\r\nb\r\n/)
  })

  it('exit 4 ends the process with status 4', async () => {
    p.write('exit 4\r')
    await waitFor(() => exitCode !== null)
    expect(exitCode).toBe(4)
  })
})
