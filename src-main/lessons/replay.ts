// `lessons test`: prove every lesson by typing into a real workstation session (our shell + our kubectl) against a
// real API server over a simulated cluster, exactly what a learner's terminal does. For each step:
//   1. at the step's start the step is not done (some check is not passed);
//   2. the reference solution completes it, at `instant` speed and at 1× on a manually advanced clock;
//   3. each wrong attempt (typed from the step's start, at instant speed) leaves at least one check unpassed.
// `#answer ID` lines are quiz picks (made through the service, as the panel does; never typed). A quiz solution's pick
// must be what the cluster then did. A sandbox lesson only has to open.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startApiServer, writeKubeconfig, type ApiServer } from '../apiserver/index'
import { SimClock, seededRandom } from '../cluster/clock'
import type { Cluster } from '../cluster/cluster-types'
import { createCluster } from '../cluster/index'
import { createWorkspaceFs } from '../shell/workstation/node-fs'
import { kubectlBuiltin } from '../shell/workstation/node-kubectl'
import { WorkstationSession } from '../shell/workstation/session'
import type { LessonView } from '../shared/view-models'
import { storeApplier } from './applier'
import { createInProcessClient } from './cluster-client'
import { loadLessons, type AvailableLesson } from './loader'
import { createMemoryCommandLog, createMemoryProgressStore } from './progress'
import { answerOf } from './schema'
import { createLessonService, type LessonService } from './service'

export type ReplaySpeed = 'instant' | 1

export interface ReplayFailure {
  lesson: string
  step: string
  speed: ReplaySpeed
  what: string
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')

/** One learner: cluster, API server, workstation session and lesson service, driven by a sim clock. */
export class ReplayEnv {
  readonly clock = new SimClock()
  cluster!: Cluster
  api!: ApiServer
  session!: WorkstationSession
  service!: LessonService
  transcript = ''
  /** What happened to each `#answer` line. */
  answers: string[] = []
  /** The last line typed (or picked), to say after which line a check turned ✗. */
  lastLine = ''
  private root = ''
  /** Transcript length just after the last line was typed: output since then is that line's. */
  private sentAt = 0
  /** The last line typed went to a running interactive command (not to the shell's prompt). */
  private sentToCommand = false

  constructor(
    private readonly lesson: AvailableLesson,
    readonly speed: ReplaySpeed,
  ) {}

  async start(): Promise<LessonView> {
    this.cluster = createCluster({ clock: this.clock, random: seededRandom(7) })
    const token = `replay-${Math.random().toString(36).slice(2)}`
    const commands = createMemoryCommandLog()
    this.api = await startApiServer({ cluster: this.cluster, token, port: 0, onCommand: (c) => commands.append(c) })
    this.root = realpathSync(mkdtempSync(join(tmpdir(), 'ordinal-replay-')))
    const kubeconfig = join(this.root, '.kube', 'config')
    writeKubeconfig(kubeconfig, this.api.url, token)
    this.service = createLessonService({
      lessons: [this.lesson],
      client: createInProcessClient(this.cluster),
      commands,
      progress: createMemoryProgressStore(),
      workspaceRoot: this.root,
      locale: 'en',
      audit: this.api,
      applier: storeApplier(this.cluster),
      debounceMs: 5,
    })
    const view = await this.service.open(this.lesson.id)
    const fs = createWorkspaceFs(this.root)
    this.session = new WorkstationSession({
      fs,
      home: this.root,
      cwd: view.workspace,
      env: { KUBECONFIG: kubeconfig, LANG: 'C.UTF-8' },
      write: (s) => (this.transcript += s),
      onCommand: (rec) => commands.append(rec),
      extraBuiltins: [kubectlBuiltin],
      now: () => this.clock.now(),
    })
    this.session.start()
    return view
  }

  /** One step of the clock driver: jump to what happens next (instant) or advance 250 ms of sim time (1×). */
  async tick(): Promise<void> {
    if (this.speed === 'instant') {
      const limit = this.clock.now() + 60_000
      let fired = 0
      for (; fired < 2000; fired++) {
        const at = this.clock.nextAt()
        if (at === undefined || at > limit) break
        this.clock.step()
      }
      // Nothing due: time still passes (a budget in sim time must run out even on an idle cluster).
      if (fired === 0) this.clock.advance(5_000)
    } else this.clock.advance(250)
    await realSleep(2)
  }

  /** Run the clock until the terminal has been quiet for a while (in real and in sim time). */
  async quiet(opts: { realMs?: number; simMs?: number; maxRealMs?: number } = {}): Promise<void> {
    const realMs = opts.realMs ?? 120
    const simMs = opts.simMs ?? 15_000
    const deadline = Date.now() + (opts.maxRealMs ?? 20_000)
    let len = this.transcript.length
    let sinceReal = Date.now()
    let sinceSim = this.clock.now()
    while (Date.now() < deadline) {
      await this.tick()
      if (this.transcript.length !== len) {
        len = this.transcript.length
        sinceReal = Date.now()
        sinceSim = this.clock.now()
        continue
      }
      const simIdle = this.clock.nextAt() === undefined || this.clock.now() - sinceSim >= simMs
      if (Date.now() - sinceReal >= realMs && simIdle) return
    }
  }

  /** Drive the clock until `cond()` holds or the real-time budget runs out (a watch that never ends must not hang).
   *  No sim-time budget: at instant speed sim time races ahead while a command waits on real time (`sleep`). */
  private async waitFor(cond: () => boolean, maxRealMs = 30_000): Promise<boolean> {
    const realEnd = Date.now() + maxRealMs
    while (!cond()) {
      if (Date.now() >= realEnd) return false
      await this.tick()
    }
    return true
  }

  /** Wait, on the session's real state rather than on a fixed pause, until a learner would type `line`:
   *  - `^C`: once the running command has printed something and gone quiet (or it already ended);
   *  - a line for a running interactive command (a container shell after `kubectl run -i --tty … /bin/sh`, `cat`):
   *    once it has answered the previous line (in raw mode, with a new prompt) and gone quiet;
   *  - anything else is for the shell: once the previous command has ended and the prompt is back, and quiet.
   *  A command still starting (`kubectl run -it` waiting for its pod) counts as running, not interactive, yet. */
  private async readyFor(line: string): Promise<void> {
    const s = this.session
    const since = () => stripAnsi(this.transcript.slice(this.sentAt))
    if (line === '^C') {
      await this.waitFor(() => !s.busy || since().trim() !== '')
      return this.quiet()
    }
    await this.waitFor(() => !s.busy || s.interactive)
    if (s.busy && s.rawMode && this.sentToCommand) {
      // A line already went to this container shell: wait for its answer and the next prompt. (The first line after
      // `kubectl run -it` needs no prompt: like the real kubectl, the one printed before the attach is not shown.)
      // The line's own echo comes back from the container too, so the prompt must end the new output.
      await this.waitFor(() => !s.busy || (since().trim() !== '' && /[#$>] $/.test(since())), 15_000)
    }
    return this.quiet()
  }

  /** Type lines as a learner would; `^C` interrupts the running command; `#answer ID` clicks a quiz choice in the
   *  panel instead (never typed: the terminal does not see it). */
  async type(lines: string[]): Promise<void> {
    for (const line of lines) {
      const pick = answerOf(line)
      await this.readyFor(pick !== null ? '' : line)
      this.lastLine = line
      if (pick !== null) {
        await this.pick(pick)
        continue
      }
      this.sentToCommand = this.session.busy
      this.session.feed(line === '^C' ? '\x03' : `${line}\r`)
      this.sentAt = this.transcript.length
    }
    await this.readyFor('')
  }

  /** The learner picks `choice` in the current (quiz) step; a refusal is kept in `answers` like the panel shows it. */
  async pick(choice: string): Promise<void> {
    const v = (await this.service.evaluate()) ?? this.service.view()
    const step = v?.steps[v.currentStep]
    try {
      if (!step) throw new Error('no current step')
      await this.service.answer(this.lesson.id, step.id, choice)
      this.answers.push(`#answer ${choice}: ok`)
    } catch (e) {
      this.answers.push(`#answer ${choice}: ${(e as Error).message}`)
    }
  }

  /** Drive the clock until `pred(view)` or the sim/real budget runs out. */
  async until(pred: (v: LessonView) => boolean, simBudgetMs = 300_000): Promise<LessonView> {
    const end = this.clock.now() + simBudgetMs
    const realEnd = Date.now() + 30_000
    let v = (await this.service.evaluate())!
    while (!pred(v) && this.clock.now() < end && Date.now() < realEnd) {
      for (let i = 0; i < 5; i++) await this.tick()
      v = (await this.service.evaluate())!
    }
    return v
  }

  tail(lines = 25): string {
    return stripAnsi(this.transcript).split('\n').slice(-lines).join('\n')
  }

  async close(): Promise<void> {
    this.service?.dispose()
    if (this.session?.busy) this.session.feed('\x03')
    await this.api?.close()
    this.cluster?.dispose()
    if (this.root) rmSync(this.root, { recursive: true, force: true })
  }
}

function notPassed(v: LessonView, i: number): string {
  return v.steps[i].checks
    .filter((c) => c.state !== 'passed')
    .map((c) => `  ✗ ${c.id} (${c.state})${c.explanation ? `: ${c.explanation}` : ''}`)
    .join('\n')
}

/** Replay one lesson at one speed (solutions), plus its wrong attempts (at instant speed, when speed is instant). */
export async function testLesson(lesson: AvailableLesson, speed: ReplaySpeed, log: (s: string) => void = () => {}): Promise<ReplayFailure[]> {
  const failures: ReplayFailure[] = []
  const fail = (step: string, what: string) => {
    failures.push({ lesson: lesson.id, step, speed, what })
    log(`  FAIL ${step} [${speed}]: ${what}`)
  }
  const steps = lesson.def.steps
  if (lesson.def.sandbox) {
    // Nothing to prove but that it opens (its setup applies and its workspace is made).
    const env = new ReplayEnv(lesson, speed)
    try {
      const v = await env.start()
      if (!v.sandbox) fail('-', 'the sandbox lesson did not open as a sandbox')
      else log(`  ok   sandbox opens [${speed}]`)
    } catch (e) {
      fail('-', `the sandbox lesson does not open: ${(e as Error).message}`)
    } finally {
      await env.close()
    }
    return failures
  }
  const env = new ReplayEnv(lesson, speed)
  try {
    let v: LessonView
    try {
      v = await env.start()
    } catch (e) {
      fail('-', `the lesson does not open: ${(e as Error).message}`)
      return failures
    }
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]
      v = (await env.service.evaluate())!
      if (v.currentStep > i) {
        // It completed by itself before anything was typed: its checks pass at its start.
        fail(step.id, 'every check already passes at the start of the step')
        break
      }
      if (v.currentStep !== i) {
        fail(step.id, `expected to be at step ${i} before its solution, at ${v.currentStep}`)
        break
      }
      if (v.steps[i].checks.every((c) => c.state === 'passed') || v.steps[i].done) fail(step.id, 'every check already passes at the start of the step')
      // ✗ means the learner did something that contradicts the task: following the reference solution never may
      // show one, not even halfway (an intermediate state of the expected path is "not yet", not "wrong").
      const contradicted = new Map<string, string>()
      env.lastLine = ''
      const stop = env.service.onChange((x) => {
        if (x.currentStep !== i) return
        for (const c of x.steps[i].checks)
          if (c.contradicted && !contradicted.has(c.id)) contradicted.set(c.id, `✗ ${c.id} after \`${env.lastLine || '(nothing typed yet)'}\`: ${c.explanation ?? ''}`)
      })
      try {
        await env.type(step.solution)
        v = await env.until((x) => x.currentStep > i)
      } finally {
        stop()
      }
      if (contradicted.size) fail(step.id, `the reference solution shows a check contradicted on its way:\n  ${[...contradicted.values()].join('\n  ')}`)
      if (v.currentStep <= i) {
        const picks = env.answers.length ? `\n--- answers ---\n${env.answers.join('\n')}` : ''
        fail(step.id, `the solution did not complete the step:\n${notPassed(v, i)}${picks}\n--- terminal ---\n${env.tail()}`)
        break
      }
      const quiz = v.steps[i].quiz
      if (quiz && quiz.correct !== true) {
        fail(step.id, `the solution's prediction ${quiz.picked ?? '(none)'} is not what the cluster did (${quiz.observed ?? 'nothing observed'})`)
        break
      }
      log(`  ok   ${step.id} [${speed}] solution`)
    }
  } finally {
    await env.close()
  }
  if (speed !== 'instant') return failures

  for (let i = 0; i < steps.length; i++) {
    for (const [k, attempt] of steps[i].wrongAttempts.entries()) {
      const w = new ReplayEnv(lesson, 'instant')
      try {
        await w.start()
        for (let j = 0; j < i; j++) {
          await w.type(steps[j].solution)
          await w.until((x) => x.currentStep > j)
        }
        let v = (await w.service.evaluate())!
        if (v.currentStep !== i) {
          fail(steps[i].id, `wrong attempt ${k + 1}: could not reach the step (at ${v.currentStep})`)
          continue
        }
        await w.type(attempt)
        // Give the cluster time to converge: a wrong attempt must fail for good, not just for now.
        v = await w.until((x) => x.currentStep > i, 120_000)
        if (v.currentStep > i) fail(steps[i].id, `wrong attempt ${k + 1} completed the step: ${attempt.join(' ⏎ ')}\n--- terminal ---\n${w.tail()}`)
        else log(`  ok   ${steps[i].id} wrong attempt ${k + 1} fails:\n${notPassed(v, i)}`)
      } finally {
        await w.close()
      }
    }
  }
  return failures
}

export async function testLessons(
  dir: string,
  opts: { only?: string[]; speeds?: ReplaySpeed[]; log?: (s: string) => void } = {},
): Promise<{ failures: ReplayFailure[] }> {
  const log = opts.log ?? (() => {})
  const failures: ReplayFailure[] = []
  for (const l of loadLessons(dir)) {
    if (!l.available) {
      failures.push({ lesson: l.id, step: '-', speed: 'instant', what: l.error })
      continue
    }
    if (opts.only?.length && !opts.only.includes(l.id) && !opts.only.includes(l.dirName)) continue
    for (const speed of opts.speeds ?? ['instant', 1]) {
      log(`${l.dirName} [${speed}]`)
      failures.push(...(await testLesson(l, speed, log)))
    }
  }
  return { failures }
}
