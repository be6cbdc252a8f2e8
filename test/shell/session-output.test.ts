// The workstation session's output path: bare `\n` → `\r\n` across write boundaries, UTF-8/UTF-16 never split,
// a large `cat` in one fast pass, and COLUMNS/LINES kept in step with the terminal (bash's checkwinsize).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Builtin } from '../../src-main/shell/io'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
import { WorkstationSession } from '../../src-main/shell/workstation/session'

function setup(extra: Builtin[] = [], size: { cols?: number; rows?: number } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'ordinal-out-'))
  const fs = createWorkspaceFs(root)
  const writes: string[] = []
  let tail = ''
  let waiter: { text: string; done: () => void } | null = null
  const s = new WorkstationSession({
    fs,
    home: fs.root,
    extraBuiltins: extra,
    ...size,
    write: (d) => {
      writes.push(d)
      tail = (tail + d).slice(-200)
      if (waiter && tail.includes(waiter.text)) {
        const w = waiter
        waiter = null
        w.done()
      }
    },
  })
  s.start()
  const until = (text: string) => new Promise<void>((done) => (tail.includes(text) ? done() : (waiter = { text, done })))
  const run = async (line: string) => {
    writes.length = 0
    tail = ''
    s.feed(line + '\r')
    await until('$ ')
    return writes.join('')
  }
  return { s, root, run, until, writes }
}

describe('session output', () => {
  it('turns bare \\n into \\r\\n, also when \\r and \\n arrive in separate writes', async () => {
    const pieces: Builtin = {
      name: 'pieces',
      summary: 'test',
      usage: 'pieces',
      run: async (c) => {
        c.stdout.write('a\nb\r')
        c.stdout.write('\nc\n\n')
        c.stdout.write('\r\n')
        return 0
      },
    }
    const t = setup([pieces])
    const out = await t.run('pieces')
    expect(out).toContain('a\r\nb\r\nc\r\n\r\n\r\n')
    expect(out).not.toMatch(/[^\r]\n/)
  })

  it('never splits a character: each write is the command output whole, with CJK and emoji intact', async () => {
    const t = setup()
    writeFileSync(join(t.root, 'u.txt'), '中文注释 😀\n'.repeat(1000))
    const out = await t.run('cat u.txt')
    for (const w of t.writes) {
      const first = w.charCodeAt(0)
      const last = w.charCodeAt(w.length - 1)
      expect(first >= 0xdc00 && first <= 0xdfff).toBe(false)
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false)
    }
    expect(out).toContain('中文注释 😀\r\n'.repeat(1000))
  })

  it('cats 8 MB through the session whole and in order', async () => {
    const t = setup()
    const line = '  - name: web-0\n    image: registry.k8s.io/nginx-slim:0.21  # 中文注释\n'
    writeFileSync(join(t.root, 'big.yaml'), line.repeat(Math.ceil((8 * 1024 * 1024) / Buffer.byteLength(line))))
    const out = await t.run('cat big.yaml')
    expect(out.length).toBeGreaterThan(7_500_000)
    expect(out.slice(-200)).toContain('nginx-slim:0.21  # 中文注释\r\n')
    expect(out).not.toMatch(/[^\r]\n/)
  }, 30_000)

  it('sets COLUMNS and LINES (not exported) on start and on resize', async () => {
    const t = setup([], { cols: 100, rows: 30 })
    expect(await t.run('echo $COLUMNS x $LINES')).toContain('100 x 30\r\n')
    t.s.resize(132, 43)
    expect(await t.run('echo $COLUMNS x $LINES')).toContain('132 x 43\r\n')
    expect(await t.run('env | grep -c COLUMNS')).toContain('\r\n0\r\n')
  })
})
