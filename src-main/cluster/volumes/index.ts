// In-memory volume trees. Volumes outlive pods (a PV's files follow its claim to a recreated pod); the db layer
// mirrors every change through onChange, and load() restores a saved state without echoing it back.
import type { VolumeChange, VolumeFile, VolumeStore } from './types'

function normalize(path: string): string {
  const parts: string[] = []
  for (const p of path.split('/')) {
    if (!p || p === '.') continue
    if (p === '..') parts.pop()
    else parts.push(p)
  }
  return '/' + parts.join('/')
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/')
  return i <= 0 ? '/' : path.slice(0, i)
}

const copy = (f: VolumeFile): VolumeFile => ({ ...f })

export function createVolumeStore(): VolumeStore {
  // volume name → (path → file). The root '/' is implicit: every volume is a directory.
  const trees = new Map<string, Map<string, VolumeFile>>()
  const listeners = new Set<(c: VolumeChange) => void>()
  const emit = (c: VolumeChange) => {
    for (const l of [...listeners]) l(c)
  }

  const tree = (volume: string): Map<string, VolumeFile> => {
    let t = trees.get(volume)
    if (!t) {
      t = new Map()
      trees.set(volume, t)
    }
    return t
  }

  return {
    ensure(volume) {
      tree(volume)
    },
    has(volume) {
      return trees.has(volume)
    },
    list(volume) {
      const t = trees.get(volume)
      if (!t) return []
      return [...t.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(copy)
    },
    read(volume, path) {
      const p = normalize(path)
      if (p === '/') return trees.has(volume) ? { path: '/', type: 'dir', data: '', mode: 0o755, mtimeMs: 0 } : undefined
      const f = trees.get(volume)?.get(p)
      return f ? copy(f) : undefined
    },
    write(volume, file) {
      const t = tree(volume)
      const p = normalize(file.path)
      if (p === '/') return
      // Keep the tree well-formed: a file's parents always exist as dirs (the overlay fs checks first; this is a guard
      // for direct writers such as lesson setup and restore tools).
      const missing: string[] = []
      for (let d = parentOf(p); d !== '/'; d = parentOf(d)) if (!t.has(d)) missing.unshift(d)
      for (const d of missing) {
        const dir: VolumeFile = { path: d, type: 'dir', data: '', mode: 0o755, mtimeMs: file.mtimeMs }
        t.set(d, dir)
        emit({ type: 'write', volume, file: copy(dir) })
      }
      const stored: VolumeFile = { ...file, path: p, data: file.type === 'dir' ? '' : file.data }
      t.set(p, stored)
      emit({ type: 'write', volume, file: copy(stored) })
    },
    remove(volume, path) {
      const t = trees.get(volume)
      if (!t) return
      const p = normalize(path)
      const prefix = p === '/' ? '/' : p + '/'
      let removed = false
      for (const key of [...t.keys()]) {
        if (key === p || key.startsWith(prefix)) {
          t.delete(key)
          removed = true
        }
      }
      if (removed || p === '/') emit({ type: 'remove', volume, path: p })
    },
    drop(volume) {
      if (!trees.delete(volume)) return
      emit({ type: 'drop', volume })
    },
    volumes() {
      return [...trees.keys()].sort()
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    load(all) {
      trees.clear()
      for (const [volume, files] of Object.entries(all)) {
        const t = tree(volume)
        for (const f of files) {
          const p = normalize(f.path)
          if (p !== '/') t.set(p, { ...f, path: p })
        }
      }
    },
  }
}
