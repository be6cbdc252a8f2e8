// Where persistence batches get committed: on the writer thread (persist-worker.ts), or on the calling thread when
// there is no writer thread (tests, an in-memory db) or it stopped. The writer thread is what keeps ~16,000 statements
// and their commits out of the engine's turns while a 1,000-replica StatefulSet comes up; the fallback is what keeps a
// broken thread (a native module that will not load in it, a crash) from losing the learner's cluster.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { batchTransaction, checkpointPassive, prepareWriter, type Batch } from './batch'
import type { OrdinalDb } from './open'
import type { FromWriter, ToWriter, WriterData } from './persist-worker'

export interface BatchWriter {
  /** Hand a batch over, in order. A batch that cannot be committed is reported through onBatchFailed. */
  write(batch: Batch): void
  checkpoint(): void
  /** Resolves once everything handed over is committed (or reported failed) and the writer is done. */
  close(): Promise<void>
  /** Where batches are committed now. */
  readonly where: 'main thread' | 'writer thread'
}

export interface WriterEvents {
  /** A batch was rolled back (disk full, db closed): the cluster keeps running, the app says so. */
  onBatchFailed(err: Error): void
  /** Anything else worth telling: a failed checkpoint, the writer thread stopping. */
  onError(err: Error): void
}

/** How to start the writer thread: the built persist-worker.js, or (`eval`) a bootstrap script that loads the .ts
 *  source under tsx. */
export interface WorkerSpec {
  file: string | URL
  eval?: boolean
}

/** Most real ms a close waits for the writer thread before it stops it and writes the rest on the calling thread. */
export const WRITER_CLOSE_TIMEOUT_MS = 10_000

/** Under tsx (web mode, `npm run cluster`, tests, the bench) the writer thread runs the .ts source: a bootstrap
 *  registers tsx's loader in the new thread, then imports it (given `--import tsx` in its execArgv instead, Node 20
 *  refused the .ts entry: Unknown file extension). A bundled build has no source next to its chunks, so its host
 *  names the built worker (src-main/index.ts) and this returns undefined. */
export function sourceWorkerSpec(): WorkerSpec | undefined {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return undefined
  const require = createRequire(here)
  const tsxJson = require.resolve('tsx/package.json')
  const api = (require(tsxJson) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api'].import.default
  const tsxApi = pathToFileURL(join(dirname(tsxJson), api)).href
  const entry = new URL('./persist-worker.ts', here).href
  const source = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`
  return { file: source, eval: true }
}

export function inThreadWriter(db: OrdinalDb, events: WriterEvents): BatchWriter {
  prepareWriter(db.sqlite)
  const write = batchTransaction(db.sqlite, db)
  return {
    where: 'main thread',
    write(batch) {
      try {
        write(batch)
      } catch (err) {
        events.onBatchFailed(err as Error)
      }
    },
    checkpoint() {
      try {
        checkpointPassive(db.sqlite)
      } catch (err) {
        events.onError(err as Error)
      }
    },
    close: async () => {},
  }
}

/** Commits on a writer thread with its own connection to db's file. Batches it has not confirmed are kept, so if
 *  the thread fails to start, dies, or does not finish closing in time, they are written here, in order, and so is
 *  everything after. */
export function workerWriter(db: OrdinalDb, spec: WorkerSpec, events: WriterEvents, closeTimeoutMs = WRITER_CLOSE_TIMEOUT_MS): BatchWriter {
  let seq = 0
  const unconfirmed = new Map<number, Batch>() // in seq order (Map keeps insertion order)
  let fallback: BatchWriter | null = null
  let takingOver: Promise<void> | null = null
  let closeSent = false
  let finished = false // the thread said 'closed'
  let resolveDone!: () => void
  const done = new Promise<void>((r) => (resolveDone = r))

  const worker = new Worker(spec.file, { workerData: { file: db.file } satisfies WriterData, eval: spec.eval })
  worker.unref() // a forgotten close must not keep the process alive; close() is what waits for it
  const post = (m: ToWriter) => worker.postMessage(m)

  const takeOver = (why: string): Promise<void> => {
    takingOver ??= (async () => {
      events.onError(new Error(`the SQLite writer thread ${why}; saving on the main thread instead`))
      await worker.terminate().catch(() => {}) // its open transaction (if any) rolls back and releases the lock
      fallback = inThreadWriter(db, events)
      const rest = [...unconfirmed.values()]
      unconfirmed.clear()
      for (const b of rest) fallback.write(b)
      resolveDone()
    })()
    return takingOver
  }

  worker.on('message', (m: FromWriter) => {
    if (m.type === 'done') unconfirmed.delete(m.seq)
    else if (m.type === 'failed') {
      unconfirmed.delete(m.seq)
      events.onBatchFailed(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}))
    } else if (m.type === 'checkpoint-failed') events.onError(new Error(m.message))
    else if (m.type === 'closed') {
      finished = true
      resolveDone()
    }
  })
  worker.on('error', (err) => void takeOver(`failed: ${err.message}`))
  worker.on('exit', (code) => {
    if (!finished) void takeOver(`stopped (exit code ${code})`)
  })

  return {
    get where() {
      return fallback ? 'main thread' : 'writer thread'
    },
    write(batch) {
      if (fallback) return fallback.write(batch)
      const n = ++seq
      unconfirmed.set(n, batch)
      if (!takingOver) post({ type: 'batch', seq: n, batch })
    },
    checkpoint() {
      if (fallback) fallback.checkpoint()
      else if (!takingOver) post({ type: 'checkpoint' })
    },
    async close() {
      worker.ref() // the process must stay up until the thread has committed what it was given
      if (!takingOver && !closeSent) {
        closeSent = true
        post({ type: 'close' })
      }
      const timer = setTimeout(() => void takeOver(`did not finish within ${closeTimeoutMs} ms`), closeTimeoutMs)
      try {
        await done
        if (takingOver) await takingOver
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
