// Load lessons/NN-name/ folders. A broken lesson never throws: it is returned unavailable, with `file:line: reason`,
// so the app can list it greyed out and `lessons lint` can print the reason.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Locale } from '../shared/view-models'
import { renderInline, renderMarkdown, splitSections } from './markdown'
import { lessonSchema, localeSchema, stepProblems, type CheckDef, type LessonDef, type LocaleStrings } from './schema'
import { issueToError, LessonFileError, lineOf, parseYamlWithLines, type ParsedYaml } from './yaml-errors'

export const SOURCE_LOCALE: Locale = 'zh-CN'
export const ALL_LOCALES: Locale[] = ['zh-CN', 'en']

export interface LessonLocale {
  file: string // display path, 'lessons/02-statefulset-basics/en.md'
  strings: LocaleStrings
  introHtml: string
  stepHtml: Map<string, string>
  /** Hints rendered as inline HTML (commands in them are clickable too). */
  hintHtml: Map<string, string[]>
}

export interface AvailableLesson {
  available: true
  error: null
  id: string
  number: number
  dir: string // absolute folder
  dirName: string // '02-statefulset-basics'
  def: LessonDef
  /** Only the locales the lesson declares (each complete). Others fall back to zh-CN, flagged untranslated. */
  locales: Partial<Record<Locale, LessonLocale>>
  /** Lint-level findings that do not stop the lesson from running (e.g. a locale not shipped yet). */
  problems: string[]
}

export interface BrokenLesson {
  available: false
  error: string
  id: string // the folder name, since lesson.yaml may be unreadable
  number: number
  dir: string
  dirName: string
}

export type LoadedLesson = AvailableLesson | BrokenLesson

/** Every `NN-name` folder under `dir`, in number order. */
export function loadLessons(dir: string): LoadedLesson[] {
  if (!existsSync(dir)) return []
  const names = readdirSync(dir)
    .filter((n) => /^\d+-/.test(n) && statSync(join(dir, n)).isDirectory())
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b))
  return names.map((n) => loadLesson(join(dir, n)))
}

export function loadLesson(lessonDir: string): LoadedLesson {
  const dirName = basename(lessonDir)
  const number = parseInt(dirName, 10)
  const display = (f: string) => `${basename(join(lessonDir, '..'))}/${dirName}/${f}`
  try {
    return { ...loadOrThrow(lessonDir, display), dir: lessonDir, dirName, number }
  } catch (e) {
    const error = e instanceof LessonFileError ? e.message : `${display('lesson.yaml')}:1: ${(e as Error).message}`
    return { available: false, error, id: dirName, number, dir: lessonDir, dirName }
  }
}

function readText(file: string, shown: string): string {
  if (!existsSync(file)) throw new LessonFileError(shown, 1, 'file not found')
  return readFileSync(file, 'utf8')
}

function checkIds(def: CheckDef[]): string[] {
  return def.map((c) => c.id!).filter(Boolean)
}

function loadOrThrow(
  lessonDir: string,
  display: (f: string) => string,
): Omit<AvailableLesson, 'dir' | 'dirName' | 'number'> {
  const yamlFile = display('lesson.yaml')
  const parsed = parseYamlWithLines(readText(join(lessonDir, 'lesson.yaml'), yamlFile), yamlFile)
  const res = lessonSchema.safeParse(parsed.value)
  if (!res.success) throw issueToError(parsed, res.error.issues[0], yamlFile)
  const def = res.data

  // Ids must be unique where they are looked up.
  const seenSteps = new Set<string>()
  const sandbox = !!def.sandbox
  if (!sandbox && !def.steps.length) throw new LessonFileError(yamlFile, lineOf(parsed, ['steps']), 'steps: at least 1 step (or sandbox: true)')
  def.steps.forEach((s, i) => {
    const p = stepProblems(s, sandbox)[0]
    if (p) throw new LessonFileError(yamlFile, lineOf(parsed, ['steps', i], String(p.path[0])), `steps[${i}].${String(p.path[0])}: ${p.message}`)
    if (seenSteps.has(s.id)) throw new LessonFileError(yamlFile, lineOf(parsed, ['steps', i, 'id']), `steps[${i}].id: duplicate step id "${s.id}"`)
    seenSteps.add(s.id)
    const seen = new Set<string>()
    s.checks.forEach((c, j) => {
      if (seen.has(c.id!)) throw new LessonFileError(yamlFile, lineOf(parsed, ['steps', i, 'checks', j, 'id']), `steps[${i}].checks[${j}].id: duplicate check id "${c.id}"`)
      seen.add(c.id!)
    })
  })
  if (!def.locales.includes(SOURCE_LOCALE))
    throw new LessonFileError(yamlFile, lineOf(parsed, ['locales']), `locales: must include the source locale ${SOURCE_LOCALE}`)
  for (const [key, list] of [['workspace', def.setup?.workspace ?? []], ['apply', def.setup?.apply ?? []]] as const)
    list.forEach((f, i) => {
      if (f.includes('..') || f.startsWith('/')) throw new LessonFileError(yamlFile, lineOf(parsed, ['setup', key, i]), `setup.${key}[${i}]: must be a path inside files/`)
      if (!existsSync(join(lessonDir, 'files', f))) throw new LessonFileError(yamlFile, lineOf(parsed, ['setup', key, i]), `setup.${key}[${i}]: files/${f} not found`)
    })

  const locales: Partial<Record<Locale, LessonLocale>> = {}
  for (const loc of def.locales) locales[loc] = loadLocale(lessonDir, display, loc, def)
  const problems: string[] = []
  for (const loc of ALL_LOCALES)
    if (!def.locales.includes(loc)) problems.push(`${yamlFile}:${lineOf(parsed, ['locales'])}: locales: ${loc} is missing (every lesson ships zh-CN and en)`)
  return { available: true, error: null, id: def.id, def, locales, problems }
}

function splitFrontMatter(src: string, file: string): { fm: string; body: string; bodyLine: number } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(src)
  if (!m) throw new LessonFileError(file, 1, 'missing front matter (the file must start with ---)')
  const bodyLine = m[0].split('\n').length
  return { fm: m[1], body: src.slice(m[0].length), bodyLine }
}

function loadLocale(lessonDir: string, display: (f: string) => string, loc: Locale, def: LessonDef): LessonLocale {
  const file = display(`${loc}.md`)
  const src = readText(join(lessonDir, `${loc}.md`), file)
  const { fm, body, bodyLine } = splitFrontMatter(src, file)
  const parsed: ParsedYaml = parseYamlWithLines(fm, file, 1)
  const res = localeSchema.safeParse(parsed.value ?? {})
  if (!res.success) throw issueToError(parsed, res.error.issues[0], file, 1)
  const strings = res.data
  const at = (path: PropertyKey[]) => lineOf(parsed, path) + 1
  const missing = (path: PropertyKey[], what: string) => new LessonFileError(file, at(path), `${what}: missing ${loc} string`)

  // Every id the locale mentions must exist in lesson.yaml (a typo would silently hide a label).
  const steps = new Map(def.steps.map((s) => [s.id, s]))
  for (const [sid, s] of Object.entries(strings.steps ?? {})) {
    const step = steps.get(sid)
    if (!step) throw new LessonFileError(file, lineOf(parsed, ['steps'], sid) + 1, `steps.${sid}: unknown step id (not in lesson.yaml)`)
    const ids = new Set(checkIds(step.checks))
    for (const cid of Object.keys(s.checks ?? {}))
      if (!ids.has(cid)) throw new LessonFileError(file, lineOf(parsed, ['steps', sid, 'checks'], cid) + 1, `steps.${sid}.checks.${cid}: unknown check id (not in lesson.yaml)`)
  }
  // …and every string the lesson needs must be there.
  if (!strings.title) throw missing([], 'title')
  for (const step of def.steps) {
    const s = strings.steps?.[step.id]
    if (!s) throw missing(['steps'], `steps.${step.id}`)
    if (!s.title) throw missing(['steps', step.id], `steps.${step.id}.title`)
    if (!def.sandbox && !s.hints?.length) throw missing(['steps', step.id], `steps.${step.id}.hints`)
    for (const c of step.checks) if (!s.checks?.[c.id!]?.label) throw missing(['steps', step.id, 'checks'], `steps.${step.id}.checks.${c.id}.label`)
    if (step.quiz) {
      const q = s.quiz
      if (!q?.question) throw missing(['steps', step.id, 'quiz'], `steps.${step.id}.quiz.question`)
      for (const c of step.quiz.choices) if (!q.choices?.[c]) throw missing(['steps', step.id, 'quiz', 'choices'], `steps.${step.id}.quiz.choices.${c}`)
      for (const c of Object.keys(q.choices ?? {}))
        if (!step.quiz.choices.includes(c)) throw new LessonFileError(file, lineOf(parsed, ['steps', step.id, 'quiz', 'choices'], c) + 1, `steps.${step.id}.quiz.choices.${c}: unknown choice id (not in lesson.yaml)`)
      if (!q.why) throw missing(['steps', step.id, 'quiz'], `steps.${step.id}.quiz.why`)
    } else if (s.quiz) throw new LessonFileError(file, lineOf(parsed, ['steps', step.id], 'quiz') + 1, `steps.${step.id}.quiz: step ${step.id} is not a quiz step in lesson.yaml`)
  }
  const sections = splitSections(body, new Set(steps.keys()))
  const stepHtml = new Map<string, string>()
  for (const step of def.steps) {
    const sec = sections.steps.get(step.id)
    if (!sec) throw new LessonFileError(file, bodyLine, `body: missing section "## ${step.id}"`)
    stepHtml.set(step.id, renderMarkdown(sec.markdown))
  }
  // A sandbox shows its intro as the free-play text: it must say something.
  if (def.sandbox && !sections.intro.trim()) throw new LessonFileError(file, bodyLine, 'body: a sandbox lesson needs its free-play text (the Markdown before any step section)')
  const hintHtml = new Map<string, string[]>()
  for (const step of def.steps) hintHtml.set(step.id, (strings.steps?.[step.id]?.hints ?? []).map(renderInline))
  return { file, strings, introHtml: renderMarkdown(sections.intro), stepHtml, hintHtml }
}
