// The progress file: export every lesson's progress as JSON, import it back (another machine, a reinstall). A file is
// untrusted input: it is validated whole with zod before anything is written, and what it says is fitted to the
// lessons installed here (unknown steps, checks and choices dropped; lessons that are not installed are skipped).
import { z } from 'zod'
import type { ProgressExport } from '../shared/view-models'
import type { LoadedLesson } from './loader'
import type { LessonProgress } from './progress'
import { stepCheckIds } from './quiz'

export const MAX_PROGRESS_FILE = 2 * 1024 * 1024

const stepProgressSchema = z.strictObject({
  done: z.boolean(),
  assisted: z.boolean(),
  passed: z.array(z.string()),
  answer: z.string().optional(),
  observed: z.string().optional(),
  answerAt: z.number().int().min(0).optional(),
  late: z.boolean().optional(),
})
const markersSchema = z.strictObject({ command: z.number().int().min(0), audit: z.number().int().min(0), factSeq: z.number().int().min(0) })
const lessonProgressSchema = z.strictObject({
  currentStep: z.number().int().min(0),
  steps: z.record(z.string(), stepProgressSchema),
  stepStart: markersSchema,
  // Optional: files exported before lesson windows existed have none (the importing service sets its own anyway).
  lessonStart: markersSchema.optional(),
  setupDone: z.boolean(),
})
export const progressFileSchema = z.strictObject({
  format: z.literal('ordinal-progress'),
  version: z.literal(1),
  exportedAt: z.string(),
  lessons: z.record(z.string(), lessonProgressSchema),
})

export function buildExport(lessons: LoadedLesson[], load: (id: string) => LessonProgress | null): ProgressExport {
  const out: Record<string, LessonProgress> = {}
  for (const l of lessons) {
    if (!l.available) continue
    const p = load(l.id)
    if (p) out[l.id] = structuredClone(p)
  }
  return { format: 'ordinal-progress', version: 1, exportedAt: new Date().toISOString(), lessons: out }
}

function where(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')
}

/** Parse and validate a progress file; throws one clear error (nothing is written by this function). */
export function parseImport(
  json: string,
  lessons: LoadedLesson[],
  local: (id: string) => LessonProgress | null,
): { progress: Map<string, LessonProgress>; skipped: string[] } {
  if (typeof json !== 'string' || !json.trim()) throw new Error('progress file: the file is empty')
  if (json.length > MAX_PROGRESS_FILE) throw new Error(`progress file: too large (${json.length} bytes; at most ${MAX_PROGRESS_FILE})`)
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch (e) {
    throw new Error(`progress file: not JSON (${(e as Error).message})`)
  }
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== 'ordinal-progress')
    throw new Error('progress file: not an Ordinal progress file (format must be "ordinal-progress")')
  const res = progressFileSchema.safeParse(raw)
  if (!res.success) {
    const issue = res.error.issues[0]
    throw new Error(`progress file: ${where(issue.path) || '(top level)'}: ${issue.message}`)
  }
  const progress = new Map<string, LessonProgress>()
  const skipped: string[] = []
  for (const [id, p] of Object.entries(res.data.lessons)) {
    const lesson = lessons.find((l) => l.available && l.id === id)
    if (!lesson || !lesson.available) {
      skipped.push(id)
      continue
    }
    const steps: LessonProgress['steps'] = {}
    for (const step of lesson.def.steps) {
      const sp = p.steps[step.id]
      if (!sp) continue
      const ids = new Set(stepCheckIds(step))
      const choices = new Set(step.quiz?.choices ?? [])
      steps[step.id] = {
        done: sp.done,
        assisted: sp.assisted,
        // An unfinished step's passed checks were about that cluster, not this one (a ✓ for "3 pods Ready" on an
        // empty cluster): they are evaluated here afresh. A finished step keeps its record.
        passed: sp.done ? sp.passed.filter((c) => ids.has(c)) : [],
        // A prediction still waiting for the cluster cannot carry over (that cluster is not this one): only
        // finished quizzes keep their pick and answer.
        ...(step.quiz && sp.observed !== undefined && sp.answer !== undefined && choices.has(sp.answer) ? { answer: sp.answer, observed: sp.observed } : {}),
      }
    }
    progress.set(id, {
      currentStep: Math.min(p.currentStep, lesson.def.steps.length),
      steps,
      stepStart: p.stepStart, // replaced by the service: log positions from another run mean nothing here
      // Setup (workspace files, manifests) is about this machine: keep what happened here.
      setupDone: local(id)?.setupDone ?? false,
    })
  }
  return { progress, skipped }
}
