// Progress export / import (a JSON file), and the sandbox lesson's reset, in the lesson service.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLessonService, loadLessons } from '../../src-main/lessons'
import { createMemoryCommandLog, createMemoryProgressStore } from '../../src-main/lessons/progress'
import { BASICS_DIR, FakeClient, FIXTURES_DIR } from './helpers'

const lessons = [...loadLessons(BASICS_DIR), ...loadLessons(join(FIXTURES_DIR, 'engine'))]

function setup() {
  const client = new FakeClient()
  const progress = createMemoryProgressStore()
  const saved: string[] = []
  const restored: string[] = []
  const workspaceRoot = mkdtempSync(join(tmpdir(), 'ordinal-pf-'))
  const service = createLessonService({
    lessons,
    client,
    commands: createMemoryCommandLog(),
    progress,
    workspaceRoot,
    locale: 'en',
    applier: { apply: async () => {} },
    checkpoints: { save: (k) => void saved.push(k), restore: (k) => void restored.push(k), has: (k) => saved.includes(k) },
    debounceMs: 5,
  })
  return { client, progress, service, saved, restored, workspaceRoot }
}
const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'nginx' } } }
const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { serviceName: 'nginx', replicas: 2, volumeClaimTemplates: [{ metadata: { name: 'www' } }] } }

describe('progress export / import', () => {
  it('round-trips: the exported file restores the progress on another install', async () => {
    const a = setup()
    await a.service.open('statefulset-basics')
    a.client.put(svc)
    a.client.put(sts)
    await new Promise((r) => setTimeout(r, 40))
    expect(a.service.view()!.currentStep).toBe(1)
    const file = JSON.stringify(a.service.exportProgress())
    expect(JSON.parse(file)).toMatchObject({ format: 'ordinal-progress', version: 1, lessons: { 'statefulset-basics': { currentStep: 1 } } })

    const b = setup()
    await b.service.open('statefulset-basics')
    const res = await b.service.importProgress(file)
    expect(res).toEqual({ imported: ['statefulset-basics'], skipped: [] })
    const v = b.service.view()!
    expect(v.currentStep).toBe(1)
    expect(v.steps[0].done).toBe(true)
    expect(b.service.list().find((l) => l.id === 'statefulset-basics')!.completedSteps).toBe(1)
  })

  it('a finished quiz keeps its pick and answer; an open or late one does not carry over', async () => {
    const a = setup()
    await a.service.open('quiz')
    await a.service.answer('quiz', 'next-pod', 'web-2')
    a.client.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-2', namespace: 'default', labels: { app: 'web' } }, spec: {}, status: {} })
    await new Promise((r) => setTimeout(r, 40))
    const p = structuredClone(a.progress.data.get('quiz')!)
    p.steps.claims = { done: false, assisted: false, passed: [], late: true, answer: 'kept', answerAt: 3 }
    const file = JSON.stringify({ ...a.service.exportProgress(), lessons: { quiz: p } })
    const b = setup()
    expect(await b.service.importProgress(file)).toEqual({ imported: ['quiz'], skipped: [] })
    expect(b.progress.data.get('quiz')!.steps).toEqual({
      'next-pod': { done: true, assisted: false, passed: ['quiz-prediction', 'quiz-observation'], answer: 'web-2', observed: 'web-2' },
      claims: { done: false, assisted: false, passed: [] },
    })
  })

  it("an unfinished step's passed checks do not carry over (they were about the other cluster)", async () => {
    const b = setup()
    const file = {
      format: 'ordinal-progress',
      version: 1,
      exportedAt: '2026-01-01T00:00:00Z',
      lessons: {
        'statefulset-basics': {
          currentStep: 1,
          steps: { create: { done: true, assisted: false, passed: ['headless-service', 'statefulset-created'] }, headless: { done: false, assisted: true, passed: ['still-headless'] } },
          stepStart: { command: 0, audit: 0, factSeq: 0 },
          setupDone: true,
        },
      },
    }
    expect(await b.service.importProgress(JSON.stringify(file))).toEqual({ imported: ['statefulset-basics'], skipped: [] })
    expect(b.progress.data.get('statefulset-basics')!.steps).toEqual({
      create: { done: true, assisted: false, passed: ['headless-service', 'statefulset-created'] },
      headless: { done: false, assisted: true, passed: [] },
    })
  })

  it('a lesson not installed here is skipped; unknown steps and checks are dropped', async () => {
    const b = setup()
    const file = {
      format: 'ordinal-progress',
      version: 1,
      exportedAt: '2026-01-01T00:00:00Z',
      lessons: {
        'no-such-lesson': { currentStep: 0, steps: {}, stepStart: { command: 0, audit: 0, factSeq: 0 }, setupDone: true },
        'statefulset-basics': {
          currentStep: 99,
          steps: { create: { done: true, assisted: false, passed: ['headless-service', 'bogus'] }, ghost: { done: true, assisted: false, passed: [] } },
          stepStart: { command: 5, audit: 5, factSeq: 5 },
          setupDone: true,
        },
      },
    }
    expect(await b.service.importProgress(JSON.stringify(file))).toEqual({ imported: ['statefulset-basics'], skipped: ['no-such-lesson'] })
    const p = b.progress.data.get('statefulset-basics')!
    const basics = lessons[0]
    expect(p.currentStep).toBe(basics.available ? basics.def.steps.length : -1) // clamped to "complete"
    expect(p.steps).toEqual({ create: { done: true, assisted: false, passed: ['headless-service'] } })
    expect(p.setupDone).toBe(false) // this machine has not set the lesson up yet
  })

  it('a bad file is refused with a clear reason and nothing changes', async () => {
    const b = setup()
    await b.service.open('statefulset-basics')
    b.client.put(svc)
    b.client.put(sts)
    await new Promise((r) => setTimeout(r, 40))
    const before = JSON.stringify(b.progress.data.get('statefulset-basics'))
    const good = b.service.exportProgress()
    const bad: [string, string][] = [
      ['', 'progress file: the file is empty'],
      ['{"format": "ordinal-progress", ', 'progress file: not JSON ('],
      ['[1,2]', 'progress file: not an Ordinal progress file (format must be "ordinal-progress")'],
      [JSON.stringify({ ...good, version: 2 }), 'progress file: version: Invalid input: expected 1'],
      [JSON.stringify({ ...good, lessons: { 'statefulset-basics': { currentStep: -1, steps: {}, stepStart: { command: 0, audit: 0, factSeq: 0 }, setupDone: true } } }), 'progress file: lessons.statefulset-basics.currentStep: Too small'],
      [JSON.stringify({ ...good, lessons: { x: { currentStep: 0, steps: { a: { done: 'yes', assisted: false, passed: [] } }, stepStart: { command: 0, audit: 0, factSeq: 0 }, setupDone: true } } }), 'progress file: lessons.x.steps.a.done: Invalid input: expected boolean'],
      ['x'.repeat(3 * 1024 * 1024), 'progress file: too large'],
    ]
    for (const [json, msg] of bad) await expect(b.service.importProgress(json), msg).rejects.toThrow(msg)
    expect(JSON.stringify(b.progress.data.get('statefulset-basics'))).toBe(before)
    expect(b.service.view()!.currentStep).toBe(1)
  })
})

describe('sandbox lessons', () => {
  it('open as free play: no steps, the intro as text, no checks evaluated', async () => {
    const t = setup()
    const v = await t.service.open('sandbox')
    expect(v).toMatchObject({ id: 'sandbox', sandbox: true, steps: [], currentStep: 0 })
    expect(v.intro).toBe('<p>Free play: try anything. <strong>Reset</strong> brings back the start.</p>')
    expect(t.saved).toContain('lesson/sandbox/@start')
    expect(readFileSync(join(v.workspace, 'notes.txt'), 'utf8')).toBe('some notes\n')
    expect(t.service.list().find((l) => l.id === 'sandbox')).toMatchObject({ available: true, totalSteps: 0 })
  })

  it('Reset brings back the start checkpoint and the workspace files', async () => {
    const t = setup()
    const v = await t.service.open('sandbox')
    writeFileSync(join(v.workspace, 'notes.txt'), 'edited')
    writeFileSync(join(v.workspace, 'mine.yaml'), 'x')
    await t.service.resetLesson('sandbox')
    expect(t.restored).toEqual(['lesson/sandbox/@start'])
    expect(readFileSync(join(v.workspace, 'notes.txt'), 'utf8')).toBe('some notes\n')
    expect(existsSync(join(v.workspace, 'mine.yaml'))).toBe(false)
  })

  it('a graded lesson opened before start checkpoints existed resets to its first step\'s', async () => {
    const t = setup()
    await t.service.open('statefulset-basics')
    t.saved.splice(t.saved.indexOf('lesson/statefulset-basics/@start'), 1)
    await t.service.resetLesson('statefulset-basics')
    expect(t.restored).toEqual(['lesson/statefulset-basics/create'])
    expect(t.service.view()!.currentStep).toBe(0)
  })
})
