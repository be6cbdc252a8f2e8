// The lesson requests added for quizzes, sandboxes and progress files, through createApp's dispatch with the real
// cluster (instant clock), SQLite progress and the fixture lessons; and a broken lesson listed as unavailable.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type OrdinalApp } from '../../src-main/app/index'
import type { LessonSummary, LessonView } from '../../src-main/shared/view-models'

const FIXTURES = join(import.meta.dirname, '..', 'lessons', 'fixtures', 'engine')

async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v)) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('lesson requests: quiz, sandbox reset, progress files, broken lessons', () => {
  let dir: string
  let app: OrdinalApp
  let lesson: LessonView | null = null
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-applio-'))
    const lessons = join(dir, 'lessons')
    cpSync(FIXTURES, lessons, { recursive: true })
    // A broken lesson next to good ones: listed as unavailable with file:line: reason, the others still work.
    cpSync(join(FIXTURES, '01-names'), join(lessons, '04-broken'), { recursive: true })
    writeFileSync(join(lessons, '04-broken', 'lesson.yaml'), 'id: broken\nlocales: [zh-CN, en]\nsteps:\n  - id: a\n    checks: [{ id: x, stat: {} }]\n')
    app = await createApp({ dataDir: join(dir, 'data'), lessonsDir: lessons, speed: 'instant', locale: 'en', shell: false })
    app.onEvent((name, p: any) => {
      if (name === 'lesson.view') lesson = p
    })
  })
  afterAll(async () => {
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('lists a broken lesson as unavailable with file, line and reason; opening it is a clear error', async () => {
    const list = (await app.dispatch('lessons.list', undefined)) as LessonSummary[]
    expect(list.map((l) => [l.id, l.available])).toEqual([
      ['names', true],
      ['quiz', true],
      ['sandbox', true],
      ['04-broken', false],
    ])
    expect(list[3].error).toBe('lessons/04-broken/lesson.yaml:5: steps[0].checks[0]: unknown field "stat"')
    await expect(app.dispatch('lessons.open', { id: '04-broken' })).rejects.toThrow(/^lesson "04-broken" is unavailable: lessons\/04-broken\/lesson\.yaml:5:/)
  })

  it('lessons.answer: a prediction, then the cluster answers', async () => {
    await app.dispatch('lessons.open', { id: 'quiz' })
    // The setup's StatefulSet settles first (2 pods), as a learner would see before predicting.
    await until(() => app.cluster.store.list({ group: '', version: 'v1', resource: 'pods' }, { namespace: 'default', labelSelector: 'app=web' }).items.length, (n) => n === 2, 'web-0 and web-1')
    await new Promise((r) => setTimeout(r, 200))
    await expect(app.dispatch('lessons.answer', { lessonId: 'quiz', stepId: 'next-pod' })).rejects.toThrow('lessons.answer: "choice" must be a non-empty string')
    await expect(app.dispatch('lessons.answer', { lessonId: 'quiz', stepId: 'next-pod', choice: 'web-9' })).rejects.toThrow('"web-9" is not a choice of step "next-pod"')
    const v = (await app.dispatch('lessons.answer', { lessonId: 'quiz', stepId: 'next-pod', choice: 'web-2' })) as LessonView
    expect(v.steps[0].quiz!.picked).toBe('web-2')
    const sts = app.cluster.store.get({ group: 'apps', version: 'v1', resource: 'statefulsets' }, 'default', 'web')
    app.cluster.store.update({ group: 'apps', version: 'v1', resource: 'statefulsets' }, 'default', 'web', { ...sts, spec: { ...sts.spec, replicas: 4 } })
    const done = await until(() => lesson, (l) => !!l && l.currentStep === 1, 'the quiz step to pass')
    expect(done!.steps[0].quiz).toMatchObject({ observed: 'web-2', correct: true, locked: true })
  })

  it('lessons.exportProgress / importProgress: a file, a refused bad file, progress kept', async () => {
    const file = (await app.dispatch('lessons.exportProgress', undefined)) as { fileName: string; json: string }
    expect(file.fileName).toMatch(/^ordinal-progress-\d{4}-\d{2}-\d{2}\.json$/)
    expect(JSON.parse(file.json).lessons.quiz.steps['next-pod']).toMatchObject({ done: true, answer: 'web-2', observed: 'web-2' })
    await expect(app.dispatch('lessons.importProgress', { json: 42 })).rejects.toThrow('lessons.importProgress: "json" must be a string')
    await expect(app.dispatch('lessons.importProgress', { json: '{"format":"ordinal-progress","version":1}' })).rejects.toThrow(/^progress file: exportedAt: /)
    // Still there after the refused files (and in SQLite).
    const again = (await app.dispatch('lessons.exportProgress', undefined)) as { json: string }
    expect(JSON.parse(again.json).lessons.quiz).toEqual(JSON.parse(file.json).lessons.quiz)
    expect(await app.dispatch('lessons.importProgress', { json: file.json })).toEqual({ imported: Object.keys(JSON.parse(file.json).lessons), skipped: [] })
  })

  it('lessons.resetLesson: the sandbox comes back as it started (cluster and workspace)', async () => {
    const v = (await app.dispatch('lessons.open', { id: 'sandbox' })) as LessonView
    expect(v.sandbox).toBe(true)
    const cm = { group: '', version: 'v1', resource: 'configmaps' }
    app.cluster.store.create(cm, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine' }, data: { a: '1' } })
    writeFileSync(join(v.workspace, 'notes.txt'), 'scribbles')
    await expect(app.dispatch('lessons.resetLesson', {})).rejects.toThrow('lessons.resetLesson: "lessonId" must be a non-empty string')
    await app.dispatch('lessons.resetLesson', { lessonId: 'sandbox' })
    expect(readFileSync(join(v.workspace, 'notes.txt'), 'utf8')).toBe('some notes\n')
    await until(() => app.cluster.store.list(cm, { namespace: 'default' }).items.map((o) => o.metadata.name), (names) => !names.includes('mine'), 'the ConfigMap made after the start to go')
  })
})
