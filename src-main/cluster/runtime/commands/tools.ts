// What container commands know about the container they run in, plus small helpers shared by the commands.
import type { Clock } from '../../clock'
import { type CommandContext, FsError } from '../../../shell/io'
import { fsErrorText } from '../../../shell/path'
import type { ImageDef } from '../images'
import type { NetClient, Network } from '../network'
import type { OverlayFs } from '../overlay-fs'

export interface ProcInfo {
  pid: number
  command: string
  startedAt: number
}

export interface ContainerTools {
  image: ImageDef
  namespace: string
  podName: string
  hostname(): string
  /** hostname.subdomain.ns.svc.cluster.local when the pod has a subdomain, else the hostname. */
  fqdn(): string
  podIP(): string
  fs: OverlayFs
  net: Network
  netClient(): NetClient
  clock: Clock
  random: () => number
  processes(): ProcInfo[]
  /** Run a process-like command with a pid (for ps); returns the pid release function. */
  spawn(command: string): () => void
}

/** busybox (busybox, alpine) words errors its own way; Debian and Oracle Linux images use GNU coreutils. */
export const isBusybox = (t: ContainerTools) => t.image.flavour === 'busybox' || t.image.flavour === 'alpine'

export function line(out: { write(s: string): void }, s: string): void {
  out.write(s + '\n')
}

/** strerror() text for FsError codes (the shell's table); other errors by their message. */
export function errText(e: unknown): string {
  if (e instanceof FsError) return fsErrorText(e.code)
  return e instanceof Error ? e.message : String(e)
}

/** Exit status for a command that was interrupted: 128 + signal number. */
export function signalStatus(ctx: CommandContext): number {
  const r = ctx.signal.reason
  if (r === 'SIGTERM') return 143
  if (r === 'SIGKILL') return 137
  return 130
}

export function resolvePath(ctx: CommandContext, p: string): string {
  if (p.startsWith('/')) return p
  return (ctx.cwd === '/' ? '' : ctx.cwd) + '/' + p
}

/** Split `-abc` style short flags; stops at `--` or the first operand. Unknown flags are returned for the caller. */
export function shortFlags(argv: string[], withValue: string = ''): { flags: Map<string, string | true>; rest: string[]; bad?: string } {
  const flags = new Map<string, string | true>()
  let i = 0
  for (; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      i++
      break
    }
    if (!a.startsWith('-') || a === '-') break
    for (let j = 1; j < a.length; j++) {
      const f = a[j]
      if (withValue.includes(f)) {
        const v = a.slice(j + 1) || argv[++i]
        if (v === undefined) return { flags, rest: [], bad: f }
        flags.set(f, v)
        break
      }
      flags.set(f, true)
    }
  }
  return { flags, rest: argv.slice(i) }
}

/** Sleep on the simulated clock; resolves false if interrupted. */
export async function simSleep(ctx: CommandContext, ms: number): Promise<boolean> {
  try {
    await ctx.sleep(ms, ctx.signal)
    return true
  } catch {
    return false
  }
}

/** When each image's busybox was built: the first line of every usage text shows it. */
const BUSYBOX_BUILT: Record<string, string> = {
  '1.28.4': '2018-05-22 17:00:17 UTC',
  '1.36.1': '2023-05-18 22:34:17 UTC',
  '1.37.0': '2024-09-26 21:31:42 UTC',
}

/** busybox's bb_show_usage(): the banner, `Usage: …` and the help text, on stderr; the applet then exits 1. */
export function busyboxUsage(t: ContainerTools, ctx: CommandContext, usage: string): number {
  const v = t.image.busyboxVersion ?? '1.37.0'
  const built = BUSYBOX_BUILT[v]
  ctx.stderr.write(`BusyBox v${v}${built ? ` (${built})` : ''} multi-call binary.\n\nUsage: ${usage.replace(/\n*$/, '')}\n`)
  return 1
}
