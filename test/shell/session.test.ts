// WorkstationSession: line editing → interpreter, cooked and raw stdin for running commands, command records,
// completion of commands, files and kubectl words, history, help, exit.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Builtin } from '../../src-main/shell/io'
import { readOrAbort } from '../../src-main/shell/pipe'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
import { WorkstationSession, type CommandRecord } from '../../src-main/shell/workstation/session'

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r+\n/g, '\r\n')
const tick = () => new Promise((r) => setTimeout(r, 20))

function setup(extra: Builtin[] = []) {
  const fs = createWorkspaceFs(mkdtempSync(join(tmpdir(), 'ordinal-sess-')))
  let out = ''
  const records: CommandRecord[] = []
  const appended: string[] = []
  let exitCode: number | null = null
  const s = new WorkstationSession({
    fs,
    home: fs.root,
    write: (d) => (out += d),
    history: { load: () => ['old command'], append: (l) => appended.push(l) },
    onCommand: (r) => records.push(r),
    onExit: (c) => (exitCode = c),
    listNames: async (type) => (type === 'pods' ? ['web-0', 'web-1'] : type === 'statefulsets' ? ['web'] : []),
    extraBuiltins: extra,
    kubectlVerbs: [{ name: 'get', flags: [{ name: 'output', short: 'o' }, { name: 'watch', short: 'w' }] }],
  })
  s.start()
  return { s, fs, records, appended, out: () => strip(out), raw: () => out, exit: () => exitCode }
}

async function type(t: ReturnType<typeof setup>, keys: string) {
  t.s.feed(keys)
  await t.s.editor.idle()
  for (let i = 0; i < 50 && t.s.busy; i++) await tick()
}

describe('WorkstationSession', () => {
  it('shows learner@ordinal:~$ and ~/sub after cd', async () => {
    const t = setup()
    expect(t.out()).toBe('learner@ordinal:~$ ')
    await type(t, 'mkdir lesson-1 && cd lesson-1\r')
    expect(t.out().endsWith('learner@ordinal:~/lesson-1$ ')).toBe(true)
  })

  it('reports each command with cwd, exit code and times; appends history', async () => {
    const t = setup()
    await type(t, 'false\r')
    await type(t, 'foo\r')
    expect(t.records.map((r) => [r.line, r.exitCode, r.cwd])).toEqual([
      ['false', 1, t.fs.root],
      ['foo', 127, t.fs.root],
    ])
    expect(t.records[0]!.endedAt).toBeGreaterThanOrEqual(t.records[0]!.startedAt)
    expect(t.appended).toEqual(['false', 'foo'])
    expect(t.out()).toContain('foo\r\nbash: foo: command not found\r\n')
    await type(t, 'history\r')
    expect(t.out()).toContain('    1  old command\r\n    2  false\r\n    3  foo\r\n    4  history\r\n')
  })

  it('cooked mode: a reading command gets typed lines, with echo and backspace; ^D is EOF', async () => {
    const t = setup()
    t.s.feed('cat\r')
    await tick()
    t.s.feed('hellx\x7fo\r')
    await tick()
    expect(t.out()).toContain('hellx\b \bo\r\nhello\r\n')
    t.s.feed('\x04')
    await tick()
    expect(t.s.busy).toBe(false)
    expect(t.records[0]).toMatchObject({ line: 'cat', exitCode: 0 })
  })

  it('^C aborts a running command with 130 and returns to the prompt', async () => {
    const t = setup()
    t.s.feed('sleep 30\r')
    await tick()
    expect(t.s.busy).toBe(true)
    t.s.feed('\x03')
    await tick()
    expect(t.s.busy).toBe(false)
    expect(t.records[0]).toMatchObject({ line: 'sleep 30', exitCode: 130 })
    expect(t.out()).toMatch(/sleep 30\r\n\^C\r\nlearner@ordinal:~\$ $/)
  })

  it('raw mode (tty.setRaw) passes bytes through unchanged, including ^C', async () => {
    let got = ''
    const rawCmd: Builtin = {
      name: 'rawcat',
      summary: 'test',
      run: async (ctx) => {
        ctx.tty!.setRaw(true)
        for (;;) {
          const c = await readOrAbort(ctx.stdin, ctx.signal)
          if (c === null) return 1
          got += c
          if (c.includes('q')) return 0
        }
      },
    }
    const t = setup([rawCmd])
    t.s.feed('rawcat\r')
    await tick()
    t.s.feed('a\x03\x1b[Aq')
    await tick()
    expect(got).toBe('a\x03\x1b[Aq')
    expect(t.records[0]).toMatchObject({ exitCode: 0 })
    expect(t.out()).not.toContain('^C')
  })

  it('completes commands, files, kubectl verbs, flags, types and live names', async () => {
    const t = setup([{ name: 'kubectl', summary: 'fake', run: async () => 0 }])
    await type(t, 'touch web.yaml\r')
    await type(t, 'kubect\t')
    expect(t.s.editor.line).toBe('kubectl ')
    await type(t, 'ge\t')
    expect(t.s.editor.line).toBe('kubectl get ')
    await type(t, 'statef\t')
    expect(t.s.editor.line).toBe('kubectl get statefulsets ')
    await type(t, '\t')
    expect(t.s.editor.line).toBe('kubectl get statefulsets web ')
    await type(t, '--wat\t')
    expect(t.s.editor.line).toBe('kubectl get statefulsets web --watch ')
    await type(t, '\x15kubectl logs w\t')
    expect(t.s.editor.line).toBe('kubectl logs web-')
    await type(t, '\x15kubectl apply -f w\t')
    expect(t.s.editor.line).toBe('kubectl apply -f web.yaml ')
    await type(t, '\x15cat we\t')
    expect(t.s.editor.line).toBe('cat web.yaml ')
  })

  it('help lists the table; which finds kubectl-like commands', async () => {
    const t = setup()
    await type(t, 'help\r')
    expect(t.out()).toMatch(/  grep +print lines that match patterns/)
    expect(t.out()).toMatch(/  cd +change the working directory/)
    await type(t, 'which ls nothing; echo $?\r')
    expect(t.out()).toContain('/usr/bin/ls\r\n1\r\n')
  })

  it('exit N and ^D end the session with the status', async () => {
    const t = setup()
    await type(t, 'exit 5\r')
    expect(t.exit()).toBe(5)
    expect(t.out()).toContain('exit\r\n')
    const u = setup()
    await type(u, 'false\r')
    await type(u, '\x04')
    expect(u.exit()).toBe(1)
  })
})
