// POSIX path helpers without node:path, so the interpreter stays a pure library (it also runs inside containers).
import type { FsError } from './io'

/** Absolute, normalized: resolves `.`, `..` and repeated slashes against `cwd`. */
export function resolvePath(cwd: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/')
  const out: string[] = []
  for (const part of parts) {
    if (part === '' || part === '.') continue
    if (part === '..') out.pop()
    else out.push(part)
  }
  return '/' + out.join('/')
}

export function basename(p: string): string {
  const trimmed = p.replace(/\/+$/, '')
  if (trimmed === '') return p.startsWith('/') ? '/' : ''
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

export function dirname(p: string): string {
  const trimmed = p.replace(/\/+$/, '')
  const i = trimmed.lastIndexOf('/')
  if (i < 0) return '.'
  if (i === 0) return '/'
  return trimmed.slice(0, i)
}

/** The strerror text coreutils and bash print after `name: `. */
export function fsErrorText(code: FsError['code'] | string): string {
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory'
    case 'EISDIR':
      return 'Is a directory'
    case 'ENOTDIR':
      return 'Not a directory'
    case 'EEXIST':
      return 'File exists'
    case 'ENOTEMPTY':
      return 'Directory not empty'
    case 'EACCES':
      return 'Permission denied'
    case 'EROFS':
      return 'Read-only file system'
    case 'ELOOP':
      return 'Too many levels of symbolic links'
    default:
      return 'Invalid argument'
  }
}

/** Turns an unknown thrown value into strerror text (FsError codes, or the error's message). */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    return fsErrorText((e as { code: string }).code)
  }
  return e instanceof Error ? e.message : String(e)
}
