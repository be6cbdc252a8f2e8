// The questions pods' resolvers put to the cluster DNS, as they happen. compose.ts hands the runtime a DnsServer
// wrapped by `observeQueries`, so only what containers asked is reported (nslookup, ping, wget…), never the app's
// DNS panel or a lesson check asking for itself. Lessons use it to judge what a learner's own lookup saw.
import type { DnsAnswer, DnsServer, DnsType } from './types'

export interface DnsQueryEvent {
  /** Sim epoch ms. */
  time: number
  name: string // as asked, no trailing dot
  type: DnsType
  rcode: DnsAnswer['rcode']
  /** The answers' data (IPs for A). */
  answers: string[]
}

export interface DnsQueryFeed {
  /** Called synchronously for each question, in order. Returns unsubscribe. */
  onQuery(cb: (q: DnsQueryEvent) => void): () => void
}

/** `now` is the cluster clock's (sim time). */
export function observeQueries(dns: DnsServer, now: () => number): { server: DnsServer; feed: DnsQueryFeed } {
  const listeners = new Set<(q: DnsQueryEvent) => void>()
  const server: DnsServer = {
    get serverIP() {
      return dns.serverIP
    },
    query(name, type) {
      const ans = dns.query(name, type)
      if (listeners.size) {
        const ev: DnsQueryEvent = { time: now(), name: name.replace(/\.$/, ''), type, rcode: ans.rcode, answers: ans.answers.filter((a) => a.type === type).map((a) => a.answer) }
        for (const l of [...listeners]) {
          try {
            l(ev)
          } catch {
            // An observer must never break a container's lookup.
          }
        }
      }
      return ans
    },
    records: () => dns.records(),
  }
  return {
    server,
    feed: {
      onQuery(cb) {
        listeners.add(cb)
        return () => listeners.delete(cb)
      },
    },
  }
}
