// Prepared-statement repositories over the tables of open.ts. Each is a thin, typed door to one table; callers
// (persistence.ts, app/) decide transactions.
import type Database from 'better-sqlite3'
import type { GVR, KObject } from '../cluster/api-types'
import type { VolumeFile } from '../cluster/volumes/types'

export interface CommandRow {
  line: string
  cwd: string
  exitCode: number
  startedAt: number
  endedAt: number
}

export interface StoredObjectRow {
  key: string
  gvr: string
  json: string
  rv: number
}

export function gvrString(gvr: GVR): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`
}

export function parseGvr(s: string): GVR | null {
  const parts = s.split('/')
  if (parts.length !== 3 || !parts[1] || !parts[2]) return null
  return { group: parts[0], version: parts[1], resource: parts[2] }
}

export function objectKey(gvr: GVR, namespace: string | undefined, name: string): string {
  return `${gvrString(gvr)}|${namespace ?? ''}|${name}`
}

/** The most shell history lines kept (bash's HISTSIZE default is 500; learners benefit from a little more). */
export const HISTORY_LIMIT = 1000

export function createRepositories(db: Database.Database) {
  const s = {
    objPut: db.prepare('INSERT INTO objects (key, gvr, namespace, name, json, rv) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json, rv = excluded.rv'),
    objDel: db.prepare('DELETE FROM objects WHERE key = ?'),
    objAll: db.prepare('SELECT key, gvr, json, rv FROM objects ORDER BY rv, key'),
    objClear: db.prepare('DELETE FROM objects'),
    metaGet: db.prepare('SELECT value FROM meta WHERE key = ?'),
    metaSet: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    metaClear: db.prepare('DELETE FROM meta'),
    volEnsure: db.prepare('INSERT OR IGNORE INTO volumes (name) VALUES (?)'),
    volDrop: db.prepare('DELETE FROM volumes WHERE name = ?'),
    volDropFiles: db.prepare('DELETE FROM volume_files WHERE volume = ?'),
    volNames: db.prepare('SELECT name FROM volumes ORDER BY name'),
    volClear: db.prepare('DELETE FROM volumes'),
    fileClear: db.prepare('DELETE FROM volume_files'),
    filePut: db.prepare('INSERT INTO volume_files (volume, path, type, data, mode, mtime) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(volume, path) DO UPDATE SET type = excluded.type, data = excluded.data, mode = excluded.mode, mtime = excluded.mtime'),
    // Recursive remove without LIKE, so '%' and '_' in file names are not wildcards.
    fileDel: db.prepare("DELETE FROM volume_files WHERE volume = ? AND (path = ? OR substr(path, 1, length(?) + 1) = ? || '/')"),
    fileAll: db.prepare('SELECT volume, path, type, data, mode, mtime FROM volume_files ORDER BY volume, path'),
    progGet: db.prepare('SELECT step, state FROM progress WHERE lesson = ?'),
    progSet: db.prepare('INSERT INTO progress (lesson, step, state) VALUES (?, ?, ?) ON CONFLICT(lesson, step) DO UPDATE SET state = excluded.state'),
    progDel: db.prepare('DELETE FROM progress WHERE lesson = ?'),
    cmdAdd: db.prepare('INSERT INTO command_log (line, cwd, exit_code, started_at, ended_at) VALUES (?, ?, ?, ?, ?)'),
    cmdRecent: db.prepare('SELECT line, cwd, exit_code AS exitCode, started_at AS startedAt, ended_at AS endedAt FROM (SELECT * FROM command_log ORDER BY id DESC LIMIT ?) ORDER BY id'),
    histAdd: db.prepare('INSERT INTO shell_history (line) VALUES (?)'),
    histLoad: db.prepare('SELECT line FROM (SELECT id, line FROM shell_history ORDER BY id DESC LIMIT ?) ORDER BY id'),
    histTrim: db.prepare('DELETE FROM shell_history WHERE id <= (SELECT id FROM shell_history ORDER BY id DESC LIMIT 1 OFFSET ?)'),
    cpPut: db.prepare('INSERT INTO checkpoints (key, json, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json, created_at = excluded.created_at'),
    cpGet: db.prepare('SELECT json FROM checkpoints WHERE key = ?'),
    setGet: db.prepare('SELECT value FROM settings WHERE key = ?'),
    setSet: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
  }

  return {
    objects: {
      put(gvr: GVR, obj: KObject, rv: number): void {
        const ns = obj.metadata.namespace ?? ''
        const name = obj.metadata.name ?? ''
        s.objPut.run(objectKey(gvr, ns, name), gvrString(gvr), ns, name, JSON.stringify(obj), rv)
      },
      /** An object already serialized (a batch from persistence, possibly on the writer thread). */
      putJson(key: string, gvr: string, namespace: string, name: string, json: string, rv: number): void {
        s.objPut.run(key, gvr, namespace, name, json, rv)
      },
      remove(key: string): void {
        s.objDel.run(key)
      },
      all(): StoredObjectRow[] {
        return s.objAll.all() as StoredObjectRow[]
      },
      clear(): void {
        s.objClear.run()
      },
    },
    meta: {
      get(key: string): string | undefined {
        return (s.metaGet.get(key) as { value: string } | undefined)?.value
      },
      set(key: string, value: string): void {
        s.metaSet.run(key, value)
      },
      clear(): void {
        s.metaClear.run()
      },
    },
    volumes: {
      ensure(name: string): void {
        s.volEnsure.run(name)
      },
      drop(name: string): void {
        s.volDropFiles.run(name)
        s.volDrop.run(name)
      },
      names(): string[] {
        return (s.volNames.all() as { name: string }[]).map((r) => r.name)
      },
      writeFile(volume: string, f: VolumeFile): void {
        s.volEnsure.run(volume)
        s.filePut.run(volume, f.path, f.type, f.data, f.mode, Math.round(f.mtimeMs))
      },
      removePath(volume: string, path: string): void {
        s.fileDel.run(volume, path, path, path)
      },
      allFiles(): { volume: string; path: string; type: string; data: string; mode: number; mtime: number }[] {
        return s.fileAll.all() as never
      },
      clear(): void {
        s.fileClear.run()
        s.volClear.run()
      },
    },
    progress: {
      get(lesson: string): Record<string, unknown> {
        const out: Record<string, unknown> = {}
        for (const r of s.progGet.all(lesson) as { step: string; state: string }[]) {
          try {
            out[r.step] = JSON.parse(r.state)
          } catch {
            // A damaged row loses that step's progress, not the app.
          }
        }
        return out
      },
      set(lesson: string, step: string, state: unknown): void {
        s.progSet.run(lesson, step, JSON.stringify(state))
      },
      clear(lesson: string): void {
        s.progDel.run(lesson)
      },
    },
    commands: {
      append(rec: CommandRow): void {
        s.cmdAdd.run(rec.line, rec.cwd, rec.exitCode, Math.round(rec.startedAt), Math.round(rec.endedAt))
      },
      recent(limit = 200): CommandRow[] {
        return s.cmdRecent.all(limit) as CommandRow[]
      },
    },
    history: {
      load(limit = HISTORY_LIMIT): string[] {
        return (s.histLoad.all(limit) as { line: string }[]).map((r) => r.line)
      },
      append(line: string): void {
        s.histAdd.run(line)
        s.histTrim.run(HISTORY_LIMIT)
      },
    },
    checkpoints: {
      put(key: string, value: unknown, createdAt: number): void {
        s.cpPut.run(key, JSON.stringify(value), Math.round(createdAt))
      },
      get(key: string): unknown {
        const row = s.cpGet.get(key) as { json: string } | undefined
        if (!row) return undefined
        try {
          return JSON.parse(row.json)
        } catch {
          return undefined
        }
      },
    },
    settings: {
      get(key: string): string | undefined {
        return (s.setGet.get(key) as { value: string } | undefined)?.value
      },
      set(key: string, value: string): void {
        s.setSet.run(key, value)
      },
    },
  }
}

export type Repositories = ReturnType<typeof createRepositories>
