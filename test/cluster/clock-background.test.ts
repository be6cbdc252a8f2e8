// SimClock background chores: they fire in time order with everything else, but pending(), nextBusyAt() and
// runUntilIdle() ignore them, so periodic heartbeats do not keep a settled cluster "busy".
import { describe, expect, it } from 'vitest'
import { SimClock } from '../../src-main/cluster/clock'

describe('SimClock background timers', () => {
  it('fire in (time, scheduling) order across both kinds; pending() counts only busy timers', () => {
    const c = new SimClock(0)
    const order: string[] = []
    c.schedule(20, () => order.push('busy@20'))
    c.schedule(10, () => order.push('chore@10'), '', { background: true })
    c.schedule(20, () => order.push('chore@20'), '', { background: true })
    c.schedule(5, () => order.push('busy@5'))
    expect(c.pending()).toBe(2)
    expect(c.nextAt()).toBe(5)
    expect(c.nextBusyAt()).toBe(5)
    c.advance(30)
    expect(order).toEqual(['busy@5', 'chore@10', 'busy@20', 'chore@20'])
    expect(c.pending()).toBe(0)
  })

  it('runUntilIdle stops when only chores are left, after firing the chores due before the last busy timer', () => {
    const c = new SimClock(0)
    let beats = 0
    const beat = () => {
      beats++
      c.schedule(10, beat, 'beat', { background: true })
    }
    c.schedule(10, beat, 'beat', { background: true })
    c.schedule(35, () => {})
    const steps = c.runUntilIdle()
    expect(beats).toBe(3)
    expect(c.now()).toBe(35)
    expect(steps).toBe(4)
    expect(c.nextBusyAt()).toBeUndefined()
    expect(c.nextAt()).toBe(40)
    // step() still fires a chore when asked (paused + step in the app).
    expect(c.step()).toBe(true)
    expect(beats).toBe(4)
  })

  it('cancelling keeps the counts right (cancel twice, cancel after firing)', () => {
    const c = new SimClock(0)
    const a = c.schedule(10, () => {})
    const b = c.schedule(10, () => {}, '', { background: true })
    a.cancel()
    a.cancel()
    b.cancel()
    expect(c.pending()).toBe(0)
    expect(c.nextAt()).toBeUndefined()
    const d = c.schedule(5, () => {})
    c.advance(5)
    d.cancel()
    expect(c.pending()).toBe(0)
  })
})
