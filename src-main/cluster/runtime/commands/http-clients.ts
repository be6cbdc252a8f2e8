// HTTP clients inside containers: busybox `wget` and Debian's `curl`, over the simulated network (DNS with the
// search path, Service VIPs, pod IPs, loopback) to the nginx serving in the target pod.
import type { CommandContext } from '../../../shell/io'
import type { HttpResponse } from '../nginx-server'
import { busyboxUsage, type ContainerTools, errText, line, resolvePath, signalStatus, simSleep } from './tools'

export interface ParsedUrl {
  scheme: string
  host: string
  port: number
  path: string
}

export function parseUrl(raw: string): ParsedUrl | null {
  const m = /^(?:([a-zA-Z][\w+.-]*):\/\/)?([^/:?#]*)(?::(\d+))?([^#]*)/.exec(raw)
  if (!m || !m[2]) return null
  const scheme = (m[1] ?? 'http').toLowerCase()
  return { scheme, host: m[2], port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/' }
}

type Fetch =
  | { kind: 'response'; res: HttpResponse; ip: string }
  | { kind: 'dns' }
  | { kind: 'refused'; ip: string }
  | { kind: 'unreachable'; ip: string }
  | { kind: 'timeout'; ip: string; ms: number }

/** Resolve, connect and send one request. No-route failures take ~3 s of simulated time, like ARP giving up; a
 *  shorter connect timeout (curl --connect-timeout / -m, wget -T) gives up first. */
async function fetchUrl(t: ContainerTools, ctx: CommandContext, url: ParsedUrl, method: string, userAgent: string, timeoutMs = Infinity): Promise<Fetch | null> {
  const client = t.netClient()
  const res = t.net.resolve(client, url.host)
  if (!res) return { kind: 'dns' }
  const ip = res.ips[0]
  const route = t.net.route(client, ip, url.port)
  if (route.kind === 'unreachable') {
    const wait = Math.min(3000, timeoutMs)
    if (!(await simSleep(ctx, wait))) return null
    return wait < 3000 ? { kind: 'timeout', ip, ms: wait + 1 } : { kind: 'unreachable', ip }
  }
  if (route.kind === 'refused') return { kind: 'refused', ip }
  const clientIP = ip.startsWith('127.') ? '127.0.0.1' : client.podIP
  const hostHeader = url.port === 80 ? url.host : `${url.host}:${url.port}`
  const response = route.server.handle({ method, path: url.path, host: hostHeader, clientIP, userAgent })
  return { kind: 'response', res: response, ip }
}

export function wgetCommand(t: ContainerTools) {
  return async (ctx: CommandContext): Promise<number> => {
    let quiet = false
    let output: string | undefined
    let spider = false
    let timeout = Infinity
    const urls: string[] = []
    const argv = ctx.argv.slice(1)
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]
      if (a === '-O' || a === '--output-document') output = argv[++i]
      else if (a.startsWith('-O') && !a.startsWith('--')) output = a.slice(2)
      else if (a.startsWith('--output-document=')) output = a.slice(18)
      else if (a === '-q' || a === '--quiet') quiet = true
      else if (/^-q[O]/.test(a)) {
        quiet = true
        output = a.slice(3) || argv[++i]
      } else if (a === '--spider') spider = true
      else if (a === '-T') timeout = Number(argv[++i]) * 1000
      else if (a === '-U' || a === '--header') i++
      else if (a.startsWith('-')) {
        /* other flags accepted and ignored */
      } else urls.push(a)
    }
    if (!urls.length) {
      return busyboxUsage(t, ctx, 'wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP')
    }
    let rc = 0
    const release = t.spawn(ctx.argv.join(' '))
    try {
      for (const raw of urls) {
        const url = parseUrl(raw)
        if (!url || (url.scheme !== 'http' && url.scheme !== 'https')) {
          line(ctx.stderr, `wget: not an http or ftp url: ${raw}`)
          rc = 1
          continue
        }
        const r = await fetchUrl(t, ctx, url, spider ? 'HEAD' : 'GET', 'Wget', timeout)
        if (!r) return signalStatus(ctx)
        if (r.kind === 'dns') {
          line(ctx.stderr, `wget: bad address '${url.host}'`)
          rc = 1
          continue
        }
        if (!quiet) line(ctx.stderr, `Connecting to ${url.host}${url.port === 80 ? '' : ':' + url.port} (${r.ip}:${url.port})`)
        if (r.kind === 'timeout') {
          line(ctx.stderr, 'wget: download timed out')
          rc = 1
          continue
        }
        if (r.kind !== 'response') {
          line(ctx.stderr, `wget: can't connect to remote host (${r.ip}): ${r.kind === 'refused' ? 'Connection refused' : 'No route to host'}`)
          rc = 1
          continue
        }
        if (r.res.status === 0) {
          line(ctx.stderr, `wget: bad header line: ${r.res.body.replace(/[^\x20-\x7e]/g, '')}`)
          rc = 1
          continue
        }
        if (r.res.status >= 400) {
          line(ctx.stderr, `wget: server returned error: HTTP/1.1 ${r.res.status} ${r.res.reason}`)
          rc = 1
          continue
        }
        if (spider) {
          if (!quiet) line(ctx.stderr, 'remote file exists')
          continue
        }
        const toStdout = output === '-'
        const file = output ?? (url.path.replace(/[?#].*/, '').split('/').pop() || 'index.html')
        if (!toStdout) {
          const p = resolvePath(ctx, file)
          if (!output && t.fs.stat(p)) {
            line(ctx.stderr, `wget: can't open '${file}': File exists`)
            rc = 1
            continue
          }
          try {
            t.fs.writeFile(p, r.res.body)
          } catch (e) {
            line(ctx.stderr, `wget: can't open '${file}': ${errText(e)}`)
            rc = 1
            continue
          }
        }
        if (!quiet) line(ctx.stderr, toStdout ? 'writing to stdout' : `saving to '${file}'`)
        if (toStdout) ctx.stdout.write(r.res.body)
        if (!quiet) {
          const size = String(r.res.body.length)
          line(ctx.stderr, `${(toStdout ? '-' : file).padEnd(20).slice(0, 20)} 100% |********************************| ${size.padStart(5)}  0:00:00 ETA`)
          line(ctx.stderr, toStdout ? 'written to stdout' : `'${file}' saved`)
        }
      }
    } finally {
      release()
    }
    return rc
  }
}

export function curlCommand(t: ContainerTools) {
  const modern = t.image.curl === 'modern'
  const agent = `curl/${t.image.curlVersion ?? (modern ? '7.88.1' : '7.74.0')}`
  return async (ctx: CommandContext): Promise<number> => {
    let silent = false
    let showError = false
    let fail = false
    let include = false
    let head = false
    let output: string | undefined
    let urlArg: string | undefined
    let timeout = Infinity
    const argv = ctx.argv.slice(1)
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]
      if (a === '-o' || a === '--output') output = argv[++i]
      else if (a === '--silent') silent = true
      else if (a === '--fail') fail = true
      else if (a === '--include') include = true
      else if (a === '--head') head = true
      else if (a === '--show-error') showError = true
      else if (a === '-m' || a === '--max-time' || a === '--connect-timeout') timeout = Math.min(timeout, Number(argv[++i]) * 1000)
      else if (a === '-H' || a === '-A' || a === '-X') i++
      else if (/^-[a-zA-Z]+$/.test(a)) {
        for (const f of a.slice(1)) {
          if (f === 's') silent = true
          else if (f === 'S') showError = true
          else if (f === 'f') fail = true
          else if (f === 'i') include = true
          else if (f === 'I') head = true
          else if (f === 'L' || f === 'v' || f === 'k') {
            /* accepted */
          } else {
            line(ctx.stderr, `curl: option -${f}: is unknown`)
            line(ctx.stderr, "curl: try 'curl --help' or 'curl --manual' for more information")
            return 2
          }
        }
      } else if (a.startsWith('--')) {
        /* other long options accepted */
      } else urlArg = a
    }
    const err = (code: number, msg: string) => {
      if (!silent || showError) line(ctx.stderr, `curl: (${code}) ${msg}`)
      return code
    }
    if (!urlArg) {
      line(ctx.stderr, "curl: try 'curl --help' or 'curl --manual' for more information")
      return 2
    }
    const url = parseUrl(urlArg)
    if (!url) return err(3, 'URL using bad/illegal format or missing URL')
    if (url.scheme !== 'http' && url.scheme !== 'https') return err(1, `Protocol "${url.scheme}" not supported or disabled in libcurl`)
    const release = t.spawn(ctx.argv.join(' '))
    try {
      const start = t.clock.now()
      const r = await fetchUrl(t, ctx, url, head ? 'HEAD' : 'GET', agent, timeout)
      if (!r) return signalStatus(ctx)
      if (r.kind === 'dns') return err(6, `Could not resolve host: ${url.host}`)
      if (r.kind === 'timeout') {
        return err(28, modern ? `Failed to connect to ${url.host} port ${url.port} after ${r.ms} ms: Timeout was reached` : `Connection timed out after ${r.ms} milliseconds`)
      }
      if (r.kind !== 'response') {
        const why = r.kind === 'refused' ? 'Connection refused' : 'No route to host'
        const took = t.clock.now() - start
        return err(7, modern ? `Failed to connect to ${url.host} port ${url.port} after ${took} ms: ${r.kind === 'refused' ? "Couldn't connect to server" : why}` : `Failed to connect to ${url.host} port ${url.port}: ${why}`)
      }
      if (url.scheme === 'https') return err(35, `OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number`)
      const res = r.res
      // Not an HTTP server (mysqld's greeting): curl ≥7.66 refuses HTTP/0.9, older ones print the bytes.
      if (res.status === 0) {
        if (modern) return err(1, 'Received HTTP/0.9 when not allowed')
        ctx.stdout.write(res.body)
        return 0
      }
      if (fail && res.status >= 400) return err(22, `The requested URL returned error: ${res.status}${modern ? '' : ' ' + res.reason}`)
      let text = ''
      if (include || head) text += `HTTP/1.1 ${res.status} ${res.reason}\r\n` + res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n'
      if (!head) text += res.body
      if (output && output !== '-') {
        try {
          t.fs.writeFile(resolvePath(ctx, output), text)
        } catch (e) {
          return err(23, `Failure writing output to destination` + (modern ? `, passed ${text.length} returned 0` : '') + ` (${errText(e)})`)
        }
        if (!silent) {
          line(ctx.stderr, '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current')
          line(ctx.stderr, '                                 Dload  Upload   Total   Spent    Left  Speed')
          const n = String(text.length)
          line(ctx.stderr, `100   ${n.padStart(4)}  100   ${n.padStart(4)}    0     0   ${n.padStart(4)}k      0 --:--:-- --:--:-- --:--:-- ${n.padStart(4)}k`)
        }
      } else ctx.stdout.write(text)
      return 0
    } finally {
      release()
    }
  }
}
