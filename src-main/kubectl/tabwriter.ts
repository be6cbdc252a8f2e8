// kubectl's tabwriter (cli-runtime's fork with RememberWidths): a column is as wide as its widest cell plus 3
// spaces, at least 6; the last cell of a line is never padded; widths remembered across flushes only grow, which
// is why `kubectl get -w` rows stay aligned to the widest value seen so far.

export class TabWriter {
  private widths: number[] = []
  constructor(private readonly minWidth = 6, private readonly padding = 3) {}

  /** Make column `c` at least `w` wide from now on (kubectl sizes the watch EVENT column for "MODIFIED"). */
  ensureWidth(c: number, w: number): void {
    if ((this.widths[c] ?? 0) < w) this.widths[c] = w
  }

  /** Format rows; each row is a list of cells. Returns the text with a trailing newline per row. */
  format(rows: string[][]): string {
    for (const row of rows) {
      for (let c = 0; c < row.length - 1; c++) {
        const w = Math.max(this.minWidth, textWidth(row[c]) + this.padding)
        if (w > (this.widths[c] ?? 0)) this.widths[c] = w
      }
    }
    let out = ''
    for (const row of rows) {
      let line = ''
      for (let c = 0; c < row.length; c++) {
        if (c === row.length - 1) line += row[c]
        else line += row[c] + ' '.repeat(this.widths[c] - textWidth(row[c]))
      }
      out += line + '\n'
    }
    return out
  }
}

/** Go's tabwriter counts runes, not UTF-16 units. */
function textWidth(s: string): number {
  return [...s].length
}

/** Go's text/tabwriter with column blocks (describe uses minwidth 0, padding 2): a column's width is decided
 *  per run of consecutive lines that have a cell in that column; text after a line's last tab is not a cell. */
export function goTabwriter(text: string, minWidth = 0, padding = 2): string {
  const lines = text.split('\n')
  const trailingNewline = text.endsWith('\n')
  if (trailingNewline) lines.pop()
  const cells = lines.map((l) => l.split('\t'))
  const widths: number[] = []
  const out: string[] = new Array(cells.length)
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const row = cells[i]
      let s = ''
      for (let j = 0; j < row.length; j++) {
        if (j < row.length - 1 && j < widths.length) s += row[j] + ' '.repeat(Math.max(0, widths[j] - [...row[j]].length))
        else if (j < row.length - 1) s += row[j]
        else s += row[j]
      }
      out[i] = s
    }
  }
  const format = (line0: number, line1: number) => {
    const column = widths.length
    for (let t = line0; t < line1; t++) {
      if (column >= cells[t].length - 1) continue
      writeLines(line0, t)
      line0 = t
      let width = minWidth
      for (; t < line1; t++) {
        if (column >= cells[t].length - 1) break
        const w = [...cells[t][column]].length + padding
        if (w > width) width = w
      }
      widths.push(width)
      format(line0, t)
      widths.pop()
      line0 = t
      t-- // the for-loop increment must not skip the line that ended the block
    }
    writeLines(line0, line1)
  }
  format(0, cells.length)
  return out.join('\n') + (trailingNewline ? '\n' : '')
}
