// `npm run kubectl -- ARGS`: our kubectl as a plain process. Adapts process stdio/env/argv to a CommandContext:
// stdin as Input, a Terminal when stdin is a TTY (raw mode + SIGWINCH), SIGINT aborts; exits with the code.
import fs from 'node:fs'
import { runKubectl } from '../kubectl/index'
import { FsError, type CommandContext, type Fs, type Input, type Terminal } from '../shell/io'

function nodeFs(): Fs {
  const wrap = <T>(path: string, f: () => T): T => {
    try { return f() } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EACCES' || code === 'EROFS' || code === 'EINVAL') throw new FsError(code, path)
      throw e
    }
  }
  return {
    stat(path) {
      try {
        const s = fs.statSync(path)
        return { type: s.isDirectory() ? 'dir' : 'file', size: s.size, mtimeMs: s.mtimeMs, mode: s.mode }
      } catch { return null }
    },
    readFile: (p) => wrap(p, () => fs.readFileSync(p, 'utf8')),
    writeFile: (p, d, o) => wrap(p, () => (o?.append ? fs.appendFileSync(p, d) : fs.writeFileSync(p, d))),
    readdir: (p) => wrap(p, () => fs.readdirSync(p)),
    mkdir: (p, o) => wrap(p, () => { fs.mkdirSync(p, { recursive: o?.recursive }) }),
    rm: (p, o) => wrap(p, () => fs.rmSync(p, { recursive: o?.recursive })),
    rename: (a, b) => wrap(a, () => fs.renameSync(a, b)),
  }
}

function stdinInput(): Input {
  const queue: (string | null)[] = []
  const waiters: ((v: string | null) => void)[] = []
  let started = false
  const push = (v: string | null) => {
    const w = waiters.shift()
    if (w) w(v)
    else queue.push(v)
  }
  return {
    read() {
      if (!started) {
        started = true
        process.stdin.setEncoding('utf8')
        process.stdin.on('data', (c: string) => push(c))
        process.stdin.on('end', () => push(null))
      }
      if (queue.length) return Promise.resolve(queue.shift()!)
      if (queue.length === 0 && process.stdin.readableEnded) return Promise.resolve(null)
      return new Promise((r) => waiters.push(r))
    },
  }
}

function processTerminal(): Terminal | null {
  if (!process.stdin.isTTY) return null
  return {
    cols: () => process.stdout.columns ?? 80,
    rows: () => process.stdout.rows ?? 24,
    onResize(cb) {
      const h = () => cb(process.stdout.columns ?? 80, process.stdout.rows ?? 24)
      process.on('SIGWINCH', h)
      return () => { process.off('SIGWINCH', h) }
    },
    setRaw(raw) { process.stdin.setRawMode(raw) },
  }
}

async function main(): Promise<void> {
  const ac = new AbortController()
  process.on('SIGINT', () => ac.abort())
  const env = new Map(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined))
  const ctx: CommandContext = {
    argv: ['kubectl', ...process.argv.slice(2)],
    env,
    cwd: process.cwd(),
    fs: nodeFs(),
    stdin: stdinInput(),
    stdout: { write: (s) => { process.stdout.write(s) } },
    stderr: { write: (s) => { process.stderr.write(s) } },
    tty: processTerminal(),
    signal: ac.signal,
    sleep: (ms, signal) => new Promise((resolve, reject) => {
      const t = setTimeout(resolve, ms)
      signal?.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')) }, { once: true })
    }),
  }
  const code = await runKubectl(process.argv.slice(2), ctx)
  // Let stdout drain before exiting (pipes are asynchronous).
  process.stdout.write('', () => process.exit(code))
}

void main()
