// The CoreDNS process of a kube-system/coredns pod. Name resolution itself is the cluster DNS server (dns/), which
// answers from the store whichever pod asks; this is what the container shows of CoreDNS: its startup and
// shutdown log lines and the HTTP endpoints the kubelet probes (health :8080/health, ready :8181/ready) plus the
// prometheus metrics port (:9153/metrics).
import type { HttpRequest, HttpResponse } from './nginx-server'
import { httpDate } from './nginx-server'
import { sha512Hex } from './sha512'

export const COREDNS_VERSION = '1.11.3'
/** The build line CoreDNS 1.11.3 release binaries print (Go toolchain and git commit of the tag). */
export const COREDNS_BUILD = 'linux/amd64, go1.21.11, a6338e9'
/** `lameduck 5s` in kubeadm's Corefile: the health endpoint keeps answering this long after SIGTERM. */
export const LAMEDUCK_MS = 5_000

export const HEALTH_PORT = 8080
export const READY_PORT = 8181
export const METRICS_PORT = 9153

export interface CorednsOptions {
  /** The Corefile as the container reads it (`-conf`), or null if it cannot be read. */
  corefile: string | null
  confPath: string
  now: () => number
  stdout: (line: string) => void
}

/** The lines CoreDNS prints when it starts serving (the reload plugin logs the SHA-512 of the Corefile it runs). */
export function corednsStartupLines(corefile: string): string[] {
  const servers = [...corefile.matchAll(/^([^\s{#][^{\n]*?)\s*\{/gm)].map((m) => m[1].trim().split(/\s+/).join(' '))
  const lines = servers.length ? servers : ['.:53']
  if (/^\s*reload\b/m.test(corefile)) lines.push(`[INFO] plugin/reload: Running configuration SHA512 = ${corefileHash(corefile)}`)
  lines.push(`CoreDNS-${COREDNS_VERSION}`, COREDNS_BUILD)
  return lines
}

// The hash (a BigInt SHA-512 in plain JS) of the Corefile last seen: every cluster boots two CoreDNS pods with
// the same Corefile, and each start hashed it again.
let lastCorefile: string | undefined
let lastHash = ''
function corefileHash(corefile: string): string {
  if (corefile !== lastCorefile) {
    lastHash = sha512Hex(corefile)
    lastCorefile = corefile
  }
  return lastHash
}

function text(status: number, reason: string, body: string, now: number): HttpResponse {
  return {
    status,
    reason,
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Date', httpDate(now)],
      ['Content-Length', String(body.length)],
    ],
    body,
  }
}

/** One CoreDNS listener (Go net/http: unknown paths get its plain `404 page not found`). */
export function createCorednsServer(o: { port: number; now: () => number; isLameduck: () => boolean }) {
  return {
    protocol: 'http' as const,
    handle(req: HttpRequest): HttpResponse {
      const path = req.path.split('?')[0] || '/'
      const now = o.now()
      if (o.port === HEALTH_PORT && path === '/health') return text(200, 'OK', 'OK', now)
      // The ready plugin stops reporting ready once shutdown begins, so the endpoint leaves the Service first.
      if (o.port === READY_PORT && path === '/ready') return o.isLameduck() ? text(503, 'Service Unavailable', 'kubernetes', now) : text(200, 'OK', 'OK', now)
      if (o.port === METRICS_PORT && path === '/metrics') {
        const body = [
          '# HELP coredns_build_info A metric with a constant \'1\' value labeled by version, revision, and goversion from which CoreDNS was built.',
          '# TYPE coredns_build_info gauge',
          `coredns_build_info{goversion="go1.21.11",revision="a6338e9",version="${COREDNS_VERSION}"} 1`,
          '# HELP coredns_health_request_failures_total The number of times the health check failed.',
          '# TYPE coredns_health_request_failures_total counter',
          'coredns_health_request_failures_total 0',
          '',
        ].join('\n')
        return { ...text(200, 'OK', body, now), headers: [['Content-Type', 'text/plain; version=0.0.4; charset=utf-8'], ['Date', httpDate(now)], ['Content-Length', String(body.length)]] }
      }
      return text(404, 'Not Found', '404 page not found\n', now)
    },
  }
}

export type CorednsServer = ReturnType<typeof createCorednsServer>

/** The running CoreDNS: logs its startup, serves its ports, and on SIGTERM goes lame-duck then exits 0. */
export class CorednsProcess {
  private lameduck = false
  readonly servers: Map<number, CorednsServer>

  constructor(private readonly o: CorednsOptions) {
    const isLameduck = () => this.lameduck
    this.servers = new Map([HEALTH_PORT, READY_PORT, METRICS_PORT].map((port) => [port, createCorednsServer({ port, now: o.now, isLameduck })]))
  }

  /** Start: false (after logging Go's error) when the Corefile cannot be read, as CoreDNS exits 1 then. */
  start(): boolean {
    if (this.o.corefile === null) {
      this.o.stdout(`open ${this.o.confPath}: no such file or directory`)
      return false
    }
    for (const l of corednsStartupLines(this.o.corefile)) this.o.stdout(l)
    return true
  }

  listener(port: number): CorednsServer | null {
    return this.servers.get(port) ?? null
  }

  /** SIGTERM: the lines CoreDNS logs; the caller exits the process after LAMEDUCK_MS. */
  terminate(): void {
    if (this.lameduck) return
    this.lameduck = true
    this.o.stdout('[INFO] SIGTERM: Shutting down servers then terminating')
    this.o.stdout(`[INFO] plugin/health: Going into lameduck mode for ${LAMEDUCK_MS / 1000}s`)
  }
}
