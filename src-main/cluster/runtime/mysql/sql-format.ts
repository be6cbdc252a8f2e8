// How the mysql client prints a result set: batch (tab-separated) or boxed table.
import type { ResultSet, Value } from './sql-parse'

/** mysql's batch output (not a terminal): tab-separated, header first, NULL for nulls, \t \n \\ escaped. */
export function formatBatch(r: ResultSet, header = true): string {
  const esc = (v: Value) => (v === null ? 'NULL' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'))
  if (!r.rows.length) return ''
  const lines = header ? [r.columns.join('\t')] : []
  for (const row of r.rows) lines.push(row.map(esc).join('\t'))
  return lines.join('\n') + '\n'
}

/** mysql's table output (on a terminal, or with -t): boxed, numbers right-aligned. */
export function formatTable(r: ResultSet, header = true): string {
  const cells = r.rows.map((row) => row.map((v) => (v === null ? 'NULL' : String(v))))
  const widths = r.columns.map((c, i) => Math.max(header ? c.length : 0, ...cells.map((row) => row[i].length)))
  const numeric = r.columns.map((_c, i) => r.rows.length > 0 && r.rows.every((row) => row[i] === null || typeof row[i] === 'number'))
  const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+'
  const line = (vals: string[], align: boolean) => '| ' + vals.map((v, i) => (align && numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ') + ' |'
  const out = [rule]
  if (header) out.push(line(r.columns, false), rule)
  for (const row of cells) out.push(line(row, true))
  out.push(rule)
  return out.join('\n') + '\n'
}
