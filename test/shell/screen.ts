// A minimal terminal emulator for asserting what the line editor draws: printable cells (wide chars take two),
// CR, LF, BS, CSI A/B/C/D/J/K/H (with row;col), ESC[2J, ESC[2K, private modes (ignored), and xterm's pending-wrap at
// the right margin.
import { charWidth } from '../../src-main/shell/width'

export class Screen {
  rows: string[][] = [[]]
  row = 0
  col = 0
  private pendingWrap = false
  constructor(readonly cols: number) {}

  private line(r: number): string[] {
    while (this.rows.length <= r) this.rows.push([])
    return this.rows[r]!
  }

  write(s: string): void {
    for (let i = 0; i < s.length; ) {
      const csi = /^\x1b\[(\??[0-9;]*)([A-Za-z])/.exec(s.slice(i))
      if (csi) {
        i += csi[0].length
        const n = Number(csi[1] || 1)
        this.pendingWrap = false
        if (csi[1]!.startsWith('?')) continue
        if (csi[2] === 'A') this.row = Math.max(0, this.row - n)
        else if (csi[2] === 'B') this.row += n
        else if (csi[2] === 'C') this.col = Math.min(this.cols - 1, this.col + n)
        else if (csi[2] === 'D') this.col = Math.max(0, this.col - n)
        else if (csi[2] === 'K' && csi[1] === '2') this.line(this.row).length = 0
        else if (csi[2] === 'K') this.line(this.row).length = this.col
        else if (csi[2] === 'J') {
          if (csi[1] === '2') this.rows = [[]]
          else {
            this.line(this.row).length = this.col
            this.rows.length = this.row + 1
          }
        } else if (csi[2] === 'H') {
          const [r, c] = (csi[1] || '1;1').split(';').map((x) => Number(x || 1))
          this.row = (r ?? 1) - 1
          this.col = (c ?? 1) - 1
        }
        continue
      }
      const ch = String.fromCodePoint(s.codePointAt(i)!)
      i += ch.length
      if (ch === '\r') {
        this.col = 0
        this.pendingWrap = false
      } else if (ch === '\n') {
        this.row++
        this.pendingWrap = false
      } else if (ch === '\b') this.col = Math.max(0, this.col - 1)
      else if (ch === '\x07') continue
      else {
        const w = charWidth(ch)
        if (this.pendingWrap || this.col + w > this.cols) {
          this.row++
          this.col = 0
          this.pendingWrap = false
        }
        const l = this.line(this.row)
        while (l.length < this.col) l.push(' ')
        l[this.col] = ch
        if (w === 2) l[this.col + 1] = ''
        this.col += w
        if (this.col >= this.cols) {
          this.col = this.cols - 1
          this.pendingWrap = true
        }
      }
    }
  }

  text(): string[] {
    return this.rows.map((r) => r.join('').replace(/\s+$/, ''))
  }
}
