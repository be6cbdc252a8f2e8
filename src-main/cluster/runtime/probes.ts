// Readiness/liveness/startup probes as the kubelet runs them: exec (exit 0 within timeoutSeconds), httpGet
// (2xx/3xx from the pod IP, User-Agent kube-probe/1.32), tcpSocket (something listening).
import type { Clock } from '../clock'
import { CaptureOutput } from '../../shell/pipe'
import type { ContainerRt } from './container'
import type { Network } from './network'
import { ProcIO } from './process'

function resolvePort(rt: ContainerRt, port: unknown): number | null {
  if (typeof port === 'number') return port
  if (typeof port === 'string') {
    if (/^\d+$/.test(port)) return Number(port)
    const named = (rt.spec.ports ?? []).find((p) => p.name === port)
    return named ? named.containerPort : null
  }
  return null
}

export async function runProbe(rt: ContainerRt, net: Network, clock: Clock, probe: unknown): Promise<boolean> {
  const p = (probe ?? {}) as any
  const timeoutMs = Math.max(1, Number(p.timeoutSeconds ?? 1)) * 1000
  if (p.exec?.command?.length) {
    const argv: string[] = p.exec.command
    const b = rt.lookup(argv[0])
    if (!b) return false
    const io = new ProcIO(false)
    const sink = new CaptureOutput()
    io.subscribe((d) => sink.write(d))
    const abort = new AbortController()
    const timer = clock.schedule(timeoutMs, () => abort.abort('SIGKILL'), 'probe-timeout')
    const code = await rt.run(b, argv, io, { read: () => Promise.resolve(null) }, abort.signal)
    timer.cancel()
    return !abort.signal.aborted && code === 0
  }
  if (p.httpGet) {
    const port = resolvePort(rt, p.httpGet.port)
    if (port === null) return false
    const server = rt.listener(port)
    if (!server) return false
    const podIP = rt.currentPod().status?.podIP ?? '127.0.0.1'
    const nodeIP = podIP.replace(/\.\d+$/, '.1')
    const res = server.handle({
      method: 'GET',
      path: p.httpGet.path ?? '/',
      host: `${p.httpGet.host ?? podIP}:${port}`,
      clientIP: nodeIP,
      userAgent: 'kube-probe/1.32',
    })
    void net
    return res.status >= 200 && res.status < 400
  }
  if (p.tcpSocket) {
    const port = resolvePort(rt, p.tcpSocket.port)
    return port !== null && !!rt.listener(port)
  }
  return false
}
