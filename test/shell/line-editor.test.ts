// LineEditor: feed keys (including escape sequences), check emitted lines and what a terminal would show.
import { describe, expect, it } from 'vitest'
import { LineEditor } from '../../src-main/shell/line-editor'
import { needsMore } from '../../src-main/shell/parser'
import { Screen } from './screen'

function setup(opts: { cols?: number; history?: string[]; candidates?: string[] } = {}) {
  const screen = new Screen(opts.cols ?? 40)
  const lines: string[] = []
  let interrupts = 0
  let eofs = 0
  let raw = ''
  const ed = new LineEditor({
    write: (s) => {
      raw += s
      screen.write(s)
    },
    prompt: () => '\x1b[32m$\x1b[0m ',
    history: opts.history,
    needsMore,
    cols: opts.cols ?? 40,
    complete: opts.candidates
      ? async (line, cursor) => {
          const word = /\S*$/.exec(line.slice(0, cursor))![0]
          return { replaceFrom: cursor - word.length, candidates: opts.candidates!.filter((c) => c.startsWith(word)) }
        }
      : undefined,
  })
  ed.onLine((l) => {
    lines.push(l)
    ed.start()
  })
  ed.onInterrupt(() => interrupts++)
  ed.onEof(() => eofs++)
  ed.start()
  return { ed, screen, lines, get interrupts() { return interrupts }, get eofs() { return eofs }, get raw() { return raw } }
}

describe('LineEditor', () => {
  it('types and emits a line on Enter', () => {
    const t = setup()
    t.ed.feed('echo hi\r')
    expect(t.lines).toEqual(['echo hi'])
    expect(t.screen.text()).toEqual(['$ echo hi', '$'])
  })

  it('Backspace, Left/Right (CSI and SS3), Home/End, insert in the middle', () => {
    const t = setup()
    t.ed.feed('ac\x1b[Db\x1bOC!\x7f')
    t.ed.feed('\x1b[H>\x1b[F<')
    expect(t.ed.line).toBe('>abc<')
    t.ed.feed('\x01X\x05Y\r')
    expect(t.lines).toEqual(['X>abc<Y'])
    expect(t.screen.text()[0]).toBe('$ X>abc<Y')
  })

  it('Ctrl-U, Ctrl-K, Ctrl-W kill text; Delete (ESC[3~) deletes under the cursor', () => {
    const t = setup()
    t.ed.feed('kubectl get pods\x17')
    expect(t.ed.line).toBe('kubectl get ')
    t.ed.feed('\x01\x1b[3~')
    expect(t.ed.line).toBe('ubectl get ')
    t.ed.feed('\x0b')
    expect(t.ed.line).toBe('')
    t.ed.feed('abc\x15')
    expect(t.ed.line).toBe('')
    expect(t.screen.text()[0]).toBe('$')
  })

  it('Up/Down walk the history and keep the draft', () => {
    const t = setup({ history: ['one', 'two'] })
    t.ed.feed('dr')
    t.ed.feed('\x1b[A')
    expect(t.ed.line).toBe('two')
    t.ed.feed('\x1b[A\x1b[A')
    expect(t.ed.line).toBe('one')
    t.ed.feed('\x1b[B\x1b[B')
    expect(t.ed.line).toBe('dr')
    t.ed.feed('\x1b[A\r')
    expect(t.lines).toEqual(['two'])
  })

  it('adds entered lines to history (no consecutive duplicates, no blanks)', () => {
    const h: string[] = []
    const t = setup({ history: h })
    t.ed.feed('a\ra\r\r b\r')
    expect(h).toEqual(['a', ' b'])
    expect(t.lines).toEqual(['a', 'a', '', ' b'])
  })

  it('Ctrl-C prints ^C, a new prompt, and calls onInterrupt', () => {
    const t = setup()
    t.ed.feed('partial\x03')
    expect(t.interrupts).toBe(1)
    expect(t.ed.line).toBe('')
    expect(t.screen.text()).toEqual(['$ partial^C', '$'])
    expect(t.lines).toEqual([])
  })

  it('Ctrl-D on an empty line is EOF; on text it deletes forward', () => {
    const t = setup()
    t.ed.feed('ab\x1b[D\x04')
    expect(t.ed.line).toBe('a')
    expect(t.eofs).toBe(0)
    t.ed.feed('\x15\x04')
    expect(t.eofs).toBe(1)
  })

  it('continues unterminated input with > prompts and emits the whole entry', () => {
    const t = setup()
    t.ed.feed('echo "a\r')
    expect(t.lines).toEqual([])
    expect(t.screen.text()).toEqual(['$ echo "a', '>'])
    t.ed.feed('b"\r')
    expect(t.lines).toEqual(['echo "a\nb"'])
    t.ed.feed('cat <<EOF\rx\rEOF\r')
    expect(t.lines[1]).toBe('cat <<EOF\nx\nEOF')
  })

  it('handles wide CJK characters: cursor moves by display cells', () => {
    const t = setup()
    t.ed.feed('中文\x1b[Dx')
    expect(t.ed.line).toBe('中x文')
    expect(t.screen.text()[0]).toBe('$ 中x文')
    expect(t.screen.col).toBe(2 + 2 + 1)
  })

  it('wraps long lines at setCols and redraws correctly when editing', () => {
    const t = setup({ cols: 10 })
    t.ed.feed('0123456789abcdef')
    expect(t.screen.text()).toEqual(['$ 01234567', '89abcdef'])
    t.ed.feed('\x01X')
    expect(t.screen.text()).toEqual(['$ X0123456', '789abcdef'])
    expect([t.screen.row, t.screen.col]).toEqual([0, 3])
    t.ed.feed('\x05\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f')
    expect(t.screen.text()).toEqual(['$ X0123456', ''].slice(0, t.screen.text().length))
    expect(t.ed.line).toBe('X0123456')
  })

  it('Tab: one candidate completes with a space; several → common prefix, then a listing on the second Tab', async () => {
    const t = setup({ candidates: ['statefulsets', 'services', 'storageclasses', 'pods'] })
    t.ed.feed('get po\t')
    await t.ed.idle()
    expect(t.ed.line).toBe('get pods ')
    t.ed.feed('\x15get s\t')
    await t.ed.idle()
    expect(t.ed.line).toBe('get s')
    t.ed.feed('t\t')
    await t.ed.idle()
    expect(t.ed.line).toBe('get st')
    t.ed.feed('\t')
    await t.ed.idle()
    expect(t.raw).toMatch(/\r\nstatefulsets {4}storageclasses\r\n/)
    expect(t.screen.text().at(-1)).toBe('$ get st')
  })

  it('Ctrl-L clears the screen and redraws the line', () => {
    const t = setup()
    t.ed.feed('a\rb\x0c')
    expect(t.screen.text()).toEqual(['$ b'])
  })
})
