// The learner's workspace as an `Fs` over node:fs, confined to one root: anything that resolves outside it (`..`,
// absolute paths, symlinks pointing out) is refused with EACCES, which the shell words as `Permission denied`.
import * as nodeFs from 'node:fs'
import * as nodePath from 'node:path'
import { FsError, type Fs, type FsStat } from '../io'

const KNOWN = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EEXIST', 'ENOTEMPTY', 'EACCES', 'EROFS', 'EINVAL'])

function wrap<T>(path: string, f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (e instanceof FsError) throw e
    const code = (e as { code?: string }).code ?? 'EINVAL'
    throw new FsError((KNOWN.has(code) ? code : code === 'EPERM' || code === 'ELOOP' ? 'EACCES' : 'EINVAL') as FsError['code'], path)
  }
}

/** An Fs whose paths are real absolute paths, refusing any path outside `root` (after resolving symlinks). */
export function createWorkspaceFs(root: string): Fs & { root: string } {
  nodeFs.mkdirSync(root, { recursive: true })
  const realRoot = nodeFs.realpathSync(root)
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot + nodePath.sep)

  /** The path, checked: lexically inside the root, and its deepest existing ancestor really inside too. */
  const check = (path: string): string => {
    const abs = nodePath.resolve(realRoot, path)
    if (!inside(abs)) throw new FsError('EACCES', path)
    let probe = abs
    for (;;) {
      try {
        const real = nodeFs.realpathSync(probe)
        if (!inside(real)) throw new FsError('EACCES', path)
        break
      } catch (e) {
        if (e instanceof FsError) throw e
        const parent = nodePath.dirname(probe)
        if (parent === probe) break
        probe = parent
      }
    }
    // A dangling symlink pointing outside: realpath fails on it, so read the link itself.
    try {
      if (nodeFs.lstatSync(abs).isSymbolicLink()) {
        const target = nodePath.resolve(nodePath.dirname(abs), nodeFs.readlinkSync(abs))
        if (!inside(target)) throw new FsError('EACCES', path)
      }
    } catch (e) {
      if (e instanceof FsError) throw e
    }
    return abs
  }

  return {
    root: realRoot,
    stat(path: string): FsStat | null {
      const p = check(path)
      try {
        const s = nodeFs.statSync(p)
        return { type: s.isDirectory() ? 'dir' : 'file', size: s.size, mtimeMs: s.mtimeMs, mode: s.mode & 0o7777 }
      } catch {
        return null
      }
    },
    readFile: (path) => wrap(path, () => nodeFs.readFileSync(check(path), 'utf8')),
    writeFile: (path, data, opts) =>
      wrap(path, () => {
        const p = check(path)
        if (opts?.append) nodeFs.appendFileSync(p, data)
        else nodeFs.writeFileSync(p, data)
      }),
    readdir: (path) => wrap(path, () => nodeFs.readdirSync(check(path)).sort()),
    mkdir: (path, opts) => wrap(path, () => void nodeFs.mkdirSync(check(path), { recursive: !!opts?.recursive })),
    rm: (path, opts) =>
      wrap(path, () => {
        const p = check(path)
        if (p === realRoot) throw new FsError('EACCES', path)
        const s = nodeFs.lstatSync(p)
        if (s.isDirectory() && !opts?.recursive) throw new FsError('EISDIR', path)
        nodeFs.rmSync(p, { recursive: !!opts?.recursive })
      }),
    rename: (from, to) => wrap(from, () => nodeFs.renameSync(check(from), check(to))),
  }
}
