// `watch [-n SECS] [-t] COMMAND`: procps-ng's full-screen repeat. The header is
// `Every 2.0s: kubectl get pods` on the left and `ordinal: Thu Nov 26 20:20:01 2026` on the right; the screen is
// redrawn every interval of real time (the injected sleep, so it runs the same whatever the cluster speed) until ^C.
import type { Builtin, CommandContext } from '../io'
import { charWidth, displayWidth } from '../width'
import { strftime } from './filter-tools'

export interface WatchDeps {
  /** Runs a command line in a fresh shell, stdout and stderr captured together (as procps watch does). */
  run(line: string, ctx: CommandContext): Promise<string>
  hostname: string
  now(): number
}

/** Cuts text to `cols` display cells. */
function clip(s: string, cols: number): string {
  let w = 0
  let out = ''
  for (const ch of s) {
    const cw = charWidth(ch)
    if (w + cw > cols) break
    out += ch
    w += cw
  }
  return out
}

/** One frame: header, blank line, then the output cut to the window (no wrapping, like watch without -w… wraps;
 *  we cut so the header never scrolls away). */
export function watchFrame(o: { interval: number; command: string; output: string; cols: number; rows: number; title: boolean; host: string; date: Date }): string {
  const rows: string[] = []
  if (o.title) {
    const left = `Every ${o.interval.toFixed(1)}s: ${o.command}`
    const right = `${o.host}: ${strftime('%a %b %e %H:%M:%S %Y', o.date, false)}`
    const gap = o.cols - displayWidth(left) - displayWidth(right)
    rows.push(gap >= 1 ? left + ' '.repeat(gap) + right : clip(left, o.cols))
    rows.push('')
  }
  const body = o.output.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')
  for (const line of body) {
    if (rows.length >= o.rows) break
    rows.push(clip(line.replace(/\t/g, '        '), o.cols))
  }
  return '\x1b[H\x1b[2J' + rows.join('\r\n')
}

function usage(ctx: CommandContext): number {
  ctx.stderr.write('\nUsage:\n watch [options] command\n\nOptions:\n  -n, --interval <secs>  seconds to wait between updates\n  -t, --no-title         turn off header\n')
  return 1
}

export function watchTool(deps: WatchDeps): Builtin {
  return {
    name: 'watch',
    summary: 'execute a program periodically, showing output fullscreen',
    usage: 'watch [-n SECS] [-t] COMMAND',
    flags: [
      { short: 'n', long: 'interval', arg: 'SECS', summary: 'seconds to wait between updates (default 2)' },
      { short: 't', long: 'no-title', summary: 'turn off the header' },
    ],
    async run(ctx) {
      const args = ctx.argv.slice(1)
      let interval = 2
      let title = true
      while (args.length && args[0]!.startsWith('-')) {
        const a = args.shift()!
        if (a === '--') break
        if (a === '-t' || a === '--no-title') title = false
        else if (a === '-n' || a === '--interval' || /^-n.+/.test(a) || a.startsWith('--interval=')) {
          const v = a === '-n' || a === '--interval' ? args.shift() : a.startsWith('-n') ? a.slice(2) : a.slice('--interval='.length)
          const n = Number(v)
          if (v === undefined || v === '' || Number.isNaN(n)) {
            ctx.stderr.write(`watch: failed to parse argument: '${v ?? ''}'\n`)
            return 1
          }
          interval = Math.max(0.1, n)
        } else {
          ctx.stderr.write(`watch: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'\n`)
          return usage(ctx)
        }
      }
      if (args.length === 0) return usage(ctx)
      const command = args.join(' ')
      const size = () => ({ cols: ctx.tty?.cols() ?? 80, rows: ctx.tty?.rows() ?? 24 })
      let last = ''
      const draw = () => {
        const { cols, rows } = size()
        ctx.stdout.write(watchFrame({ interval, command, output: last, cols, rows, title, host: deps.hostname, date: new Date(deps.now()) }))
      }
      // The alternate screen, as curses uses it: the shell's scrollback comes back untouched after ^C.
      let left = false
      const leave = () => {
        if (left) return
        left = true
        ctx.stdout.write('\x1b[?1049l')
      }
      ctx.stdout.write('\x1b[?1049h')
      ctx.signal.addEventListener('abort', leave, { once: true })
      const offResize = ctx.tty?.onResize(() => draw()) ?? (() => {})
      try {
        while (!ctx.signal.aborted) {
          last = await deps.run(command, ctx)
          if (ctx.signal.aborted) break
          draw()
          await ctx.sleep(interval * 1000, ctx.signal)
        }
      } catch {
        // ^C: the sleep rejects.
      } finally {
        offResize()
        leave()
      }
      return 0
    },
  }
}
