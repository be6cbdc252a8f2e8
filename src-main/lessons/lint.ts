// `lessons lint`: everything the loader rejects, plus what a lesson can run with but must not ship with
// (a locale missing, a placeholder the engine does not fill).
import { loadLessons } from './loader'

const PLACEHOLDERS = new Set(['expected', 'actual'])

/** Problems as `file:line: reason`, in lesson order. Empty: all good. */
export function lintLessons(dir: string): string[] {
  const out: string[] = []
  const lessons = loadLessons(dir)
  if (!lessons.length) out.push(`${dir}: no lessons found (folders named NN-name)`)
  const ids = new Map<string, string>()
  for (const l of lessons) {
    if (!l.available) {
      out.push(l.error)
      continue
    }
    if (ids.has(l.id)) out.push(`${l.dirName}/lesson.yaml:1: id "${l.id}" is also used by ${ids.get(l.id)}`)
    ids.set(l.id, l.dirName)
    out.push(...l.problems)
    for (const [, loc] of Object.entries(l.locales)) {
      for (const [sid, s] of Object.entries(loc!.strings.steps ?? {}))
        for (const [cid, c] of Object.entries(s.checks ?? {}))
          for (const m of (c.fail ?? '').matchAll(/\{\{\s*([a-zA-Z]+)\s*\}\}/g))
            if (!PLACEHOLDERS.has(m[1])) out.push(`${loc!.file}:1: steps.${sid}.checks.${cid}.fail: unknown placeholder {{${m[1]}}} (use {{expected}} or {{actual}})`)
    }
  }
  return out
}
