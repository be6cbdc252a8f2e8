// Volume contents: one file tree per PersistentVolume (and per pod for emptyDir), outliving pods.
// Persisted by the db layer through onChange; restored with load().

export interface VolumeFile {
  path: string // absolute inside the volume: '/index.html', '/sub/dir' for dirs
  type: 'file' | 'dir'
  data: string // '' for dirs
  mode: number
  mtimeMs: number
}

export type VolumeChange =
  | { type: 'write'; volume: string; file: VolumeFile }
  | { type: 'remove'; volume: string; path: string }
  | { type: 'drop'; volume: string } // the whole volume deleted (PV reclaimed)

export interface VolumeStore {
  /** Create an empty volume if missing (idempotent). */
  ensure(volume: string): void
  has(volume: string): boolean
  list(volume: string): VolumeFile[] // every file and dir, sorted by path
  read(volume: string, path: string): VolumeFile | undefined
  write(volume: string, file: VolumeFile): void
  remove(volume: string, path: string): void // recursive for dirs
  drop(volume: string): void
  volumes(): string[]
  onChange(listener: (c: VolumeChange) => void): () => void
  /** Replace everything (restore from SQLite); emits no changes. */
  load(all: Record<string, VolumeFile[]>): void
}
