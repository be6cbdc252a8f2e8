// A CommandContext over the real filesystem for running runKubectl in-process in tests.
import fs from 'node:fs'
import { FsError, type CommandContext, type Fs } from '../../src-main/shell/io'

export function nodeFs(): Fs {
  const wrap = <T>(p: string, f: () => T): T => {
    try { return f() } catch { throw new FsError('ENOENT', p) }
  }
  return {
    stat(p) {
      try { const s = fs.statSync(p); return { type: s.isDirectory() ? 'dir' : 'file', size: s.size, mtimeMs: s.mtimeMs, mode: s.mode } } catch { return null }
    },
    readFile: (p) => wrap(p, () => fs.readFileSync(p, 'utf8')),
    writeFile: (p, d) => wrap(p, () => fs.writeFileSync(p, d)),
    readdir: (p) => wrap(p, () => fs.readdirSync(p)),
    mkdir: (p) => wrap(p, () => { fs.mkdirSync(p, { recursive: true }) }),
    rm: (p) => wrap(p, () => fs.rmSync(p, { recursive: true })),
    rename: (a, b) => wrap(a, () => fs.renameSync(a, b)),
  }
}

export interface Captured { stdout: string; stderr: string; code: number }

export function testContext(opts: { env: Record<string, string | undefined>; cwd: string; stdin?: string; signal?: AbortSignal }) {
  let stdout = ''
  let stderr = ''
  let stdinSent = false
  const env = new Map(Object.entries(opts.env).filter((e): e is [string, string] => e[1] !== undefined))
  const ctx: CommandContext = {
    argv: ['kubectl'], env, cwd: opts.cwd, fs: nodeFs(),
    stdin: { read: async () => { if (stdinSent || opts.stdin === undefined) return null; stdinSent = true; return opts.stdin } },
    stdout: { write: (s) => { stdout += s } },
    stderr: { write: (s) => { stderr += s } },
    tty: null,
    signal: opts.signal ?? new AbortController().signal,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  }
  return { ctx, result: () => ({ stdout, stderr }) }
}
