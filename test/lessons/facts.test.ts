// Events facts by selector (Deployment pods have generated names) and the new-name / same-name relations.
import { describe, expect, it } from 'vitest'
import { evaluateCheck } from '../../src-main/lessons/checks'
import { parseFact, parseSelector, validateFactList } from '../../src-main/lessons/checks/facts'
import { loadLesson } from '../../src-main/lessons/loader'
import { copyLesson, FakeClient, lineOfText, pod } from './helpers'

const ctx = (client: FakeClient, factSeq = 0) => ({ client, locale: 'en' as const, namespace: 'default', commands: [], audit: [], stepStart: { command: 0, audit: 0, factSeq } })
const hello = (name: string, extra: Parameters<typeof pod>[1] = {}) => pod(name, { labels: { app: 'hello' }, ...extra })

describe('fact patterns', () => {
  it('parses named and selector facts and relations', () => {
    expect(parseFact('Pod/web-0 Ready')).toEqual({ kind: 'Pod', name: 'web-0', what: 'Ready' })
    expect(parseFact('Pod[app=hello,tier!=db] Created new-name')).toMatchObject({ kind: 'Pod', what: 'Created', relation: 'new-name', selectorText: 'app=hello,tier!=db' })
    expect(parseSelector('app=hello, !canary ,zone')).toEqual([
      { key: 'app', op: '=', value: 'hello' },
      { key: 'canary', op: '!exists' },
      { key: 'zone', op: 'exists' },
    ])
  })

  it('rejects malformed facts with the reason', () => {
    expect(() => parseFact('Pod web-0 Ready')).toThrow(/is not a fact/)
    expect(() => parseFact('Pod/web-0 Created new-name')).toThrow(/new-name needs a selector item/)
    expect(() => parseFact('Pod[] Created')).toThrow(/empty label selector/)
    expect(validateFactList(['Pod[app=a] Created same-name'], true)).toMatch(/^\[0\]: same-name needs an earlier Pod\[labels\] item/)
    expect(validateFactList(['Pod[app=a] Deleted', 'Pod[app=a] Created new-name'], false)).toMatch(/only allowed in inOrder/)
    expect(validateFactList(['Pod[app=a] Deleted', 'Pod[app=a] Created new-name'], true)).toBeNull()
  })
})

describe('events by selector', () => {
  const replaced = { events: { inOrder: ['Pod[app=hello] Terminating', 'Pod[app=hello] Created new-name'], since: 'step' as const } }
  const sameName = { events: { inOrder: ['Pod[app=hello] Deleted', 'Pod[app=hello] Created same-name'] } }

  it('a Deployment pod replaced under a new name passes new-name, fails same-name', async () => {
    const c = new FakeClient()
    c.put(hello('hello-7d9-abcde'))
    c.put(hello('hello-7d9-fghij'))
    const start = c.events().length
    expect((await evaluateCheck(replaced, ctx(c, start))).state).toBe('failed')
    c.put(hello('hello-7d9-abcde', { terminating: true }))
    const w = await evaluateCheck(replaced, ctx(c, start))
    expect(w.state).toBe('waiting')
    expect(w.explanation).toBe('expected in order: Pod[app=hello] Terminating → Pod[app=hello] Created new-name; found seen: Pod/hello-7d9-abcde Terminating; not yet: Pod[app=hello] Created new-name')
    c.put(hello('hello-7d9-zzzzz'))
    expect((await evaluateCheck(replaced, ctx(c, start))).state).toBe('passed')
    c.remove('Pod', 'hello-7d9-abcde')
    expect((await evaluateCheck(sameName, ctx(c, start))).state).not.toBe('passed')
  })

  it('a pod recreated under the same name passes same-name, fails new-name', async () => {
    const c = new FakeClient()
    c.put(hello('web-1'))
    c.remove('Pod', 'web-1')
    c.put(hello('web-1'))
    expect((await evaluateCheck(sameName, ctx(c))).state).toBe('passed')
    const newName = { events: { inOrder: ['Pod[app=hello] Deleted', 'Pod[app=hello] Created new-name'] } }
    const r = await evaluateCheck(newName, ctx(c))
    expect(r.state).toBe('waiting')
    expect(r.contradicted).toBeUndefined() // a selector item can still match a later object: never "contradicted"
  })

  it('finds the binding that works, not only the first deleted pod', async () => {
    const c = new FakeClient()
    c.put(hello('web-0'))
    c.put(hello('web-1'))
    c.remove('Pod', 'web-0') // web-0 deleted and never back
    c.remove('Pod', 'web-1')
    c.put(hello('web-1')) // web-1 back under its name
    expect((await evaluateCheck(sameName, ctx(c))).state).toBe('passed')
  })

  it('labels must match: other pods do not count', async () => {
    const c = new FakeClient()
    c.put(pod('web-0', { labels: { app: 'nginx' } }))
    c.remove('Pod', 'web-0')
    c.put(pod('web-0', { labels: { app: 'nginx' } }))
    expect((await evaluateCheck(sameName, ctx(c))).state).toBe('failed')
    const all = { events: { all: ['Pod[app=nginx] Deleted', 'Pod[app!=nginx] Created'] } }
    const r = await evaluateCheck(all, ctx(c))
    expect(r.state).toBe('waiting')
    expect(r.actual).toBe('not yet: Pod[app!=nginx] Created')
  })

  it('named facts still report a contradicted order', async () => {
    const c = new FakeClient()
    c.put(pod('web-1'))
    c.put(pod('web-0'))
    const r = await evaluateCheck({ events: { inOrder: ['Pod/web-0 Created', 'Pod/web-1 Created'] } }, ctx(c))
    expect(r).toMatchObject({ state: 'failed', contradicted: true })
  })

  it('lint reports a malformed fact with its file and line', () => {
    const l = copyLesson()
    l.edit('lesson.yaml', (s) => s.replace('"Pod/web-1 Created", "Pod/web-1 Ready"', '"Pod/web-1 Created", "Pod web-1 Ready"'))
    const r = loadLesson(l.dir)
    expect(r.available).toBe(false)
    const line = lineOfText(l.read('lesson.yaml'), 'Pod web-1 Ready')
    expect(!r.available && r.error).toBe(`lessons/02-x/lesson.yaml:${line}: steps[3].checks[1].events.inOrder[3]: "Pod web-1 Ready" is not a fact (Kind/name What, Kind[selector] What, optionally followed by new-name or same-name)`)
  })
})
