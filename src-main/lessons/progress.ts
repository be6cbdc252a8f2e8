// What the lesson service persists and observes. The host (db/, team H6) implements ProgressStore and CommandLog in
// SQLite; the in-memory versions here serve tests and the CLI.

import type { CommandRecord } from '../shared/command-record'
export type { CommandRecord }

/** Structurally the API server's AuditEntry (apiserver/), so an ApiServer can be passed as an AuditSource. */
export interface AuditEntryLike {
  time: number
  verb: string
  method: string
  path: string
  query: string
  userAgent: string
  code: number
}
export interface AuditSource {
  readonly audit: AuditEntryLike[]
  onAudit(cb: (e: AuditEntryLike) => void): () => void
}

export interface CommandLog {
  append(rec: CommandRecord): void
  /** Every record, oldest first. */
  list(): CommandRecord[]
  onAppend(cb: (rec: CommandRecord) => void): () => void
}

export interface StepProgress {
  done: boolean
  assisted: boolean
  /** Check ids that have passed (a passed check stays passed). */
  passed: string[]
  /** Quiz steps: the learner's prediction (a choice id), and what the cluster then did (frozen once seen). */
  answer?: string
  observed?: string
  /** Fact seq when the prediction was made: the cluster's answer is looked for from there on. */
  answerAt?: number
  /** A command ran and the cluster answered before any prediction: only a reset makes it a prediction again. */
  late?: boolean
}

/** Positions in the command log, the audit log and the fact history. */
export interface Markers {
  command: number
  audit: number
  factSeq: number
}

export interface LessonProgress {
  currentStep: number // index; === steps.length when the lesson is complete
  steps: Record<string, StepProgress>
  /** Where the current step began in the command log, the audit log and the fact history. */
  stepStart: Markers
  /** Where this lesson started (after its clean start): `since: lesson` checks look from here. Absent in progress
   *  saved before lesson windows existed (then: the whole log). */
  lessonStart?: Markers
  setupDone: boolean
}

export interface ProgressStore {
  load(lessonId: string): LessonProgress | null
  save(lessonId: string, progress: LessonProgress): void
}

/** Saves and restores the cluster (and workspace) at a step's start: "Reset step". */
export interface Checkpoints {
  save(key: string): void
  restore(key: string): void
  /** Whether a checkpoint was saved under `key` (optional: older hosts may not tell). */
  has?(key: string): boolean
}

export function createMemoryCommandLog(): CommandLog {
  const records: CommandRecord[] = []
  const listeners = new Set<(r: CommandRecord) => void>()
  return {
    append(rec) {
      records.push(rec)
      for (const l of [...listeners]) l(rec)
    },
    list: () => records,
    onAppend(cb) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
  }
}

export function createMemoryProgressStore(): ProgressStore & { data: Map<string, LessonProgress> } {
  const data = new Map<string, LessonProgress>()
  return {
    data,
    load: (id) => (data.has(id) ? structuredClone(data.get(id)!) : null),
    save: (id, p) => void data.set(id, structuredClone(p)),
  }
}
