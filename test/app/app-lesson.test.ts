// The whole host path with real parts: the repo's lesson 1, the real workstation shell in a real pty, our kubectl
// over the real API server, the lesson checks, and the cluster view. "Show me" types the solution and runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type OrdinalApp } from '../../src-main/app/index'
import type { AppSnapshot } from '../../src-main/shared/contract'
import type { ClusterView, LessonView } from '../../src-main/shared/view-models'

// A frozen copy of the seed lesson as lesson 1: this tests the host path, not the shipped curriculum's numbering.
const LESSONS = join(import.meta.dirname, '..', 'lessons', 'fixtures', 'basics')

async function until(cond: () => boolean, what: string, ms = 25_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('createApp with the real lesson and shell', () => {
  let dir: string
  let app: OrdinalApp
  let out = ''
  let lesson: LessonView | null = null
  let view: ClusterView | null = null
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-applesson-'))
    app = await createApp({ dataDir: dir, lessonsDir: LESSONS, speed: 'instant', locale: 'en' })
    app.onEvent((name, p: any) => {
      if (name === 'terminal.output') out += p.data
      if (name === 'lesson.view') lesson = p
      if (name === 'cluster.view') view = p
    })
  })
  afterAll(async () => {
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('lists and opens lesson 1 into its workspace; Show me runs the solution; the check passes; the graph has lanes', async () => {
    expect(app.terminalError).toBeNull()
    expect(app.lessonsError).toBeNull()
    const list = (await app.dispatch('lessons.list', undefined)) as { id: string; available: boolean }[]
    const first = list.find((l) => l.id === 'statefulset-basics')!
    expect(first.available).toBe(true)
    const opened = (await app.dispatch('lessons.open', { id: 'statefulset-basics' })) as LessonView
    expect(opened.currentStep).toBe(0)
    expect(existsSync(join(opened.workspace, 'statefulset-demo.yaml'))).toBe(true)
    await until(() => out.includes('$ '), 'the shell prompt in the lesson workspace: ' + JSON.stringify(out))
    // HOME is the workspace root; the lesson's folder is below it, and the prompt says where you are.
    expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toContain('learner@ordinal:~/lesson-1$ ')
    // A first start already opened the lesson, so the shell started in its folder: no restart (no second banner).
    expect(out.match(/Welcome to Ordinal/g)).toHaveLength(1)

    // Nothing done yet: the checks are not passed, but nothing contradicts the step either (a neutral "not yet").
    expect(opened.steps[0].checks.map((c) => [c.state, !!c.contradicted])).toEqual([['failed', false], ['failed', false]])
    // A Service nginx with a virtual IP that the step inherited (no command run in it yet) is not the learner's doing:
    // the check is evaluated against it but stays a neutral "not yet".
    const SVC = { group: '', version: 'v1', resource: 'services' }
    app.cluster.store.create(SVC, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: '10.96.7.7', selector: { app: 'nginx' }, ports: [{ port: 80, protocol: 'TCP' }] } })
    await until(() => !!lesson?.steps[0].checks.find((c) => c.id === 'headless-service')?.explanation?.includes('10.96.7.7'), 'the headless check sees the Service')
    expect(lesson!.steps[0].checks.find((c) => c.id === 'headless-service')!.contradicted).toBeUndefined()
    // Once the learner has run a command in the step, the wrong Service contradicts it (✗, expected versus actual).
    await app.dispatch('terminal.input', { data: 'kubectl get svc nginx\r' })
    await until(() => !!lesson?.steps[0].checks.find((c) => c.id === 'headless-service')?.contradicted, 'the headless check contradicted')
    const bad = lesson!.steps[0].checks.find((c) => c.id === 'headless-service')!
    expect(bad.state).toBe('failed')
    expect(bad.explanation).toContain('10.96.7.7')
    expect(lesson!.steps[0].checks.find((c) => c.id === 'statefulset-created')!.contradicted).toBeUndefined() // just not yet
    app.cluster.store.delete(SVC, 'default', 'nginx')
    await until(() => !lesson?.steps[0].checks.find((c) => c.id === 'headless-service')?.contradicted, 'back to not yet')

    await app.dispatch('lessons.showMe', { lessonId: 'statefulset-basics', stepId: 'create' })
    await until(() => out.includes('statefulset.apps/web created'), 'kubectl output')
    await until(() => !!lesson && lesson.steps[0].done, 'step 1 done')
    expect(lesson!.steps[0].assisted).toBe(true)
    // The snapshot a (re)starting window asks for has the lesson and the terminal's screen.
    const snap = (await app.dispatch('app.snapshot', undefined)) as AppSnapshot
    expect(snap.lesson?.id).toBe('statefulset-basics')
    expect(snap.terminal).toContain('statefulset.apps/web created')
    await until(() => !!view && view.statefulSets.length === 1 && view.statefulSets[0].lanes.filter((l) => l.pod?.ready).length === 2, 'two Ready pods in lanes', 30_000)
    const lanes = view!.statefulSets[0].lanes
    expect(lanes.map((l) => l.pod?.name)).toEqual(['web-0', 'web-1'])
    expect(lanes[0].claims.map((c) => c.name)).toEqual(['www-web-0'])
    expect(view!.services.find((s) => s.name === 'nginx')!.dnsNames.map((d) => d.name)).toContain('web-0.nginx.default.svc.cluster.local')
    // The command log came from the shell via the API server, and is in SQLite.
    await until(() => app.db.commands.recent().some((c) => c.line === 'kubectl create -f statefulset-demo.yaml' && c.exitCode === 0), 'the command in the SQLite command log')

    // Reset step 1: back to its checkpoint (nothing created yet), and the step is open again.
    await app.dispatch('lessons.resetStep', { lessonId: 'statefulset-basics', stepId: 'create' })
    await until(() => !!view && view.statefulSets.length === 0 && view.pods.length === 0 && view.claims.length === 0, 'the cluster back at the checkpoint', 30_000)
    await until(() => !!lesson && lesson.currentStep === 0 && !lesson.steps[0].done, 'step 1 open again')
  })
})
