// Process/system commands inside containers: env, sleep, date, ps, df, mount, hostname, uname, id…
import type { CommandContext } from '../../../shell/io'
import { busyboxUsage, type ContainerTools, isBusybox, line, signalStatus, simSleep } from './tools'

type Cmd = (ctx: CommandContext) => Promise<number>

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const p2 = (n: number) => String(n).padStart(2, '0')

/** `Thu Jan  1 09:00:00 UTC 2026`, the format of `date` in a UTC container. */
export function unixDate(ms: number): string {
  const d = new Date(ms)
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
}

export function systemCommands(t: ContainerTools): Record<string, Cmd> {
  const bb = isBusybox(t)

  const env: Cmd = async (ctx) => {
    const args = ctx.argv.slice(1)
    if (args.length && !args[0].includes('=')) {
      line(ctx.stderr, bb ? `env: can't execute '${args[0]}': No such file or directory` : `env: '${args[0]}': No such file or directory`)
      return 127
    }
    const vars = new Map(ctx.env)
    for (const a of args) vars.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1))
    for (const [k, v] of vars) line(ctx.stdout, `${k}=${v}`)
    return 0
  }

  const sleep: Cmd = async (ctx) => {
    const args = ctx.argv.slice(1)
    if (!args.length) {
      if (bb) {
        return busyboxUsage(t, ctx, 'sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays')
      }
      line(ctx.stderr, "sleep: missing operand\nTry 'sleep --help' for more information.")
      return 1
    }
    let total = 0
    for (const a of args) {
      const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(a)
      if (!m || (bb && t.image.busyboxVersion?.startsWith('1.28') && m[1].includes('.'))) {
        line(ctx.stderr, bb ? `sleep: invalid number '${a}'` : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.`)
        return 1
      }
      total += Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd']
    }
    const release = t.spawn(ctx.argv.join(' '))
    try {
      return (await simSleep(ctx, total * 1000)) ? 0 : signalStatus(ctx)
    } finally {
      release()
    }
  }

  const date: Cmd = async (ctx) => {
    const arg = ctx.argv[1]
    if (arg === '+%s') line(ctx.stdout, String(Math.floor(t.clock.now() / 1000)))
    else line(ctx.stdout, unixDate(t.clock.now()))
    return 0
  }

  const ps: Cmd = async (ctx) => {
    const release = t.spawn(ctx.argv.join(' '))
    try {
      const rows = t.processes()
      line(ctx.stdout, 'PID   USER     TIME  COMMAND')
      for (const p of rows) {
        const secs = Math.max(0, Math.floor((t.clock.now() - p.startedAt) / 1000 / 100))
        line(ctx.stdout, `${String(p.pid).padStart(5)} root      ${Math.floor(secs / 60)}:${p2(secs % 60)} ${p.command}`)
      }
    } finally {
      release()
    }
    return 0
  }

  // Sizes are those of a typical kind node's disk; the mounts are the container's real mount table.
  const DISK = { blocks: 61255652, used: 10462320, avail: 47652288 }
  const mountRows = () => {
    const rows: { source: string; fstype: string; target: string; opts: string; size: typeof DISK }[] = [
      { source: 'overlay', fstype: 'overlay', target: '/', opts: 'rw,relatime', size: DISK },
      { source: 'proc', fstype: 'proc', target: '/proc', opts: 'rw,nosuid,nodev,noexec,relatime', size: DISK },
      { source: 'tmpfs', fstype: 'tmpfs', target: '/dev', opts: 'rw,nosuid,size=65536k,mode=755', size: { blocks: 65536, used: 0, avail: 65536 } },
      { source: 'sysfs', fstype: 'sysfs', target: '/sys', opts: 'ro,nosuid,nodev,noexec,relatime', size: DISK },
    ]
    for (const m of t.fs.listMounts()) {
      const ro = m.backend.readOnly ? 'ro' : 'rw'
      const size = m.fstype === 'tmpfs' ? { blocks: 8029828, used: 12, avail: 8029816 } : DISK
      rows.push({ source: m.source, fstype: m.fstype, target: m.path, opts: `${ro},relatime`, size })
    }
    return rows
  }

  const mount: Cmd = async (ctx) => {
    for (const r of mountRows()) line(ctx.stdout, `${r.source} on ${r.target} type ${r.fstype} (${r.opts})`)
    return 0
  }

  const df: Cmd = async (ctx) => {
    const human = ctx.argv.includes('-h')
    const fmt = (kb: number) => {
      if (!human) return String(kb)
      if (kb >= 1024 * 1024) return `${(kb / 1024 / 1024).toFixed(1)}G`
      if (kb >= 1024) return `${(kb / 1024).toFixed(1)}M`
      return `${kb}K`
    }
    const rows = mountRows().filter((r) => !['proc', 'sysfs'].includes(r.fstype))
    if (bb) line(ctx.stdout, `Filesystem           ${human ? '     Size' : '1K-blocks'}      Used Available Use% Mounted on`)
    else line(ctx.stdout, `Filesystem     ${human ? ' Size' : '1K-blocks'}     Used Available Use% Mounted on`)
    for (const r of rows) {
      const pct = r.size.blocks ? Math.ceil((r.size.used / r.size.blocks) * 100) : 0
      const cols = [fmt(r.size.blocks), fmt(r.size.used), fmt(r.size.avail)]
      if (bb) line(ctx.stdout, `${r.source.padEnd(20)} ${cols[0].padStart(9)} ${cols[1].padStart(9)} ${cols[2].padStart(9)} ${String(pct).padStart(3)}% ${r.target}`)
      else line(ctx.stdout, `${r.source.padEnd(14)} ${cols[0].padStart(9)} ${cols[1].padStart(8)} ${cols[2].padStart(9)} ${String(pct).padStart(3)}% ${r.target}`)
    }
    return 0
  }

  const hostname: Cmd = async (ctx) => {
    const a = ctx.argv[1]
    if (a === '-f' || a === '--fqdn' || a === '--long') line(ctx.stdout, t.fqdn())
    else if (a === '-i' || a === '--ip-address') line(ctx.stdout, t.podIP())
    else if (a === '-s' || a === '--short' || a === undefined) line(ctx.stdout, t.hostname())
    else if (a === '-d' || a === '--domain') line(ctx.stdout, t.fqdn().split('.').slice(1).join('.'))
    else if (a.startsWith('-')) {
      line(ctx.stderr, bb ? `hostname: invalid option -- '${a.replace(/^-+/, '')[0]}'` : `hostname: invalid option -- '${a.replace(/^-+/, '')[0]}'`)
      return 1
    } else {
      line(ctx.stderr, bb ? 'hostname: sethostname: Operation not permitted' : 'hostname: you must be root to change the host name')
      return 1
    }
    return 0
  }

  const uname: Cmd = async (ctx) => {
    const a = ctx.argv[1]
    if (a === '-a') line(ctx.stdout, `Linux ${t.hostname()} 6.8.0-60-generic #63-Ubuntu SMP PREEMPT_DYNAMIC Tue Apr 15 19:04:15 UTC 2025 x86_64${bb ? ' GNU/Linux' : ' GNU/Linux'}`)
    else if (a === '-r') line(ctx.stdout, '6.8.0-60-generic')
    else if (a === '-n') line(ctx.stdout, t.hostname())
    else if (a === '-m') line(ctx.stdout, 'x86_64')
    else line(ctx.stdout, 'Linux')
    return 0
  }

  // The container's terminal (exec -t / attach): its size follows the client's window (resize channel).
  const stty: Cmd = async (ctx) => {
    if (!ctx.tty) {
      line(ctx.stderr, bb ? 'stty: standard input: Not a tty' : "stty: 'standard input': Inappropriate ioctl for device")
      return 1
    }
    const a = ctx.argv[1]
    if (a === 'size') line(ctx.stdout, `${ctx.tty.rows()} ${ctx.tty.cols()}`)
    else if (a === undefined || a === '-a') line(ctx.stdout, `speed 38400 baud; rows ${ctx.tty.rows()}; columns ${ctx.tty.cols()}; line = 0;`)
    return 0
  }

  return {
    env,
    stty,
    sleep,
    date,
    ps,
    df,
    mount,
    hostname,
    uname,
    true: async () => 0,
    false: async () => 1,
    whoami: async (ctx) => (line(ctx.stdout, 'root'), 0),
    id: async (ctx) => (line(ctx.stdout, bb ? 'uid=0(root) gid=0(root) groups=0(root),10(wheel)' : 'uid=0(root) gid=0(root) groups=0(root)'), 0),
  }
}
