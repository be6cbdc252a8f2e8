// WorkstationSession, continued: the namespace in the prompt, background job notices, watch (frames, interval, ^C),
// help and completion generated from the builtin table, cd -, type, Ctrl-D.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Builtin, Env } from '../../src-main/shell/io'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
import { WorkstationSession, type WorkstationSessionOptions } from '../../src-main/shell/workstation/session'
import { watchFrame } from '../../src-main/shell/workstation/watch'

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r+\n/g, '\r\n')
const tick = (ms = 15) => new Promise((r) => setTimeout(r, ms))

function setup(more: Partial<WorkstationSessionOptions> = {}) {
  const fs = createWorkspaceFs(mkdtempSync(join(tmpdir(), 'ordinal-sess2-')))
  let out = ''
  let exitCode: number | null = null
  const s = new WorkstationSession({ fs, home: fs.root, write: (d) => (out += d), onExit: (c) => (exitCode = c), ...more })
  s.start()
  const type = async (keys: string) => {
    s.feed(keys)
    await s.editor.idle()
    for (let i = 0; i < 100 && s.busy; i++) await tick(5)
  }
  return { s, fs, type, out: () => strip(out), raw: () => out, exit: () => exitCode, clear: () => (out = '') }
}

describe('prompt', () => {
  it("shows the kubeconfig context's namespace, re-read at every prompt", async () => {
    let ns = 'default'
    const seenEnv: Env[] = []
    const t = setup({
      kubeNamespace: (env) => {
        seenEnv.push(env)
        return ns
      },
    })
    expect(t.out()).toBe('(default) learner@ordinal:~$ ')
    expect(t.raw().startsWith('\x1b[00;33m(default)\x1b[00m \x1b[01;32mlearner@ordinal')).toBe(true)
    ns = 'kube-system'
    await t.type('mkdir l && cd l\r')
    expect(t.out().endsWith('(kube-system) learner@ordinal:~/l$ ')).toBe(true)
    expect(seenEnv[0]!.get('HOME')).toBe(t.fs.root)
  })

  it('leaves the namespace out when it cannot be read', () => {
    const t = setup({
      kubeNamespace: () => {
        throw new Error('bad kubeconfig')
      },
    })
    expect(t.out()).toBe('learner@ordinal:~$ ')
  })
})

describe('jobs', () => {
  it('announces `cmd &` as [1] PID and reports Done before a later prompt', async () => {
    const t = setup()
    await t.type('sleep 0.05 &\r')
    expect(t.out()).toMatch(/sleep 0\.05 &\r\n\[1\] \d+\r\nlearner@ordinal:~\$ $/)
    await tick(120)
    await t.type('true\r')
    expect(t.out()).toMatch(/\[1\]\+  Done                    sleep 0\.05\r\nlearner@ordinal:~\$ $/)
  })

  it('reports a failing job as Exit N; jobs lists running ones', async () => {
    const t = setup()
    await t.type('sleep 5 &\r')
    await t.type('jobs\r')
    expect(t.out()).toMatch(/\[1\]\+  Running                 sleep 5 &\r\n/)
    await t.type('ls nope &\r')
    await tick(50)
    await t.type('true\r')
    expect(t.out()).toContain('[2]+  Exit 2                  ls nope\r\n')
  })
})

describe('watch', () => {
  it('draws the procps header and the output, cut to the window', () => {
    const frame = watchFrame({
      interval: 2,
      command: 'kubectl get pods',
      output: 'NAME    READY\nweb-0   1/1\n',
      cols: 80,
      rows: 10,
      title: true,
      host: 'ordinal',
      date: new Date(2026, 10, 26, 20, 20, 1),
    })
    const lines = strip(frame).split('\r\n')
    expect(lines[0]).toBe('Every 2.0s: kubectl get pods'.padEnd(80 - 'ordinal: Thu Nov 26 20:20:01 2026'.length) + 'ordinal: Thu Nov 26 20:20:01 2026')
    expect(lines.slice(1)).toEqual(['', 'NAME    READY', 'web-0   1/1'])
    expect(frame.startsWith('\x1b[H\x1b[2J')).toBe(true)
  })

  it('reruns every interval through the injected sleep, full screen, until ^C', async () => {
    const sleeps: number[] = []
    let wake: (() => void) | null = null
    let n = 0
    const counter: Builtin = {
      name: 'count',
      summary: 'test',
      run: async (ctx) => {
        ctx.stdout.write(`run ${++n}\n`)
        return 0
      },
    }
    const t = setup({
      extraBuiltins: [counter],
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          sleeps.push(ms)
          wake = resolve
          signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
        }),
    })
    t.s.feed('watch -n 1 count\r')
    await tick()
    expect(t.raw()).toContain('\x1b[?1049h')
    expect(t.out()).toMatch(/Every 1\.0s: count +ordinal: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\r\n\r\nrun 1/)
    wake!()
    await tick()
    expect(t.out()).toContain('run 2')
    expect(sleeps).toEqual([1000, 1000])
    t.s.feed('\x03')
    for (let i = 0; i < 50 && t.s.busy; i++) await tick(5)
    expect(t.s.busy).toBe(false)
    expect(t.raw()).toContain('\x1b[?1049l')
    expect(t.out().endsWith('learner@ordinal:~$ ')).toBe(true)
  })

  it('usage and bad intervals are errors', async () => {
    const t = setup()
    await t.type('watch; echo $?\r')
    expect(t.out()).toContain('Usage:\r\n watch [options] command\r\n')
    expect(t.out()).toContain('\r\n1\r\n')
    await t.type('watch -n x ls\r')
    expect(t.out()).toContain("watch: failed to parse argument: 'x'\r\n")
  })
})

describe('help, completion, builtins of the session', () => {
  it('help NAME shows usage, summary and the flags from the table; unknown topics use bash wording', async () => {
    const t = setup()
    await t.type('help ls\r')
    expect(t.out()).toContain('ls: ls [-laR1A] [FILE]...\r\n    list directory contents\r\n\r\n    Options:\r\n')
    expect(t.out()).toMatch(/ {6}-R, --recursive +list subdirectories recursively\r\n/)
    await t.type('help nothing\r')
    expect(t.out()).toContain("bash: help: no help topics match `nothing'.  Try `help help' or `man -k nothing' or `info nothing'.\r\n")
    await t.type('help\r')
    for (const name of ['sed', 'watch', 'nano', 'cut', 'tr', 'base64', 'type', 'cd']) expect(t.out()).toMatch(new RegExp(`\\r\\n  ${name} +\\S`))
  })

  it('completes table flags (ls -<Tab><Tab>) and builtin names', async () => {
    const t = setup()
    await t.type('ls --rec\t')
    expect(t.s.editor.line).toBe('ls --recursive ')
    await t.type('\x15wat\t')
    expect(t.s.editor.line).toBe('watch ')
    await t.type('\x15nan\t')
    expect(t.s.editor.line).toBe('nano ')
    await t.type('\x15help wat\t')
    expect(t.s.editor.line).toBe('help watch ')
  })

  it('cd - goes back and prints the directory; ~ is HOME; type knows kubectl', async () => {
    const t = setup({ extraBuiltins: [{ name: 'kubectl', summary: 'fake', run: async () => 0 }] })
    await t.type('mkdir -p a/b; cd a/b; cd ~; cd -\r')
    expect(t.out()).toContain(`${t.fs.root}/a/b\r\n`)
    expect(t.s.interpreter.cwd).toBe(`${t.fs.root}/a/b`)
    await t.type('type kubectl cd\r')
    expect(t.out()).toContain('kubectl is /usr/local/bin/kubectl\r\ncd is a shell builtin\r\n')
  })

  it('^D on an empty line prints exit and ends; with text it deletes forward', async () => {
    const t = setup()
    await t.type('ab\x01\x04')
    expect(t.s.editor.line).toBe('b')
    expect(t.exit()).toBe(null)
    await t.type('\x05\x15\x04')
    expect(t.out().endsWith('exit\r\n')).toBe(true)
    expect(t.exit()).toBe(0)
  })

  it('clear, pwd, history N / -c / bad N, which for table rows', async () => {
    const t = setup({ history: { load: () => ['kubectl get pods', 'ls'], append: () => {} } })
    await t.type('clear\r')
    expect(t.raw()).toContain('\x1b[H\x1b[2J\x1b[3J')
    await t.type('pwd\r')
    expect(t.out()).toContain(`\r\n${t.fs.root}\r\n`)
    await t.type('history 2\r')
    expect(t.out()).toContain('\r\n    4  pwd\r\n    5  history 2\r\n')
    await t.type('history x\r')
    expect(t.out()).toContain('bash: history: x: numeric argument required\r\n')
    await t.type('history -c; history | wc -l\r')
    expect(t.out()).toMatch(/\r\n0\r\n/)
    await t.type('which nano sed watch\r')
    expect(t.out()).toContain('/usr/bin/nano\r\n/usr/bin/sed\r\n/usr/bin/watch\r\n')
  })

  it('watch -t drops the header', async () => {
    let wake: (() => void) | null = null
    const t = setup({ sleep: () => new Promise((resolve) => (wake = resolve)) })
    t.s.feed('watch -t echo plain\r')
    await tick()
    expect(t.out()).toContain('plain')
    expect(t.out()).not.toContain('Every ')
    t.s.feed('\x03')
    for (let i = 0; i < 50 && t.s.busy; i++) await tick(5)
    expect(t.s.busy).toBe(false)
    expect(wake).not.toBe(null)
  })
})
