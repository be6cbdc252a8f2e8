// `-o custom-columns=HEADER:path,…` and `-o custom-columns-file=FILE` (a header line over a path line): one row per
// object, cells are the JSONPath results printed with Go's %v and joined by commas, `<none>` when nothing matched.
import { parseJsonPath, findResults, relaxedJsonPath, JsonPathParseError, type JpNode } from './jsonpath'
import { goV } from './go-format'
import { TabWriter } from '../tabwriter'

export interface Column { header: string; nodes: JpNode[] }

/** An error in a column spec, already worded as kubectl's (printed after `error: `). */
export class ColumnSpecError extends Error {}

function compile(header: string, path: string): Column {
  let relaxed: string
  try { relaxed = relaxedJsonPath(path) } catch (e) { throw new ColumnSpecError((e as Error).message) }
  try {
    return { header, nodes: parseJsonPath(relaxed) }
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new ColumnSpecError(`error parsing jsonpath ${relaxed}, ${e.message}`)
    throw e
  }
}

export function columnsFromSpec(spec: string): Column[] {
  if (spec === '') throw new ColumnSpecError('custom-columns format specified but no custom columns given')
  return spec.split(',').map((part) => {
    const i = part.indexOf(':')
    if (i < 0) throw new ColumnSpecError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`)
    return compile(part.slice(0, i), part.slice(i + 1))
  })
}

/** The file form: first line headers, second line paths, separated by blanks. */
export function columnsFromFile(text: string): Column[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '')
  if (lines.length !== 2) throw new ColumnSpecError(`unexpected template, expected two lines, got ${lines.length}`)
  const headers = lines[0].split(/\s+/)
  const paths = lines[1].split(/\s+/)
  if (headers.length !== paths.length) {
    throw new ColumnSpecError(`number of headers (${headers.length}) and field specifications (${paths.length}) don't match`)
  }
  return headers.map((h, i) => compile(h, paths[i]))
}

export function cellFor(col: Column, obj: unknown): string {
  const values = findResults(col.nodes, obj).flat().map(goV)
  const s = values.join(',')
  return s === '' ? '<none>' : s
}

export function formatColumns(cols: Column[], objects: unknown[], noHeaders: boolean, tw = new TabWriter()): string {
  const rows: string[][] = []
  if (!noHeaders) rows.push(cols.map((c) => c.header))
  for (const o of objects) rows.push(cols.map((c) => cellFor(c, o)))
  return tw.format(rows)
}
