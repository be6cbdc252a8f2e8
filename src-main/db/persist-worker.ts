// The writer thread: commits persistence batches on its own SQLite connection, so the statements and commits of a
// busy cluster (a 1,000-replica StatefulSet writes ~16,000 rows) run beside the engine instead of inside its turns.
// Started by batch-writer.ts; messages are handled strictly in order, so `close` comes after every batch before it.
import { parentPort, workerData } from 'node:worker_threads'
import { batchTransaction, checkpointPassive, prepareWriter, type Batch } from './batch'
import { openSqlite } from './open'
import { createRepositories } from './repositories'

export type ToWriter = { type: 'batch'; seq: number; batch: Batch } | { type: 'checkpoint' } | { type: 'close' }
export type FromWriter =
  | { type: 'done'; seq: number }
  | { type: 'failed'; seq: number; message: string; code?: string }
  | { type: 'checkpoint-failed'; message: string }
  | { type: 'closed' }

export interface WriterData {
  file: string
}

if (!parentPort) throw new Error('persist-worker.ts runs as a worker thread (batch-writer.ts starts it)')
const port = parentPort
const send = (m: FromWriter) => port.postMessage(m)

// Opening may throw (a missing native module, an unreadable file): the error reaches the main thread's 'error'
// handler, which falls back to writing on the main thread.
const sqlite = openSqlite((workerData as WriterData).file)
prepareWriter(sqlite)
const write = batchTransaction(sqlite, createRepositories(sqlite))

port.on('message', (m: ToWriter) => {
  if (m.type === 'batch') {
    try {
      write(m.batch)
      send({ type: 'done', seq: m.seq })
    } catch (err) {
      const e = err as Error & { code?: string }
      send({ type: 'failed', seq: m.seq, message: e.message, code: e.code })
    }
  } else if (m.type === 'checkpoint') {
    try {
      checkpointPassive(sqlite)
    } catch (err) {
      send({ type: 'checkpoint-failed', message: (err as Error).message })
    }
  } else if (m.type === 'close') {
    sqlite.close()
    send({ type: 'closed' })
    port.close()
  }
})
