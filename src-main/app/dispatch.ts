// dispatch(name, arg): every request of shared/contract.ts, with its argument checked (the renderer is untrusted
// input, and browser mode receives it over a socket) and errors worded for the learner.
import type { Cluster } from '../cluster/cluster-types'
import type { OrdinalDb } from '../db'
import type { LessonService } from '../lessons'
import { REQUEST_NAMES, type AppSnapshot, type RequestName, type Requests } from '../shared/contract'
import type { LessonView, Locale } from '../shared/view-models'
import type { PtyHost } from '../terminal/pty-host'
import { isClockSpeed, type ClockDriver } from './clock-driver'
import type { ViewPublisher } from './view-publisher'

export interface DispatchDeps {
  version: string
  mode: 'electron' | 'web'
  apiUrl: string
  db: OrdinalDb
  cluster: Cluster
  clock: ClockDriver
  views: ViewPublisher
  lessons(): LessonService | null
  lessonsError(): string | null
  terminal(): PtyHost | null
  terminalError(): string | null
  locale: Locale
  onLessonOpened(view: LessonView, lessonId: string): void
  /** The whole current state, for a renderer that starts or reconnects. */
  snapshot(): AppSnapshot
  /** Type solution lines into the terminal, each after the previous command finished (see typist.ts). */
  typeLines(lines: string[]): void
}

type Handlers = { [K in RequestName]: (arg: Requests[K][0]) => Promise<Requests[K][1]> | Requests[K][1] }

function obj(arg: unknown, name: string): Record<string, unknown> {
  if (!arg || typeof arg !== 'object') throw new Error(`${name}: expected an object argument`)
  return arg as Record<string, unknown>
}
function str(arg: unknown, name: string, field: string): string {
  const v = obj(arg, name)[field]
  if (typeof v !== 'string' || !v) throw new Error(`${name}: "${field}" must be a non-empty string`)
  return v
}
function int(arg: unknown, name: string, field: string, min: number, max: number): number {
  const v = obj(arg, name)[field]
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Error(`${name}: "${field}" must be an integer from ${min} to ${max}`)
  return v
}

export function createDispatcher(d: DispatchDeps): (name: RequestName, arg: unknown) => Promise<unknown> {
  let locale = d.locale

  const lessons = (): LessonService => {
    const l = d.lessons()
    if (!l) throw new Error(`lessons are unavailable: ${d.lessonsError() ?? 'not loaded'}`)
    return l
  }
  const terminal = (): PtyHost => {
    const t = d.terminal()
    if (!t) throw new Error(`the terminal is unavailable: ${d.terminalError() ?? 'not started'}`)
    return t
  }

  const handlers: Handlers = {
    'app.info': () => ({ version: d.version, mode: d.mode, locale, apiUrl: d.apiUrl }),
    'app.snapshot': () => d.snapshot(),
    'app.setLocale': (arg) => {
      const l = str(arg, 'app.setLocale', 'locale')
      if (l !== 'zh-CN' && l !== 'en') throw new Error(`app.setLocale: unsupported locale "${l}" (zh-CN or en)`)
      locale = l
      d.db.settings.set('locale', l)
      d.lessons()?.setLocale(l)
    },
    'lessons.list': () => lessons().list(),
    'lessons.open': async (arg) => {
      const id = str(arg, 'lessons.open', 'id')
      const view = await lessons().open(id)
      d.onLessonOpened(view, id)
      return view
    },
    'lessons.showMe': (arg) => {
      const lessonId = str(arg, 'lessons.showMe', 'lessonId')
      const stepId = str(arg, 'lessons.showMe', 'stepId')
      terminal() // check before marking the step assisted
      const lines = lessons().showMe(lessonId, stepId)
      // Typed visibly and run, line by line, as if the learner typed them. The request returns at once; the typing
      // goes on at the terminal's pace.
      d.typeLines(lines)
    },
    'lessons.resetStep': (arg) => lessons().resetStep(str(arg, 'lessons.resetStep', 'lessonId'), str(arg, 'lessons.resetStep', 'stepId')),
    'lessons.goto': (arg) => lessons().goto(str(arg, 'lessons.goto', 'lessonId'), int(arg, 'lessons.goto', 'step', 0, 10_000)),
    'lessons.answer': (arg) =>
      lessons().answer(str(arg, 'lessons.answer', 'lessonId'), str(arg, 'lessons.answer', 'stepId'), str(arg, 'lessons.answer', 'choice')),
    'lessons.resetLesson': (arg) => lessons().resetLesson(str(arg, 'lessons.resetLesson', 'lessonId')),
    'lessons.exportProgress': () => {
      const data = lessons().exportProgress()
      const day = data.exportedAt.slice(0, 10)
      return { fileName: `ordinal-progress-${day}.json`, json: `${JSON.stringify(data, null, 2)}\n` }
    },
    'lessons.importProgress': (arg) => {
      const json = obj(arg, 'lessons.importProgress').json
      if (typeof json !== 'string') throw new Error('lessons.importProgress: "json" must be a string (the file\'s text)')
      return lessons().importProgress(json)
    },
    'clock.set': (arg) => {
      const speed = obj(arg, 'clock.set').speed
      if (!isClockSpeed(speed)) throw new Error(`clock.set: invalid speed ${JSON.stringify(speed)} (paused, 0.25, 1, 4, 20 or instant)`)
      const v = d.clock.setSpeed(speed)
      d.db.settings.set('speed', String(speed))
      return v
    },
    'clock.step': () => {
      const v = d.clock.step()
      d.views.invalidate()
      return v
    },
    'terminal.input': (arg) => {
      const data = obj(arg, 'terminal.input').data
      if (typeof data !== 'string') throw new Error('terminal.input: "data" must be a string')
      terminal().input(data)
    },
    'terminal.resize': (arg) => terminal().resize(int(arg, 'terminal.resize', 'cols', 2, 1000), int(arg, 'terminal.resize', 'rows', 2, 1000)),
    'terminal.ack': (arg) => terminal().ack(int(arg, 'terminal.ack', 'chars', 0, Number.MAX_SAFE_INTEGER)),
    'volumes.readFile': (arg) => {
      const volume = str(arg, 'volumes.readFile', 'volume')
      const path = str(arg, 'volumes.readFile', 'path')
      if (!d.cluster.volumes.has(volume)) throw new Error(`volume "${volume}" not found`)
      const f = d.cluster.volumes.read(volume, path)
      if (!f) throw new Error(`${path}: No such file or directory`)
      if (f.type === 'dir') throw new Error(`${path}: Is a directory`)
      return { content: f.data, size: Buffer.byteLength(f.data), mtimeMs: f.mtimeMs }
    },
  }

  return async (name, arg) => {
    if (!(REQUEST_NAMES as readonly string[]).includes(name) || !Object.hasOwn(handlers, name)) {
      throw new Error(`unknown request ${JSON.stringify(name)}`)
    }
    return (handlers[name] as (a: unknown) => unknown)(arg)
  }
}
