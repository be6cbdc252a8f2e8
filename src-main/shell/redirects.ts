// Redirections (`>`, `>>`, `<`, `2>&1`, `2>/dev/null`, `&>`, here-docs) applied to a copy of the command's I/O, with
// bash's and ash's wording when a target can't be opened.
import type { Redirect } from './ast'
import { ExpansionError, expandString, type ExpandHost } from './expand'
import type { Fs, Input, Output } from './io'
import { FsError } from './io'
import { errorText, resolvePath } from './path'
import { emptyInput, nullOutput, StringInput } from './pipe'
import type { Io, State } from './shell-state'

export interface RedirectDeps {
  fs: Fs
  shellName: string
  host(st: State, io: Io): ExpandHost
}

/** Applies redirects to a copy of io; on failure prints the shell's message and returns status 1. */
export async function applyRedirects(reds: Redirect[], st: State, io: Io, d: RedirectDeps): Promise<Io | number> {
  if (reds.length === 0) return io
  const sh = d.shellName
  const fds = new Map<number, Input | Output>([
    [0, io.stdin],
    [1, io.stdout],
    [2, io.stderr],
  ])
  const onTty = new Map<number, boolean>([
    [0, io.ttyIn],
    [1, io.ttyOut],
    [2, true],
  ])
  const fs = d.fs
  for (const r of reds) {
    const input = r.op.startsWith('<') && r.op !== '<>'
    const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1)
    if (r.heredoc) {
      const body = r.heredoc.quoted ? r.heredoc.body.raw : await expandString(r.heredoc.body, d.host(st, io))
      fds.set(fd, new StringInput(body))
      onTty.set(fd, false)
      continue
    }
    let target: string
    try {
      target = await expandString(r.target, d.host(st, io))
    } catch (e) {
      if (e instanceof ExpansionError) {
        io.stderr.write(`${sh}: ${e.message}\n`)
        return 1
      }
      throw e
    }
    if (r.op === '<<<') {
      // A here-string: the word and a newline on stdin.
      fds.set(fd, new StringInput(target + '\n'))
      onTty.set(fd, false)
      continue
    }
    if ((r.op === '>&' || r.op === '<&') && /^(\d+|-)$/.test(target)) {
      if (target === '-') fds.set(fd, input ? emptyInput : nullOutput)
      else {
        const src = fds.get(Number(target))
        if (!src) {
          io.stderr.write(`${sh}: ${target}: Bad file descriptor\n`)
          return 1
        }
        fds.set(fd, src)
        onTty.set(fd, onTty.get(Number(target)) ?? false)
      }
      continue
    }
    const path = resolvePath(st.cwd, target)
    if (target === '/dev/stdout' || target === '/dev/stderr') {
      // Like `>&1` / `>&2`: the path names the shell's own fd.
      const src = fds.get(target === '/dev/stdout' ? 1 : 2)!
      fds.set(fd, src)
      if (r.op === '&>' || r.op === '&>>') fds.set(2, src)
      continue
    }
    if (target === '/dev/null') {
      fds.set(fd, input ? emptyInput : nullOutput)
      if (r.op === '&>' || r.op === '&>>' || r.op === '>&') fds.set(2, nullOutput)
      onTty.set(fd, false)
      continue
    }
    try {
      if (input) {
        const s = fs.stat(path)
        if (!s) throw new FsError('ENOENT', path)
        if (s.type === 'dir') throw new FsError('EISDIR', path)
        fds.set(fd, new StringInput(fs.readFile(path)))
      } else {
        const append = r.op.endsWith('>>')
        const s = fs.stat(path)
        if (s?.type === 'dir') throw new FsError('EISDIR', path)
        if (!append || !s) fs.writeFile(path, '')
        const out: Output = {
          write: (chunk) => {
            try {
              fs.writeFile(path, chunk, { append: true })
            } catch {
              // The file vanished or became unwritable mid-command: drop output like a closed fd would.
            }
          },
        }
        if (r.op.startsWith('&') || (r.op === '>&' && r.fd === null)) {
          fds.set(1, out)
          fds.set(2, out)
          onTty.set(1, false)
          onTty.set(2, false)
        } else fds.set(fd, out)
      }
      onTty.set(fd, false)
    } catch (e) {
      const code = e instanceof FsError ? e.code : (e as { code?: string }).code
      if (sh === 'bash') io.stderr.write(`${sh}: ${target}: ${errorText(e)}\n`)
      else if (input) io.stderr.write(`${sh}: can't open '${target}': ${errorText(e)}\n`)
      else io.stderr.write(`${sh}: can't create ${target}: ${code === 'ENOENT' ? 'nonexistent directory' : errorText(e)}\n`)
      return 1
    }
  }
  return {
    ...io,
    stdin: fds.get(0) as Input,
    stdout: fds.get(1) as Output,
    stderr: fds.get(2) as Output,
    ttyIn: onTty.get(0) ?? false,
    ttyOut: onTty.get(1) ?? false,
  }
}
