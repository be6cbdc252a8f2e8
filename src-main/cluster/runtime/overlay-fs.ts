// A container's filesystem: the image (read-only lower layer) + the container's writable upper layer (whiteouts
// hide deleted image files) + mounts (PVC volumes in the VolumeStore, kubelet-managed /etc/hosts & co, the
// service-account projection). Mounts shadow whatever is beneath them, exactly as bind mounts do.
import { type Fs, FsError, type FsStat } from '../../shell/io'
import type { VolumeStore } from '../volumes/types'
import type { BaseTree } from './base-files'

export interface UpperEntry {
  type: 'file' | 'dir'
  data: string
  mode: number
  mtimeMs: number
  /** A dir re-created after its image version was deleted: hides the image's children. */
  opaque?: boolean
}
export type UpperLayer = Map<string, UpperEntry | 'whiteout'>

/** What a mount point delegates to; `rel` is the path inside the mount ('/' = the mount root). */
export interface MountBackend {
  readOnly: boolean
  stat(rel: string): FsStat | null
  read(rel: string): string
  write(rel: string, data: string, append: boolean): void
  readdir(rel: string): string[]
  mkdir(rel: string): void
  rm(rel: string): void
}

export interface Mount {
  path: string
  backend: MountBackend
  /** For `mount`/`df` output. */
  source: string
  fstype: string
}

export function normalizePath(path: string, cwd = '/'): string {
  const parts: string[] = []
  const full = path.startsWith('/') ? path : `${cwd}/${path}`
  for (const p of full.split('/')) {
    if (!p || p === '.') continue
    if (p === '..') parts.pop()
    else parts.push(p)
  }
  return '/' + parts.join('/')
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/')
  return i <= 0 ? '/' : p.slice(0, i)
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}

function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(dir + '/')
}

// The backends are classes, not object literals of closures: every container has four or five mounts that live as
// long as its pod, and a 1,000-pod StatefulSet made ~30,000 closures of them.

/** A mount backed by one VolumeStore tree (a PV or an emptyDir). */
export function volumeBackend(volumes: VolumeStore, volume: string, readOnly: boolean, now: () => number): MountBackend {
  volumes.ensure(volume)
  return new VolumeBackend(volumes, volume, readOnly, now)
}

class VolumeBackend implements MountBackend {
  constructor(
    private readonly volumes: VolumeStore,
    private readonly volume: string,
    readonly readOnly: boolean,
    private readonly now: () => number,
  ) {}

  stat(rel: string): FsStat | null {
    const f = this.volumes.read(this.volume, rel)
    if (!f) return null
    return { type: f.type, size: f.type === 'dir' ? 4096 : f.data.length, mtimeMs: f.mtimeMs, mode: f.mode }
  }

  read(rel: string): string {
    return this.volumes.read(this.volume, rel)?.data ?? ''
  }

  write(rel: string, data: string, append: boolean): void {
    const old = this.volumes.read(this.volume, rel)
    this.volumes.write(this.volume, { path: rel, type: 'file', data: append && old ? old.data + data : data, mode: old?.mode ?? 0o644, mtimeMs: this.now() })
  }

  readdir(rel: string): string[] {
    const prefix = rel === '/' ? '/' : rel + '/'
    return this.volumes
      .list(this.volume)
      .filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('/'))
      .map((f) => basename(f.path))
  }

  mkdir(rel: string): void {
    this.volumes.write(this.volume, { path: rel, type: 'dir', data: '', mode: 0o755, mtimeMs: this.now() })
  }

  rm(rel: string): void {
    this.volumes.remove(this.volume, rel)
  }
}

/** Where a bind-mounted single file's content lives. */
export interface FileSource {
  get(): string
  set(data: string): void
}

/** A single file bind-mounted over a path (kubelet's /etc/hosts, /etc/hostname, /etc/resolv.conf). */
export function fileSourceBackend(source: FileSource, now: () => number): MountBackend {
  return new FileBackend(source, now)
}

class FileBackend implements MountBackend {
  readonly readOnly = false
  private mtime: number

  constructor(
    private readonly source: FileSource,
    private readonly now: () => number,
  ) {
    this.mtime = now()
  }

  stat(rel: string): FsStat | null {
    return rel === '/' ? { type: 'file', size: this.source.get().length, mtimeMs: this.mtime, mode: 0o644 } : null
  }

  read(): string {
    return this.source.get()
  }

  write(_rel: string, data: string, append: boolean): void {
    this.source.set(append ? this.source.get() + data : data)
    this.mtime = this.now()
  }

  readdir(): string[] {
    return []
  }

  mkdir(): void {}

  rm(): void {}
}

/** A small read-only tree (the projected service-account volume). */
export function staticBackend(files: Record<string, string>, mtimeMs: number): MountBackend {
  return new StaticBackend(files, mtimeMs)
}

class StaticBackend implements MountBackend {
  readonly readOnly = true

  constructor(
    private readonly files: Record<string, string>,
    private readonly mtimeMs: number,
  ) {}

  stat(rel: string): FsStat | null {
    if (rel === '/') return { type: 'dir', size: 4096, mtimeMs: this.mtimeMs, mode: 0o1777 }
    const name = rel.slice(1)
    return name in this.files ? { type: 'file', size: this.files[name].length, mtimeMs: this.mtimeMs, mode: 0o644 } : null
  }

  read(rel: string): string {
    return this.files[rel.slice(1)] ?? ''
  }

  write(): void {}

  readdir(rel: string): string[] {
    return rel === '/' ? Object.keys(this.files).sort() : []
  }

  mkdir(): void {}

  rm(): void {}
}

export class OverlayFs implements Fs {
  private mounts: Mount[]

  constructor(
    private readonly lower: BaseTree,
    readonly upper: UpperLayer,
    mounts: Mount[],
    private readonly now: () => number,
  ) {
    // Longest mount path first so nested mounts win.
    this.mounts = [...mounts].sort((a, b) => b.path.length - a.path.length)
  }

  listMounts(): Mount[] {
    return [...this.mounts].sort((a, b) => a.path.localeCompare(b.path))
  }

  private mountFor(path: string): { m: Mount; rel: string } | null {
    for (const m of this.mounts) {
      if (isUnder(path, m.path)) return { m, rel: path === m.path ? '/' : path.slice(m.path === '/' ? 0 : m.path.length) }
    }
    return null
  }

  /** Overlay lookup of a path outside any mount. */
  private layerStat(path: string): UpperEntry | null {
    if (path === '/') return { type: 'dir', data: '', mode: 0o755, mtimeMs: 0 }
    let lowerVisible = true
    const parts = path.split('/').slice(1)
    let cur = ''
    let found: UpperEntry | null = null
    for (let i = 0; i < parts.length; i++) {
      cur += '/' + parts[i]
      const up = this.upper.get(cur)
      if (up === 'whiteout') return null
      if (up) {
        if (up.opaque) lowerVisible = false
        found = up
      } else {
        const low = lowerVisible ? this.lower.get(cur) : undefined
        if (!low) return null
        found = { ...low, mtimeMs: 0 }
      }
      if (i < parts.length - 1 && found.type !== 'dir') return null
    }
    return found
  }

  private requireDirParent(path: string): void {
    const parent = dirname(path)
    const st = this.stat(parent)
    if (!st) throw new FsError('ENOENT', path)
    if (st.type !== 'dir') throw new FsError('ENOTDIR', path)
  }

  stat(path: string): FsStat | null {
    const p = normalizePath(path)
    const hit = this.mountFor(p)
    if (hit) return hit.m.backend.stat(hit.rel)
    const e = this.layerStat(p)
    if (!e) return null
    return { type: e.type, size: e.type === 'dir' ? 4096 : e.data.length, mtimeMs: e.mtimeMs, mode: e.mode }
  }

  readFile(path: string): string {
    const p = normalizePath(path)
    const st = this.stat(p)
    if (!st) throw new FsError('ENOENT', p)
    if (st.type === 'dir') throw new FsError('EISDIR', p)
    const hit = this.mountFor(p)
    if (hit) return hit.m.backend.read(hit.rel)
    return this.layerStat(p)!.data
  }

  writeFile(path: string, data: string, opts?: { append?: boolean }): void {
    const p = normalizePath(path)
    const st = this.stat(p)
    if (st?.type === 'dir') throw new FsError('EISDIR', p)
    if (!st) this.requireDirParent(p)
    const hit = this.mountFor(p)
    if (hit) {
      if (hit.m.backend.readOnly) throw new FsError('EROFS', p)
      hit.m.backend.write(hit.rel, data, !!opts?.append)
      return
    }
    const old = st ? this.layerStat(p) : null
    this.upper.set(p, { type: 'file', data: opts?.append && old ? old.data + data : data, mode: old?.mode ?? 0o644, mtimeMs: this.now() })
  }

  readdir(path: string): string[] {
    const p = normalizePath(path)
    const st = this.stat(p)
    if (!st) throw new FsError('ENOENT', p)
    if (st.type !== 'dir') throw new FsError('ENOTDIR', p)
    const names = new Set<string>()
    const hit = this.mountFor(p)
    if (hit) for (const n of hit.m.backend.readdir(hit.rel)) names.add(n)
    else {
      const prefix = p === '/' ? '/' : p + '/'
      const direct = (k: string) => k.startsWith(prefix) && k.length > prefix.length && !k.slice(prefix.length).includes('/')
      const self = this.upper.get(p)
      if (!(self && self !== 'whiteout' && self.opaque)) for (const k of this.lower.keys()) if (direct(k)) names.add(basename(k))
      for (const [k, v] of this.upper) {
        if (!direct(k)) continue
        if (v === 'whiteout') names.delete(basename(k))
        else names.add(basename(k))
      }
    }
    // Mount points show up in their parent directory even if the image lacks them.
    for (const m of this.mounts) if (m.path !== p && dirname(m.path) === p) names.add(basename(m.path))
    return [...names].sort()
  }

  mkdir(path: string, opts?: { recursive?: boolean }): void {
    const p = normalizePath(path)
    const st = this.stat(p)
    if (st) {
      if (opts?.recursive && st.type === 'dir') return
      throw new FsError('EEXIST', p)
    }
    if (opts?.recursive) {
      const parent = dirname(p)
      if (parent !== p && !this.stat(parent)) this.mkdir(parent, { recursive: true })
    }
    this.requireDirParent(p)
    const hit = this.mountFor(p)
    if (hit) {
      if (hit.m.backend.readOnly) throw new FsError('EROFS', p)
      hit.m.backend.mkdir(hit.rel)
      return
    }
    // Re-creating a dir the image had (and that was deleted) must not resurrect the image's old children.
    const wasWhiteout = this.upper.get(p) === 'whiteout'
    this.upper.set(p, { type: 'dir', data: '', mode: 0o755, mtimeMs: this.now(), opaque: wasWhiteout })
  }

  rm(path: string, opts?: { recursive?: boolean }): void {
    const p = normalizePath(path)
    const st = this.stat(p)
    if (!st) throw new FsError('ENOENT', p)
    if (st.type === 'dir' && !opts?.recursive && this.readdir(p).length) throw new FsError('ENOTEMPTY', p)
    if (this.mounts.some((m) => isUnder(m.path, p) && m.path !== '/')) {
      // Can't remove a mount point; a recursive rm empties the mounted tree but leaves the mount (like rm -rf /mnt/vol).
      const own = this.mounts.find((m) => m.path === p)
      if (own && opts?.recursive && !own.backend.readOnly) {
        for (const child of this.readdir(p)) this.rm(`${p === '/' ? '' : p}/${child}`, opts)
        return
      }
      throw new FsError(own?.backend.readOnly ? 'EROFS' : 'EACCES', p)
    }
    const hit = this.mountFor(p)
    if (hit) {
      if (hit.m.backend.readOnly) throw new FsError('EROFS', p)
      hit.m.backend.rm(hit.rel)
      return
    }
    const prefix = p + '/'
    for (const k of [...this.upper.keys()]) if (k.startsWith(prefix)) this.upper.delete(k)
    // A whiteout is only needed when the image has the path; a stale one under an opaque dir is harmless.
    const inLower = this.lower.has(p)
    if (inLower) this.upper.set(p, 'whiteout')
    else this.upper.delete(p)
  }

  rename(from: string, to: string): void {
    const a = normalizePath(from)
    const b = normalizePath(to)
    const st = this.stat(a)
    if (!st) throw new FsError('ENOENT', a)
    if (a === b) return
    if (isUnder(b, a)) throw new FsError('EINVAL', b)
    if (st.type === 'file') {
      this.writeFile(b, this.readFile(a))
    } else {
      this.mkdir(b)
      for (const child of this.readdir(a)) this.rename(`${a}/${child}`, `${b}/${child}`)
    }
    this.rm(a, { recursive: true })
  }
}
