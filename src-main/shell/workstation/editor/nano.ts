// A small nano: the keys and screens of GNU nano that a learner editing a manifest needs. Pure: keystrokes in through
// feed(), ANSI out through write(), the file through the Fs, so tests drive it without a pty.
//   row 0            title bar (inverse): program, file name, "Modified"
//   rows 1…rows-4    the text (long lines scroll sideways on the cursor's line, with `<` and `>` marks)
//   row rows-3       status message ("[ Wrote 12 lines ]") or a prompt ("File Name to Write: web.yaml")
//   rows rows-2, -1  the help lines (^G Help  ^O Write Out  ^X Exit …)
import type { Fs } from '../../io'
import { errorText, resolvePath } from '../../path'
import { charWidth, displayWidth } from '../../width'
import { TextBuffer } from './text-buffer'

export interface NanoOptions {
  fs: Fs
  cwd: string
  /** The file operand as typed, or null for a new buffer. */
  file: string | null
  cols: number
  rows: number
  write(s: string): void
}

type Mode = 'edit' | 'filename' | 'confirm-exit' | 'search' | 'help'

const TAB = 8
const EDIT_HELP: [string, string][][] = [
  [['^G', 'Help'], ['^O', 'Write Out'], ['^W', 'Where Is'], ['^K', 'Cut'], ['^C', 'Location'], ['^Y', 'Prev Page']],
  [['^X', 'Exit'], ['^A', 'Home'], ['^E', 'End'], ['^U', 'Paste'], ['^L', 'Refresh'], ['^V', 'Next Page']],
]
const PROMPT_HELP: [string, string][][] = [[['^G', 'Help']], [['^C', 'Cancel']]]
const CONFIRM_HELP: [string, string][][] = [[[' Y', 'Yes']], [[' N', 'No'], ['^C', 'Cancel']]]
const HELP_HELP: [string, string][][] = [[], [['^X', 'Close']]]

const HELP_TEXT = [
  'Main nano help text',
  '',
  ' The nano editor is designed to be easy to use. Type to insert text; the arrow keys, Home, End, PgUp and',
  ' PgDn move around. Commands are shown at the bottom of the screen: ^ means the Ctrl key.',
  '',
  ' ^O   Write the current file to disk          ^X   Close the buffer (asks to save if modified)',
  ' ^W   Search forward for a string             ^K   Cut the current line',
  ' ^U   Paste the cut line(s) above the cursor  ^C   Show the cursor position',
  ' ^A   Go to the start of the line             ^E   Go to the end of the line',
  ' ^Y   Go one screenful up                     ^V   Go one screenful down',
  ' ^L   Redraw the screen                       ^G   Display this help text',
]

/** The first `cols` display cells of `s`. */
function clip(s: string, cols: number): string {
  let w = 0
  let out = ''
  for (const ch of s) {
    w += charWidth(ch)
    if (w > cols) break
    out += ch
  }
  return out
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export class Nano {
  readonly buf: TextBuffer
  private mode: Mode = 'edit'
  private name: string | null
  private status: string | null = null
  private promptText: string[] = []
  private lastSearch = ''
  private exitAfterSave = false
  private top = 0
  private input = ''
  private cols: number
  private rows: number
  /** True once ^X has closed the editor. */
  done = false

  constructor(private readonly o: NanoOptions) {
    this.cols = o.cols
    this.rows = o.rows
    this.name = o.file
    let text = ''
    if (o.file !== null) {
      const path = resolvePath(o.cwd, o.file)
      try {
        const s = o.fs.stat(path)
        if (!s) this.status = 'New File'
        else if (s.type === 'dir') this.status = `"${o.file}" is a directory`
        else {
          text = o.fs.readFile(path)
          this.status = `Read ${plural(new TextBuffer(text).lineCount(), 'line')}`
        }
      } catch (e) {
        this.status = `Error reading ${o.file}: ${errorText(e)}`
      }
    }
    this.buf = new TextBuffer(text)
  }

  resize(cols: number, rows: number): void {
    this.cols = Math.max(10, cols)
    this.rows = Math.max(5, rows)
    this.render()
  }

  /** Keystrokes from the terminal (raw mode). */
  feed(data: string): void {
    this.input += data
    for (;;) {
      const key = this.nextKey()
      if (key === null) break
      this.handle(key)
      if (this.done) return
    }
    this.render()
  }

  private nextKey(): string | null {
    const s = this.input
    if (s === '') return null
    const esc = /^\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z]|.)?/s.exec(s)
    if (esc && s[0] === '\x1b') {
      this.input = s.slice(esc[0].length)
      return esc[0]
    }
    const cp = String.fromCodePoint(s.codePointAt(0)!)
    this.input = s.slice(cp.length)
    if (cp === '\r' && this.input.startsWith('\n')) this.input = this.input.slice(1)
    return cp
  }

  private handle(k: string): void {
    switch (this.mode) {
      case 'edit':
        return this.editKey(k)
      case 'filename':
      case 'search':
        return this.promptKey(k)
      case 'confirm-exit':
        return this.confirmKey(k)
      case 'help':
        if (k === '\x18' || k === 'q' || k === '\x03' || k === '\r') this.mode = 'edit'
        return
    }
  }

  private editKey(k: string): void {
    const b = this.buf
    const page = Math.max(1, this.textRows() - 2)
    this.status = null
    switch (k) {
      case '\x1b[A': case '\x1bOA': case '\x10': return b.vertical(-1)
      case '\x1b[B': case '\x1bOB': case '\x0e': return b.vertical(1)
      case '\x1b[C': case '\x1bOC': case '\x06': return b.right()
      case '\x1b[D': case '\x1bOD': case '\x02': return b.left()
      case '\x1b[H': case '\x1bOH': case '\x1b[1~': case '\x1b[7~': case '\x01': return b.home()
      case '\x1b[F': case '\x1bOF': case '\x1b[4~': case '\x1b[8~': case '\x05': return b.end()
      case '\x1b[5~': case '\x19':
        this.top = Math.max(0, this.top - page)
        return b.vertical(-page)
      case '\x1b[6~': case '\x16':
        this.top = Math.min(Math.max(0, b.lines.length - 1), this.top + page)
        return b.vertical(page)
      case '\x1b[3~': case '\x04': return b.del()
      case '\x7f': case '\b': return b.backspace()
      case '\r': case '\n': return b.newline()
      case '\t': return b.insert('\t')
      case '\x0b': return b.cutLine()
      case '\x15': return b.paste()
      case '\x0c': return
      case '\x07':
        this.mode = 'help'
        return
      case '\x03':
        this.status = this.location()
        return
      case '\x0f':
        this.askFilename(false)
        return
      case '\x17':
        this.mode = 'search'
        this.promptText = []
        return
      case '\x18':
        if (!b.modified) {
          this.done = true
          return
        }
        this.mode = 'confirm-exit'
        return
    }
    if (k.startsWith('\x1b') || k.codePointAt(0)! < 0x20) return // unbound keys do nothing
    b.insert(k)
  }

  private askFilename(exitAfter: boolean): void {
    this.mode = 'filename'
    this.exitAfterSave = exitAfter
    this.promptText = [...(this.name ?? '')]
  }

  private promptKey(k: string): void {
    if (k === '\x03') {
      this.mode = 'edit'
      this.status = 'Cancelled'
      this.exitAfterSave = false
      return
    }
    if (k === '\x7f' || k === '\b') {
      this.promptText.pop()
      return
    }
    if (k === '\r' || k === '\n') {
      const text = this.promptText.join('')
      const mode = this.mode
      this.mode = 'edit'
      if (mode === 'filename') return this.save(text)
      return this.find(text)
    }
    if (k.startsWith('\x1b') || k.codePointAt(0)! < 0x20) return
    this.promptText.push(...k)
  }

  private confirmKey(k: string): void {
    if (k === 'y' || k === 'Y') return this.askFilename(true)
    if (k === 'n' || k === 'N') {
      this.done = true
      return
    }
    if (k === '\x03') {
      this.mode = 'edit'
      this.status = 'Cancelled'
    }
  }

  private save(name: string): void {
    if (name === '') {
      this.status = 'Cancelled'
      this.exitAfterSave = false
      return
    }
    const path = resolvePath(this.o.cwd, name)
    try {
      if (this.o.fs.stat(path)?.type === 'dir') throw Object.assign(new Error(), { code: 'EISDIR' })
      this.o.fs.writeFile(path, this.buf.text())
    } catch (e) {
      this.status = `Error writing ${name}: ${errorText(e)}`
      this.exitAfterSave = false
      return
    }
    this.name = name
    this.buf.modified = false
    this.status = `Wrote ${plural(this.buf.lineCount(), 'line')}`
    if (this.exitAfterSave) this.done = true
  }

  private find(text: string): void {
    const needle = text === '' ? this.lastSearch : text
    if (needle === '') {
      this.status = 'Cancelled'
      return
    }
    this.lastSearch = needle
    const r = this.buf.search(needle)
    if (!r) this.status = `"${needle}" not found`
    else if (r.only) this.status = 'This is the only occurrence'
    else if (r.wrapped) this.status = 'Search Wrapped'
  }

  private location(): string {
    const b = this.buf
    const total = b.lines.length
    const col = b.col + 1
    const cols = b.line.length + 1
    const chars = b.lines.reduce((t, l) => t + l.length + 1, 0) - 1
    const at = b.lines.slice(0, b.row).reduce((t, l) => t + l.length + 1, 0) + b.col
    const pct = (a: number, z: number) => `${z === 0 ? 0 : Math.round((100 * a) / z)}%`
    return `line ${b.row + 1}/${total} (${pct(b.row + 1, total)}), col ${col}/${cols} (${pct(col, cols)}), char ${at}/${chars} (${pct(at, chars)})`
  }

  // ---- drawing ----

  private textRows(): number {
    return Math.max(1, this.rows - 4)
  }

  /** Display cells of the first `n` characters of a line (tabs to the next multiple of 8). */
  private cellsBefore(line: string[], n: number): number {
    let x = 0
    for (let i = 0; i < n && i < line.length; i++) x += line[i] === '\t' ? TAB - (x % TAB) : charWidth(line[i]!)
    return x
  }

  /** The visible part of a line starting at display cell `offset`, at most `cols` cells, with nano's marks: `<` when
   *  scrolled sideways, `>` when the line goes on past the right edge. */
  private visible(line: string[], offset: number): string {
    const width = this.cols
    const first = offset > 0 ? 1 : 0
    let out = offset > 0 ? '<' : ''
    let col = first
    let x = 0
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!
      const w = ch === '\t' ? TAB - (x % TAB) : charWidth(ch)
      const start = x
      x += w
      if (start < offset + first) continue
      const screen = start - offset
      if (screen + w > width || (screen + w > width - 1 && i < line.length - 1)) {
        return out + ' '.repeat(Math.max(0, width - 1 - col)) + '>'
      }
      out += ' '.repeat(Math.max(0, screen - col)) + (ch === '\t' ? ' '.repeat(w) : ch)
      col = screen + w
    }
    return out
  }

  private offsetFor(x: number): number {
    const chunk = Math.max(4, this.cols - 8)
    let offset = 0
    while (x - offset >= this.cols - 1) offset += chunk
    return offset
  }

  private bar(text: string): string {
    return `\x1b[7m${text}${' '.repeat(Math.max(0, this.cols - displayWidth(text)))}\x1b[0m`
  }

  private helpRows(): string[] {
    const rows = this.mode === 'edit' ? EDIT_HELP : this.mode === 'confirm-exit' ? CONFIRM_HELP : this.mode === 'help' ? HELP_HELP : PROMPT_HELP
    const slot = Math.max(8, Math.floor(this.cols / 6))
    return rows.map((items) => {
      let s = ''
      let w = 0
      for (const [key, label] of items) {
        if (w + key.length + 1 > this.cols) break
        const room = Math.min(slot, this.cols - w)
        // Always a space between items: a label that doesn't fit is shortened, as nano does on narrow screens.
        const text = (key + ' ' + label).slice(0, Math.max(key.length, room - 1))
        s += `\x1b[7m${key}\x1b[0m${text.slice(key.length)}${' '.repeat(Math.max(0, room - text.length))}`
        w += room
      }
      return s
    })
  }

  render(): void {
    const b = this.buf
    const h = this.textRows()
    if (b.row < this.top) this.top = b.row
    if (b.row >= this.top + h) this.top = b.row - h + 1
    const out: string[] = ['\x1b[?25l']
    const put = (row: number, s: string) => out.push(`\x1b[${row + 1};1H\x1b[2K${s}`)
    const title = this.name ?? 'New Buffer'
    const left = '  nano (Ordinal)'
    const right = b.modified ? 'Modified  ' : ''
    const mid = Math.max(left.length + 1, Math.floor((this.cols - displayWidth(title)) / 2))
    let t = left.padEnd(mid) + title
    t = t + ' '.repeat(Math.max(1, this.cols - displayWidth(t) - right.length)) + right
    put(0, this.bar(clip(t, this.cols)))
    let cursor = { row: 1, col: 0 }
    if (this.mode === 'help') {
      for (let r = 0; r < h; r++) put(r + 1, this.visible([...(HELP_TEXT[r] ?? '')], 0))
    } else {
      for (let r = 0; r < h; r++) {
        const idx = this.top + r
        const line = b.lines[idx]
        if (!line) {
          put(r + 1, '')
          continue
        }
        if (idx === b.row) {
          const x = this.cellsBefore(line, b.col)
          const offset = this.offsetFor(x)
          put(r + 1, this.visible(line, offset))
          cursor = { row: r + 1, col: x - offset }
        } else put(r + 1, this.visible(line, 0))
      }
    }
    const statusRow = this.rows - 3
    if (this.mode === 'filename' || this.mode === 'search') {
      const label = this.mode === 'filename' ? 'File Name to Write: ' : this.lastSearch ? `Search [${this.lastSearch}]: ` : 'Search: '
      const text = label + this.promptText.join('')
      put(statusRow, this.bar(text))
      cursor = { row: statusRow, col: Math.min(this.cols - 1, displayWidth(text)) }
    } else if (this.mode === 'confirm-exit') {
      const text = 'Save modified buffer?  '
      put(statusRow, this.bar(text))
      cursor = { row: statusRow, col: text.length }
    } else if (this.status) {
      const msg = `[ ${this.status} ]`
      const pad = Math.max(0, Math.floor((this.cols - displayWidth(msg)) / 2))
      put(statusRow, ' '.repeat(pad) + `\x1b[7m${msg}\x1b[0m`)
    } else put(statusRow, '')
    const help = this.helpRows()
    put(this.rows - 2, help[0] ?? '')
    put(this.rows - 1, help[1] ?? '')
    out.push(`\x1b[${cursor.row + 1};${cursor.col + 1}H\x1b[?25h`)
    this.o.write(out.join(''))
  }
}
