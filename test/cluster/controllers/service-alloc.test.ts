// ClusterIP / NodePort allocation through the store (the apiserver's service REST semantics).
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { SimClock, seededRandom } from '../../../src-main/cluster/clock'
import { bootstrap } from '../../../src-main/cluster/bootstrap'
import { isStatusError } from '../../../src-main/cluster/store/errors'
import { rfc3339 } from '../../../src-main/cluster/store/ids'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { createStore } from '../../../src-main/cluster/store/store'

function fresh(seed = 1) {
  const clock = new SimClock()
  const store = createStore({ clock, random: seededRandom(seed) })
  bootstrap(store, rfc3339(clock.now()))
  return store
}

const svc = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
})

function errorOf(f: () => unknown): { code: number; message: string } {
  try {
    f()
  } catch (e) {
    if (isStatusError(e)) return { code: e.code, message: e.status.message! }
    throw e
  }
  throw new Error('expected an error')
}

const inCidr = (ip: string) => {
  const [a, b] = ip.split('.').map(Number)
  return a === 10 && b >= 96 && b <= 111
}

describe('ClusterIP allocation', () => {
  it('allocates distinct addresses inside 10.96.0.0/12, deterministically per seed', () => {
    const a = fresh(3)
    const b = fresh(3)
    const ipsA: string[] = []
    const ipsB: string[] = []
    for (let i = 0; i < 40; i++) {
      ipsA.push(a.create(GVRS.services, 'default', svc(`s${i}`)).spec.clusterIP)
      ipsB.push(b.create(GVRS.services, 'default', svc(`s${i}`)).spec.clusterIP)
    }
    expect(ipsA).toEqual(ipsB)
    expect(new Set([...ipsA, '10.96.0.1', '10.96.0.10']).size).toBe(42)
    for (const ip of ipsA) expect(inCidr(ip)).toBe(true)
    expect(a.get(GVRS.services, 'default', 's0').spec.clusterIPs).toEqual([ipsA[0]])
  })

  it('honours a requested free address and refuses a taken or out-of-range one with the real message', () => {
    const s = fresh()
    expect(s.create(GVRS.services, 'default', svc('pinned', { clusterIP: '10.96.100.100' })).spec.clusterIP).toBe('10.96.100.100')
    const taken = errorOf(() => s.create(GVRS.services, 'default', svc('dup', { clusterIP: '10.96.0.10' })))
    expect(taken).toEqual({
      code: 422,
      message: 'Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    })
    const outside = errorOf(() => s.create(GVRS.services, 'default', svc('far', { clusterIP: '10.0.0.5' })))
    expect(outside.message).toBe(
      'Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    )
    expect(() => s.get(GVRS.services, 'default', 'dup')).toThrow()
    // Headless services take no address at all.
    expect(s.create(GVRS.services, 'default', svc('nginx', { clusterIP: 'None' })).spec.clusterIPs).toEqual(['None'])
  })

  it('an address is free again once its Service is deleted', () => {
    const s = fresh()
    s.create(GVRS.services, 'default', svc('a', { clusterIP: '10.96.5.5' }))
    s.delete(GVRS.services, 'default', 'a')
    expect(s.create(GVRS.services, 'default', svc('b', { clusterIP: '10.96.5.5' })).spec.clusterIP).toBe('10.96.5.5')
  })
})

describe('NodePort allocation', () => {
  it('allocates distinct ports in 30000-32767 and prints them on the port', () => {
    const s = fresh()
    const ports = new Set<number>()
    for (let i = 0; i < 30; i++) {
      const o = s.create(GVRS.services, 'default', svc(`np${i}`, { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }] }))
      for (const p of o.spec.ports) {
        expect(p.nodePort).toBeGreaterThanOrEqual(30000)
        expect(p.nodePort).toBeLessThanOrEqual(32767)
        ports.add(p.nodePort)
      }
      expect(o.spec.externalTrafficPolicy).toBe('Cluster')
    }
    expect(ports.size).toBe(60)
  })

  it('requested ports: honoured, or refused when taken / out of range / on a ClusterIP service', () => {
    const s = fresh()
    expect(s.create(GVRS.services, 'default', svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).spec.ports[0].nodePort).toBe(30080)
    expect(errorOf(() => s.create(GVRS.services, 'default', svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).message).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    )
    expect(errorOf(() => s.create(GVRS.services, 'default', svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).message).toBe(
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    )
    expect(errorOf(() => s.create(GVRS.services, 'default', svc('d', { ports: [{ port: 80, nodePort: 30081 }] }))).message).toBe(
      "Service \"d\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    )
  })

  it('an update that leaves nodePort out keeps it; ClusterIP → NodePort allocates; back to ClusterIP releases', () => {
    const s = fresh()
    const a = s.create(GVRS.services, 'default', svc('a', { type: 'NodePort' }))
    const port = a.spec.ports[0].nodePort
    const kept = s.update(GVRS.services, 'default', 'a', { ...a, spec: { ...a.spec, ports: [{ port: 80 }] } })
    expect(kept.spec.ports[0].nodePort).toBe(port)
    const back = s.update(GVRS.services, 'default', 'a', { ...kept, spec: { ...kept.spec, type: 'ClusterIP' } })
    expect(back.spec.ports[0].nodePort).toBeUndefined()
    expect(s.create(GVRS.services, 'default', svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] })).spec.ports[0].nodePort).toBe(port)
    const c = s.create(GVRS.services, 'default', svc('c'))
    const np = s.update(GVRS.services, 'default', 'c', { ...c, spec: { ...c.spec, type: 'NodePort' } })
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000)
    expect(np.spec.ports[0].nodePort).not.toBe(port)
  })
})
