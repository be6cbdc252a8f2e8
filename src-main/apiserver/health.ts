// /healthz, /readyz and /livez like a kube-apiserver: `ok`, or with ?verbose one `[+]<check> ok` line per check and
// `<endpoint> check passed`; `/<endpoint>/<check>` asks for one check; ?exclude=<check> skips one.
import type { ServerResponse } from 'node:http'

const LIVE = [
  'ping',
  'log',
  'etcd',
  'poststarthook/start-apiserver-admission-initializer',
  'poststarthook/generic-apiserver-start-informers',
  'poststarthook/start-apiextensions-informers',
  'poststarthook/start-apiextensions-controllers',
  'poststarthook/crd-informer-synced',
  'poststarthook/bootstrap-controller',
  'poststarthook/scheduling/bootstrap-system-priority-classes',
  'poststarthook/start-cluster-authentication-info-controller',
  'poststarthook/aggregator-reload-proxy-client-cert',
  'poststarthook/apiservice-registration-controller',
  'poststarthook/apiservice-discovery-controller',
  'autoregister-completion',
]
const CHECKS: Record<string, string[]> = {
  healthz: LIVE,
  livez: LIVE,
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', ...LIVE.slice(3), 'shutdown'],
}

function send(res: ServerResponse, code: number, body: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache, private' })
  res.end(body)
}

/** Handles the path if it is a health endpoint; returns false otherwise. */
export function serveHealth(path: string, query: URLSearchParams, res: ServerResponse): boolean {
  const m = /^\/(healthz|readyz|livez)(?:\/(.+))?$/.exec(path)
  if (!m) return false
  const endpoint = m[1]
  const checks = CHECKS[endpoint]
  if (m[2] !== undefined) {
    if (!checks.includes(m[2])) send(res, 404, '404 page not found\n')
    else send(res, 200, 'ok')
    return true
  }
  const excluded = new Set(query.getAll('exclude'))
  if (!query.has('verbose')) {
    send(res, 200, 'ok')
    return true
  }
  const lines = checks.map((c) => (excluded.has(c) ? `[+]${c} excluded: ok` : `[+]${c} ok`))
  for (const c of excluded) if (!checks.includes(c)) lines.push(`warn: some health checks cannot be excluded: no matches for "${c}"`)
  send(res, 200, `${lines.join('\n')}\n${endpoint} check passed\n`)
  return true
}
