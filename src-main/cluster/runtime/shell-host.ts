// Container shells (busybox ash, Debian dash and bash) on the shared interpreter: `sh -c '…'`, `sh script`,
// scripts piped on stdin, and interactive sessions on a TTY with the shared line editor.
import type { Builtin, CommandContext } from '../../shell/io'
import { Interpreter } from '../../shell/interpreter'
import { LineEditor } from '../../shell/line-editor'
import { needsMore } from '../../shell/parser'
import { LineReader, Pipe, readOrAbort } from '../../shell/pipe'
import { charWidth } from '../../shell/width'
import { errText, line, resolvePath, signalStatus } from './commands/tools'

export type ShellKind = 'ash' | 'dash' | 'bash'

export interface ShellHostOptions {
  kind: ShellKind
  /** The container's command table (the shell itself is in it too, for nested `sh -c`). */
  builtins: () => Map<string, Builtin>
  hostname: () => string
  /** Where a command lives in the image (`/bin/ls` in busybox, `/usr/bin/curl` in Debian): what `type`, `command -v`
   *  and `which` print. */
  commandPath?: (name: string) => string | undefined
}

function notFound(kind: ShellKind, name: string, script: boolean, argv0 = 'bash'): string {
  // bash started as `sh` (Oracle Linux's /bin/sh) names itself sh in its messages.
  if (kind === 'bash') return script ? `${argv0}: line 1: ${name}: command not found` : `${argv0}: ${name}: command not found`
  if (kind === 'dash') return `sh: 1: ${name}: not found`
  return `sh: ${name}: not found`
}

export function promptFor(kind: ShellKind, cwd: string, hostname: string): string {
  if (kind === 'bash') return `root@${hostname}:${cwd === '/root' ? '~' : cwd}# `
  if (kind === 'dash') return '# '
  return `${cwd} # `
}

/** The `sh`/`bash` command. */
export function shellBuiltin(name: string, o: ShellHostOptions): Builtin {
  const shellName = o.kind === 'bash' ? 'bash' : 'sh'
  return {
    name,
    summary: o.kind === 'bash' ? 'GNU Bourne-Again SHell' : 'command interpreter',
    async run(ctx) {
      const args = ctx.argv.slice(1)
      const exit = { code: null as number | null }
      const make = (script: boolean, positional: string[] = []) =>
        new Interpreter({
          onExit: (code) => {
            exit.code = code
          },
          builtins: o.builtins(),
          fs: ctx.fs,
          env: new Map(ctx.env),
          cwd: ctx.cwd,
          shellName,
          notFound: (n) => notFound(o.kind, n, script, name === 'sh' ? 'sh' : 'bash'),
          sleep: ctx.sleep,
          args: positional,
          commandPath: (n) => o.commandPath?.(n) ?? (n.includes('/') ? n : `/usr/bin/${n}`),
        })
      const io = { stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr, tty: ctx.tty, signal: ctx.signal }
      const c = args.findIndex((a) => a === '-c' || (/^-[a-z]*c[a-z]*$/.test(a) && a.length > 1))
      if (c >= 0) {
        const script = args[c + 1]
        if (script === undefined) {
          line(ctx.stderr, o.kind === 'bash' ? 'bash: -c: option requires an argument' : o.kind === 'dash' ? 'sh: 0: -c requires an argument' : 'sh: -c requires an argument')
          return 2
        }
        return runOrSignal(make(true, args.slice(c + 3)), script, io, ctx)
      }
      const operands = args.filter((a) => !a.startsWith('-'))
      if (operands.length) {
        let text: string
        try {
          text = ctx.fs.readFile(resolvePath(ctx, operands[0]))
        } catch (e) {
          line(ctx.stderr, o.kind === 'bash' ? `bash: ${operands[0]}: ${errText(e)}` : o.kind === 'dash' ? `sh: 0: cannot open ${operands[0]}: No such file` : `sh: can't open '${operands[0]}': ${errText(e)}`)
          return o.kind === 'ash' ? 2 : 127
        }
        return runOrSignal(make(true, operands.slice(1)), text, io, ctx)
      }
      if (ctx.tty) return interactive(make(false), ctx, o, exit)
      return fromStdin(make(true), ctx, exit)
    },
  }
}

async function runOrSignal(interp: Interpreter, src: string, io: Parameters<Interpreter['run']>[1], ctx: CommandContext): Promise<number> {
  const code = await interp.run(src, io)
  return ctx.signal.aborted ? signalStatus(ctx) : code
}

/** Non-interactive shell reading commands from stdin (`kubectl exec -i pod -- sh < script`), no stdin → exit 0. */
async function fromStdin(interp: Interpreter, ctx: CommandContext, exit: { code: number | null }): Promise<number> {
  const reader = new LineReader(ctx.stdin)
  let exited: number | null = null
  let pending = ''
  for (;;) {
    const l = await reader.readLine(ctx.signal)
    if (ctx.signal.aborted) return signalStatus(ctx)
    if (l === null) break
    pending += l + '\n'
    if (needsMore(pending)) continue
    const src = pending
    pending = ''
    const code = await interp.run(src, { stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr, tty: null, signal: ctx.signal })
    if (exit.code !== null) {
      exited = code
      break
    }
  }
  if (exited === null && pending.trim()) await interp.run(pending, { stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr, tty: null, signal: ctx.signal })
  return exited ?? interp.lastStatus
}

/** An interactive shell on a TTY: the line editor owns the keyboard between commands; while a command runs,
 *  keystrokes go to it and ^C interrupts it. Ends on `exit`, ^D on an empty line, or when stdin closes. */
function interactive(interp: Interpreter, ctx: CommandContext, o: ShellHostOptions, exit: { code: number | null }): Promise<number> {
  return new Promise<number>((resolve) => {
    let finished = false
    type Running = { abort: AbortController; stdin: Pipe; line: string[] }
    let running = null as Running | null
    const queue: string[] = []
    const finish = (code: number) => {
      if (finished) return
      finished = true
      running?.abort.abort(ctx.signal.reason ?? 'SIGHUP')
      resolve(code)
    }
    const editor = new LineEditor({
      write: (s) => ctx.stdout.write(s),
      history: [],
      needsMore,
      prompt: () => promptFor(o.kind, interp.cwd, o.hostname()),
    })
    if (ctx.tty) {
      editor.setCols(ctx.tty.cols())
      ctx.tty.onResize((cols) => editor.setCols(cols))
    }
    const runNext = async () => {
      if (running || finished) return
      const src = queue.shift()
      if (src === undefined) return
      const cmd: Running = { abort: new AbortController(), stdin: new Pipe(), line: [] }
      running = cmd
      const code = await interp.run(src, { stdin: cmd.stdin, stdout: ctx.stdout, stderr: ctx.stderr, tty: ctx.tty, signal: cmd.abort.signal })
      running = null
      if (exit.code !== null) return finish(exit.code)
      void code
      if (finished) return
      // Background jobs that ended are reported just before the next prompt, as the workstation shell does.
      for (const n of interp.takeJobNotices()) ctx.stdout.write(n + '\n')
      editor.start()
      void runNext()
    }
    editor.onLine((l) => {
      queue.push(l)
      void runNext()
    })
    editor.onEof(() => {
      // bash says `exit`; dash and busybox ash print just a newline, so the caller's prompt starts on a fresh line.
      ctx.stdout.write(o.kind === 'bash' ? 'exit\n' : '\n')
      finish(interp.lastStatus)
    })
    editor.onInterrupt(() => {
      /* the editor prints ^C and a fresh prompt */
    })
    /** While a command runs the terminal is in cooked mode, as a real tty is between two line-editor reads: typed
     *  characters are echoed, Enter sends the line (`cat`, `read` get `\n`), backspace and ^U edit it, ^D sends it
     *  (EOF on an empty line) and ^C interrupts the command. */
    const cooked = (cur: Running, data: string) => {
      for (const ch of data) {
        if (ch === '\x03') {
          ctx.stdout.write('^C\n')
          cur.line = []
          cur.abort.abort('SIGINT')
          return
        }
        if (ch === '\x04') {
          if (cur.line.length) cur.stdin.write(cur.line.splice(0).join(''))
          else cur.stdin.close()
        } else if (ch === '\r' || ch === '\n') {
          ctx.stdout.write('\n')
          cur.stdin.write(cur.line.splice(0).join('') + '\n')
        } else if (ch === '\x7f' || ch === '\b') {
          const c = cur.line.pop()
          if (c !== undefined) ctx.stdout.write(charWidth(c) === 2 ? '\b\b  \b\b' : '\b \b')
        } else if (ch === '\x15') {
          for (const c of cur.line.splice(0)) ctx.stdout.write(charWidth(c) === 2 ? '\b\b  \b\b' : '\b \b')
        } else if (ch >= ' ' || ch === '\t' || ch === '\x1b') {
          cur.line.push(ch)
          ctx.stdout.write(ch === '\x1b' ? '^[' : ch)
        }
      }
    }
    ctx.signal.addEventListener('abort', () => finish(signalStatus(ctx)), { once: true })
    editor.start()
    void (async () => {
      for (;;) {
        const chunk = await readOrAbort(ctx.stdin, ctx.signal)
        if (finished) return
        if (chunk === null) return finish(interp.lastStatus)
        const cur = running as Running | null
        if (cur) cooked(cur, chunk)
        else editor.feed(chunk)
      }
    })()
  })
}
