// Opens Ordinal's one SQLite file (WAL, synchronous=NORMAL) and brings its schema up to date. Migrations are an
// append-only list indexed by PRAGMA user_version: never edit a shipped one, add the next.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { createRepositories, type Repositories } from './repositories'

export type Sqlite = Database.Database

const MIGRATIONS: string[] = [
  // 1: the cluster's durable store, volume contents, learner state.
  `
  CREATE TABLE objects (
    key TEXT PRIMARY KEY,          -- gvr|namespace|name
    gvr TEXT NOT NULL,             -- group/version/resource ('' group for core: '/v1/pods')
    namespace TEXT NOT NULL,       -- '' for cluster-scoped
    name TEXT NOT NULL,
    json TEXT NOT NULL,
    rv INTEGER NOT NULL
  );
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE volumes (name TEXT PRIMARY KEY);
  CREATE TABLE volume_files (
    volume TEXT NOT NULL,
    path TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    mode INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    PRIMARY KEY (volume, path)
  );
  CREATE TABLE progress (lesson TEXT NOT NULL, step TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (lesson, step));
  CREATE TABLE command_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    line TEXT NOT NULL, cwd TEXT NOT NULL, exit_code INTEGER NOT NULL,
    started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL
  );
  CREATE TABLE shell_history (id INTEGER PRIMARY KEY AUTOINCREMENT, line TEXT NOT NULL);
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 2: lesson step checkpoints ("Reset step"): the learner's objects and volume files at the step's start.
  `
  CREATE TABLE checkpoints (key TEXT PRIMARY KEY, json TEXT NOT NULL, created_at INTEGER NOT NULL);
  `,
]

export const SCHEMA_VERSION = MIGRATIONS.length

export interface OrdinalDb extends Repositories {
  readonly file: string
  readonly sqlite: Sqlite
  close(): void
}

/** Open (creating if needed) a connection with Ordinal's pragmas and the schema migrated to SCHEMA_VERSION. */
export function openSqlite(file: string): Sqlite {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 5000') // the pty child appends history to the same file
    db.pragma('foreign_keys = ON')
    migrate(db)
  } catch (err) {
    db.close()
    throw err
  }
  return db
}

function migrate(db: Sqlite): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > MIGRATIONS.length) {
    throw new Error(`ordinal: the database was written by a newer Ordinal (schema ${current}, this version knows ${MIGRATIONS.length})`)
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v])
      db.pragma(`user_version = ${v + 1}`)
    }).immediate()
  }
}

export function openDb(file: string): OrdinalDb {
  const sqlite = openSqlite(file)
  const repos = createRepositories(sqlite)
  let closed = false
  return {
    ...repos,
    file,
    sqlite,
    close() {
      if (closed) return
      closed = true
      sqlite.close()
    },
  }
}
