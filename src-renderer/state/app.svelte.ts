// The renderer's state root: snapshots pushed by main, UI state, and the actions the components call. Components
// never see the transport; every request goes through here so failures surface in one banner.
import { getContext, setContext } from 'svelte'
import type { AppSnapshot, OrdinalApi, RequestArg, RequestName, RequestResult } from '../../src-main/shared/contract'
import type { ClockSpeed, ClusterView, Locale } from '../../src-main/shared/view-models'
import type { RendererApi } from '../lib/api'
import { typedInput } from '../lib/commands'
import { stepNavigation } from '../lib/step-hold'
import { ClockState } from './clock.svelte'
import { ClusterState } from './cluster.svelte'
import { LessonState } from './lesson.svelte'
import { TerminalBridge } from './terminal.svelte'
import { UiState } from './ui.svelte'

export class AppState {
  readonly ui = new UiState()
  readonly lesson = new LessonState()
  readonly cluster = new ClusterState()
  readonly clock = new ClockState()
  readonly terminal = new TerminalBridge()
  connected = $state(true)
  ready = $state(false)
  error = $state<string | null>(null)
  /** The newest event, announced through the polite live region. */
  announcement = $state('')
  private readonly api: OrdinalApi
  private readonly unsubscribe: (() => void)[] = []

  constructor(transport: RendererApi) {
    this.api = transport.api
    const { api } = this
    this.unsubscribe.push(
      transport.onConnection((c) => {
        const regained = c && !this.connected
        this.connected = c
        // Events sent while we were away are lost: ask for the whole state again.
        if (regained && this.ready) void this.start()
      }),
      api.on('cluster.view', (v) => this.applyCluster(v, true)),
      api.on('clock.view', (v) => (this.clock.view = v)),
      api.on('lesson.view', (v) => {
        this.lesson.view = v
        this.ui.locale = v.locale
      }),
      api.on('terminal.output', (p) => this.terminal.write(p.data)),
      api.on('terminal.exit', (p) => (this.terminal.exitNotice = p.restarting ? p.code : null)),
    )
  }

  /** First load and every reconnect: the whole current state (nothing depends on having been subscribed before
   *  main sent an event: in Electron the window may load after the first events went out), then the lessons and
   *  the lesson in progress (the open one, else the first unfinished available one). */
  async start(): Promise<void> {
    const info = await this.call('app.info', undefined)
    if (info) this.ui.locale = info.locale
    const snap = await this.call('app.snapshot', undefined)
    if (snap) this.applySnapshot(snap)
    const list = await this.call('lessons.list', undefined)
    if (list) {
      this.lesson.summaries = list
      const next = list.find((l) => l.available && l.completedSteps < l.totalSteps) ?? list.find((l) => l.available)
      const id = this.lesson.view?.id ?? next?.id // keep the open lesson on a reconnect
      if (id) await this.openLesson(id)
    }
    this.ready = true
  }

  /** A snapshot replaces what we have: the terminal replay starts with a full reset, so output that also arrived as
   *  events is not drawn twice. */
  applySnapshot(snap: AppSnapshot): void {
    this.clock.view = snap.clock
    this.applyCluster(snap.cluster, false)
    if (snap.lesson) {
      this.lesson.view = snap.lesson
      this.ui.locale = snap.lesson.locale
    }
    if (snap.terminal !== null) this.terminal.write(snap.terminal)
  }

  private applyCluster(v: ClusterView, announce: boolean): void {
    const before = this.cluster.view?.events[0]
    this.cluster.update(v)
    const newest = v.events[0]
    if (announce && newest && (newest.reason !== before?.reason || newest.object !== before?.object || newest.count !== before?.count)) {
      this.announcement = this.ui.t.liveEvent(newest.object, newest.reason, newest.message)
    }
  }

  dispose(): void {
    for (const off of this.unsubscribe) off()
  }

  async openLesson(id: string): Promise<void> {
    const view = await this.call('lessons.open', { id })
    if (view) this.lesson.view = view
  }

  async setLocale(locale: Locale): Promise<void> {
    this.ui.locale = locale // UI strings switch at once; the lesson text follows from main
    await this.call('app.setLocale', { locale })
    const id = this.lesson.view?.id
    if (id) await this.openLesson(id)
  }

  async setSpeed(speed: ClockSpeed): Promise<void> {
    const v = await this.call('clock.set', { speed })
    if (v) this.clock.view = v
  }

  async stepClock(): Promise<void> {
    const v = await this.call('clock.step', undefined)
    if (v) this.clock.view = v
  }

  async gotoStep(step: number): Promise<void> {
    this.lesson.release() // the learner's own navigation ends any hold on a just-finished step
    const view = this.lesson.view
    if (!view) return
    const { review, goto } = stepNavigation(view, step)
    this.lesson.reviewing = review
    if (goto !== null) await this.call('lessons.goto', { lessonId: view.id, step: goto })
  }

  async showMe(): Promise<void> {
    const { view, step } = this.lesson
    if (view && step) await this.call('lessons.showMe', { lessonId: view.id, stepId: step.id })
    this.terminal.focus()
  }

  async resetStep(): Promise<void> {
    const { view, step } = this.lesson
    if (view && step) await this.call('lessons.resetStep', { lessonId: view.id, stepId: step.id })
  }

  /** A quiz prediction; main answers with the updated view (also pushed as lesson.view). */
  async answer(choice: string): Promise<void> {
    const { view, step } = this.lesson
    if (!view || !step) return
    const v = await this.call('lessons.answer', { lessonId: view.id, stepId: step.id, choice })
    if (v) this.lesson.view = v
  }

  async resetLesson(): Promise<void> {
    const id = this.lesson.view?.id
    if (id) await this.call('lessons.resetLesson', { lessonId: id })
  }

  /** The progress file's name and text (the caller saves it), or null after a failure (shown in the banner). */
  exportProgress(): Promise<RequestResult<'lessons.exportProgress'> | null> {
    return this.call('lessons.exportProgress', undefined)
  }

  /** Import a progress file's text: the outcome as a message; a refused file changes nothing. */
  async importProgress(json: string): Promise<{ ok: boolean; message: string }> {
    try {
      const r = await this.api.request('lessons.importProgress', { json })
      // A file for lessons that are not installed here (or an empty one) changed nothing: say so, as a problem.
      if (r.imported.length === 0) return { ok: false, message: this.ui.t.importNothing(r.skipped.join(', ')) }
      this.lesson.summaries = (await this.call('lessons.list', undefined)) ?? this.lesson.summaries
      return { ok: true, message: this.ui.t.importDone(r.imported.length, r.skipped.length) }
    } catch (e) {
      return { ok: false, message: this.ui.t.importFailed(e instanceof Error ? e.message : String(e)) }
    }
  }

  /** Types a command into the terminal without pressing Enter: the learner decides to run it. */
  async typeCommand(command: string): Promise<void> {
    this.terminal.focus()
    await this.call('terminal.input', { data: typedInput(command) })
  }

  sendInput(data: string): void {
    void this.call('terminal.input', { data })
  }

  ackOutput(chars: number): void {
    void this.call('terminal.ack', { chars })
  }

  private lastSize = ''
  resizeTerminal(cols: number, rows: number): void {
    const size = `${cols}x${rows}`
    if (size === this.lastSize) return // fit() and xterm's onResize both report the same change
    this.lastSize = size
    void this.call('terminal.resize', { cols, rows })
  }

  readFile(volume: string, path: string): Promise<RequestResult<'volumes.readFile'> | null> {
    return this.call('volumes.readFile', { volume, path })
  }

  /** Every request: a failure becomes the banner (never an unhandled rejection) and resolves to null. */
  private async call<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K> | null> {
    try {
      return await this.api.request(name, arg)
    } catch (e) {
      this.error = this.ui.t.requestFailed(name, e instanceof Error ? e.message : String(e))
      return null
    }
  }
}

const KEY = Symbol('ordinal.app')
export function provideApp(app: AppState): void {
  setContext(KEY, app)
}
export function useApp(): AppState {
  return getContext<AppState>(KEY)
}
