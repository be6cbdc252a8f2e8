// Simulated time. The engine never reads the wall clock or uses real timers: it schedules callbacks on this clock,
// and a driver outside the library (app/clock-driver.ts) advances it in real time, faster, paused, or instantly.
// Tests advance it by hand. Deterministic: timers due at the same instant fire in scheduling order.

export interface TimerHandle {
  cancel(): void
}

export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number
  /** Run `cb` after `delayMs` of simulated time (0 = as soon as the clock next runs due timers). */
  schedule(delayMs: number, cb: () => void, label?: string): TimerHandle
}

interface Timer {
  at: number
  seq: number
  cb: () => void
  label: string
  cancelled: boolean
}

export class SimClock implements Clock {
  private t: number
  private seq = 0
  // A binary min-heap on (at, seq): a 1,000-pod StatefulSet keeps thousands of timers pending, and a sorted array
  // paid an O(n) splice per schedule and an O(n) shift per fired timer.
  private timers: Timer[] = []
  private listeners = new Set<() => void>()

  constructor(startMs = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.t = startMs
  }

  now(): number {
    return this.t
  }

  schedule(delayMs: number, cb: () => void, label = ''): TimerHandle {
    const timer: Timer = { at: this.t + Math.max(0, delayMs), seq: this.seq++, cb, label, cancelled: false }
    this.push(timer)
    for (const l of this.listeners) l()
    return {
      cancel: () => {
        timer.cancelled = true
      },
    }
  }

  /** Called whenever a timer is scheduled, so a real-time driver can wake up for zero-delay work. */
  onSchedule(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Simulated time of the next pending timer, if any. */
  nextAt(): number | undefined {
    this.dropCancelled()
    return this.timers[0]?.at
  }

  pending(): number {
    this.dropCancelled()
    return this.timers.length
  }

  /** Fire every timer due at or before now+ms (including ones they schedule), then set now to now+ms. */
  advance(ms: number): number {
    return this.advanceTo(this.t + Math.max(0, ms))
  }

  advanceTo(target: number): number {
    let fired = 0
    for (;;) {
      this.dropCancelled()
      const next = this.timers[0]
      if (!next || next.at > target) break
      this.pop()
      if (next.at > this.t) this.t = next.at
      next.cb()
      fired++
    }
    if (target > this.t) this.t = target
    return fired
  }

  /** Fire exactly the next timer (jumping time to it). Returns false when nothing is pending. */
  step(): boolean {
    this.dropCancelled()
    const next = this.pop()
    if (!next) return false
    if (next.at > this.t) this.t = next.at
    next.cb()
    return true
  }

  /** Jump through timers until none are due within `horizonMs` of the last fired one, or `maxSteps` is reached.
   *  This is `instant` speed: time skips ahead to whatever happens next. */
  runUntilIdle(maxSteps = 100_000, horizonMs = Number.POSITIVE_INFINITY): number {
    let n = 0
    while (n < maxSteps) {
      const at = this.nextAt()
      if (at === undefined || at - this.t > horizonMs) break
      this.step()
      n++
    }
    return n
  }

  private dropCancelled(): void {
    while (this.timers.length && this.timers[0].cancelled) this.pop()
  }

  private push(timer: Timer): void {
    const h = this.timers
    let i = h.length
    h.push(timer)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(timer, h[parent])) break
      h[i] = h[parent]
      i = parent
    }
    h[i] = timer
  }

  /** Remove and return the earliest timer. */
  private pop(): Timer | undefined {
    const h = this.timers
    const top = h[0]
    const last = h.pop()
    if (top === undefined || last === undefined || h.length === 0) return top
    let i = 0
    const n = h.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const c = r < n && before(h[r], h[l]) ? r : l
      if (!before(h[c], last)) break
      h[i] = h[c]
      i = c
    }
    h[i] = last
    return top
  }
}

/** Heap order: earlier time first, then scheduling order (seq is unique, so the order is total and deterministic). */
function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq)
}

/** Deterministic PRNG (mulberry32). The engine takes `random: () => number` so tests can seed it. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
