// Drives the simulated clock from real time: the one place the app's time policy lives (architecture.md, "Time is
// injected"). Speeds: paused (nothing fires; step() fires the next timer), 0.25/1/4/20 (sim time advances at that
// factor of real time, zero-delay work runs promptly), and instant (jump from timer to timer in slices, yielding
// to I/O between them, but never more than `instantHorizonMs` of sim time past the last outside activity, so
// periodic timers cannot race the clock ahead forever while the learner reads; background chores never drive it).
import type { SimClock } from '../cluster/clock'
import type { ClockSpeed, ClockView } from '../shared/view-models'

export const CLOCK_SPEEDS: readonly ClockSpeed[] = ['paused', 0.25, 1, 4, 20, 'instant']

export interface ClockDriverOptions {
  speed?: ClockSpeed
  /** Real ms between ticks at the real-time speeds (default 25: smooth enough, cheap enough). */
  tickMs?: number
  /** Most timers fired in one instant-speed slice before yielding to I/O (default 500). */
  instantSliceSteps?: number
  /** Sim ms instant speed may run past the last outside activity (default 60 s). */
  instantHorizonMs?: number
  /** Real ms instant speed holds still after client activity (default 100). Clients act on what they see: kubectl's
   *  delete makes several requests in a row (DELETE, GET, LIST, WATCH), and jumping sim time between them lets a pod
   *  be removed and recreated under the same name in the gap, so kubectl waits forever; `run -i` attaches when its
   *  watch says Running, which is too late if time has already run the container to completion. */
  instantQuietMs?: number
  /** Monotonic real milliseconds (injectable for tests). */
  realNow?: () => number
  /** A timer callback threw: the engine keeps going, the host logs it. */
  onError?: (err: unknown) => void
}

export interface ClockDriver {
  readonly speed: ClockSpeed
  setSpeed(speed: ClockSpeed): ClockView
  /** Fire exactly the next timer (any speed; meant for paused). */
  step(): ClockView
  view(): ClockView
  /** Called after the clock moved or the speed changed (the app throttles what it pushes). */
  onChange(cb: (v: ClockView) => void): () => void
  /** A client request arrived, or a watch on one named object sent an event (the API server's onActivity): instant
   *  holds still briefly. */
  noteActivity(): void
  dispose(): void
}

export function isClockSpeed(x: unknown): x is ClockSpeed {
  return CLOCK_SPEEDS.includes(x as ClockSpeed)
}

export function createClockDriver(clock: SimClock, opts: ClockDriverOptions = {}): ClockDriver {
  const tickMs = opts.tickMs ?? 25
  const sliceSteps = opts.instantSliceSteps ?? 500
  const horizon = opts.instantHorizonMs ?? 60_000
  const quietMs = opts.instantQuietMs ?? 100
  const realNow = opts.realNow ?? (() => performance.now())
  const onError = opts.onError ?? ((err) => console.error('[ordinal] clock timer failed:', err))

  let speed: ClockSpeed = opts.speed ?? 1
  let disposed = false
  let interval: ReturnType<typeof setInterval> | null = null
  let immediate: ReturnType<typeof setImmediate> | null = null
  let lastReal = realNow()
  let running = false // inside our own advance/step: schedules from timer callbacks are not outside activity
  let activityAt = clock.now() // sim time of the last outside activity (instant horizon anchor)
  let requestAt = Number.NEGATIVE_INFINITY // real time of the last client request (instant quiet gate)
  let quietTimer: ReturnType<typeof setTimeout> | null = null
  const listeners = new Set<(v: ClockView) => void>()

  const view = (): ClockView => ({ now: clock.now(), speed, pending: clock.pending() })
  const notify = () => {
    const v = view()
    for (const l of [...listeners]) l(v)
  }

  /** Run `fn` (which fires timers) so a throwing timer is reported instead of killing the driver. */
  const guarded = (fn: () => void) => {
    running = true
    try {
      fn()
    } catch (err) {
      onError(err)
    } finally {
      running = false
    }
  }

  const advanceBy = (ms: number) => {
    const target = clock.now() + ms
    // advance() stops at a throwing timer; keep going until the target is reached.
    for (let i = 0; i < 1000 && clock.now() < target + 1; i++) {
      let done = false
      guarded(() => {
        clock.advanceTo(target)
        done = true
      })
      if (done) break
    }
  }

  const realTick = () => {
    if (typeof speed !== 'number') return
    const t = realNow()
    // A blocked event loop or a sleeping laptop must not turn into a giant jump of sim time.
    const elapsed = Math.min(Math.max(0, t - lastReal), 250)
    lastReal = t
    advanceBy(elapsed * speed)
    notify()
  }

  const instantSlice = () => {
    immediate = null
    if (speed !== 'instant' || disposed) return
    const wait = requestAt + quietMs - realNow()
    if (wait > 0) {
      // A client is mid-conversation: sim time holds still until it has been quiet for a moment. What is due at this
      // very instant still runs, as at every real-time speed: the controllers react to the client's write at once
      // (a 1,000-replica StatefulSet's first pass, which creates every pod and claim, is most of its work). Only the
      // jump to a later timer waits.
      let fired = 0
      while (fired < sliceSteps) {
        const at = clock.nextAt()
        if (at === undefined || at > clock.now()) break
        guarded(() => clock.step())
        fired++
      }
      if (fired) notify()
      if (fired === sliceSteps) {
        wake() // more is due now: yield to I/O, then go on
        return
      }
      if (!quietTimer) {
        quietTimer = setTimeout(() => {
          quietTimer = null
          wake()
        }, wait + 1)
        quietTimer.unref?.()
      }
      return
    }
    let fired = 0
    const limit = activityAt + horizon
    let told = false // a step sent an event to a watch on one object: stop so its client can react before time moves on
    // Only work that keeps the clock busy is jumped to; background chores (lease renewals, heartbeats, probes of
    // healthy containers) fire on the way but never carry time forward on their own.
    while (fired < sliceSteps && !told) {
      const at = clock.nextBusyAt()
      if (at === undefined || at > limit) break
      const before = requestAt
      guarded(() => clock.step())
      fired++
      told = requestAt !== before
    }
    if (fired) notify()
    const at = clock.nextBusyAt()
    // More due within the horizon: yield to I/O (API requests, pty output), then continue (after the quiet gate).
    if ((told || fired === sliceSteps) && at !== undefined && at <= limit) wake()
  }

  const dueNow = () => {
    immediate = null
    if (typeof speed !== 'number' || disposed) return
    const at = clock.nextAt()
    if (at !== undefined && at <= clock.now()) {
      advanceBy(0)
      notify()
    }
  }

  function wake(): void {
    if (immediate || disposed) return
    if (speed === 'instant') immediate = setImmediate(instantSlice)
    else if (typeof speed === 'number') immediate = setImmediate(dueNow)
  }

  const offSchedule = clock.onSchedule(() => {
    if (!running) activityAt = clock.now()
    if (speed === 'instant') wake()
    else if (typeof speed === 'number') {
      const at = clock.nextAt()
      if (at !== undefined && at <= clock.now()) wake()
    }
  })

  const apply = () => {
    if (interval) clearInterval(interval)
    interval = null
    if (quietTimer) clearTimeout(quietTimer)
    quietTimer = null
    if (immediate) clearImmediate(immediate)
    immediate = null
    lastReal = realNow()
    if (disposed) return
    if (typeof speed === 'number') {
      interval = setInterval(realTick, tickMs)
      interval.unref?.()
      wake()
    } else if (speed === 'instant') {
      activityAt = clock.now()
      wake()
    }
  }
  apply()

  return {
    get speed() {
      return speed
    },
    setSpeed(s) {
      if (!isClockSpeed(s)) throw new Error(`invalid clock speed ${JSON.stringify(s)}: expected one of paused, 0.25, 1, 4, 20, instant`)
      speed = s
      apply()
      notify()
      return view()
    },
    step() {
      guarded(() => clock.step())
      if (speed === 'instant') activityAt = clock.now()
      notify()
      return view()
    },
    view,
    onChange(cb) {
      listeners.add(cb)
      return () => {
        listeners.delete(cb)
      }
    },
    noteActivity() {
      requestAt = realNow()
    },
    dispose() {
      disposed = true
      offSchedule()
      apply()
      listeners.clear()
    },
  }
}
