// The one typed contract between main and renderer. Electron carries it over IPC (preload exposes narrow
// functions), browser mode over a loopback WebSocket; both use these maps. No node, no DOM.
import type { ClockSpeed, ClockView, ClusterView, LessonSummary, LessonView, Locale } from './view-models'

/** Everything the window draws, at one moment: what a renderer asks for when it starts or reconnects, so nothing it
 *  shows depends on having been subscribed before an event was sent. */
export interface AppSnapshot {
  clock: ClockView
  cluster: ClusterView
  /** The open lesson, if any (null until one is opened, or when lessons are unavailable). */
  lesson: LessonView | null
  /** The terminal's recent screen, starting with a full reset (ESC c); null when there is no terminal. */
  terminal: string | null
}

/** Request name → [argument, result]. Every request is async; there is no sendSync. */
export interface Requests {
  'app.info': [void, { version: string; mode: 'electron' | 'web'; locale: Locale; apiUrl: string }]
  'app.snapshot': [void, AppSnapshot]
  'app.setLocale': [{ locale: Locale }, void]
  'lessons.list': [void, LessonSummary[]]
  'lessons.open': [{ id: string }, LessonView]
  'lessons.showMe': [{ lessonId: string; stepId: string }, void]
  'lessons.resetStep': [{ lessonId: string; stepId: string }, void]
  'lessons.goto': [{ lessonId: string; step: number }, void]
  /** A quiz step's prediction (a choice id); refused once the cluster has answered. */
  'lessons.answer': [{ lessonId: string; stepId: string; choice: string }, LessonView]
  /** Back to the lesson's start: cluster, workspace files and progress (the sandbox's "Reset"). */
  'lessons.resetLesson': [{ lessonId: string }, void]
  /** Every lesson's progress as a JSON file's text (and a file name to save it under). */
  'lessons.exportProgress': [void, { fileName: string; json: string }]
  /** A progress file's text; validated whole, nothing changes on error. */
  'lessons.importProgress': [{ json: string }, { imported: string[]; skipped: string[] }]
  'clock.set': [{ speed: ClockSpeed }, ClockView]
  'clock.step': [void, ClockView]
  'terminal.input': [{ data: string }, void]
  'terminal.resize': [{ cols: number; rows: number }, void]
  /** Flow control: the renderer has drawn `chars` more characters of terminal.output (optional; see terminal/pty-host). */
  'terminal.ack': [{ chars: number }, void]
  'volumes.readFile': [{ volume: string; path: string }, { content: string; size: number; mtimeMs: number }]
}

/** Event name → payload, pushed from main. */
export interface Events {
  'terminal.output': { data: string }
  'terminal.exit': { code: number; restarting: boolean }
  'cluster.view': ClusterView
  'clock.view': ClockView
  'lesson.view': LessonView
}

export type RequestName = keyof Requests
export type RequestArg<K extends RequestName> = Requests[K][0]
export type RequestResult<K extends RequestName> = Requests[K][1]
export type EventName = keyof Events

/** What the renderer gets (window.ordinal in Electron, a WebSocket client in the browser). */
export interface OrdinalApi {
  request<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>>
  on<K extends EventName>(name: K, cb: (payload: Events[K]) => void): () => void
}

/** Wire frames for the WebSocket transport (and the shape of IPC messages). */
export type Frame =
  | { t: 'req'; id: number; name: RequestName; arg: unknown }
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: string }
  | { t: 'evt'; name: EventName; payload: unknown }

export const REQUEST_NAMES: readonly RequestName[] = [
  'app.info',
  'app.snapshot',
  'app.setLocale',
  'lessons.list',
  'lessons.open',
  'lessons.showMe',
  'lessons.resetStep',
  'lessons.goto',
  'lessons.answer',
  'lessons.resetLesson',
  'lessons.exportProgress',
  'lessons.importProgress',
  'clock.set',
  'clock.step',
  'terminal.input',
  'terminal.resize',
  'terminal.ack',
  'volumes.readFile',
]
