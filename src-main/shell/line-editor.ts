// A readline-like line editor that only speaks ANSI through `write`: the workstation shell (pty) and container TTYs
// (exec -it) both use it. Cursor math is in display cells, so CJK text and wrapped lines keep the cursor in place.
import { charWidth, displayWidth, stripAnsi } from './width'

export interface LineEditorOptions {
  write(s: string): void
  prompt(): string
  /** Shared array: entered lines are pushed here, Up/Down walk it. */
  history?: string[]
  complete?(line: string, cursor: number): Promise<{ replaceFrom: number; candidates: string[] }>
  /** When it returns true for the text so far, Enter prints the continuation prompt instead of emitting (`needsMore`). */
  needsMore?(text: string): boolean
  /** Continuation prompt (PS2), default `> `. */
  continuationPrompt?(): string
  cols?: number
}

type Key = { kind: 'text'; text: string } | { kind: 'ctrl'; name: string }

const CSI_KEYS: Record<string, string> = {
  '[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left', '[H': 'home', '[F': 'end', OA: 'up', OB: 'down', OC: 'right',
  OD: 'left', OH: 'home', OF: 'end', '[1~': 'home', '[7~': 'home', '[4~': 'end', '[8~': 'end', '[3~': 'delete',
  '[1;5C': 'word-right', '[1;5D': 'word-left', '[1;3C': 'word-right', '[1;3D': 'word-left', b: 'word-left', f: 'word-right',
  '\x7f': 'kill-word-back', d: 'kill-word',
}

const CTRL: Record<string, string> = {
  '\x01': 'home', '\x02': 'left', '\x03': 'interrupt', '\x04': 'eof', '\x05': 'end', '\x06': 'right', '\x08': 'backspace',
  '\x7f': 'backspace', '\t': 'tab', '\x0b': 'kill-end', '\x0c': 'clear', '\r': 'enter', '\n': 'enter', '\x0e': 'down',
  '\x10': 'up', '\x15': 'kill-start', '\x17': 'kill-word-back', '\x19': 'yank',
}

export class LineEditor {
  private buf: string[] = [] // code points
  private cur = 0
  private active = false
  private input = ''
  private busy = false
  private cols: number
  /** Row of the terminal cursor, relative to the first row of the prompt. */
  private cursorRow = 0
  private promptText = ''
  private pendingLines: string[] = []
  private history: string[]
  private histIdx = 0
  private draft: string[] = []
  private lastWasTab = false
  private killRing = ''
  private lineCbs: ((line: string) => void)[] = []
  private intCbs: (() => void)[] = []
  private eofCbs: (() => void)[] = []
  private idleWaiters: (() => void)[] = []

  constructor(private readonly opts: LineEditorOptions) {
    this.history = opts.history ?? []
    this.cols = opts.cols ?? 80
  }

  /** Prints the prompt and starts editing a new line; keys typed ahead are processed now. */
  start(): void {
    this.active = true
    this.buf = []
    this.cur = 0
    this.pendingLines = []
    this.histIdx = this.history.length
    this.promptText = this.opts.prompt()
    this.cursorRow = 0
    this.opts.write(this.promptText)
    this.pump()
  }

  feed(data: string): void {
    this.input += data
    this.pump()
  }

  onLine(cb: (line: string) => void): void {
    this.lineCbs.push(cb)
  }
  onInterrupt(cb: () => void): void {
    this.intCbs.push(cb)
  }
  onEof(cb: () => void): void {
    this.eofCbs.push(cb)
  }

  setCols(cols: number): void {
    if (cols > 0) this.cols = cols
  }

  /** Is a line being edited (false between Enter and the next start())? */
  get editing(): boolean {
    return this.active
  }

  /** The current line (for tests and for callers that redraw). */
  get line(): string {
    return this.buf.join('')
  }

  /** Keys received while not editing, handed back so a command can consume them (and cleared here). */
  takeTypeahead(): string {
    const s = this.input
    this.input = ''
    return s
  }

  /** Resolves when no completion is pending and the typed-ahead input has been processed. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve()
    return new Promise((r) => this.idleWaiters.push(r))
  }

  // ---- input decoding ----

  private nextKey(): Key | null | 'wait' {
    const s = this.input
    if (s === '') return null
    if (s[0] === '\x1b') {
      if (s.length === 1) return 'wait'
      const csi = /^\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z])/.exec(s)
      if (csi) {
        this.input = s.slice(csi[0].length)
        return { kind: 'ctrl', name: CSI_KEYS[csi[1]!] ?? 'ignore' }
      }
      if (/^\x1b(\[[0-9;]*|O)$/.test(s)) return 'wait'
      const alt = s[1]!
      this.input = s.slice(2)
      return { kind: 'ctrl', name: CSI_KEYS[alt] ?? 'ignore' }
    }
    const cp = String.fromCodePoint(s.codePointAt(0)!)
    if (cp === '\r' && s[1] === '\n') this.input = s.slice(2)
    else this.input = s.slice(cp.length)
    if (cp in CTRL) return { kind: 'ctrl', name: CTRL[cp]! }
    if (cp.codePointAt(0)! < 0x20) return { kind: 'ctrl', name: 'ignore' }
    // Collect a run of printable text so a paste is drawn in one write.
    let text = cp
    while (this.input !== '') {
      const n = String.fromCodePoint(this.input.codePointAt(0)!)
      if (n.codePointAt(0)! < 0x20 || n === '\x7f') break
      text += n
      this.input = this.input.slice(n.length)
    }
    return { kind: 'text', text }
  }

  private pump(): void {
    while (this.active && !this.busy) {
      const k = this.nextKey()
      if (k === null || k === 'wait') break
      this.handle(k)
    }
    if (!this.busy) for (const w of this.idleWaiters.splice(0)) w()
  }

  private handle(k: Key): void {
    const wasTab = this.lastWasTab
    this.lastWasTab = false
    if (k.kind === 'text') return this.insert([...k.text])
    switch (k.name) {
      case 'enter':
        return this.enter()
      case 'interrupt':
        this.moveTo(this.buf.length)
        this.opts.write('^C\r\n')
        this.buf = []
        this.cur = 0
        this.pendingLines = []
        this.histIdx = this.history.length
        for (const cb of this.intCbs) cb()
        if (this.active) {
          this.promptText = this.opts.prompt()
          this.cursorRow = 0
          this.opts.write(this.promptText)
        }
        return
      case 'eof':
        if (this.buf.length === 0) {
          if (this.pendingLines.length) return this.enter(true)
          this.active = false
          for (const cb of this.eofCbs) cb()
          return
        }
        return this.deleteRange(this.cur, this.cur + 1)
      case 'backspace':
        return this.deleteRange(this.cur - 1, this.cur)
      case 'delete':
        return this.deleteRange(this.cur, this.cur + 1)
      case 'left':
        return this.moveTo(this.cur - 1)
      case 'right':
        return this.moveTo(this.cur + 1)
      case 'home':
        return this.moveTo(0)
      case 'end':
        return this.moveTo(this.buf.length)
      case 'word-left':
        return this.moveTo(this.wordStart(this.cur))
      case 'word-right':
        return this.moveTo(this.wordEnd(this.cur))
      case 'kill-start':
        return this.kill(0, this.cur)
      case 'kill-end':
        return this.kill(this.cur, this.buf.length)
      case 'kill-word-back':
        return this.kill(this.wordStart(this.cur, true), this.cur)
      case 'kill-word':
        return this.kill(this.cur, this.wordEnd(this.cur))
      case 'yank':
        return this.insert([...this.killRing])
      case 'clear':
        this.opts.write('\x1b[H\x1b[2J')
        this.cursorRow = 0
        return this.render(true)
      case 'up':
        return this.historyStep(-1)
      case 'down':
        return this.historyStep(1)
      case 'tab':
        return this.tab(wasTab)
    }
  }

  // ---- editing ----

  private insert(chars: string[]): void {
    if (chars.length === 0) return
    const atEnd = this.cur === this.buf.length
    const before = this.layout(this.buf.length)
    this.buf.splice(this.cur, 0, ...chars)
    this.cur += chars.length
    const after = this.layout(this.buf.length)
    if (atEnd && after.row === before.row && after.col < this.cols) {
      this.opts.write(chars.join(''))
      this.cursorRow = after.row
    } else this.render()
  }

  private deleteRange(from: number, to: number): void {
    from = Math.max(0, from)
    to = Math.min(this.buf.length, to)
    if (from >= to) return
    this.buf.splice(from, to - from)
    this.cur = from
    this.render()
  }

  private kill(from: number, to: number): void {
    if (from >= to) return
    this.killRing = this.buf.slice(from, to).join('')
    this.deleteRange(from, to)
  }

  private wordStart(i: number, spacesOnly = false): number {
    const isWord = (c: string) => (spacesOnly ? !/\s/.test(c) : /[\p{L}\p{N}_]/u.test(c))
    while (i > 0 && !isWord(this.buf[i - 1]!)) i--
    while (i > 0 && isWord(this.buf[i - 1]!)) i--
    return i
  }

  private wordEnd(i: number): number {
    const isWord = (c: string) => /[\p{L}\p{N}_]/u.test(c)
    while (i < this.buf.length && !isWord(this.buf[i]!)) i++
    while (i < this.buf.length && isWord(this.buf[i]!)) i++
    return i
  }

  private historyStep(dir: number): void {
    const idx = this.histIdx + dir
    if (idx < 0 || idx > this.history.length) return
    if (this.histIdx === this.history.length) this.draft = [...this.buf]
    this.histIdx = idx
    this.buf = idx === this.history.length ? [...this.draft] : [...this.history[idx]!]
    this.cur = this.buf.length
    this.render()
  }

  private enter(force = false): void {
    this.moveTo(this.buf.length)
    this.opts.write('\r\n')
    this.cursorRow = 0
    const text = this.buf.join('')
    const full = [...this.pendingLines, text].join('\n')
    if (!force && this.opts.needsMore?.(full)) {
      this.pendingLines.push(text)
      this.buf = []
      this.cur = 0
      this.promptText = this.opts.continuationPrompt?.() ?? '> '
      this.opts.write(this.promptText)
      return
    }
    this.active = false
    this.pendingLines = []
    this.buf = []
    this.cur = 0
    if (full.trim() !== '' && this.history[this.history.length - 1] !== full) this.history.push(full)
    this.histIdx = this.history.length
    for (const cb of this.lineCbs) cb(full)
  }

  private tab(secondTab: boolean): void {
    const complete = this.opts.complete
    if (!complete) return
    const line = this.buf.join('')
    const cursor = this.buf.slice(0, this.cur).join('').length
    this.busy = true
    complete(line, cursor)
      .then(
        (r) => this.applyCompletion(line, cursor, r, secondTab),
        () => this.opts.write('\x07'),
      )
      .finally(() => {
        this.busy = false
        this.pump()
      })
  }

  private applyCompletion(line: string, cursor: number, r: { replaceFrom: number; candidates: string[] }, secondTab: boolean): void {
    if (!this.active || this.buf.join('') !== line) return
    const cands = [...new Set(r.candidates)].sort()
    const word = line.slice(r.replaceFrom, cursor)
    if (cands.length === 0) {
      this.opts.write('\x07')
      return
    }
    const replace = (text: string) => {
      const head = [...line.slice(0, r.replaceFrom)]
      const tail = [...line.slice(cursor)]
      this.buf = [...head, ...text, ...tail]
      this.cur = head.length + [...text].length
      this.render()
    }
    if (cands.length === 1) {
      const c = cands[0]!
      replace(c.endsWith('/') ? c : c + ' ')
      return
    }
    let prefix = cands[0]!
    for (const c of cands) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1)
    this.lastWasTab = true
    if (prefix.length > word.length) {
      replace(prefix)
      return
    }
    if (!secondTab) {
      this.opts.write('\x07')
      return
    }
    this.moveTo(this.buf.length)
    this.opts.write('\r\n' + this.columns(cands))
    this.cursorRow = 0
    this.render(true)
  }

  /** Candidates in columns, sorted down then across, like bash's listing. */
  private columns(cands: string[]): string {
    const names = cands.map((c) => {
      const t = c.endsWith('/') ? c.slice(0, -1) : c
      return t.slice(t.lastIndexOf('/') + 1) + (c.endsWith('/') ? '/' : '')
    })
    const width = Math.max(...names.map(displayWidth)) + 2
    const ncols = Math.max(1, Math.floor(this.cols / width))
    const nrows = Math.ceil(names.length / ncols)
    let out = ''
    for (let r = 0; r < nrows; r++) {
      let row = ''
      for (let c = 0; c < ncols; c++) {
        const i = c * nrows + r
        if (i >= names.length) break
        const last = (c + 1) * nrows + r >= names.length
        row += last ? names[i] : names[i] + ' '.repeat(width - displayWidth(names[i]!))
      }
      out += row + '\r\n'
    }
    return out
  }

  // ---- drawing ----

  /** Where the character at index `n` would be drawn (row, col), counting from the prompt's first cell. */
  private layout(n: number): { row: number; col: number } {
    let row = 0
    let col = 0
    const place = (w: number) => {
      if (col + w > this.cols) {
        row++
        col = 0
      }
      col += w
    }
    for (const ch of stripAnsi(this.promptText)) place(charWidth(ch))
    for (let i = 0; i < n; i++) place(charWidth(this.buf[i]!))
    const nextW = n < this.buf.length ? charWidth(this.buf[n]!) : 1
    if (col + nextW > this.cols) {
      row++
      col = 0
    }
    return { row, col }
  }

  private moveCursor(to: { row: number; col: number }): string {
    let s = ''
    if (to.row < this.cursorRow) s += `\x1b[${this.cursorRow - to.row}A`
    else if (to.row > this.cursorRow) s += `\x1b[${to.row - this.cursorRow}B`
    s += '\r'
    if (to.col > 0) s += `\x1b[${to.col}C`
    this.cursorRow = to.row
    return s
  }

  private moveTo(i: number): void {
    i = Math.max(0, Math.min(this.buf.length, i))
    if (i === this.cur && i !== this.buf.length) return
    this.cur = i
    this.opts.write(this.moveCursor(this.layout(i)))
  }

  /** Redraws prompt and line from the prompt's first row (or from the current row when `fresh`). */
  private render(fresh = false): void {
    let s = fresh ? '' : this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : ''
    s += '\r\x1b[J' + this.promptText + this.buf.join('')
    const end = this.layout(this.buf.length)
    // Text ending exactly at the right margin leaves the terminal in "pending wrap": force the wrap so the cursor
    // position is unambiguous.
    const endWidth = displayWidth(this.promptText) + displayWidth(this.buf.join(''))
    if (end.col === 0 && endWidth > 0) s += ' \r'
    this.cursorRow = end.row
    s += this.moveCursor(this.layout(this.cur))
    this.opts.write(s)
  }
}
