// One simulated cluster + API server per test file. The sim clock is driven three ways:
//   speed undefined → manual: the test advances it with settle(ms);
//   'instant'       → a real-timer driver keeps jumping to the next timer, so real kubectl's -w, --rm and
//                     delete-waits finish in (real) milliseconds;
//   a number        → sim time runs at that multiple of real time.
// setSpeed() switches later (e.g. pause the clock until a kubectl watch is established, then go instant).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClockDriver, type ClockDriver } from '../../src-main/app/clock-driver'
import { startApiServer, writeKubeconfig, type ApiServer, type CommandRecord } from '../../src-main/apiserver/index'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import { createCluster } from '../../src-main/cluster/index'

export interface TestCluster {
  cluster: Cluster
  clock: SimClock
  api: ApiServer
  url: string
  token: string
  kubeconfig: string // temp file path
  env: NodeJS.ProcessEnv // with KUBECONFIG, HOME=tmp
  /** Commands reported to POST /ordinal/v1/commands. */
  commands: CommandRecord[]
  /** Change how the sim clock is driven: 'instant', a multiple of real time, or 0 / undefined = manual. */
  setSpeed(speed?: 'instant' | number): void
  /** Advance the sim clock by `ms` (firing due timers) and let pending I/O and promises run. */
  settle(ms?: number): Promise<void>
  close(): Promise<void>
}

/** Most sim time one real tick of the instant driver may skip, so periodic timers can't spin the clock away. */
const MAX_JUMP_MS = 60_000
const MAX_STEPS_PER_TICK = 2_000

const flushIo = () => new Promise<void>((r) => setImmediate(r))

export async function startTestCluster(opts: { speed?: 'instant' | number } = {}): Promise<TestCluster> {
  const clock = new SimClock()
  const cluster = createCluster({ clock, random: seededRandom(1) })
  const token = randomBytes(16).toString('hex')
  const commands: CommandRecord[] = []
  const api = await startApiServer({ cluster, token, port: 0, onCommand: (c) => commands.push(c), onActivity: () => driver?.noteActivity() })
  const home = mkdtempSync(join(tmpdir(), 'ordinal-test-'))
  const kubeconfig = join(home, '.kube', 'config')
  writeKubeconfig(kubeconfig, api.url, token)
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig, HOME: home, NO_COLOR: '1' }
  delete env.KUBERNETES_SERVICE_HOST
  delete env.KUBERNETES_SERVICE_PORT

  // 'instant' uses the app's own clock driver (quiet gate included: it holds still for a moment after each API
  // request, as in the app); a number advances sim time at that factor of real time; undefined = manual.
  let timer: NodeJS.Timeout | undefined
  let driver: ClockDriver | undefined
  function setSpeed(speed?: 'instant' | number): void {
    if (timer) clearInterval(timer)
    timer = undefined
    driver?.dispose()
    driver = undefined
    if (speed === 'instant') {
      driver = createClockDriver(clock, { speed: 'instant', instantHorizonMs: MAX_JUMP_MS, instantSliceSteps: MAX_STEPS_PER_TICK })
    } else if (typeof speed === 'number' && speed > 0) {
      let last = performance.now()
      timer = setInterval(() => {
        const t = performance.now()
        clock.advance((t - last) * speed)
        last = t
      }, 20)
    }
  }
  setSpeed(opts.speed)

  async function settle(ms = 0): Promise<void> {
    await flushIo()
    // Advance in slices so async work (promises, sockets) scheduled by one timer can run before the next.
    let left = Math.max(0, ms)
    do {
      const slice = Math.min(left, 1000)
      clock.advance(slice)
      left -= slice
      await flushIo()
    } while (left > 0)
    clock.advance(0)
    await flushIo()
  }

  let closed = false
  async function close(): Promise<void> {
    if (closed) return
    closed = true
    setSpeed(undefined)
    await api.close()
    cluster.dispose()
    rmSync(home, { recursive: true, force: true })
  }

  return { cluster, clock, api, url: api.url, token, kubeconfig, env, commands, setSpeed, settle, close }
}
