// Pod IPs per node from the node's pod CIDR (10.244.<node index>.0/24), never handing out one still in use.
import { nodeSpec } from '../nodes'

export class IpPool {
  private next = new Map<string, number>()
  private used = new Set<string>()

  allocate(node: string): string {
    const idx = nodeSpec(node)?.index ?? 1
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

  /** An IP already in use (restored pod): keep it and continue after it. */
  reserve(node: string, ip: string): void {
    this.used.add(ip)
    const octet = Number(ip.split('.')[3])
    if (Number.isFinite(octet)) this.next.set(node, Math.max(this.next.get(node) ?? 2, octet + 1))
  }

  release(ip: string | undefined): void {
    if (ip) this.used.delete(ip)
  }
}
