// What nginx does with one HTTP request: serve a file from the docroot through the container's own filesystem
// (so a PVC mounted over /usr/share/nginx/html is what gets served), nginx-style error pages, access/error logs.
import type { Fs } from '../../shell/io'
import { normalizePath } from './overlay-fs'

export interface HttpRequest {
  method: string
  path: string // '/index.html?x=1'
  host: string // Host header
  clientIP: string
  userAgent: string
}

export interface HttpResponse {
  status: number
  reason: string
  headers: [string, string][]
  body: string
}

export const REASONS: Record<number, string> = { 200: 'OK', 301: 'Moved Permanently', 403: 'Forbidden', 404: 'Not Found', 405: 'Not Allowed' }
export const DOCROOT = '/usr/share/nginx/html'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const p2 = (n: number) => String(n).padStart(2, '0')

/** `01/Jan/2026:09:00:05 +0000` ($time_local in a UTC container). */
export function nginxLocalTime(ms: number): string {
  const d = new Date(ms)
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`
}

let lastErrorSec = NaN
let lastErrorTime = ''
/** `2026/01/01 09:00:05` (error-log timestamps). */
export function nginxErrorTime(ms: number): string {
  // Whole seconds only: the string of the last second asked for is reused (every nginx start logs its lines, and
  // pods of a big StatefulSet start within the same few seconds).
  const sec = Math.floor(ms / 1000)
  if (sec === lastErrorSec && ms >= 0) return lastErrorTime
  const d = new Date(ms)
  const s = `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
  if (ms >= 0) {
    lastErrorSec = sec
    lastErrorTime = s
  }
  return s
}

/** What /docker-entrypoint.sh prints before it execs nginx (nginx:latest). */
export const NGINX_ENTRYPOINT_LOG = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
]
  .map((l) => l + '\n')
  .join('')
const NGINX_GCC_ENTRYPOINT = 'built by gcc 12.2.0 (Debian 12.2.0-14) '
const NGINX_GCC_SLIM = 'built by gcc 10.2.1 20210110 (Debian 10.2.1-6) '

let lastStartupLog: { ts: string; version: string; viaEntrypoint: boolean; worker: number; text: string } | undefined
/** nginx's startup notices (error log) at timestamp `ts`. The block of the last call is reused: the pods of a
 *  StatefulSet start nginx within the same few seconds and would each build the same text. */
export function nginxStartupLog(ts: string, version: string, viaEntrypoint: boolean, worker: number): string {
  const last = lastStartupLog
  if (last && last.ts === ts && last.version === version && last.viaEntrypoint === viaEntrypoint && last.worker === worker) return last.text
  const head = `${ts} [notice] 1#1: `
  const text =
    `${head}using the "epoll" event method\n${head}nginx/${version}\n${head}${viaEntrypoint ? NGINX_GCC_ENTRYPOINT : NGINX_GCC_SLIM}\n` +
    `${head}OS: Linux 6.8.0-60-generic\n${head}getrlimit(RLIMIT_NOFILE): 1048576:1048576\n${head}start worker processes\n${head}start worker process ${worker}\n`
  lastStartupLog = { ts, version, viaEntrypoint, worker, text }
  return text
}

/** RFC 7231 date for Date/Last-Modified headers. */
export function httpDate(ms: number): string {
  const d = new Date(ms)
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`
}

function errorPage(status: number, version: string): string {
  const title = `${status} ${REASONS[status]}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`
}

function contentType(path: string): string {
  if (/\.html?$/.test(path)) return 'text/html'
  if (path.endsWith('.css')) return 'text/css'
  if (path.endsWith('.json')) return 'application/json'
  if (path.endsWith('.txt')) return 'text/plain'
  return 'application/octet-stream'
}

export interface NginxLog {
  access(line: string): void
  error(line: string): void
}

export interface NginxServerOptions {
  fs: Fs
  version: string
  now: () => number
  log: NginxLog
  /** nginx:latest logs `"$http_x_forwarded_for"` as a last field (log_format main); nginx-slim uses `combined`. */
  mainFormat: boolean
  /** worker pid shown in error-log lines (`29#29`). */
  workerPid: number
}

export function createNginxServer(o: NginxServerOptions) {
  let connection = 0
  return {
    protocol: 'http' as const,
    handle(req: HttpRequest): HttpResponse {
      connection++
      const now = o.now()
      const rawPath = req.path.split('?')[0] || '/'
      let decoded = rawPath
      try {
        decoded = decodeURIComponent(rawPath)
      } catch {
        // nginx serves the raw path when percent-decoding fails; so do we.
      }
      const path = normalizePath(decoded)
      const errCtx = `client: ${req.clientIP}, server: localhost, request: "${req.method} ${req.path} HTTP/1.1", host: "${req.host}"`
      const base: [string, string][] = [
        ['Server', `nginx/${o.version}`],
        ['Date', httpDate(now)],
      ]
      let res: HttpResponse
      const fail = (status: number, extra: [string, string][] = []): HttpResponse => {
        const body = errorPage(status, o.version)
        return {
          status,
          reason: REASONS[status],
          headers: [...base, ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ...extra, ['Connection', 'keep-alive']],
          body,
        }
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res = fail(405)
      } else {
        const file = DOCROOT + (path === '/' ? '/' : path)
        const st = o.fs.stat(file)
        if (!st) {
          o.log.error(`${nginxErrorTime(now)} [error] ${o.workerPid}#${o.workerPid}: *${connection} open() "${file}" failed (2: No such file or directory), ${errCtx}`)
          res = fail(404)
        } else if (st.type === 'dir' && !rawPath.endsWith('/')) {
          res = fail(301, [['Location', `http://${req.host}${rawPath}/`]])
        } else {
          const target = st.type === 'dir' ? `${file.replace(/\/$/, '')}/index.html` : file
          const tst = o.fs.stat(target)
          if (st.type === 'dir' && (!tst || tst.type !== 'file')) {
            // No index file and autoindex off: the tutorial's first curl against an empty PVC shows exactly this.
            o.log.error(`${nginxErrorTime(now)} [error] ${o.workerPid}#${o.workerPid}: *${connection} directory index of "${file.replace(/\/?$/, '/')}" is forbidden, ${errCtx}`)
            res = fail(403)
          } else {
            const body = o.fs.readFile(target)
            res = {
              status: 200,
              reason: 'OK',
              headers: [
                ...base,
                ['Content-Type', contentType(target)],
                ['Content-Length', String(body.length)],
                ['Last-Modified', httpDate(tst!.mtimeMs || now)],
                ['Connection', 'keep-alive'],
                ['ETag', `"${Math.floor((tst!.mtimeMs || now) / 1000).toString(16)}-${body.length.toString(16)}"`],
                ['Accept-Ranges', 'bytes'],
              ],
              body,
            }
          }
        }
      }
      const sent = req.method === 'HEAD' ? 0 : res.body.length
      const line = `${req.clientIP} - - [${nginxLocalTime(now)}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${sent} "-" "${req.userAgent}"`
      o.log.access(o.mainFormat ? `${line} "-"` : line)
      if (req.method === 'HEAD') res = { ...res, body: '' }
      return res
    },
  }
}

export type NginxServer = ReturnType<typeof createNginxServer>
