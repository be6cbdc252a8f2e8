// The kubelet's per-key exponential back-off (client-go flowcontrol semantics, our own code): 10s doubling to 5m,
// forgotten when nothing happened for twice the maximum. Used for container restarts and image pulls.

export class BackOff {
  private entries = new Map<string, { backoff: number; lastUpdate: number }>()

  constructor(
    private readonly initialMs = 10_000,
    private readonly maxMs = 300_000,
  ) {}

  /** Current back-off for `key` (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoff ?? 0
  }

  private expired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > 2 * this.maxMs
  }

  /** Container restarts: still backing off since the container finished at `eventTime`? (ms left, 0 = go). */
  remainingSince(key: string, eventTime: number, now: number): number {
    const e = this.entries.get(key)
    if (!e || this.expired(eventTime, e.lastUpdate)) return 0
    return Math.max(0, e.backoff - (now - eventTime))
  }

  /** Image pulls: still backing off since the last failure was recorded? (ms left, 0 = go). */
  remainingSinceUpdate(key: string, now: number): number {
    const e = this.entries.get(key)
    if (!e) return 0
    return Math.max(0, e.backoff - (now - e.lastUpdate))
  }

  /** Record one more failure at `eventTime`: start at the initial value or double up to the maximum. */
  next(key: string, eventTime: number): void {
    const e = this.entries.get(key)
    if (!e || this.expired(eventTime, e.lastUpdate)) this.entries.set(key, { backoff: this.initialMs, lastUpdate: eventTime })
    else this.entries.set(key, { backoff: Math.min(e.backoff * 2, this.maxMs), lastUpdate: eventTime })
  }

  /** Drop every key with this prefix (a pod went away). */
  forgetPrefix(prefix: string): void {
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k)
  }
}
