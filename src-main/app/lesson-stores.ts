// SQLite-backed implementations of the lesson service's ProgressStore and CommandLog (lessons/progress.ts), plus
// the ManifestApplier for lessons' silent setup. Progress survives restarts; so does the command log.
import type { OrdinalDb } from '../db'
import type { CommandLog, CommandRecord, LessonProgress, ProgressStore } from '../lessons'

const WHOLE_LESSON = '' // the progress row holding the whole LessonProgress (per-step rows are for later use)

export function sqliteProgressStore(db: OrdinalDb): ProgressStore {
  return {
    load(lessonId) {
      const p = db.progress.get(lessonId)[WHOLE_LESSON] as LessonProgress | undefined
      return p && typeof p === 'object' && typeof p.currentStep === 'number' ? p : null
    },
    save(lessonId, progress) {
      db.progress.set(lessonId, WHOLE_LESSON, progress)
    },
  }
}

/** The command log: kept in memory for checks (they read all of it), written through to SQLite. */
export function sqliteCommandLog(db: OrdinalDb, limit = 2000): CommandLog {
  const records: CommandRecord[] = db.commands.recent(limit)
  const listeners = new Set<(r: CommandRecord) => void>()
  return {
    append(rec) {
      records.push(rec)
      try {
        db.commands.append(rec)
      } catch (err) {
        console.error('[ordinal] could not save a command to the log:', err)
      }
      for (const l of [...listeners]) l(rec)
    },
    list: () => records,
    onAppend(cb) {
      listeners.add(cb)
      return () => {
        listeners.delete(cb)
      }
    },
  }
}

// The applier lives with the lessons engine (the replay tool needs it too).
export { storeApplier } from '../lessons/applier'
