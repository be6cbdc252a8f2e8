// The host's durable storage (better-sqlite3). Imported by app/ and the pty child (history), never by cluster/.
export { openDb, openSqlite, SCHEMA_VERSION, type OrdinalDb, type Sqlite } from './open'
export { attachPersistence, loadSnapshot, type Persistence, type PersistenceOptions, type LoadWarning } from './persistence'
export { sourceWorkerSpec, type WorkerSpec } from './batch-writer'
export { openHistoryStore, type HistoryStore } from './history'
export { gvrString, parseGvr, objectKey, HISTORY_LIMIT, type CommandRow, type Repositories } from './repositories'
