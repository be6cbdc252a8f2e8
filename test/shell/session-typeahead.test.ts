// Type-ahead like a tty + bash: lines typed while a command runs go to it if it reads them; what it leaves unread
// runs at the next prompt; ^C flushes it; a stale ^D does not end the shell.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Builtin } from '../../src-main/shell/io'
import { readOrAbort } from '../../src-main/shell/pipe'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
import { WorkstationSession, type CommandRecord } from '../../src-main/shell/workstation/session'

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r+\n/g, '\n')
const tick = () => new Promise((r) => setTimeout(r, 10))

/** A session whose `sleep` lasts until the test says so. */
function setup(extra: Builtin[] = []) {
  const fs = createWorkspaceFs(mkdtempSync(join(tmpdir(), 'ordinal-ta-')))
  let out = ''
  const records: CommandRecord[] = []
  let exitCode: number | null = null
  const wakers: (() => void)[] = []
  const s = new WorkstationSession({
    fs,
    home: fs.root,
    write: (d) => (out += d),
    onCommand: (r) => records.push(r),
    onExit: (c) => (exitCode = c),
    extraBuiltins: extra,
    sleep: (_ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new Error('aborted'))
        wakers.push(resolve)
        signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
      }),
  })
  s.start()
  const settle = async () => {
    await s.editor.idle()
    for (let i = 0; i < 100 && (s.busy || !s.editor.editing); i++) await tick()
  }
  const wake = async () => {
    for (let i = 0; i < 100 && wakers.length === 0; i++) await tick()
    wakers.shift()?.()
    await tick()
  }
  const started = async () => {
    for (let i = 0; i < 100 && wakers.length === 0; i++) await tick()
  }
  return { s, records, out: () => strip(out), exit: () => exitCode, settle, wake, started, lines: () => records.map((r) => r.line) }
}

describe('type-ahead while a command runs', () => {
  it('a line typed during `sleep 1` runs after it ends, in order after the sleep', async () => {
    const t = setup()
    t.s.feed('sleep 1\r')
    await t.started()
    expect(t.s.busy).toBe(true)
    expect(t.s.interactive).toBe(false)
    t.s.feed('echo hi\r')
    await tick()
    // The tty echoed it, but nothing ran it yet.
    expect(t.out()).toContain('$ sleep 1\necho hi\n')
    expect(t.out()).not.toContain('hi\nhi')
    expect(t.lines()).toEqual([])
    await t.wake()
    await t.settle()
    expect(t.lines()).toEqual(['sleep 1', 'echo hi'])
    expect(t.out()).toMatch(/\$ echo hi\nhi\nlearner@ordinal:~\$ $/)
  })

  it('several lines and an unfinished one: the lines run in order, the unfinished one waits on the prompt', async () => {
    const t = setup()
    t.s.feed('sleep 1\r')
    await t.started()
    t.s.feed('echo a\recho b\rech')
    await t.wake()
    await t.settle()
    expect(t.lines()).toEqual(['sleep 1', 'echo a', 'echo b'])
    expect(t.out()).toContain('$ echo a\na\n')
    expect(t.out()).toContain('$ echo b\nb\n')
    expect(t.s.editor.line).toBe('ech')
    expect(t.out().endsWith('$ ech')).toBe(true)
  })

  it('type-ahead that itself runs a slow command keeps queueing behind it', async () => {
    const t = setup()
    t.s.feed('sleep 1\r')
    await t.started()
    t.s.feed('sleep 2\recho done\r')
    await t.wake()
    await t.started()
    expect(t.lines()).toEqual(['sleep 1'])
    expect(t.s.busy).toBe(true)
    await t.wake()
    await t.settle()
    expect(t.lines()).toEqual(['sleep 1', 'sleep 2', 'echo done'])
    expect(t.out()).toContain('$ echo done\ndone\n')
  })

  it('`cat` with no arguments still gets the typed line, and it does not run again afterwards', async () => {
    const t = setup()
    t.s.feed('cat\r')
    for (let i = 0; i < 50 && !t.s.interactive; i++) await tick()
    expect(t.s.interactive).toBe(true)
    t.s.feed('hello\r')
    await tick()
    expect(t.out()).toContain('$ cat\nhello\nhello\n')
    t.s.feed('\x04')
    await t.settle()
    expect(t.lines()).toEqual(['cat'])
    expect(t.out()).not.toContain('command not found')
    expect(t.exit()).toBeNull()
  })

  it('`read` takes one line; the next typed line runs at the prompt', async () => {
    const t = setup()
    t.s.feed('read x; sleep 1; echo got $x\r')
    for (let i = 0; i < 50 && !t.s.interactive; i++) await tick()
    t.s.feed('abc\recho later\r')
    await t.wake()
    await t.settle()
    expect(t.lines()).toEqual(['read x; sleep 1; echo got $x', 'echo later'])
    expect(t.out()).toContain('got abc\n')
    expect(t.out()).toContain('$ echo later\nlater\n')
  })

  it('a raw-mode command (exec -it style) gets every keystroke and counts as interactive', async () => {
    const got: string[] = []
    const rawTool: Builtin = {
      name: 'rawtool',
      summary: 'reads keys in raw mode until q',
      run: async (c) => {
        c.tty?.setRaw(true)
        for (;;) {
          const k = await readOrAbort(c.stdin, c.signal)
          if (k === null) return 1
          got.push(k)
          if (k.includes('q')) return 0
        }
      },
    }
    const t = setup([rawTool])
    t.s.feed('rawtool\r')
    for (let i = 0; i < 50 && !t.s.interactive; i++) await tick()
    expect(t.s.interactive).toBe(true)
    t.s.feed('ls\r')
    t.s.feed('\x03')
    t.s.feed('q')
    await t.settle()
    expect(got.join('')).toBe('ls\r\x03q')
    expect(t.records[0]?.exitCode).toBe(0)
    expect(t.lines()).toEqual(['rawtool'])
  })

  it('^C interrupts the command and discards what was typed ahead (the tty flushes its input on SIGINT)', async () => {
    const t = setup()
    t.s.feed('sleep 1\r')
    await t.started()
    t.s.feed('echo hi\rech')
    t.s.feed('\x03')
    await t.settle()
    expect(t.lines()).toEqual(['sleep 1'])
    expect(t.records[0]?.exitCode).toBe(130)
    expect(t.out()).not.toMatch(/\nhi\n/)
    expect(t.s.editor.line).toBe('')
    expect(t.out()).toMatch(/\^C\nlearner@ordinal:~\$ $/)
  })

  it('keys typed after the ^C are kept and run at the prompt', async () => {
    const t = setup()
    t.s.feed('sleep 1\r')
    await t.started()
    t.s.feed('echo lost\r\x03echo kept\r')
    await t.settle()
    expect(t.lines()).toEqual(['sleep 1', 'echo kept'])
    expect(t.out()).toContain('$ echo kept\nkept\n')
    expect(t.out()).not.toMatch(/\nlost\n/)
  })

  it('a ^D typed during a command that never reads it does not end the shell', async () => {
    const t = setup()
    t.s.feed('sleep 1\r')
    await t.started()
    t.s.feed('\x04')
    await t.wake()
    await t.settle()
    expect(t.exit()).toBeNull()
    t.s.feed('echo alive\r')
    await t.settle()
    expect(t.out()).toContain('alive\n')
  })

  it('lines pasted at the prompt are shown once: by the prompt that runs them, not echoed early', async () => {
    const t = setup()
    t.s.feed('sleep 1\recho pasted\r')
    await t.started()
    expect(t.out()).not.toContain('echo pasted')
    await t.wake()
    await t.settle()
    expect(t.lines()).toEqual(['sleep 1', 'echo pasted'])
    expect(t.out().split('echo pasted').length - 1).toBe(1)
    expect(t.out()).toContain('$ echo pasted\npasted\n')
  })
})
