// Pod IPs per node from the node's pod CIDR (10.244.<node index>.0/24), never handing out one still in use.
import { nodeSpec } from '../nodes'

const FIRST = 2
const LAST = 254
const TRIES = 260

export class IpPool {
  private next = new Map<string, number>()
  private used = new Set<string>()
  /** In-use host numbers in [FIRST, LAST] per "10.244.<idx>." prefix: a full /24 (a node with 253+ pods, as a
   *  1,000-replica StatefulSet on three nodes has) answers at once instead of probing every address per pod. */
  private usedIn = new Map<string, number>()

  /** "10.244.<idx>." per node name (the node table is fixed). */
  private prefixes = new Map<string, string>()

  allocate(node: string): string {
    let prefix = this.prefixes.get(node)
    if (prefix === undefined) this.prefixes.set(node, (prefix = `10.244.${nodeSpec(node)?.index ?? 1}.`))
    if ((this.usedIn.get(prefix) ?? 0) >= LAST - FIRST + 1) {
      // Every address is taken: the probe loop below would visit TRIES addresses and fall through. Advance the
      // cursor exactly as it would have, so later allocations (after releases) pick the same addresses.
      let n = this.next.get(node) ?? FIRST
      if (n > LAST) n = FIRST
      const last = FIRST + ((n - FIRST + TRIES - 1) % (LAST - FIRST + 1))
      this.next.set(node, last + 1)
      return `${prefix}${LAST}`
    }
    for (let tries = 0; tries < TRIES; tries++) {
      let n = this.next.get(node) ?? FIRST
      if (n > LAST) n = FIRST
      this.next.set(node, n + 1)
      const ip = `${prefix}${n}`
      if (!this.used.has(ip)) {
        this.add(ip)
        return ip
      }
    }
    return `${prefix}${LAST}`
  }

  /** An IP already in use (restored pod): keep it and continue after it. */
  reserve(node: string, ip: string): void {
    this.add(ip)
    const octet = Number(ip.split('.')[3])
    if (Number.isFinite(octet)) this.next.set(node, Math.max(this.next.get(node) ?? FIRST, octet + 1))
  }

  release(ip: string | undefined): void {
    if (ip && this.used.delete(ip)) this.count(ip, -1)
  }

  private add(ip: string): void {
    if (this.used.has(ip)) return
    this.used.add(ip)
    this.count(ip, 1)
  }

  private count(ip: string, d: number): void {
    const dot = ip.lastIndexOf('.')
    const host = Number(ip.slice(dot + 1))
    // Only the canonical spelling allocate() produces can collide with an address it probes.
    if (!Number.isInteger(host) || host < FIRST || host > LAST || String(host) !== ip.slice(dot + 1)) return
    const prefix = ip.slice(0, dot + 1)
    this.usedIn.set(prefix, (this.usedIn.get(prefix) ?? 0) + d)
  }
}
