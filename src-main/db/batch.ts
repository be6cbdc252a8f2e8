// One persistence batch as plain data, and the transaction that writes it. Plain data so a batch can cross to the
// writer thread (persist-worker.ts) as it is; one transaction function so the writer thread and the in-thread
// fallback agree on what a batch means.
import type { VolumeChange } from '../cluster/volumes/types'
import type { Sqlite } from './open'
import type { Repositories } from './repositories'

export const META_RV = 'resourceVersion'
export const META_NOW = 'clockNow'
/** SQLite's automatic checkpoint only bounds the WAL (see IDLE_CHECKPOINT_MS in persistence.ts): 64 MB. It is a
 *  setting of each connection, so every connection that writes the cluster sets it. */
export const WAL_AUTOCHECKPOINT_PAGES = 16_384

/** An object's row: [key, gvr, namespace, name, JSON (null: the object was deleted), resourceVersion]. */
export type ObjectRow = [key: string, gvr: string, namespace: string, name: string, json: string | null, rv: number]

export interface Batch {
  objects: ObjectRow[]
  /** Volume file changes, in the order they happened. */
  volumes: VolumeChange[]
  /** Volumes created empty since the last batch (creating one emits no change, yet it must come back empty). */
  emptyVolumes: string[]
  /** The store's resourceVersion after the batch (0: leave the saved one). */
  rv: number
  /** The clock's time. */
  now: number
}

/** Sets a writing connection up for the cluster mirror (see WAL_AUTOCHECKPOINT_PAGES). */
export function prepareWriter(sqlite: Sqlite): void {
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
}

/** The transaction that writes one batch (all of it, or, when it throws, none of it). */
export function batchTransaction(sqlite: Sqlite, repos: Repositories): (batch: Batch) => void {
  return sqlite.transaction((b: Batch) => {
    for (const [key, gvr, namespace, name, json, rv] of b.objects) {
      if (json === null) repos.objects.remove(key)
      else repos.objects.putJson(key, gvr, namespace, name, json, rv)
    }
    for (const v of b.volumes) {
      if (v.type === 'write') repos.volumes.writeFile(v.volume, v.file)
      else if (v.type === 'remove') repos.volumes.removePath(v.volume, v.path)
      else repos.volumes.drop(v.volume)
    }
    for (const name of b.emptyVolumes) repos.volumes.ensure(name)
    if (b.rv > 0) repos.meta.set(META_RV, String(b.rv))
    repos.meta.set(META_NOW, String(b.now))
  })
}

/** Copies what it can of the WAL into the db file. PASSIVE: without waiting for readers (the pty child's history
 *  connection) or blocking them. */
export function checkpointPassive(sqlite: Sqlite): void {
  sqlite.pragma('wal_checkpoint(PASSIVE)')
}
