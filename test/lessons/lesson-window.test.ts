// `since: lesson` means since THIS lesson started (after its clean start), not since the app started: an earlier
// lesson's history (web-0 then web-1 created in lesson 02) must not pass a check of lesson 03.
import { describe, expect, it } from 'vitest'
import { evaluateCheck, type CheckContext } from '../../src-main/lessons/checks'
import { checkSchema, type CheckDef } from '../../src-main/lessons/schema'
import type { AuditEntryLike, CommandRecord } from '../../src-main/lessons/progress'
import { nextSeq } from '../../src-main/lessons/cluster-client'
import { FakeClient, pod } from './helpers'

const run = (def: CheckDef, c: CheckContext) => evaluateCheck(checkSchema.parse({ id: 'x', ...def }), c)
const cmd = (line: string): CommandRecord => ({ line, cwd: '/w', exitCode: 0, startedAt: 0, endedAt: 1 })
const watch: AuditEntryLike = { time: 0, verb: 'watch', method: 'GET', path: '/api/v1/namespaces/default/pods', query: 'labelSelector=app%3Dnginx&watch=true', userAgent: 'kubectl', code: 200 }

function created(c: FakeClient) {
  for (const n of ['web-0', 'web-1']) {
    c.put(pod(n))
    c.put(pod(n, { ready: true, phase: 'Running' }))
  }
}

describe('lesson window (since: lesson)', () => {
  const ordered = { events: { inOrder: ['Pod/web-0 Created', 'Pod/web-0 Ready', 'Pod/web-1 Created', 'Pod/web-1 Ready'] } }

  it('events: facts from before the lesson started do not count; the same facts after it do', async () => {
    const c = new FakeClient()
    created(c) // lesson 02
    const lessonStart = { command: 0, audit: 0, factSeq: nextSeq(c) }
    const ctx: CheckContext = { client: c, locale: 'en', namespace: 'default', commands: [], audit: [], stepStart: lessonStart, lessonStart }
    expect((await run(ordered, ctx)).state).toBe('failed')
    // Without a lesson start (progress saved by an older version): the whole history, as before.
    expect((await run(ordered, { ...ctx, lessonStart: undefined })).state).toBe('passed')
    c.remove('Pod', 'web-0')
    c.remove('Pod', 'web-1')
    created(c) // the learner, in this lesson
    expect((await run(ordered, ctx)).state).toBe('passed')
  })

  it('command and audit checks with since: lesson start at the lesson too', async () => {
    const c = new FakeClient()
    const commands = [cmd('kubectl get pods -w -l app=nginx')]
    const audit = [watch]
    const lessonStart = { command: 1, audit: 1, factSeq: nextSeq(c) }
    const ctx: CheckContext = { client: c, locale: 'en', namespace: 'default', commands, audit, stepStart: lessonStart, lessonStart }
    const byCommand = { command: { kubectl: ['get', 'pods'], flags: { watch: true }, since: 'lesson' } } as CheckDef
    const byAudit = { audit: { verb: 'watch', resource: 'pods', since: 'lesson' } } as CheckDef
    expect((await run(byCommand, ctx)).state).toBe('failed')
    expect((await run(byAudit, ctx)).state).toBe('failed')
    commands.push(cmd('kubectl get pods -w -l app=nginx'))
    audit.push(watch)
    // Still before this step (the step started later), but within the lesson: passes.
    const later = { ...ctx, stepStart: { command: 2, audit: 2, factSeq: nextSeq(c) } }
    expect((await run(byCommand, later)).state).toBe('passed')
    expect((await run(byAudit, later)).state).toBe('passed')
  })
})
