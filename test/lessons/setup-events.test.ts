// `since: step` in a lesson's first step: what the setup's manifests make happen (the StatefulSet's pods being
// created and becoming Ready) is not the learner's doing and must not count, only what follows their first action.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLessonService, loadLessons } from '../../src-main/lessons'
import { createMemoryCommandLog, createMemoryProgressStore } from '../../src-main/lessons/progress'
import type { AuditEntryLike } from '../../src-main/lessons/progress'
import { copyLesson, FakeClient, pod } from './helpers'

const settle = () => new Promise((r) => setTimeout(r, 40))

/** The basics lesson with step 1 = "watch web-0 come back" (since: step), with or without setup manifests. */
function lesson(withSetup: boolean) {
  const c = copyLesson('01-x')
  c.edit('lesson.yaml', (s) =>
    s
      .replace('  apply: []', withSetup ? '  apply: [statefulset-demo.yaml]' : '  apply: []')
      .replace(/  - id: create\n    checks:\n[\s\S]*?    solution:/, '  - id: create\n    checks:\n      - id: headless-service\n        events: { all: ["Pod/web-0 Created"], since: step }\n      - id: statefulset-created\n        events: { all: ["Pod/web-0 Created"], since: step }\n    solution:'),
  )
  return loadLessons(c.lessons)
}

function start(withSetup: boolean) {
  const client = new FakeClient()
  const commands = createMemoryCommandLog()
  const audit: AuditEntryLike[] = []
  const auditListeners = new Set<(e: AuditEntryLike) => void>()
  const applied: string[] = []
  const service = createLessonService({
    lessons: lesson(withSetup),
    client,
    commands,
    progress: createMemoryProgressStore(),
    workspaceRoot: mkdtempSync(join(tmpdir(), 'ordinal-setup-')),
    locale: 'en',
    applier: { apply: async (y) => void applied.push(y) },
    audit: { audit, onAudit: (cb) => (auditListeners.add(cb), () => auditListeners.delete(cb)) },
    debounceMs: 5,
  })
  const request = () => {
    const e = { time: 0, verb: 'delete', method: 'DELETE', path: '/api/v1/namespaces/default/pods/web-0', query: '', userAgent: 'kubectl', code: 200 }
    audit.push(e)
    for (const l of auditListeners) l(e)
  }
  return { client, commands, service, applied, request }
}

describe('since: step in the first step of a lesson with setup manifests', () => {
  it('the setup converging does not count; the learner\'s first command and what follows do', async () => {
    const t = start(true)
    await t.service.open('statefulset-basics')
    expect(t.applied).toHaveLength(1)
    // The setup's StatefulSet makes its pods after the step started.
    t.client.put(pod('web-0'))
    await settle()
    t.client.put(pod('web-0', { ready: true, phase: 'Running' }))
    await settle()
    let v = t.service.view()!
    expect(v.currentStep).toBe(0)
    expect(v.steps[0].checks[0].state).toBe('failed')
    // The learner deletes web-0 (an API request: that is acting), and the StatefulSet creates it again.
    t.request()
    t.client.remove('Pod', 'web-0')
    t.client.put(pod('web-0'))
    await settle()
    v = t.service.view()!
    expect(v.currentStep).toBe(1)
  })

  it('a command (not only an API request) ends the setup\'s window too', async () => {
    const t = start(true)
    await t.service.open('statefulset-basics')
    t.client.put(pod('web-0'))
    await settle()
    t.commands.append({ line: 'kubectl delete pod web-0', cwd: '/w', exitCode: 0, startedAt: 0, endedAt: 1 })
    await settle()
    expect(t.service.view()!.currentStep).toBe(0)
    t.client.remove('Pod', 'web-0')
    t.client.put(pod('web-0'))
    await settle()
    expect(t.service.view()!.currentStep).toBe(1)
  })

  it('without setup manifests nothing is held back (the learner made everything that happens)', async () => {
    const t = start(false)
    await t.service.open('statefulset-basics')
    t.client.put(pod('web-0'))
    await settle()
    expect(t.service.view()!.currentStep).toBe(1)
  })
})
