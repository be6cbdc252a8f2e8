// Simulated time. The engine never reads the wall clock or uses real timers: it schedules callbacks on this clock,
// and a driver outside the library (app/clock-driver.ts) advances it in real time, faster, paused, or instantly.
// Tests advance it by hand. Deterministic: timers due at the same instant fire in scheduling order.

export interface TimerHandle {
  cancel(): void
}

export interface ScheduleOptions {
  /** A periodic chore that changes nothing a client waits for (lease renewals, heartbeats, probes re-confirming a
   *  healthy state): it fires as time passes like any timer, but does not keep the clock busy — pending() does not
   *  count it, nextBusyAt() skips it and runUntilIdle() stops when only such timers are left. */
  background?: boolean
}

export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number
  /** Run `cb` after `delayMs` of simulated time (0 = as soon as the clock next runs due timers). */
  schedule(delayMs: number, cb: () => void, label?: string, opts?: ScheduleOptions): TimerHandle
}

interface Timer {
  at: number
  seq: number
  cb: () => void
  label: string
  cancelled: boolean
  background: boolean
  done: boolean
}

export class SimClock implements Clock {
  private t: number
  private seq = 0
  // A binary min-heap on (at, seq): a 1,000-pod StatefulSet keeps thousands of timers pending, and a sorted array
  // paid an O(n) splice per schedule and an O(n) shift per fired timer.
  private timers: Timer[] = []
  /** Background chores (ScheduleOptions.background), in their own heap so nextBusyAt() is O(1). */
  private chores: Timer[] = []
  private listeners = new Set<() => void>()
  /** Live (not fired, not cancelled) foreground timers. */
  private foreground = 0

  constructor(startMs = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.t = startMs
  }

  now(): number {
    return this.t
  }

  schedule(delayMs: number, cb: () => void, label = '', opts?: ScheduleOptions): TimerHandle {
    const background = !!opts?.background
    const timer: Timer = { at: this.t + Math.max(0, delayMs), seq: this.seq++, cb, label, cancelled: false, background, done: false }
    if (background) heapPush(this.chores, timer)
    else {
      this.foreground++
      heapPush(this.timers, timer)
    }
    for (const l of this.listeners) l()
    return {
      cancel: () => {
        if (timer.cancelled || timer.done) return
        timer.cancelled = true
        if (!timer.background) this.foreground--
      },
    }
  }

  /** Called whenever a timer is scheduled, so a real-time driver can wake up for zero-delay work. */
  onSchedule(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Simulated time of the next pending timer (background chores included), if any. */
  nextAt(): number | undefined {
    return this.peek()?.at
  }

  /** Simulated time of the next timer that keeps the clock busy (background chores skipped), if any: what instant
   *  speed jumps to. step() still fires the chores due before it first. */
  nextBusyAt(): number | undefined {
    dropCancelled(this.timers)
    return this.timers[0]?.at
  }

  /** Timers that keep the clock busy (background chores are not counted). */
  pending(): number {
    return this.foreground
  }

  /** Fire every timer due at or before now+ms (including ones they schedule), then set now to now+ms. */
  advance(ms: number): number {
    return this.advanceTo(this.t + Math.max(0, ms))
  }

  advanceTo(target: number): number {
    let fired = 0
    for (;;) {
      const next = this.peek()
      if (!next || next.at > target) break
      this.fire(this.popNext()!)
      fired++
    }
    if (target > this.t) this.t = target
    return fired
  }

  /** Fire exactly the next timer (jumping time to it). Returns false when nothing is pending. */
  step(): boolean {
    const next = this.popNext()
    if (!next) return false
    this.fire(next)
    return true
  }

  /** Jump through timers until none are due within `horizonMs` of the last fired one, or `maxSteps` is reached, or
   *  only background chores are left. This is `instant` speed: time skips ahead to whatever happens next. */
  runUntilIdle(maxSteps = 100_000, horizonMs = Number.POSITIVE_INFINITY): number {
    let n = 0
    while (n < maxSteps && this.nextBusyAt() !== undefined) {
      const at = this.nextAt()!
      if (at - this.t > horizonMs) break
      this.step()
      n++
    }
    return n
  }

  private fire(timer: Timer): void {
    if (timer.at > this.t) this.t = timer.at
    timer.done = true
    if (!timer.background) this.foreground--
    timer.cb()
  }

  /** The earliest live timer of both heaps (ties by scheduling order, as if they were one heap). */
  private peek(): Timer | undefined {
    dropCancelled(this.timers)
    dropCancelled(this.chores)
    const a = this.timers[0]
    const b = this.chores[0]
    if (!a) return b
    if (!b) return a
    return before(a, b) ? a : b
  }

  private popNext(): Timer | undefined {
    const next = this.peek()
    if (!next) return undefined
    return heapPop(next.background ? this.chores : this.timers)
  }
}

function dropCancelled(h: Timer[]): void {
  while (h.length && h[0].cancelled) heapPop(h)
}

function heapPush(h: Timer[], timer: Timer): void {
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

/** Remove and return the earliest timer of a binary min-heap. */
function heapPop(h: Timer[]): Timer | undefined {
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
