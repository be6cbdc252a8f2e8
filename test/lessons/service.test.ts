import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { LessonView } from '../../src-main/shared/view-models'
import { createLessonService, loadLessons, type LessonServiceOptions } from '../../src-main/lessons'
import { createMemoryCommandLog, createMemoryProgressStore } from '../../src-main/lessons/progress'
import { copyLesson, FakeClient, BASICS_DIR, pod, pvc } from './helpers'

const lessons = loadLessons(BASICS_DIR)
const svc = (clusterIP: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP, selector: { app: 'nginx' } } })
const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { serviceName: 'nginx', replicas: 2, volumeClaimTemplates: [{ metadata: { name: 'www' } }] } }
const cmd = (line: string, exitCode = 0) => ({ line, cwd: '/w', exitCode, startedAt: 0, endedAt: 1 })

function setup(extra: Partial<LessonServiceOptions> = {}) {
  const client = new FakeClient()
  const commands = createMemoryCommandLog()
  const progress = createMemoryProgressStore()
  const workspaceRoot = mkdtempSync(join(tmpdir(), 'ordinal-ws-'))
  const saved: string[] = []
  const restored: string[] = []
  const checkpoints = { save: (k: string) => void saved.push(k), restore: (k: string) => void restored.push(k) }
  const service = createLessonService({ lessons, client, commands, progress, workspaceRoot, locale: 'en', checkpoints, debounceMs: 5, ...extra })
  return { client, commands, progress, workspaceRoot, service, saved, restored }
}
const check = (v: LessonView, id: string) => v.steps[v.currentStep].checks.find((c) => c.id === id)!

describe('lesson service', () => {
  it('opens a lesson: workspace copied, checkpoint saved, step 1 not passed at the start', async () => {
    const t = setup()
    const v = await t.service.open('statefulset-basics')
    expect(v).toMatchObject({ id: 'statefulset-basics', number: 1, locale: 'en', untranslated: false, currentStep: 0 })
    expect(v.workspace).toBe(join(t.workspaceRoot, 'lesson-1'))
    expect(readFileSync(join(v.workspace, 'statefulset-demo.yaml'), 'utf8')).toContain('clusterIP: None')
    expect(t.saved).toEqual(['lesson/statefulset-basics/@start', 'lesson/statefulset-basics/create'])
    expect(v.steps[0].checks.map((c) => c.state)).toEqual(['failed', 'failed'])
    expect(check(v, 'headless-service').explanation).toBe('Service nginx is not right yet. Expected Service nginx with spec.clusterIP=None, spec.selector[app]=nginx; found nginx does not exist')
    expect(v.steps[0].body).toContain('data-command="kubectl create -f statefulset-demo.yaml"')
    expect(v.steps[0].solution).toEqual(['kubectl create -f statefulset-demo.yaml'])
    expect(v.steps[0].hints.length).toBeGreaterThan(1)
  })

  it('re-evaluates on cluster changes (debounced) and moves to the next step when every check passed', async () => {
    const t = setup()
    await t.service.open('statefulset-basics')
    const views: LessonView[] = []
    t.service.onChange((v) => views.push(v))
    t.client.put(svc('None'))
    t.client.put(sts)
    await new Promise((r) => setTimeout(r, 60))
    const v = views.at(-1)!
    expect(v.currentStep).toBe(1)
    expect(v.steps[0].done).toBe(true)
    expect(t.saved).toContain('lesson/statefulset-basics/headless')
    // step 2 needs a command: the service is headless already, but nobody looked yet
    expect(check(v, 'still-headless').state).toBe('passed')
    expect(check(v, 'looked-at-service').state).toBe('failed')
    t.commands.append(cmd('kubectl get svc nginx'))
    await new Promise((r) => setTimeout(r, 60))
    expect(t.service.view()!.currentStep).toBe(2)
  })

  it('a state check the step inherited is a neutral "not yet"; ✗ only once the learner acted in the step', async () => {
    const t = setup()
    await t.service.open('statefulset-basics')
    const views: LessonView[] = []
    t.service.onChange((v) => views.push(v))
    t.client.put(svc('10.96.7.7')) // wrong Service, but nobody has done anything in this step yet
    await new Promise((r) => setTimeout(r, 60))
    const before = check(views.at(-1)!, 'headless-service')
    expect(before.state).toBe('failed')
    expect(before.explanation).toContain('10.96.7.7')
    expect(before.contradicted).toBeUndefined()
    t.commands.append(cmd('kubectl get svc nginx'))
    await new Promise((r) => setTimeout(r, 60))
    expect(check(views.at(-1)!, 'headless-service').contradicted).toBe(true)
  })

  it('commands from before the step do not count; a failing command says why', async () => {
    const t = setup()
    t.commands.append(cmd('kubectl get statefulset web'))
    await t.service.open('statefulset-basics')
    await t.service.goto('statefulset-basics', 2)
    let v = (await t.service.evaluate())!
    expect(check(v, 'looked-at-statefulset').state).toBe('failed')
    t.commands.append(cmd('kubectl get statefulset nginx', 1))
    v = (await t.service.evaluate())!
    expect(check(v, 'looked-at-statefulset').explanation).toBe('expected `kubectl get statefulset web`; found last: `kubectl get statefulset nginx` (exit 1)')
    t.commands.append(cmd('kubectl get sts web'))
    v = (await t.service.evaluate())!
    expect(v.steps[2].done).toBe(true)
  })

  it('shows waiting while converging, and a passed check stays passed', async () => {
    const t = setup()
    await t.service.open('statefulset-basics')
    await t.service.goto('statefulset-basics', 3)
    t.client.put(pod('web-0'))
    t.client.put(pvc('www-web-0', 'Pending'))
    let v = (await t.service.evaluate())!
    expect(check(v, 'ordered-creation').state).toBe('waiting')
    expect(check(v, 'pods-ready').state).toBe('waiting')
    expect(check(v, 'claims-bound')).toMatchObject({ state: 'waiting', explanation: 'The storage is not ready yet. Expected 2 PersistentVolumeClaim www-web-0, www-web-1 with status.phase=Bound; found 0: www-web-0: status.phase is Pending; www-web-1 does not exist' })
    t.client.put(pvc('www-web-0', 'Bound'))
    t.client.put(pvc('www-web-1', 'Bound'))
    v = (await t.service.evaluate())!
    expect(check(v, 'claims-bound').state).toBe('passed')
    t.client.put(pvc('www-web-1', 'Pending')) // flaps back: the check stays passed
    v = (await t.service.evaluate())!
    expect(check(v, 'claims-bound').state).toBe('passed')
    expect(v.currentStep).toBe(3)
    expect(t.progress.load('statefulset-basics')!.steps.ordered.passed).toEqual(['claims-bound'])
  })

  it('showMe returns the solution and marks the step assisted; resetStep restores the checkpoint', async () => {
    const t = setup()
    await t.service.open('statefulset-basics')
    expect(t.service.showMe('statefulset-basics', 'ordered')).toEqual(['kubectl get pods -w -l app=nginx', '^C'])
    expect(t.service.view()!.steps[3].assisted).toBe(true)
    expect(() => t.service.showMe('statefulset-basics', 'nope')).toThrow('lesson "statefulset-basics" has no step "nope"')
    t.client.put(svc('None'))
    t.client.put(sts)
    await t.service.evaluate()
    expect(t.service.view()!.currentStep).toBe(1)
    t.restored.length = 0
    // the checkpoint of step 1 is an empty cluster
    const restore = () => {
      t.client.objects = []
      t.client.changed()
    }
    const s2 = createLessonService({ ...setupOpts(t), checkpoints: { save: () => {}, restore: (k) => (t.restored.push(k), restore()) } })
    await s2.open('statefulset-basics')
    expect(s2.view()!.currentStep).toBe(1) // resumed from the shared progress store
    await s2.resetStep('statefulset-basics', 'create')
    expect(t.restored).toEqual(['lesson/statefulset-basics/create'])
    const v = s2.view()!
    expect(v.currentStep).toBe(0)
    expect(v.steps[0].done).toBe(false)
  })

  it('switches locale live; zh-CN explanations are Chinese', async () => {
    const t = setup()
    await t.service.open('statefulset-basics')
    t.service.setLocale('zh-CN')
    const v = (await t.service.evaluate())!
    expect(v.locale).toBe('zh-CN')
    expect(v.title).toContain('拓扑状态')
    expect(check(v, 'statefulset-created').explanation).toMatch(/^应为：StatefulSet web/)
    expect(t.service.list()[0]).toMatchObject({ title: v.title, available: true, totalSteps: 6, completedSteps: 0 })
  })

  it('resumes from the progress store; lists broken lessons with their error', async () => {
    const t = setup()
    await t.service.open('statefulset-basics')
    await t.service.goto('statefulset-basics', 4)
    t.service.dispose()
    const again = createLessonService({ lessons, client: t.client, commands: t.commands, progress: t.progress, workspaceRoot: t.workspaceRoot, locale: 'en' })
    expect((await again.open('statefulset-basics')).currentStep).toBe(4)
    again.dispose()

    const c = copyLesson('02-broken')
    c.edit('lesson.yaml', (s) => s.replace('id: statefulset-basics', 'id: [oops'))
    const s2 = createLessonService({ ...setupOpts(t), lessons: [...lessons, ...loadLessons(c.lessons)] })
    const broken = s2.list()[1]
    expect(broken).toMatchObject({ id: '02-broken', number: 2, available: false })
    expect(broken.error).toMatch(/^lessons\/02-broken\/lesson\.yaml:\d+: /)
    await expect(s2.open('02-broken')).rejects.toThrow(/is unavailable: lessons\/02-broken/)
    await expect(s2.open('nope')).rejects.toThrow('lesson "nope" not found')
    expect(existsSync(join(t.workspaceRoot, 'lesson-2'))).toBe(false)
  })

  it('a lesson without en falls back to zh-CN, flagged untranslated', async () => {
    const c = copyLesson('05-zh-only')
    c.edit('lesson.yaml', (s) => s.replace('locales: [zh-CN, en]', 'locales: [zh-CN]'))
    const t = setup({ lessons: loadLessons(c.lessons) })
    const v = await t.service.open('statefulset-basics')
    expect(v.untranslated).toBe(true)
    expect(v.title).toContain('拓扑状态')
  })
})

function setupOpts(t: ReturnType<typeof setup>): LessonServiceOptions {
  return { lessons, client: t.client, commands: t.commands, progress: t.progress, workspaceRoot: t.workspaceRoot, locale: 'en' }
}
