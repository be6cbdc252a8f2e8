// Issue 3 item 7: one scenario, driven by the app's clock driver at 0.25×, 1×, 20×, instant, and paused-then-stepped,
// reaches the very same cluster state (the whole snapshot: objects, resourceVersions, timestamps, volumes) at the
// same sim time. The scenario's user actions are themselves sim-clock timers, so they land at the same sim instants.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClockDriver, type ClockDriver } from '../../../src-main/app/clock-driver'
import { SimClock } from '../../../src-main/cluster/clock'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { startScenario, type Scenario } from './harness'
import { applyWeb, NEW_IMAGE, setImage, updateWeb, webSts } from './sts-fixtures'

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0)
const END = T0 + 240_000

function scenario(): Scenario {
  const s = startScenario({ clock: new SimClock(T0) })
  applyWeb(s, webSts('OrderedReady'))
  s.clock.schedule(70_000, () => setImage(s, NEW_IMAGE), 'user: set image')
  s.clock.schedule(150_000, () => updateWeb(s, (o) => (o.spec.replicas = 2)), 'user: scale to 2')
  s.clock.schedule(190_000, () => s.store.delete(GVRS.pods, 'default', 'web-0'), 'user: delete web-0')
  return s
}

/** Everything observable, minus nothing: if a single timestamp differs, the speeds disagree. */
function fingerprint(s: Scenario): string {
  const snap = s.cluster.snapshot()
  return JSON.stringify({ now: snap.now, rv: snap.resourceVersion, objects: snap.objects, volumes: snap.volumes })
}

const flushReal = () => new Promise<void>((r) => setImmediate(r))

async function atSpeed(speed: 0.25 | 1 | 20): Promise<string> {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'performance'] })
  const s = scenario()
  let driver: ClockDriver | undefined
  try {
    driver = createClockDriver(s.clock, { speed, tickMs: 25 })
    // Real time runs in 25 ms ticks; stop before a tick would carry sim time past END.
    while (s.clock.now() + 25 * speed <= END) await vi.advanceTimersByTimeAsync(25)
    driver.setSpeed('paused')
    s.clock.advanceTo(END)
    return fingerprint(s)
  } finally {
    driver?.dispose()
    vi.useRealTimers()
    s.dispose()
  }
}

async function atInstant(): Promise<string> {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'performance'] })
  const s = scenario()
  let driver: ClockDriver | undefined
  try {
    // Instant jumps timer to timer; its horizon (sim time past the last outside activity) ends the run at END.
    driver = createClockDriver(s.clock, { speed: 'instant', instantHorizonMs: END - s.clock.now(), instantSliceSteps: 50 })
    for (let i = 0; i < 100_000 && (s.clock.nextAt() ?? Infinity) <= END; i++) await vi.advanceTimersByTimeAsync(1)
    driver.setSpeed('paused')
    expect(s.clock.now()).toBeLessThanOrEqual(END)
    s.clock.advanceTo(END)
    return fingerprint(s)
  } finally {
    driver?.dispose()
    vi.useRealTimers()
    s.dispose()
  }
}

async function pausedThenStepped(): Promise<string> {
  const s = scenario()
  const driver = createClockDriver(s.clock, { speed: 'paused' })
  try {
    await flushReal()
    expect(s.clock.now()).toBe(T0) // paused: nothing moves by itself
    while ((s.clock.nextAt() ?? Infinity) <= END) {
      driver.step()
      await flushReal()
    }
    s.clock.advanceTo(END)
    return fingerprint(s)
  } finally {
    driver.dispose()
    s.dispose()
  }
}

afterEach(() => vi.useRealTimers())

describe('the same scenario at every clock speed', () => {
  it('0.25×, 1×, 20×, instant and paused+step end in identical cluster state', async () => {
    const stepped = await pausedThenStepped()
    const state = JSON.parse(stepped)
    // The scenario really happened: two pods on the new image, web-0 recreated.
    const pods = state.objects.filter((o: any) => o.gvr.resource === 'pods' && o.object.metadata.labels?.app === 'nginx').map((o: any) => o.object)
    expect(pods.map((p: any) => `${p.metadata.name} ${p.spec.containers[0].image} ${p.status.phase}`).sort()).toEqual([`web-0 ${NEW_IMAGE} Running`, `web-1 ${NEW_IMAGE} Running`])
    for (const [name, run] of [
      ['instant', atInstant],
      ['20x', () => atSpeed(20)],
      ['1x', () => atSpeed(1)],
      ['0.25x', () => atSpeed(0.25)],
    ] as const) {
      const got = await run()
      if (got !== stepped) {
        // Show the first differing object rather than two huge strings.
        const a = JSON.parse(got).objects
        const b = state.objects
        const diff = a.find((o: any, i: number) => JSON.stringify(o) !== JSON.stringify(b[i]))
        expect({ speed: name, first: diff }).toEqual({ speed: name, first: undefined })
      }
      expect(got.length, name).toBe(stepped.length)
    }
  }, 240_000)
})
