// Turn YAML parse errors and zod issues into `file:line: path: reason`, using the yaml library's node ranges.
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import type { z } from 'zod'

export interface ParsedYaml {
  doc: Document
  lines: LineCounter
  value: unknown
}

export class LessonFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`)
  }
}

/** Parse YAML; on a syntax error throw LessonFileError at the error's line (+lineOffset for front matter). */
export function parseYamlWithLines(src: string, file: string, lineOffset = 0): ParsedYaml {
  const lines = new LineCounter()
  const doc = parseDocument(src, { lineCounter: lines, prettyErrors: true, uniqueKeys: true })
  const err = doc.errors[0]
  if (err) {
    const line = (err.linePos?.[0]?.line ?? 1) + lineOffset
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
    throw new LessonFileError(file, line, reason)
  }
  return { doc, lines, value: doc.toJS() }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out ? `.${String(p)}` : String(p)
  }
  return out
}

/** The 1-based line of the node at `path`, or of its nearest existing ancestor. With `key`, the line of that key. */
export function lineOf(parsed: ParsedYaml, path: readonly PropertyKey[], key?: string): number {
  for (let n = path.length; n >= 0; n--) {
    const node = parsed.doc.getIn(path.slice(0, n) as unknown[], true) as Node | undefined
    if (!node || !('range' in node) || !node.range) continue
    if (n === path.length && key !== undefined && isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === key)
      const k = pair?.key as Node | undefined
      if (k?.range) return parsed.lines.linePos(k.range[0]).line
    }
    // A missing key: point at the key under which it belongs (the map's own key line reads best).
    return parsed.lines.linePos(node.range[0]).line
  }
  return 1
}

function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'Required'
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
  return issue.message
}

/** The first zod issue as a LessonFileError (one clear error beats a wall of them). */
export function issueToError(parsed: ParsedYaml, issue: z.core.$ZodIssue, file: string, lineOffset = 0): LessonFileError {
  const path = issue.path
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined
  const line = lineOf(parsed, path, key) + lineOffset
  const where = formatPath(key ? path : path)
  return new LessonFileError(file, line, where ? `${where}: ${reasonOf(issue)}` : reasonOf(issue))
}
