// Readiness/liveness/startup probes as the kubelet runs them, with the text the kubelet puts in `Unhealthy` events:
// exec (the command runs in the container; exit 0 within timeoutSeconds passes; the output is the message),
// httpGet (2xx/3xx from the server listening on the pod IP, User-Agent kube-probe/1.32), tcpSocket (something
// listening on the port).
import type { Clock } from '../clock'
import { CaptureOutput } from '../../shell/pipe'
import type { ContainerRt } from './container'
import type { Network } from './network'
import { ProcIO } from './process'
import type { ProbeOutcome } from './types'

function resolvePort(rt: ContainerRt, port: unknown): number | null {
  if (typeof port === 'number') return port
  if (typeof port === 'string') {
    if (/^\d+$/.test(port)) return Number(port)
    const named = (rt.spec.ports ?? []).find((p) => p.name === port)
    return named ? named.containerPort : null
  }
  return null
}

const pass = (message = ''): ProbeOutcome => ({ ok: true, message })
const failWith = (message: string): ProbeOutcome => ({ ok: false, message })

export async function runProbe(rt: ContainerRt, net: Network, clock: Clock, probe: unknown): Promise<ProbeOutcome> {
  void net
  const p = (probe ?? {}) as any
  const timeoutMs = Math.max(1, Number(p.timeoutSeconds ?? 1)) * 1000
  if (p.exec?.command?.length) {
    const argv: string[] = p.exec.command
    const b = rt.lookup(argv[0])
    if (!b) {
      return failWith(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`)
    }
    const io = new ProcIO(false)
    const sink = new CaptureOutput()
    io.subscribe((d) => sink.write(d))
    const abort = new AbortController()
    const timer = clock.schedule(timeoutMs, () => abort.abort('SIGKILL'), 'probe-timeout')
    const code = await rt.run(b, argv, io, { read: () => Promise.resolve(null) }, abort.signal)
    timer.cancel()
    if (abort.signal.aborted) return failWith(`command "${argv.join(' ')}" timed out`)
    return code === 0 ? pass(sink.text) : failWith(sink.text)
  }
  return runProbeNow(rt, probe) ?? failWith('')
}

/** httpGet and tcpSocket probes need no process: their outcome is known at once. null for exec (and no handler). */
export function runProbeNow(rt: ContainerRt, probe: unknown): ProbeOutcome | null {
  const p = (probe ?? {}) as any
  const podIP = rt.currentPod().status?.podIP ?? '127.0.0.1'
  if (p.exec?.command?.length) return null
  if (p.httpGet) {
    const port = resolvePort(rt, p.httpGet.port)
    const scheme = String(p.httpGet.scheme ?? 'HTTP').toLowerCase()
    const host = p.httpGet.host ?? podIP
    const path = p.httpGet.path ?? '/'
    if (port === null) return failWith(`strconv.Atoi: parsing "${p.httpGet.port}": invalid syntax`)
    const server = rt.listener(port)
    const url = `${scheme}://${host}:${port}${path.startsWith('/') ? path : '/' + path}`
    if (!server) return failWith(`Get "${url}": dial tcp ${host}:${port}: connect: connection refused`)
    const nodeIP = podIP.replace(/\.\d+$/, '.1')
    const res = server.handle({ method: 'GET', path, host: `${host}:${port}`, clientIP: nodeIP, userAgent: 'kube-probe/1.32' })
    if (res.status >= 200 && res.status < 400) return pass()
    return failWith(`HTTP probe failed with statuscode: ${res.status}`)
  }
  if (p.tcpSocket) {
    const port = resolvePort(rt, p.tcpSocket.port)
    const host = p.tcpSocket.host ?? podIP
    if (port !== null && rt.listener(port)) return pass()
    return failWith(`dial tcp ${host}:${port ?? p.tcpSocket.port}: connect: connection refused`)
  }
  return failWith('')
}
