import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SimClock } from '../../src-main/cluster/clock'
import { createClockDriver, type ClockDriver } from '../../src-main/app/clock-driver'

describe('clock driver', () => {
  let real = 0
  let driver: ClockDriver | null = null
  beforeEach(() => {
    vi.useFakeTimers()
    real = 0
  })
  afterEach(() => {
    driver?.dispose()
    driver = null
    vi.useRealTimers()
  })
  /** Let `ms` of fake real time pass, moving the injected monotonic clock with it. */
  const pass = async (ms: number, step = 25) => {
    for (let t = 0; t < ms; t += step) {
      real += step
      await vi.advanceTimersByTimeAsync(step)
    }
  }

  it('paused: nothing fires, not even zero-delay work; step() fires exactly the next timer', async () => {
    const clock = new SimClock(0)
    const fired: string[] = []
    driver = createClockDriver(clock, { speed: 'paused', realNow: () => real })
    clock.schedule(0, () => fired.push('a'))
    clock.schedule(5000, () => fired.push('b'))
    await pass(1000)
    expect(fired).toEqual([])
    expect(clock.now()).toBe(0)
    const v = driver.step()
    expect(fired).toEqual(['a'])
    expect(v).toEqual({ now: 0, speed: 'paused', pending: 1 })
    expect(driver.step().now).toBe(5000)
    expect(fired).toEqual(['a', 'b'])
  })

  it.each([0.25, 1, 4, 20] as const)('speed %s advances sim time by that factor of real time', async (speed) => {
    const clock = new SimClock(0)
    driver = createClockDriver(clock, { speed, realNow: () => real, tickMs: 25 })
    await pass(1000)
    expect(clock.now()).toBe(1000 * speed)
  })

  it('runs zero-delay timers promptly at real speeds, without waiting for a tick', async () => {
    const clock = new SimClock(0)
    driver = createClockDriver(clock, { speed: 0.25, realNow: () => real, tickMs: 10_000 })
    const fired: number[] = []
    clock.schedule(0, () => {
      fired.push(clock.now())
      clock.schedule(0, () => fired.push(clock.now())) // chained work also runs
    })
    await vi.advanceTimersByTimeAsync(1) // only immediates, no interval tick
    expect(fired).toEqual([0, 0])
  })

  it('instant: jumps from timer to timer, stops within the horizon past the last outside activity', async () => {
    const clock = new SimClock(0)
    driver = createClockDriver(clock, { speed: 'instant', realNow: () => real, instantHorizonMs: 60_000, instantSliceSteps: 7 })
    let ticks = 0
    const every10s = () => {
      ticks++
      clock.schedule(10_000, every10s) // a periodic controller resync
    }
    const order: string[] = []
    clock.schedule(3000, () => order.push('created'))
    clock.schedule(8000, () => order.push('ready'))
    clock.schedule(10_000, every10s)
    await vi.advanceTimersByTimeAsync(5)
    expect(order).toEqual(['created', 'ready'])
    // The periodic timer ran up to 60 s of sim time and then waits instead of racing ahead forever.
    expect(ticks).toBe(6)
    expect(clock.now()).toBe(60_000)
    expect(clock.pending()).toBe(1)
    await vi.advanceTimersByTimeAsync(50)
    expect(ticks).toBe(6)
    // Outside activity (a schedule from outside a timer, e.g. an API write) opens a new horizon.
    clock.schedule(1000, () => order.push('api'))
    await vi.advanceTimersByTimeAsync(5)
    expect(order).toEqual(['created', 'ready', 'api'])
    expect(ticks).toBe(12)
  })

  it('instant holds still while a client is mid-conversation, then catches up', async () => {
    const clock = new SimClock(0)
    const fired: number[] = []
    driver = createClockDriver(clock, { speed: 'instant', realNow: () => real, instantQuietMs: 100 })
    driver.noteActivity() // e.g. kubectl's DELETE; its GET, LIST and WATCH follow within milliseconds
    clock.schedule(30_000, () => fired.push(clock.now())) // the pod's grace period ends
    await pass(50)
    expect(fired).toEqual([]) // no sim time jumped between the client's requests
    driver.noteActivity()
    await pass(75)
    expect(fired).toEqual([])
    await pass(100)
    expect(fired).toEqual([30_000])
  })

  it('instant runs what is due now while it holds still (the controllers react to a write at once), in slices', async () => {
    const clock = new SimClock(0)
    const fired: string[] = []
    driver = createClockDriver(clock, { speed: 'instant', realNow: () => real, instantQuietMs: 100, instantSliceSteps: 10 })
    driver.noteActivity() // kubectl's POST
    clock.schedule(30_000, () => fired.push('later')) // must wait for the quiet gate
    let ioRan = -1
    for (let i = 0; i < 25; i++) clock.schedule(0, () => fired.push('now'))
    setTimeout(() => (ioRan = fired.length), 0)
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1) // the real clock stands still: the gate holds
    expect(fired).toEqual(Array(25).fill('now'))
    expect(clock.now()).toBe(0)
    expect(ioRan).toBeGreaterThanOrEqual(10) // I/O got in between slices of 10
    expect(ioRan).toBeLessThan(25)
    // Work the due-now work schedules for now runs too; anything later still waits for the gate.
    clock.schedule(0, () => clock.schedule(0, () => fired.push('chained')))
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1)
    expect(fired.at(-1)).toBe('chained')
    expect(fired).not.toContain('later')
    await pass(150)
    expect(fired.at(-1)).toBe('later')
    expect(clock.now()).toBe(30_000)
  })

  it('instant yields to I/O between slices', async () => {
    const clock = new SimClock(0)
    driver = createClockDriver(clock, { speed: 'instant', realNow: () => real, instantSliceSteps: 10 })
    let n = 0
    for (let i = 0; i < 100; i++) clock.schedule(i, () => n++)
    let ioRan = -1
    setTimeout(() => (ioRan = n), 0)
    await vi.runAllTimersAsync()
    expect(n).toBe(100)
    expect(ioRan).toBeGreaterThanOrEqual(0)
    expect(ioRan).toBeLessThan(100) // the I/O callback got in between slices
  })

  it('switching speeds: pause stops time, instant drains, invalid speed is refused', async () => {
    const clock = new SimClock(0)
    driver = createClockDriver(clock, { speed: 1, realNow: () => real })
    const seen: string[] = []
    driver.onChange((v) => seen.push(String(v.speed)))
    await pass(100)
    expect(clock.now()).toBe(100)
    driver.setSpeed('paused')
    await pass(100)
    expect(clock.now()).toBe(100)
    clock.schedule(30_000, () => {})
    expect(driver.setSpeed('instant')).toMatchObject({ speed: 'instant' })
    await vi.advanceTimersByTimeAsync(1)
    expect(clock.now()).toBe(30_100)
    expect(() => driver!.setSpeed(3 as never)).toThrow('invalid clock speed 3')
    expect(seen).toContain('paused')
    expect(seen).toContain('instant')
  })

  it('a throwing timer is reported and the clock keeps going', async () => {
    const clock = new SimClock(0)
    const errors: unknown[] = []
    driver = createClockDriver(clock, { speed: 1, realNow: () => real, onError: (e) => errors.push(e) })
    const fired: string[] = []
    clock.schedule(10, () => {
      throw new Error('boom')
    })
    clock.schedule(20, () => fired.push('after'))
    await pass(50)
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom'])
    expect(fired).toEqual(['after'])
    expect(clock.now()).toBe(50)
  })

  it('dispose stops everything', async () => {
    const clock = new SimClock(0)
    driver = createClockDriver(clock, { speed: 20, realNow: () => real })
    driver.dispose()
    await pass(100)
    expect(clock.now()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})
