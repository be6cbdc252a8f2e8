// busybox nslookup, in its two historical shapes (fidelity §C5):
//  - ≤1.28.4 ("libc"): resolves through the libc resolver, so the search path applies (`web-0.nginx` works), then
//    reverse-resolves the server and each address (`Address 1: 10.244.1.6 web-0.nginx.default.svc.cluster.local`).
//  - ≥1.29 ("big"): its own DNS client sends the name as typed, so short names get NXDOMAIN: the classic trap.
import type { CommandContext } from '../../../shell/io'
import { isIPv4 } from '../network'
import { busyboxUsage, type ContainerTools, line } from './tools'

export function nslookupCommand(t: ContainerTools) {
  return async (ctx: CommandContext): Promise<number> => {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'))
    const name = args[0]
    const big = t.image.nslookup === 'big'
    if (!name) {
      // Both versions print their usage to stderr and fail.
      return big
        ? busyboxUsage(t, ctx, 'nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any')
        : busyboxUsage(t, ctx, 'nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server')
    }
    const server = t.net.dnsServerIP
    return big ? bigLookup(t, ctx, name, server) : libcLookup(t, ctx, name, server)
  }
}

function libcLookup(t: ContainerTools, ctx: CommandContext, name: string, server: string): number {
  const serverName = t.net.reverse(server)
  line(ctx.stdout, `Server:    ${server}`)
  line(ctx.stdout, `Address 1: ${server}${serverName ? ' ' + serverName : ''}`)
  line(ctx.stdout, '')
  const client = t.netClient()
  let ips: string[] = []
  if (isIPv4(name)) ips = [name]
  else ips = t.net.resolve(client, name)?.ips ?? []
  if (!ips.length) {
    line(ctx.stderr, `nslookup: can't resolve '${name}'`)
    return 1
  }
  line(ctx.stdout, `Name:      ${name}`)
  ips.forEach((ip, i) => {
    // libc reverse lookup: the hosts file first (that is how `localhost` gets its name), then PTR.
    const rev = ip.startsWith('127.') ? 'localhost' : t.net.reverse(ip)
    line(ctx.stdout, `Address ${i + 1}: ${ip}${rev ? ' ' + rev : ''}`)
  })
  return 0
}

function bigLookup(t: ContainerTools, ctx: CommandContext, name: string, server: string): number {
  line(ctx.stdout, `Server:\t\t${server}`)
  line(ctx.stdout, `Address:\t${server}:53`)
  line(ctx.stdout, '')
  if (isIPv4(name)) {
    const rev = t.net.reverse(name)
    const arpa = name.split('.').reverse().join('.') + '.in-addr.arpa'
    if (!rev) {
      line(ctx.stdout, `** server can't find ${arpa}: NXDOMAIN`)
      line(ctx.stdout, '')
      return 1
    }
    line(ctx.stdout, `${arpa}\tname = ${rev}`)
    line(ctx.stdout, '')
    return 0
  }
  // The name goes out exactly as typed: no search list. A then AAAA, each followed by a blank line.
  const fqdn = name.replace(/\.$/, '')
  const a = t.net.queryA(fqdn)
  if (a.rcode === 'NXDOMAIN') {
    line(ctx.stdout, `** server can't find ${fqdn}: NXDOMAIN`)
    line(ctx.stdout, '')
    line(ctx.stdout, `*** Can't find ${fqdn}: No answer`)
    line(ctx.stdout, '')
    return 1
  }
  if (!a.ips.length) {
    line(ctx.stdout, `*** Can't find ${fqdn}: No answer`)
    line(ctx.stdout, '')
    line(ctx.stdout, `*** Can't find ${fqdn}: No answer`)
    line(ctx.stdout, '')
    return 1
  }
  for (const ip of a.ips) {
    line(ctx.stdout, `Name:\t${fqdn}`)
    line(ctx.stdout, `Address: ${ip}`)
  }
  line(ctx.stdout, '')
  // The cluster has no IPv6: the AAAA question comes back empty.
  line(ctx.stdout, `*** Can't find ${fqdn}: No answer`)
  line(ctx.stdout, '')
  return 0
}
