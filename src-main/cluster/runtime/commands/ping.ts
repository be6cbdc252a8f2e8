// busybox ping: resolves through libc on every version (so `ping web-0.nginx` works even where nslookup fails),
// one echo per second of simulated time, statistics at the end or on Ctrl-C.
import type { CommandContext } from '../../../shell/io'
import { busyboxUsage, type ContainerTools, line, shortFlags, simSleep } from './tools'

export function pingCommand(t: ContainerTools) {
  return async (ctx: CommandContext): Promise<number> => {
    const { flags, rest, bad } = shortFlags(ctx.argv.slice(1), 'cWwsiI')
    if (bad || !rest.length) {
      return busyboxUsage(t, ctx, 'ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUESTs to HOST')
    }
    const host = rest[0]
    const count = flags.has('c') ? Number(flags.get('c')) : Infinity
    if (!Number.isFinite(count) && flags.has('c')) {
      line(ctx.stderr, `ping: invalid number '${flags.get('c')}'`)
      return 1
    }
    const deadline = flags.has('w') ? Number(flags.get('w')) * 1000 : Infinity
    const quiet = flags.has('q')
    const res = t.net.resolve(t.netClient(), host)
    if (!res) {
      line(ctx.stderr, `ping: bad address '${host}'`)
      return 1
    }
    const ip = res.ips[0]
    line(ctx.stdout, `PING ${host} (${ip}): 56 data bytes`)
    const release = t.spawn(ctx.argv.join(' '))
    const times: number[] = []
    let sent = 0
    const start = t.clock.now()
    try {
      while (sent < count && t.clock.now() - start < deadline) {
        const echo = t.net.ping(t.netClient(), ip)
        const seq = sent++
        if (echo.reply) {
          const local = echo.ttl === 64
          const ms = (local ? 0.03 : 0.06) + t.random() * (local ? 0.06 : 0.1)
          times.push(ms)
          if (!quiet) line(ctx.stdout, `64 bytes from ${ip}: seq=${seq} ttl=${echo.ttl} time=${ms.toFixed(3)} ms`)
        }
        if (sent >= count) break
        if (!(await simSleep(ctx, 1000))) break
      }
    } finally {
      release()
    }
    line(ctx.stdout, '')
    line(ctx.stdout, `--- ${host} ping statistics ---`)
    const loss = sent ? Math.floor(((sent - times.length) * 100) / sent) : 0
    line(ctx.stdout, `${sent} packets transmitted, ${times.length} packets received, ${loss}% packet loss`)
    if (times.length) {
      const min = Math.min(...times)
      const max = Math.max(...times)
      const avg = times.reduce((a, b) => a + b, 0) / times.length
      line(ctx.stdout, `round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms`)
    }
    return times.length ? 0 : 1
  }
}
