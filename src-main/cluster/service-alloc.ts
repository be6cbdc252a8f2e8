// Service VIP and NodePort allocation, as the apiserver's service REST storage does it: ClusterIPs from the service
// CIDR 10.96.0.0/12 and node ports from 30000-32767, picked with the injected random (deterministic per seed),
// never handing out one that is taken; explicitly requested values are honoured or refused with the real wording.
import type { KObject, StatusCause } from './api-types'
import { GVRS } from './store/registry'
import type { StrategyContext } from './store/strategy'

export const SERVICE_CIDR = '10.96.0.0/12'
const CIDR_BASE = ipToInt('10.96.0.0')
const CIDR_SIZE = 2 ** 20
export const NODE_PORT_MIN = 30000
export const NODE_PORT_MAX = 32767

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, b) => a * 256 + Number(b), 0)
}
function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/
const sameService = (a: KObject, b: KObject) => a.metadata.namespace === b.metadata.namespace && a.metadata.name === b.metadata.name

export const needsNodePorts = (svc: KObject) => svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer'

function ipsOf(svc: KObject): string[] {
  const s = svc.spec ?? {}
  const ips: string[] = Array.isArray(s.clusterIPs) ? s.clusterIPs : s.clusterIP ? [s.clusterIP] : []
  return ips.filter((ip) => ip && ip !== 'None')
}

function usedIPs(ctx: StrategyContext, except?: KObject): Set<string> {
  const used = new Set<string>()
  for (const s of ctx.list(GVRS.services)) if (!except || !sameService(s, except)) for (const ip of ipsOf(s)) used.add(ip)
  return used
}

function usedPorts(ctx: StrategyContext, except?: KObject): Set<number> {
  const used = new Set<number>()
  for (const s of ctx.list(GVRS.services)) {
    if (except && sameService(s, except)) continue
    for (const p of s.spec?.ports ?? []) if (typeof p?.nodePort === 'number') used.add(p.nodePort)
  }
  return used
}

/** A random free address of the service CIDR (the network and broadcast addresses are never handed out). */
export function allocateClusterIP(ctx: StrategyContext): string {
  const used = usedIPs(ctx)
  for (let tries = 0; tries < 1000; tries++) {
    const ip = intToIp(CIDR_BASE + 1 + Math.floor(ctx.random() * (CIDR_SIZE - 2)))
    if (!used.has(ip)) return ip
  }
  throw new Error('range is full')
}

export function allocateNodePort(ctx: StrategyContext, taken: Set<number>): number {
  const span = NODE_PORT_MAX - NODE_PORT_MIN + 1
  const start = Math.floor(ctx.random() * span)
  for (let i = 0; i < span; i++) {
    const port = NODE_PORT_MIN + ((start + i) % span)
    if (!taken.has(port)) return port
  }
  throw new Error('range is full')
}

/** Fill every missing nodePort of a NodePort/LoadBalancer service (create, or a type change on update). */
export function fillNodePorts(svc: KObject, ctx: StrategyContext, old?: KObject): void {
  if (!needsNodePorts(svc)) return
  const taken = usedPorts(ctx, svc)
  for (const p of svc.spec.ports ?? []) if (typeof p?.nodePort === 'number') taken.add(p.nodePort)
  for (const p of Array.isArray(svc.spec.ports) ? svc.spec.ports : []) {
    if (!p || typeof p !== 'object' || p.nodePort !== undefined) continue
    // `kubectl apply` leaves server-assigned ports out; the same port keeps the node port it already had.
    const prev = (old?.spec?.ports ?? []).find((o: any) => typeof o?.nodePort === 'number' && o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))
    p.nodePort = prev && !taken.has(prev.nodePort) ? prev.nodePort : allocateNodePort(ctx, taken)
    taken.add(p.nodePort)
  }
}

/**
 * Errors of the allocation step, which the real server reports after validation passed: a requested ClusterIP
 * outside the CIDR or taken, a requested node port out of range or taken, a node port on a ClusterIP service.
 */
export function allocationCauses(svc: KObject, ctx: StrategyContext, old?: KObject): StatusCause[] {
  const out: StatusCause[] = []
  const spec = svc.spec ?? {}
  if (!old) {
    const ips = ipsOf(svc)
    const used = usedIPs(ctx, svc)
    for (const ip of ips) {
      if (!IPV4.test(ip)) continue
      const n = ipToInt(ip)
      const rendered = `[]string{${ips.map((x) => JSON.stringify(x)).join(', ')}}`
      if (n < CIDR_BASE || n >= CIDR_BASE + CIDR_SIZE) {
        out.push({
          reason: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          message: `Invalid value: ${rendered}: failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
        })
      } else if (used.has(ip)) {
        out.push({ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: ${rendered}: failed to allocate IP ${ip}: provided IP is already allocated` })
      }
    }
  }
  const ports: any[] = Array.isArray(spec.ports) ? spec.ports : []
  const taken = usedPorts(ctx, svc)
  ports.forEach((p, i) => {
    if (typeof p?.nodePort !== 'number' || p.nodePort === 0) return
    const field = `spec.ports[${i}].nodePort`
    if (!needsNodePorts(svc)) {
      out.push({ reason: 'FieldValueForbidden', field, message: `Forbidden: may not be used when \`type\` is '${spec.type ?? 'ClusterIP'}'` })
      return
    }
    const unchanged = (old?.spec?.ports ?? []).some((o: any) => o?.nodePort === p.nodePort)
    if (unchanged) return
    if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
      out.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}` })
    } else if (taken.has(p.nodePort)) {
      out.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${p.nodePort}: provided port is already allocated` })
    }
  })
  return out
}

/** Updates: keep allocated values a client left out; drop node ports a type change to ClusterIP releases. */
export function prepareServiceUpdate(next: KObject, old: KObject, ctx: StrategyContext): void {
  next.spec = next.spec ?? {}
  if (!needsNodePorts(next) && needsNodePorts(old)) {
    for (const p of Array.isArray(next.spec.ports) ? next.spec.ports : []) {
      const prev = (old.spec?.ports ?? []).find((o: any) => o?.nodePort === p?.nodePort)
      if (p && typeof p === 'object' && prev) delete p.nodePort
    }
  }
  if (needsNodePorts(next)) fillNodePorts(next, ctx, old)
  if ((next.spec.type === 'NodePort' || next.spec.type === 'LoadBalancer') && next.spec.externalTrafficPolicy === undefined) next.spec.externalTrafficPolicy = old.spec?.externalTrafficPolicy ?? 'Cluster'
}
