// Keeps SQLite in step with the running cluster: every store change and volume write lands in the db, batched into
// one transaction per event-loop turn (a controller burst of 1,000 pod changes is one commit, not 1,000 fsyncs), and
// at most one per FLUSH_INTERVAL_MS while changes keep coming. WAL checkpoints wait until a burst is over
// (IDLE_CHECKPOINT_MS), so they do not stall the burst itself. Closing (detach) writes whatever is pending.
// loadSnapshot() turns the tables back into a ClusterSnapshot for createCluster({ snapshot }).
import type { Cluster, ClusterSnapshot } from '../cluster/cluster-types'
import { onChangeRefs } from '../cluster/store/refs'
import type { Change } from '../cluster/store/types'
import type { VolumeChange, VolumeFile } from '../cluster/volumes/types'
import type { OrdinalDb } from './open'
import { objectKey, parseGvr } from './repositories'

const META_RV = 'resourceVersion'
const META_NOW = 'clockNow'

/** SQLite's automatic checkpoint copies the WAL back into the db file inside whichever commit takes the WAL past 1,000
 *  pages (4 MB), on this thread: a 1,000-replica StatefulSet writes ~25 MB of objects at instant speed, so it used to
 *  checkpoint several times in the middle of the run (about 40% of what persisting it cost). Instead persistence
 *  checkpoints once the writes have stopped for this long, and the automatic one only stays as a bound on the WAL. */
export const IDLE_CHECKPOINT_MS = 1000
/** A busy cluster is written at most this often: at instant speed a 1,000-replica StatefulSet spans ~14 event-loop
 *  turns of ~100 ms, and a batch per turn wrote many pods and claims several times (every version they had at a
 *  turn's end). One batch per 250 ms makes 3–6 commits instead of 14 and writes ~15% fewer rows. The cost: a crash
 *  (not a close) can lose what the controllers did in the last 250 ms; what a client was told is written at once
 *  (promptly()). */
export const FLUSH_INTERVAL_MS = 250
export const WAL_AUTOCHECKPOINT_PAGES = 16_384 // 64 MB

export interface Persistence {
  /** Write everything pending now (close, tests). */
  flush(): void
  /** Write what is pending on the next event-loop turn even if the last batch was less than the flush interval ago:
   *  a client was just told its write happened (the API server's onAnsweredWrite), and that must not wait. */
  promptly(): void
  /** Record the clock's current time (it moves without store changes; the host calls this every few seconds). */
  saveClock(): void
  /** Number of transactions committed so far (for tests and the bench). */
  readonly commits: number
  /** Flush, then stop listening. */
  detach(): void
}

export interface PersistenceOptions {
  /** Called when a commit fails (disk full, db closed): the app surfaces it; the cluster keeps running. */
  onError?: (err: Error) => void
  /** Real ms without writes before the WAL is checkpointed (default IDLE_CHECKPOINT_MS; tests shorten it). */
  idleCheckpointMs?: number
  /** Least real ms between two batches (default FLUSH_INTERVAL_MS; 0: every event-loop turn). */
  flushIntervalMs?: number
}

/** Mirror `cluster` into `db`. The current state is written in full first (boot objects exist before we subscribe). */
export function attachPersistence(db: OrdinalDb, cluster: Cluster, opts: PersistenceOptions = {}): Persistence {
  const pendingObjects = new Map<string, Change>()
  const pendingVolumes: VolumeChange[] = []
  let maxRv = 0
  // The pending batch: on the next turn (setImmediate), or later when the previous batch was less than the flush
  // interval ago (setTimeout). Two handles, since clearImmediate must never be given a Timeout.
  let scheduled: ReturnType<typeof setImmediate> | null = null
  let delayed: ReturnType<typeof setTimeout> | null = null
  let lastFlushAt = Number.NEGATIVE_INFINITY
  const flushInterval = opts.flushIntervalMs ?? FLUSH_INTERVAL_MS
  let idleCheckpoint: ReturnType<typeof setTimeout> | null = null
  let commits = 0
  let detached = false
  // Volumes known to have their row: a batch adds rows for new (empty) volumes only, not one statement per volume per
  // batch (a 1,000-claim StatefulSet has 1,000 volumes and its run ~14 batches). Forgotten when a batch fails, so the
  // next one ensures every volume again.
  const knownVolumes = new Set<string>()
  db.sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)

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

  const writeBatch = db.sqlite.transaction((objects: Change[], volumes: VolumeChange[], rv: number, now: number) => {
    for (const c of objects) {
      const m = c.object.metadata
      if (c.type === 'DELETED') db.objects.remove(c.gvr, m.namespace, m.name ?? '')
      else db.objects.put(c.gvr, c.object, c.resourceVersion)
    }
    for (const v of volumes) {
      if (v.type === 'write') {
        db.volumes.writeFile(v.volume, v.file)
        knownVolumes.add(v.volume)
      } else if (v.type === 'remove') db.volumes.removePath(v.volume, v.path)
      else {
        db.volumes.drop(v.volume)
        knownVolumes.delete(v.volume)
      }
    }
    // Volumes created empty (ensure) emit nothing; record their existence so they come back empty, not missing.
    // (writeFile adds the row of a volume it writes to; a drop removes it.)
    for (const name of cluster.volumes.volumes()) {
      if (knownVolumes.has(name)) continue
      db.volumes.ensure(name)
      knownVolumes.add(name)
    }
    if (rv > 0) db.meta.set(META_RV, String(rv))
    db.meta.set(META_NOW, String(now))
  })

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
    lastFlushAt = performance.now()
    const objects = [...pendingObjects.values()]
    const volumes = pendingVolumes.splice(0)
    pendingObjects.clear()
    try {
      writeBatch(objects, volumes, maxRv, cluster.clock.now())
      commits++
      scheduleCheckpoint()
    } catch (err) {
      knownVolumes.clear() // rolled back: what it added is not there
      opts.onError?.(err as Error)
    }
  }

  const schedule = (prompt = false): void => {
    if (scheduled || detached) return
    const wait = prompt ? 0 : lastFlushAt + flushInterval - performance.now()
    if (wait > 0) {
      delayed ??= setTimeout(flush, wait)
      return
    }
    if (delayed) {
      clearTimeout(delayed)
      delayed = null
    }
    scheduled = setImmediate(flush)
  }

  const checkpoint = (): void => {
    idleCheckpoint = null
    try {
      // PASSIVE: copies what it can without waiting for readers (the pty child's history connection) or blocking them.
      db.sqlite.pragma('wal_checkpoint(PASSIVE)')
    } catch (err) {
      opts.onError?.(err as Error)
    }
  }
  const scheduleCheckpoint = (): void => {
    if (idleCheckpoint) clearTimeout(idleCheckpoint)
    idleCheckpoint = setTimeout(checkpoint, opts.idleCheckpointMs ?? IDLE_CHECKPOINT_MS)
    idleCheckpoint.unref?.()
  }

  const snap = cluster.snapshot()
  writeAll(snap)
  for (const name of Object.keys(snap.volumes)) knownVolumes.add(name)
  commits++

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
      if (pendingObjects.size || pendingVolumes.length) schedule(true)
    },
    saveClock() {
      const now = cluster.clock.now()
      if (detached || now === savedNow) return
      try {
        db.meta.set(META_NOW, String(now))
        savedNow = now
      } catch (err) {
        opts.onError?.(err as Error)
      }
    },
    get commits() {
      return commits
    },
    detach() {
      if (detached) return
      // Remember where the clock stood even if nothing changed since the last batch.
      try {
        flush()
        db.meta.set(META_NOW, String(cluster.clock.now()))
        db.meta.set(META_RV, cluster.store.resourceVersion())
      } catch (err) {
        opts.onError?.(err as Error)
      }
      detached = true
      // The db is about to close; closing it checkpoints the WAL anyway when no other connection has it open.
      if (idleCheckpoint) clearTimeout(idleCheckpoint)
      idleCheckpoint = null
      offStore()
      offVolumes()
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
