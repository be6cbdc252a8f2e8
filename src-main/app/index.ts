// The app service: everything the Electron shell (src-main/index.ts) and browser mode (cli/web.ts) host. It composes
// the cluster (restored from SQLite when there is one), persistence, the API server + kubeconfig, the clock driver,
// lessons, the terminal, and one dispatch() that implements every request of shared/contract.ts. Lessons or the
// pty being unavailable is reported through clear request errors (and lessonsError/terminalError), never a failed start.
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { ApiServer, CommandRecord } from '../apiserver/index'
import type { Cluster } from '../cluster/cluster-types'
import type { OrdinalDb, Persistence, WorkerSpec } from '../db'
import { createInProcessClient, createLessonService, loadLessons, type LessonService } from '../lessons'
import type { EventName, Events, RequestName } from '../shared/contract'
import type { ClockSpeed, Locale, VolumeView } from '../shared/view-models'
import type { PtyHost } from '../terminal/pty-host'
import { createScrollback } from '../terminal/scrollback'
import { defaultShellCommand, type ShellCommand } from '../terminal/shell-command'
import type { ClockDriver } from './clock-driver'
import { startCore } from './core'
import { createCheckpoints } from './checkpoints'
import { createDispatcher } from './dispatch'
import { sqliteCommandLog, sqliteProgressStore, storeApplier } from './lesson-stores'
import { createTypist } from './typist'
import { createViewPublisher, type ViewPublisher } from './view-publisher'

export const APP_VERSION = '0.1.0'
export { defaultShellCommand, type ShellCommand }

export interface AppOptions {
  dataDir: string
  lessonsDir: string
  /** Lesson workspaces (default <dataDir>/workspace). */
  workspaceRoot?: string
  speed?: ClockSpeed
  /** API server port (default 0: any free port). */
  port?: number
  mode?: 'electron' | 'web'
  locale?: Locale
  /** How to start the workstation shell; default: this Node + tsx + src-main/cli/shell.ts. `false`: no terminal. */
  shell?: ShellCommand | false
  /** The SQLite writer thread (core.ts, CoreOptions.persistWorker). */
  persistWorker?: WorkerSpec | false
}

export interface OrdinalApp {
  readonly cluster: Cluster
  readonly api: ApiServer
  readonly kubeconfig: string
  readonly db: OrdinalDb
  /** The cluster's mirror in SQLite (where it commits, what it costs the engine's thread). */
  readonly persistence: Persistence
  readonly clock: ClockDriver
  readonly lessons: LessonService | null
  readonly lessonsError: string | null
  readonly terminal: PtyHost | null
  readonly terminalError: string | null
  dispatch(name: RequestName, arg: unknown): Promise<unknown>
  /** Every app event (terminal output, views, clock, lesson); returns unsubscribe. */
  onEvent(cb: (name: EventName, payload: unknown) => void): () => void
  /** Flush SQLite, stop the terminal, API server, clock and cluster. */
  close(): Promise<void>
}

export async function createApp(opts: AppOptions): Promise<OrdinalApp> {
  const dataDir = resolve(opts.dataDir)
  mkdirSync(dataDir, { recursive: true })
  const workspaceRoot = resolve(opts.workspaceRoot ?? join(dataDir, 'workspace'))
  mkdirSync(workspaceRoot, { recursive: true })
  const listeners = new Set<(name: EventName, payload: unknown) => void>()
  const emit = <K extends EventName>(name: K, payload: Events[K]) => {
    for (const l of [...listeners]) {
      try {
        l(name, payload)
      } catch (err) {
        console.error('[ordinal] event listener failed:', err)
      }
    }
  }
  // Run in reverse on close. Everything after startCore reports its failures instead of throwing, so a started
  // core is never leaked by a half-built app.
  const cleanups: (() => unknown)[] = []

  // ── Storage, cluster, API server, clock ─────────────────────────────────────────────────────────────────
  let commandSink: ((rec: CommandRecord) => void) | null = null
  const core = await startCore({ dataDir, port: opts.port, speed: opts.speed, persistWorker: opts.persistWorker, onCommand: (rec) => commandSink?.(rec) })
  cleanups.push(() => core.close())
  const { db, dbFile, cluster, api, kubeconfig, clock } = core
  const clockThrottle = throttle(100, () => emit('clock.view', clock.view()))
  clock.onChange(clockThrottle.call)
  cleanups.push(() => clockThrottle.cancel())

  // ── Views ───────────────────────────────────────────────────────────────────────────────────────────────
  let savedHistory: Record<string, VolumeView['attachHistory']> = {}
  try {
    savedHistory = JSON.parse(db.settings.get('attachHistory') ?? '{}')
  } catch {
    /* a damaged value only loses the history */
  }
  const views: ViewPublisher = createViewPublisher(cluster, (v) => emit('cluster.view', v), { attachHistory: savedHistory })
  let savedVersion = -1 // save once even if nothing changes (vanished pods were closed at startup)
  const saveHistory = () => {
    if (views.tracker.version === savedVersion) return
    savedVersion = views.tracker.version
    db.settings.set('attachHistory', JSON.stringify(views.tracker.dump()))
  }
  const historySaver = setInterval(saveHistory, 5000)
  historySaver.unref()
  cleanups.push(() => {
    clearInterval(historySaver)
    saveHistory()
    views.dispose()
  })

  // ── Lessons ─────────────────────────────────────────────────────────────────────────────────────────────
  const savedLocale = db.settings.get('locale')
  const locale: Locale = opts.locale ?? (savedLocale === 'en' ? 'en' : 'zh-CN')
  const commands = sqliteCommandLog(db)
  commandSink = (rec) => commands.append(rec)
  let lessons: LessonService | null = null
  let lessonsError: string | null = null
  try {
    if (!existsSync(opts.lessonsDir)) throw new Error(`no lessons folder at ${opts.lessonsDir}`)
    const loaded = loadLessons(opts.lessonsDir)
    if (!loaded.length) throw new Error(`no lessons found in ${opts.lessonsDir}`)
    const client = createInProcessClient(cluster)
    cleanups.push(() => client.dispose())
    lessons = createLessonService({
      lessons: loaded,
      client,
      commands,
      progress: sqliteProgressStore(db),
      workspaceRoot,
      locale,
      audit: api,
      applier: storeApplier(cluster),
      checkpoints: createCheckpoints(cluster, db),
    })
    const svc = lessons
    cleanups.push(() => svc.dispose())
    svc.onChange((v) => emit('lesson.view', v))
  } catch (err) {
    lessonsError = (err as Error).message
    console.error(`[ordinal] lessons are unavailable: ${lessonsError}`)
  }

  // Start where the learner left off: the last lesson's workspace is the terminal's folder. A first start opens the
  // lesson the renderer will open anyway (the first unfinished one), so the shell starts in its folder instead of
  // being restarted there a moment later, while the learner may already be typing.
  let cwd = workspaceRoot
  const last = db.settings.get('lesson') ?? firstLesson(lessons)
  if (lessons && last) {
    try {
      cwd = (await lessons.open(last)).workspace
    } catch (err) {
      console.error(`[ordinal] could not reopen lesson ${last}: ${(err as Error).message}`)
    }
  }

  // ── Terminal ────────────────────────────────────────────────────────────────────────────────────────────
  let terminal: PtyHost | null = null
  let terminalError: string | null = null
  const scrollback = createScrollback()
  const typist = createTypist()
  cleanups.push(() => typist.dispose())
  // The learner's home (`~` in the prompt) is the workspace root; each lesson's folder is below it, and the shell
  // starts there (the pty's cwd): `learner@ordinal:~/lesson-1$`. HOME here is only the shell process's own (node
  // caches); inside the shell, HOME is the workspace root.
  const shellEnv = () => ({
    KUBECONFIG: kubeconfig,
    ORDINAL_WORKSPACE: workspaceRoot,
    ORDINAL_DB: dbFile,
    HOME: join(dataDir, 'home'),
  })
  if (opts.shell === false) {
    terminalError = 'the terminal is disabled'
  } else {
    const cmd = opts.shell ?? defaultShellCommand()
    try {
      // The entry script is the last plain path argument (loader URLs such as file:///…/tsx are not it).
      const script = cmd.args.filter((a) => !a.includes('://') && /\.(ts|js|mjs|cjs)$/.test(a)).at(-1)
      if (script && !existsSync(script)) throw new Error(`the workstation shell program is missing: ${script}`)
      mkdirSync(join(dataDir, 'home'), { recursive: true })
      const { startPtyHost } = await import('../terminal/pty-host')
      terminal = startPtyHost({
        file: cmd.file,
        args: cmd.args,
        cwd,
        env: { ...cmd.env, ...shellEnv() },
        onOutput: (data) => {
          scrollback.push(data)
          typist.output(data)
          emit('terminal.output', { data })
        },
        onExit: (e) => emit('terminal.exit', e),
      })
      const t = terminal
      cleanups.push(() => t.close())
    } catch (err) {
      terminalError = (err as Error).message
      console.error(`[ordinal] the terminal is unavailable: ${terminalError}`)
    }
  }

  const dispatch = createDispatcher({
    version: APP_VERSION,
    mode: opts.mode ?? 'web',
    apiUrl: api.url,
    db,
    cluster,
    clock,
    views,
    lessons: () => lessons,
    lessonsError: () => lessonsError,
    terminal: () => terminal,
    terminalError: () => terminalError,
    locale,
    onLessonOpened(view, lessonId) {
      db.settings.set('lesson', lessonId)
      // A lesson has its own workspace: give it a fresh shell there (history lives in SQLite, so it carries over).
      if (terminal && view.workspace !== cwd) {
        cwd = view.workspace
        terminal.restart({ cwd, env: shellEnv() })
      }
    },
    snapshot: () => ({
      clock: clock.view(),
      cluster: views.current(),
      lesson: lessons?.view() ?? null,
      terminal: terminal ? scrollback.replay() : null,
    }),
    typeLines(lines) {
      const t = terminal
      if (!t) return
      typist.type(lines, (data) => t.input(data)).catch((err) => console.error('[ordinal] Show me stopped typing:', err))
    },
  })

  let closing: Promise<void> | null = null
  return {
    cluster,
    api,
    kubeconfig,
    db,
    persistence: core.persistence,
    clock,
    get lessons() {
      return lessons
    },
    lessonsError,
    get terminal() {
      return terminal
    },
    terminalError,
    dispatch,
    onEvent(cb) {
      listeners.add(cb)
      // A new subscriber (a browser tab connecting, a window loading) gets the current state at once instead of
      // waiting for the next change.
      setImmediate(() => {
        if (!listeners.has(cb)) return
        try {
          cb('clock.view', clock.view())
          cb('cluster.view', views.current())
          if (terminal) cb('terminal.output', { data: scrollback.replay() })
          const lv = lessons?.view()
          if (lv) cb('lesson.view', lv)
        } catch (err) {
          console.error('[ordinal] initial state for a new subscriber failed:', err)
        }
      })
      return () => {
        listeners.delete(cb)
      }
    },
    close() {
      closing ??= (async () => {
        listeners.clear()
        for (const c of cleanups.reverse()) {
          try {
            await c()
          } catch (err) {
            console.error('[ordinal] while closing:', err)
          }
        }
      })()
      return closing
    },
  }
}

/** The lesson a first start opens: the first available one (the renderer picks the same when nothing is done). */
function firstLesson(lessons: LessonService | null): string | null {
  if (!lessons) return null
  try {
    return lessons.list().find((l) => l.available)?.id ?? null
  } catch {
    return null
  }
}

/** At most one call per `ms`, always delivering the latest (trailing edge). */
function throttle(ms: number, fn: () => void): { call(): void; cancel(): void } {
  let last = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  return {
    call() {
      if (timer) return
      const wait = Math.max(0, ms - (performance.now() - last))
      timer = setTimeout(() => {
        timer = null
        last = performance.now()
        fn()
      }, wait)
    },
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}

