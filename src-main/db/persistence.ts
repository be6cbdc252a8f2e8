// Keeps SQLite in step with the running cluster: every store change and volume write lands in the db, written behind:
// a batch goes out once the cluster has been quiet for QUIET_MS, or once its oldest change has waited MAX_DELAY_MS,
// and at once for a write a client was told about (promptly()). So a burst (a 1,000-replica StatefulSet at instant
// speed: ~23,000 store writes) is not serialized version by version while the learner waits for it, and costs one or
// two commits instead of dozens. WAL checkpoints wait until the writes stop (IDLE_CHECKPOINT_MS). Closing (detach)
// writes whatever is pending. loadSnapshot() turns the tables back into a ClusterSnapshot for createCluster().
import type { Cluster, ClusterSnapshot } from '../cluster/cluster-types'
import { onChangeRefs } from '../cluster/store/refs'
import type { Change } from '../cluster/store/types'
import type { VolumeChange, VolumeFile } from '../cluster/volumes/types'
import { META_NOW, META_RV, prepareWriter, type Batch, type ObjectRow } from './batch'
import { inThreadWriter, workerWriter, type BatchWriter, type WorkerSpec } from './batch-writer'
import type { OrdinalDb } from './open'
import { gvrString, objectKey, parseGvr } from './repositories'

export { WAL_AUTOCHECKPOINT_PAGES } from './batch'

/** SQLite's automatic checkpoint copies the WAL back into the db file inside whichever commit takes the WAL past 1,000
 *  pages (4 MB): a 1,000-replica StatefulSet writes ~25 MB of objects at instant speed, so it used to checkpoint
 *  several times in the middle of the run (about 40% of what persisting it cost). Instead persistence checkpoints
 *  once the writes have stopped for this long, and the automatic one only stays as a bound on the WAL. */
export const IDLE_CHECKPOINT_MS = 1000
/** A batch goes out once no change has come for this long (real ms): at real-time speeds the controllers act in
 *  short bursts, and this is soon after each. */
export const QUIET_MS = 50
/** …or once its oldest change has waited this long, however busy the cluster: the most a crash (not a close) can lose
 *  of what the controllers did by themselves, which they reconcile again after a restart. What a client was told is
 *  written at once (promptly()). */
export const MAX_DELAY_MS = 1000

export interface Persistence {
  /** Hand everything pending to the writer now (promptly, detach, tests). */
  flush(): void
  /** Write what is pending now, quiet or not: a client was just told its write happened (the API server's
   *  onAnsweredWrite, which comes before the controllers react to it), and that must not wait. */
  promptly(): void
  /** Record the clock's current time (it moves without store changes; the host calls this every few seconds). */
  saveClock(): void
  /** Number of batches handed to the writer so far, the initial full write included (for tests and the bench). */
  readonly commits: number
  /** Where batches are committed: on the writer thread, or on the main thread (no writer thread, or it stopped). */
  readonly writer: BatchWriter['where']
  /** What persisting has cost the engine's thread so far: real ms inside batches (serializing, and committing when
   *  there is no writer thread), and object rows handed over (for the bench). */
  readonly cost: { readonly ms: number; readonly rows: number }
  /** Flush, stop listening, and resolve once everything is committed (at once without a writer thread). */
  detach(): Promise<void>
}

export interface PersistenceOptions {
  /** Called when a commit fails (disk full, db closed) or the writer thread stops: the app surfaces it; the cluster
   *  keeps running. */
  onError?: (err: Error) => void
  /** Real ms without writes before the WAL is checkpointed (default IDLE_CHECKPOINT_MS; tests shorten it). */
  idleCheckpointMs?: number
  /** Real ms without changes before a batch goes out (default QUIET_MS; 0: the next event-loop turn). */
  quietMs?: number
  /** Most real ms a change waits for its batch (default MAX_DELAY_MS). */
  maxDelayMs?: number
  /** Commit on a writer thread started from this file (batch-writer.ts); without it, on this thread. */
  worker?: WorkerSpec
}

/** Mirror `cluster` into `db`. The current state is written in full first (boot objects exist before we subscribe).
 *  Objects are serialized here, on the engine's thread (they are the store's own frozen objects, and a JSON string is
 *  cheap to hand over); the statements and commits run wherever the writer is. */
export function attachPersistence(db: OrdinalDb, cluster: Cluster, opts: PersistenceOptions = {}): Persistence {
  const pendingObjects = new Map<string, Change>()
  const pendingVolumes: VolumeChange[] = []
  let maxRv = 0
  // The pending batch: a quiet timer, checked when it fires (a change only notes its time, so 23,000 changes do not
  // re-arm 23,000 timers), or the next turn (setImmediate) when quietMs is 0. Two handles, since clearImmediate
  // must never be given a Timeout.
  const quietMs = opts.quietMs ?? QUIET_MS
  const maxDelayMs = opts.maxDelayMs ?? MAX_DELAY_MS
  let scheduled: ReturnType<typeof setImmediate> | null = null
  let delayed: ReturnType<typeof setTimeout> | null = null
  let firstPendingAt = 0 // real time of the oldest change not yet in a batch
  let lastChangeAt = 0
  let idleCheckpoint: ReturnType<typeof setTimeout> | null = null
  let commits = 0
  const cost = { ms: 0, rows: 0 }
  let detached: Promise<void> | null = null
  // Volumes known to have their row: a batch adds rows for new (empty) volumes only, not one statement per volume per
  // batch (a 1,000-claim StatefulSet has 1,000 volumes). Forgotten when a batch fails, so the next one ensures every
  // volume again.
  const knownVolumes = new Set<string>()
  const onError = (err: Error) => opts.onError?.(err)
  const events = {
    onBatchFailed: (err: Error) => {
      knownVolumes.clear() // rolled back: what it added is not there
      onError(err)
    },
    onError,
  }

  prepareWriter(db.sqlite) // this connection writes the full state below (a restored cluster can be large)
  const writeAll = db.sqlite.transaction((snap: ClusterSnapshot) => {
    db.objects.clear()
    db.volumes.clear()
    for (const { gvr, object } of snap.objects) {
      db.objects.put(gvr, object, Number(object.metadata.resourceVersion ?? 0) || 0)
    }
    for (const [volume, files] of Object.entries(snap.volumes)) {
      db.volumes.ensure(volume)
      for (const f of files) db.volumes.writeFile(volume, f)
    }
    db.meta.set(META_RV, String(snap.resourceVersion))
    db.meta.set(META_NOW, String(snap.now))
  })

  /** The pending changes as a batch (empty when nothing is pending); updates knownVolumes as the batch will. */
  const takeBatch = (): Batch => {
    const objects: ObjectRow[] = []
    for (const c of pendingObjects.values()) {
      const m = c.object.metadata
      const ns = m.namespace ?? ''
      const name = m.name ?? ''
      objects.push([objectKey(c.gvr, ns, name), gvrString(c.gvr), ns, name, c.type === 'DELETED' ? null : JSON.stringify(c.object), c.resourceVersion])
    }
    pendingObjects.clear()
    const volumes = pendingVolumes.splice(0)
    for (const v of volumes) {
      if (v.type === 'write') knownVolumes.add(v.volume) // writeFile adds the row of a volume it writes to
      else if (v.type === 'drop') knownVolumes.delete(v.volume)
    }
    const emptyVolumes: string[] = []
    for (const name of cluster.volumes.volumes()) {
      if (knownVolumes.has(name)) continue
      emptyVolumes.push(name)
      knownVolumes.add(name)
    }
    return { objects, volumes, emptyVolumes, rv: maxRv, now: cluster.clock.now() }
  }

  const flush = (): void => {
    if (scheduled) {
      clearImmediate(scheduled)
      scheduled = null
    }
    if (delayed) {
      clearTimeout(delayed)
      delayed = null
    }
    if (!pendingObjects.size && !pendingVolumes.length) return
    const t0 = performance.now()
    const batch = takeBatch()
    writer.write(batch)
    commits++
    cost.ms += performance.now() - t0
    cost.rows += batch.objects.length
    scheduleCheckpoint()
  }

  const soon = (): void => {
    if (delayed) {
      clearTimeout(delayed)
      delayed = null
    }
    scheduled ??= setImmediate(flush)
  }
  /** The quiet timer fired: write if the cluster has been quiet long enough or the oldest change is due, else wait
   *  for whichever comes first. */
  const check = (): void => {
    delayed = null
    const now = performance.now()
    const wait = Math.min(lastChangeAt + quietMs, firstPendingAt + maxDelayMs) - now
    if (wait <= 0) flush()
    else delayed = setTimeout(check, wait)
  }
  const schedule = (): void => {
    if (detached) return
    const now = performance.now()
    if (!scheduled && !delayed) firstPendingAt = now
    lastChangeAt = now
    if (scheduled) return
    if (quietMs <= 0) soon()
    else delayed ??= setTimeout(check, quietMs)
  }

  const scheduleCheckpoint = (): void => {
    if (idleCheckpoint) clearTimeout(idleCheckpoint)
    idleCheckpoint = setTimeout(() => {
      idleCheckpoint = null
      writer.checkpoint()
    }, opts.idleCheckpointMs ?? IDLE_CHECKPOINT_MS)
    idleCheckpoint.unref?.()
  }

  const snap = cluster.snapshot()
  writeAll(snap)
  for (const name of Object.keys(snap.volumes)) knownVolumes.add(name)
  commits++
  // The full write above is on this connection and committed; the writer (its own connection, when a thread) starts
  // from there. An in-memory db has nothing a second connection could open.
  const writer: BatchWriter = opts.worker && db.file !== ':memory:' ? workerWriter(db, opts.worker, events) : inThreadWriter(db, events)

  // The frozen stored objects themselves: they are only serialized, and a deep copy of every write (a 1,000-pod
  // StatefulSet makes ~23,000) was pure cost. A pending change keeps the version committed, never a later one.
  const offStore = onChangeRefs(cluster.store, (c) => {
    const m = c.object.metadata
    pendingObjects.set(objectKey(c.gvr, m.namespace, m.name ?? ''), c)
    if (c.resourceVersion > maxRv) maxRv = c.resourceVersion
    schedule()
  })
  const offVolumes = cluster.volumes.onChange((c) => {
    pendingVolumes.push(c)
    schedule()
  })

  let savedNow = cluster.clock.now()
  return {
    flush,
    promptly() {
      if (!detached) flush() // (nothing pending: nothing written)
    },
    saveClock() {
      const now = cluster.clock.now()
      if (detached || now === savedNow) return
      writer.write({ objects: [], volumes: [], emptyVolumes: [], rv: 0, now })
      savedNow = now
    },
    get commits() {
      return commits
    },
    get writer() {
      return writer.where
    },
    get cost() {
      return { ...cost }
    },
    detach() {
      detached ??= (async () => {
        // Everything pending, and where the clock and the store's version stand even if nothing changed since the
        // last batch.
        flush()
        const last = takeBatch()
        last.rv = Number(cluster.store.resourceVersion()) || 0
        writer.write(last)
        // The db is about to close; closing it checkpoints the WAL anyway when no other connection has it open.
        if (idleCheckpoint) clearTimeout(idleCheckpoint)
        idleCheckpoint = null
        offStore()
        offVolumes()
        await writer.close()
      })()
      return detached
    },
  }
}

export interface LoadWarning {
  key: string
  reason: string
}

/** The saved cluster, or null when this db never held one. Damaged or unknown rows are skipped (and reported)
 *  rather than failing the whole restore: one bad object should not cost the learner their cluster. */
export function loadSnapshot(db: OrdinalDb, onWarning?: (w: LoadWarning) => void): ClusterSnapshot | null {
  const rvText = db.meta.get(META_RV)
  if (rvText === undefined) return null
  const objects: ClusterSnapshot['objects'] = []
  for (const row of db.objects.all()) {
    const gvr = parseGvr(row.gvr)
    if (!gvr) {
      onWarning?.({ key: row.key, reason: `unknown resource ${JSON.stringify(row.gvr)}` })
      continue
    }
    let object: any
    try {
      object = JSON.parse(row.json)
    } catch (err) {
      onWarning?.({ key: row.key, reason: `damaged JSON: ${(err as Error).message}` })
      continue
    }
    if (!object || typeof object !== 'object' || typeof object.kind !== 'string' || !object.metadata || typeof object.metadata.name !== 'string') {
      onWarning?.({ key: row.key, reason: 'not a Kubernetes object' })
      continue
    }
    objects.push({ gvr, object })
  }
  const volumes: Record<string, VolumeFile[]> = {}
  for (const name of db.volumes.names()) volumes[name] = []
  for (const f of db.volumes.allFiles()) {
    if (f.type !== 'file' && f.type !== 'dir') {
      onWarning?.({ key: `${f.volume}:${f.path}`, reason: `unknown file type ${JSON.stringify(f.type)}` })
      continue
    }
    ;(volumes[f.volume] ??= []).push({ path: f.path, type: f.type, data: f.data, mode: f.mode, mtimeMs: f.mtime })
  }
  const now = Number(db.meta.get(META_NOW))
  return {
    now: Number.isFinite(now) ? now : Date.UTC(2026, 0, 1, 9, 0, 0),
    resourceVersion: Number(rvText) || 0,
    objects,
    volumes,
  }
}
