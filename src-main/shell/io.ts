// The I/O a command sees, shared by the workstation shell (pty child), container shells (cluster runtime) and
// our kubectl. Strings, not Buffers: UTF-8 is decoded at the process edge, so nothing here splits a character.

/** Readable side of a stream. `read()` resolves with the next chunk, or null at end of input. */
export interface Input {
  read(): Promise<string | null>
}

/** Writable side of a stream. */
export interface Output {
  write(chunk: string): void
}

/** Present when the command runs on a terminal (pty, or a container TTY over exec/attach). */
export interface Terminal {
  cols(): number
  rows(): number
  onResize(cb: (cols: number, rows: number) => void): () => void
  /** Raw mode: the command gets every keystroke (no echo, no line editing by the host). */
  setRaw(raw: boolean): void
}

/** Sync file access, so the interpreter stays simple. Implementations: the confined workspace (node fs) and a
 *  container's overlay of image files, writable layer and volumes (cluster/runtime). Paths are absolute. */
export interface FsStat {
  type: 'file' | 'dir'
  size: number
  mtimeMs: number
  mode: number
}
export interface Fs {
  stat(path: string): FsStat | null
  readFile(path: string): string
  writeFile(path: string, data: string, opts?: { append?: boolean }): void
  readdir(path: string): string[]
  mkdir(path: string, opts?: { recursive?: boolean }): void
  rm(path: string, opts?: { recursive?: boolean }): void
  rename(from: string, to: string): void
}

/** Errors thrown by Fs, worded by the caller as the shell would (`cat: x: No such file or directory`). */
export class FsError extends Error {
  constructor(
    readonly code: 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EACCES' | 'EROFS' | 'EINVAL',
    readonly path: string,
  ) {
    super(`${code}: ${path}`)
  }
}

export type Env = Map<string, string>

/** Everything a running command gets. */
export interface CommandContext {
  argv: string[] // argv[0] is the command name
  env: Env
  cwd: string
  fs: Fs
  stdin: Input
  stdout: Output
  stderr: Output
  tty: Terminal | null
  /** Aborted on Ctrl-C (SIGINT). Long-running commands must stop promptly and return 130. */
  signal: AbortSignal
  /** Wall-clock sleep for the workstation, simulated-clock sleep inside containers. Rejects when signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** One option of a command, for `help NAME` and Tab completion (`ls -<Tab>`). */
export interface BuiltinFlag {
  short?: string // 'l' for -l
  long?: string // 'all' for --all
  /** Placeholder of the value it takes (`NUM`), if any. */
  arg?: string
  summary: string
}

/** A command in a table: help and completion are generated from these rows. */
export interface Builtin {
  name: string
  aliases?: string[]
  summary: string
  usage?: string
  flags?: BuiltinFlag[]
  run(ctx: CommandContext): Promise<number>
}
