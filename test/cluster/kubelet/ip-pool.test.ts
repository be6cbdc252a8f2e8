// The pod IP pool: addresses per node CIDR, never one in use, and once a node's /24 is full (a 1,000-pod set on
// three nodes) the same answers as probing every address, including where the cursor ends up.
import { describe, expect, it } from 'vitest'
import { IpPool } from '../../../src-main/cluster/kubelet/ip-pool'
import { seededRandom } from '../../../src-main/cluster/clock'

/** The pool as it was first written: probe up to 260 addresses from the cursor. The fast path must match it. */
class ProbingPool {
  private next = new Map<string, number>()
  private used = new Set<string>()
  constructor(private idx: (node: string) => number) {}
  allocate(node: string): string {
    const idx = this.idx(node)
    for (let tries = 0; tries < 260; tries++) {
      let n = this.next.get(node) ?? 2
      if (n > 254) n = 2
      this.next.set(node, n + 1)
      const ip = `10.244.${idx}.${n}`
      if (!this.used.has(ip)) {
        this.used.add(ip)
        return ip
      }
    }
    return `10.244.${idx}.254`
  }
  reserve(node: string, ip: string): void {
    this.used.add(ip)
    const octet = Number(ip.split('.')[3])
    if (Number.isFinite(octet)) this.next.set(node, Math.max(this.next.get(node) ?? 2, octet + 1))
  }
  release(ip: string | undefined): void {
    if (ip) this.used.delete(ip)
  }
}

const NODE_INDEX: Record<string, number> = { 'ordinal-control-plane': 0, 'ordinal-worker': 1, 'ordinal-worker2': 2, 'ordinal-worker3': 3 }

describe('IpPool', () => {
  it('hands out each address of a node once, then .254 while the /24 is full, and reuses released ones', () => {
    const pool = new IpPool()
    const ips = Array.from({ length: 253 }, () => pool.allocate('ordinal-worker'))
    expect(new Set(ips).size).toBe(253)
    expect(ips[0]).toBe('10.244.1.2')
    expect(ips[252]).toBe('10.244.1.254')
    expect(pool.allocate('ordinal-worker')).toBe('10.244.1.254')
    expect(pool.allocate('ordinal-worker2')).toBe('10.244.2.2') // another node's CIDR is independent
    pool.release('10.244.1.77')
    expect(pool.allocate('ordinal-worker')).toBe('10.244.1.77')
  })

  it('matches the probing pool step for step under random allocate/release/reserve, past exhaustion', () => {
    const nodes = Object.keys(NODE_INDEX).filter((n) => n !== 'ordinal-control-plane')
    const random = seededRandom(7)
    const fast = new IpPool()
    const slow = new ProbingPool((n) => NODE_INDEX[n])
    const held: string[] = []
    for (let step = 0; step < 6000; step++) {
      const r = random()
      const node = nodes[Math.floor(random() * nodes.length)]
      if (r < 0.7 || !held.length) {
        const a = fast.allocate(node)
        expect(a, `step ${step}`).toBe(slow.allocate(node))
        held.push(a)
      } else if (r < 0.97) {
        const ip = held.splice(Math.floor(random() * held.length), 1)[0]
        fast.release(ip)
        slow.release(ip)
      } else {
        const ip = `10.244.${NODE_INDEX[node]}.${2 + Math.floor(random() * 253)}`
        fast.reserve(node, ip)
        slow.reserve(node, ip)
      }
    }
  })
})
