// The nano editor: keystroke scripts → file contents and what the screen shows.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Nano } from '../../src-main/shell/workstation/editor/nano'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
import { WorkstationSession } from '../../src-main/shell/workstation/session'
import { makeShell } from './helpers'
import { Screen } from './screen'

const K = { up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', home: '\x1b[H', end: '\x1b[F', del: '\x1b[3~', pgdn: '\x1b[6~', pgup: '\x1b[5~', bs: '\x7f' }
const ctrl = (c: string) => String.fromCharCode(c.toUpperCase().charCodeAt(0) - 64)

function open(file: string | null, content?: string, cols = 80, rows = 24) {
  const fs = createWorkspaceFs(mkdtempSync(join(tmpdir(), 'ordinal-nano-')))
  if (file && content !== undefined) writeFileSync(join(fs.root, file), content)
  const screen = new Screen(cols)
  const ed = new Nano({ fs, cwd: fs.root, file, cols, rows, write: (s) => screen.write(s) })
  ed.render()
  const read = (name = file!) => readFileSync(join(fs.root, name), 'utf8')
  return { fs, ed, screen, read, rows: () => screen.text(), status: () => screen.text()[rows - 3]!.trim() }
}

describe('nano', () => {
  it('creates a file: type, ^O Enter writes it and says "Wrote N lines"', () => {
    const t = open('web.yaml')
    expect(t.status()).toBe('[ New File ]')
    t.ed.feed('apiVersion: v1\rkind: Pod')
    expect(t.rows()[0]).toMatch(/web\.yaml.*Modified/)
    t.ed.feed(ctrl('o'))
    expect(t.status()).toBe('File Name to Write: web.yaml')
    t.ed.feed('\r')
    expect(t.read()).toBe('apiVersion: v1\nkind: Pod\n')
    expect(t.status()).toBe('[ Wrote 2 lines ]')
    expect(t.rows()[0]).not.toContain('Modified')
    expect(t.rows()[1]).toBe('apiVersion: v1')
    expect(t.rows()[2]).toBe('kind: Pod')
  })

  it('shows the file, "Read N lines" and the help lines', () => {
    const t = open('f.txt', 'one\ntwo\nthree\n')
    expect(t.status()).toBe('[ Read 3 lines ]')
    expect(t.rows().slice(1, 4)).toEqual(['one', 'two', 'three'])
    expect(t.rows()[22]).toMatch(/^\^G Help +\^O Write Out +\^W Where Is +\^K Cut +\^C Location/)
    expect(t.rows()[23]).toMatch(/^\^X Exit +\^A Home +\^E End +\^U Paste/)
    expect([t.screen.row, t.screen.col]).toEqual([1, 0])
  })

  it('arrows, Home/End, Delete, Backspace and Enter edit where the cursor is', () => {
    const t = open('f.txt', 'abc\ndef\n')
    t.ed.feed(K.down + K.end + 'X')
    t.ed.feed(K.home + K.del)
    t.ed.feed(K.up + K.right + K.right + '\r')
    t.ed.feed(K.down + K.home + K.bs) // joins "efX" back onto "c"
    t.ed.feed(ctrl('o') + '\r')
    expect(t.read()).toBe('ab\ncefX\n')
  })

  it('types CJK as wide characters and keeps the cursor on the right cell', () => {
    const t = open('zh.txt')
    t.ed.feed('你好' + K.left + 'a')
    expect(t.rows()[1]).toBe('你a好')
    expect(t.screen.col).toBe(3)
    t.ed.feed(K.bs + K.bs + '世')
    expect(t.rows()[1]).toBe('世好')
    t.ed.feed(ctrl('o') + '\r')
    expect(t.read()).toBe('世好\n')
  })

  it('^K cuts lines (repeated ^K collects them), ^U pastes them above the cursor', () => {
    const t = open('f.txt', 'a\nb\nc\n')
    t.ed.feed(ctrl('k') + ctrl('k'))
    expect(t.rows().slice(1, 3)).toEqual(['c', ''])
    t.ed.feed(K.down + ctrl('u'))
    t.ed.feed(ctrl('o') + '\r')
    expect(t.read()).toBe('c\na\nb\n')
  })

  it('^X on a modified buffer asks; N leaves the file as it was', () => {
    const t = open('f.txt', 'keep\n')
    t.ed.feed('junk')
    t.ed.feed(ctrl('x'))
    expect(t.status()).toBe('Save modified buffer?')
    expect(t.rows()[22]).toContain('Y Yes')
    expect(t.ed.done).toBe(false)
    t.ed.feed('n')
    expect(t.ed.done).toBe(true)
    expect(t.read()).toBe('keep\n')
  })

  it('^X then Y asks for the name and saves; ^C cancels', () => {
    const t = open('f.txt', 'x\n')
    t.ed.feed('new ' + ctrl('x') + ctrl('c'))
    expect(t.status()).toBe('[ Cancelled ]')
    expect(t.ed.done).toBe(false)
    t.ed.feed(ctrl('x') + 'y')
    expect(t.status()).toBe('File Name to Write: f.txt')
    t.ed.feed('\r')
    expect(t.ed.done).toBe(true)
    expect(t.read()).toBe('new x\n')
  })

  it('^X on an unmodified buffer exits at once', () => {
    const t = open('f.txt', 'x\n')
    t.ed.feed(ctrl('x'))
    expect(t.ed.done).toBe(true)
  })

  it('^O can write under another name; outside the workspace it reports the error', () => {
    const t = open('f.txt', 'x\n')
    t.ed.feed(ctrl('o') + K.bs.repeat(5) + 'copy.txt\r')
    expect(t.read('copy.txt')).toBe('x\n')
    expect(t.rows()[0]).toContain('copy.txt')
    t.ed.feed(ctrl('o') + K.bs.repeat(8) + '../../escape.txt\r')
    expect(t.status()).toBe('[ Error writing ../../escape.txt: Permission denied ]')
  })

  it('^W searches forward, wraps, and says when nothing matches', () => {
    const t = open('f.txt', 'alpha\nbeta\ngamma\nalpha2\n')
    t.ed.feed(ctrl('w'))
    expect(t.status()).toBe('Search:')
    t.ed.feed('gam\r')
    expect([t.screen.row, t.screen.col]).toEqual([3, 0])
    t.ed.feed(ctrl('w') + 'alpha\r')
    expect([t.screen.row, t.screen.col]).toEqual([4, 0])
    t.ed.feed(ctrl('w') + '\r') // empty: repeat the last search, wrapping to the top
    expect(t.status()).toBe('[ Search Wrapped ]')
    expect([t.screen.row, t.screen.col]).toEqual([1, 0])
    t.ed.feed(ctrl('w') + 'zzz\r')
    expect(t.status()).toBe('[ "zzz" not found ]')
  })

  it('^C shows the cursor position', () => {
    const t = open('f.txt', 'ab\ncd\n')
    t.ed.feed(K.down + K.right + ctrl('c'))
    expect(t.status()).toBe('[ line 2/3 (67%), col 2/3 (67%), char 4/6 (67%) ]')
  })

  it('PgDn/PgUp move a screenful; the view scrolls with the cursor', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n') + '\n'
    const t = open('f.txt', lines, 40, 10)
    t.ed.feed(K.pgdn)
    expect(t.rows()[1 + t.screen.row - 1]).toMatch(/^line \d+$/)
    t.ed.feed(K.pgdn + K.pgdn + K.pgdn)
    const shown = t.rows().slice(1, 7)
    expect(shown.every((l) => /^line \d+$/.test(l))).toBe(true)
    expect(Number(shown[0]!.split(' ')[1])).toBeGreaterThan(1)
    t.ed.feed(K.pgup.repeat(20))
    expect(t.rows()[1]).toBe('line 1')
  })

  it('scrolls a long line sideways with < and > marks', () => {
    const t = open('f.txt', 'x'.repeat(30) + '\nshort\n', 20, 10)
    expect(t.rows()[1]).toBe('x'.repeat(19) + '>')
    t.ed.feed(K.end)
    expect(t.rows()[1]!.startsWith('<')).toBe(true)
    expect(t.screen.col).toBeLessThan(20)
  })

  it('redraws for a new size (help lines move to the new bottom)', () => {
    const t = open('f.txt', 'x\n', 80, 24)
    const small = new Screen(40)
    ;(t.ed as unknown as { o: { write(s: string): void } }).o.write = (s) => small.write(s)
    t.ed.resize(40, 12)
    expect(small.text()[10]).toMatch(/^\^G Help/)
    expect(small.text()[11]).toMatch(/^\^X Exit/)
    expect(small.text()[0]!.length).toBeLessThanOrEqual(40)
  })

  it('opening a directory or a path outside the workspace says so', () => {
    const t = open('d')
    t.fs.mkdir(`${t.fs.root}/d`)
    const dir = new Nano({ fs: t.fs, cwd: t.fs.root, file: 'd', cols: 80, rows: 24, write: (s) => t.screen.write(s) })
    dir.render()
    expect(t.status()).toBe('[ "d" is a directory ]')
    const out = new Nano({ fs: t.fs, cwd: t.fs.root, file: '/etc/passwd', cols: 80, rows: 24, write: (s) => t.screen.write(s) })
    out.render()
    expect(t.status()).toBe('[ Error reading /etc/passwd: Permission denied ]')
  })
})

describe('nano / vi as commands', () => {
  it('runs full screen in the workstation shell (raw keys), saves, and returns to the prompt', async () => {
    const fs = createWorkspaceFs(mkdtempSync(join(tmpdir(), 'ordinal-nano-s-')))
    let out = ''
    const s = new WorkstationSession({ fs, home: fs.root, write: (d) => (out += d) })
    s.start()
    const tick = () => new Promise((r) => setTimeout(r, 10))
    s.feed('edit web.yaml\r')
    await tick()
    expect(out).toContain('\x1b[?1049h')
    s.feed('kind: StatefulSet')
    s.feed(ctrl('c')) // ^C is a key for nano (cursor position), not an interrupt
    await tick()
    expect(s.busy).toBe(true)
    s.feed(ctrl('o'))
    s.feed('\r')
    s.feed(ctrl('x'))
    for (let i = 0; i < 50 && s.busy; i++) await tick()
    expect(s.busy).toBe(false)
    expect(readFileSync(join(fs.root, 'web.yaml'), 'utf8')).toBe('kind: StatefulSet\n')
    expect(out.endsWith('$ ')).toBe(true)
    expect(out).toContain('\x1b[?1049l')
  })

  it('needs a terminal; vi points to nano', async () => {
    const { run } = makeShell('bash', (await import('../../src-main/shell/workstation/editor/nano-tool')).editorTools)
    expect(await run('nano f')).toEqual({ stdout: '', stderr: 'Too many errors from stdin\n', status: 1 })
    expect(await run('vi web.yaml')).toEqual({
      stdout: '',
      stderr: 'vi: not installed here. Use nano instead: nano web.yaml\n  (type to edit, ^O saves, ^X exits; ^ means the Ctrl key)\n',
      status: 127,
    })
  })
})
