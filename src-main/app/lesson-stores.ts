// SQLite-backed implementations of the lesson service's ProgressStore and CommandLog (lessons/progress.ts), plus
// the ManifestApplier for lessons' silent setup. Progress survives restarts; so does the command log.
import { parseAllDocuments } from 'yaml'
import type { KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import type { OrdinalDb } from '../db'
import type { CommandLog, CommandRecord, LessonProgress, ManifestApplier, ProgressStore } from '../lessons'

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

/** Create a manifest's objects straight in the store (lesson setup is silent: no kubectl, no audit entries). */
export function storeApplier(cluster: Cluster): ManifestApplier {
  return {
    async apply(manifestYaml, namespace) {
      for (const doc of parseAllDocuments(manifestYaml)) {
        if (doc.errors.length) throw new Error(`setup manifest: ${doc.errors[0].message}`)
        const obj = doc.toJS() as KObject | null
        if (!obj) continue
        const info = cluster.store.resourceForKind(obj.apiVersion, obj.kind)
        if (!info) throw new Error(`setup manifest: no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`)
        const gvr = { group: info.group, version: info.version, resource: info.resource }
        const ns = info.namespaced ? (obj.metadata?.namespace ?? namespace) : undefined
        try {
          cluster.store.create(gvr, ns, obj)
        } catch (err) {
          // Re-opening a lesson must not fail because its setup objects already exist.
          if ((err as { status?: { reason?: string } }).status?.reason !== 'AlreadyExists') throw err
        }
      }
    },
  }
}
