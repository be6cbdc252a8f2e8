// The editor's text: lines of code points and a cursor, with the edits nano offers (type, Enter, Backspace/Delete,
// cut and paste whole lines, search). No drawing here; nano.ts renders it.

export class TextBuffer {
  /** Lines as arrays of code points, so CJK and emoji move as one character. */
  lines: string[][]
  row = 0
  col = 0
  /** Column the cursor wants on Up/Down, kept across short lines. */
  private goal = 0
  modified = false
  private cutBuffer: string[][] = []
  /** Consecutive ^K presses add to the same cut, as in nano. */
  private cutting = false

  constructor(text: string) {
    this.lines = text.split('\n').map((l) => [...l])
  }

  /** The file's text. nano ends the file with a newline: the last (empty) line holds the cursor after it. */
  text(): string {
    const ls = this.lines.map((l) => l.join(''))
    return ls[ls.length - 1] === '' ? ls.slice(0, -1).map((l) => l + '\n').join('') : ls.join('\n') + '\n'
  }

  /** How many lines the saved file has (nano's "Wrote N lines"). */
  lineCount(): number {
    const n = this.lines.length
    return this.lines[n - 1]!.length === 0 ? n - 1 : n
  }

  get line(): string[] {
    return this.lines[this.row]!
  }

  private touch(): void {
    this.modified = true
    this.cutting = false
  }

  private settle(): void {
    this.goal = this.col
  }

  insert(text: string): void {
    const parts = text.replace(/\r\n?/g, '\n').split('\n')
    parts.forEach((part, i) => {
      if (i > 0) this.newline()
      const chars = [...part].filter((c) => c >= ' ' || c === '\t')
      this.line.splice(this.col, 0, ...chars)
      this.col += chars.length
    })
    this.touch()
    this.settle()
  }

  newline(): void {
    const rest = this.line.splice(this.col)
    this.lines.splice(this.row + 1, 0, rest)
    this.row++
    this.col = 0
    this.touch()
    this.settle()
  }

  backspace(): void {
    if (this.col > 0) {
      this.line.splice(--this.col, 1)
    } else if (this.row > 0) {
      const cur = this.lines.splice(this.row, 1)[0]!
      this.row--
      this.col = this.line.length
      this.line.push(...cur)
    } else return
    this.touch()
    this.settle()
  }

  del(): void {
    if (this.col < this.line.length) this.line.splice(this.col, 1)
    else if (this.row < this.lines.length - 1) this.line.push(...this.lines.splice(this.row + 1, 1)[0]!)
    else return
    this.touch()
  }

  left(): void {
    if (this.col > 0) this.col--
    else if (this.row > 0) {
      this.row--
      this.col = this.line.length
    }
    this.settle()
    this.cutting = false
  }

  right(): void {
    if (this.col < this.line.length) this.col++
    else if (this.row < this.lines.length - 1) {
      this.row++
      this.col = 0
    }
    this.settle()
    this.cutting = false
  }

  vertical(delta: number): void {
    this.row = Math.max(0, Math.min(this.lines.length - 1, this.row + delta))
    this.col = Math.min(this.goal, this.line.length)
    this.cutting = false
  }

  home(): void {
    this.col = 0
    this.settle()
  }

  end(): void {
    this.col = this.line.length
    this.settle()
  }

  /** ^K: cuts the cursor's line into the cut buffer (appending while ^K is pressed repeatedly). */
  cutLine(): void {
    const wasCutting = this.cutting
    if (!wasCutting) this.cutBuffer = []
    if (this.lines.length === 1 && this.line.length === 0) return
    if (this.row === this.lines.length - 1) {
      // The last line: nano cuts its text but keeps the (now empty) line.
      this.cutBuffer.push(this.line.splice(0))
    } else this.cutBuffer.push(this.lines.splice(this.row, 1)[0]!)
    this.col = 0
    this.modified = true
    this.cutting = true
    this.settle()
  }

  /** ^U: pastes the cut lines above the cursor's line. */
  paste(): void {
    if (this.cutBuffer.length === 0) return
    this.lines.splice(this.row, 0, ...this.cutBuffer.map((l) => [...l]))
    this.row += this.cutBuffer.length
    this.col = 0
    this.touch()
    this.settle()
  }

  /** Finds `needle` after the cursor, wrapping to the top. `only`: the one match is where the cursor already is. */
  search(needle: string): { wrapped: boolean; only: boolean } | null {
    if (needle === '') return null
    const text = this.lines.map((l) => l.join(''))
    const unitsBefore = (r: number, col: number) => this.lines[r]!.slice(0, col).join('').length
    const go = (r: number, idx: number, wrapped: boolean, only = false) => {
      this.row = r
      this.col = [...text[r]!.slice(0, idx)].length
      this.settle()
      this.cutting = false
      return { wrapped, only }
    }
    const after = text[this.row]!.indexOf(needle, unitsBefore(this.row, this.col + 1))
    if (after >= 0) return go(this.row, after, false)
    for (let r = this.row + 1; r < text.length; r++) {
      const idx = text[r]!.indexOf(needle)
      if (idx >= 0) return go(r, idx, false)
    }
    for (let r = 0; r <= this.row; r++) {
      const idx = text[r]!.indexOf(needle)
      if (idx < 0) continue
      const here = unitsBefore(this.row, this.col)
      if (r === this.row && idx > here) break
      return go(r, idx, true, r === this.row && idx === here)
    }
    return null
  }
}
