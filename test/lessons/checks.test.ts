import { describe, expect, it } from 'vitest'
import { evaluateCheck, type CheckContext } from '../../src-main/lessons/checks'
import { parseRequestPath } from '../../src-main/lessons/checks/audit'
import { checkSchema, type CheckDef } from '../../src-main/lessons/schema'
import type { AuditEntryLike, CommandRecord } from '../../src-main/lessons/progress'
import { FakeClient, pod, pvc } from './helpers'

function ctx(client: FakeClient, extra: Partial<CheckContext> = {}): CheckContext {
  return { client, locale: 'en', namespace: 'default', commands: [], audit: [], stepStart: { command: 0, audit: 0, factSeq: 0 }, ...extra }
}
const run = (def: CheckDef, c: CheckContext) => evaluateCheck(checkSchema.parse({ id: 'x', ...def }), c)
const cmd = (line: string, exitCode = 0): CommandRecord => ({ line, cwd: '/w', exitCode, startedAt: 0, endedAt: 1 })
const audit = (verb: string, path: string, query = '', code = 200): AuditEntryLike => ({ time: 0, verb, method: 'GET', path, query, userAgent: 'kubectl', code })

describe('state check', () => {
  const headless = { state: { kind: 'Service', name: 'nginx', where: { 'spec.clusterIP': 'None' } } }

  it('fails when the object is missing, fails on a wrong spec, passes when right', async () => {
    const c = new FakeClient()
    expect(await run(headless, ctx(c))).toMatchObject({ state: 'failed', explanation: 'expected Service nginx with spec.clusterIP=None; found nginx does not exist' })
    c.put({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: '10.96.3.4' } })
    expect(await run(headless, ctx(c))).toMatchObject({ state: 'failed', actual: 'nginx: spec.clusterIP is 10.96.3.4' })
    c.put({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None' } })
    expect(await run(headless, ctx(c))).toMatchObject({ state: 'passed', explanation: null })
  })

  it('is waiting while named claims converge, with expected vs actual', async () => {
    const c = new FakeClient()
    const def = { state: { kind: 'PersistentVolumeClaim', names: ['www-web-0', 'www-web-1'], where: { 'status.phase': 'Bound' } } }
    expect((await run(def, ctx(c))).state).toBe('failed')
    c.put(pvc('www-web-0', 'Bound'))
    c.put(pvc('www-web-1', 'Pending'))
    const r = await run(def, ctx(c))
    expect(r.state).toBe('waiting')
    expect(r.explanation).toBe('expected 2 PersistentVolumeClaim www-web-0, www-web-1 with status.phase=Bound; found 1: www-web-1: status.phase is Pending')
    c.put(pvc('www-web-1', 'Bound'))
    expect((await run(def, ctx(c))).state).toBe('passed')
  })

  it('counts selected objects with filter paths, and words explanations in Chinese', async () => {
    const c = new FakeClient()
    const def = { state: { kind: 'Pod', selector: 'app=nginx', count: 2, where: { 'status.conditions[type=Ready].status': 'True' } } }
    c.put(pod('web-0', { ready: true, phase: 'Running' }))
    c.put(pod('other', { ready: true, labels: { app: 'x' } }))
    const r = await run(def, ctx(c, { locale: 'zh-CN' }))
    expect(r.state).toBe('waiting')
    expect(r.explanation).toContain('应为：')
    c.put(pod('web-1', { ready: true, phase: 'Running' }))
    expect((await run(def, ctx(c))).state).toBe('passed')
    c.put(pod('web-2', { ready: true, phase: 'Running' }))
    expect((await run(def, ctx(c))).state).toBe('failed') // 3 where exactly 2 are expected, nothing terminating
  })
})

describe('events check', () => {
  const def = { events: { inOrder: ['Pod/web-0 Created', 'Pod/web-0 Ready', 'Pod/web-1 Created'] } }

  it('passes on ordered creation, waits while it converges', async () => {
    const c = new FakeClient()
    expect((await run(def, ctx(c))).state).toBe('failed')
    c.put(pod('web-0'))
    expect(await run(def, ctx(c))).toMatchObject({ state: 'waiting', actual: 'seen: Pod/web-0 Created; not yet: Pod/web-0 Ready' })
    c.put(pod('web-0', { ready: true, phase: 'Running', node: 'n1' }))
    c.put(pod('web-1'))
    expect((await run(def, ctx(c))).state).toBe('passed')
    expect(c.events().map((f) => f.text)).toEqual(['Pod/web-0 Created', 'Pod/web-0 Scheduled', 'Pod/web-0 Running', 'Pod/web-0 Ready', 'Pod/web-1 Created'])
  })

  it('fails when web-1 is created before web-0 is Ready (Parallel policy)', async () => {
    const c = new FakeClient()
    c.put(pod('web-0'))
    c.put(pod('web-1'))
    c.put(pod('web-0', { ready: true, phase: 'Running' }))
    expect(await run(def, ctx(c))).toMatchObject({ state: 'failed', actual: 'Pod/web-1 Created happened before Pod/web-0 Ready' })
  })

  it('unordered `all` and since: step', async () => {
    const c = new FakeClient()
    c.put(pod('web-1'))
    c.put(pod('web-0'))
    expect((await run({ events: { all: ['Pod/web-0 Created', 'Pod/web-1 Created'] } }, ctx(c))).state).toBe('passed')
    const step = ctx(c, { stepStart: { command: 0, audit: 0, factSeq: c.events().length } })
    expect((await run({ events: { all: ['Pod/web-0 Created'], since: 'step' } }, step)).state).toBe('failed')
    c.remove('Pod', 'web-0')
    c.put(pod('web-0'))
    expect((await run({ events: { inOrder: ['Pod/web-0 Deleted', 'Pod/web-0 Created'], since: 'step' } }, step)).state).toBe('passed')
  })
})

describe('dns check', () => {
  it('resolves from busybox:1.28.4, NXDOMAIN from busybox; waits for a not-ready pod', async () => {
    const c = new FakeClient()
    c.put(pod('web-0'))
    const def = { dns: { name: 'web-0.nginx', image: 'busybox:1.28.4' } }
    expect(await run(def, ctx(c))).toMatchObject({ state: 'waiting', actual: 'web-0 is not Ready yet' })
    c.remove('Pod', 'web-0')
    expect((await run(def, ctx(c))).state).toBe('failed')
    c.dns.set('web-0.nginx.default.svc.cluster.local', ['10.244.1.6'])
    expect(await run(def, ctx(c))).toMatchObject({ state: 'passed', actual: 'resolves to 10.244.1.6' })
    expect((await run({ dns: { name: 'web-0.nginx', image: 'busybox', expect: 'fails' } }, ctx(c))).state).toBe('passed')
    expect((await run({ dns: { name: 'web-0.nginx', image: 'busybox' } }, ctx(c))).explanation).toBe(
      'expected web-0.nginx resolves from busybox; found NXDOMAIN (asked web-0.nginx)',
    )
    expect((await run({ dns: { name: 'web-0.nginx', image: 'busybox', via: 'libc' } }, ctx(c))).state).toBe('passed')
  })
})

describe('volume check', () => {
  it('missing claim fails, pending claim waits, content is compared', async () => {
    const c = new FakeClient()
    const def = { volume: { claim: 'www-web-0', path: '/index.html', equals: 'hello web-0' } }
    expect((await run(def, ctx(c))).state).toBe('failed')
    c.put(pvc('www-web-0', 'Pending'))
    expect((await run(def, ctx(c))).state).toBe('waiting')
    c.put(pvc('www-web-0', 'Bound'))
    expect(await run(def, ctx(c))).toMatchObject({ state: 'failed', actual: 'no such file' })
    c.files.set('www-web-0:/index.html', 'hello web-1\n')
    expect((await run(def, ctx(c))).state).toBe('failed')
    c.files.set('www-web-0:/index.html', 'hello web-0\n')
    expect((await run(def, ctx(c))).state).toBe('passed')
    expect((await run({ volume: { claim: 'www-web-0', path: '/gone', exists: false } }, ctx(c))).state).toBe('passed')
  })
})

describe('command check', () => {
  const watch = { command: { kubectl: ['get', 'pods'], flags: { watch: true, selector: 'app=nginx' }, exitCode: 'any' as const } }

  it('matches normalized kubectl commands since the step started', async () => {
    const c = new FakeClient()
    expect(await run(watch, ctx(c))).toMatchObject({ state: 'failed', actual: 'no command since this step started' })
    const commands = [cmd('kubectl get po -wl app=nginx', 130), cmd('kubectl get pods', 0)]
    expect((await run(watch, ctx(c, { commands }))).state).toBe('passed')
    expect((await run(watch, ctx(c, { commands, stepStart: { command: 1, audit: 0, factSeq: 0 } }))).actual).toBe('last: `kubectl get pods` (exit 0)')
  })

  it('exactNames: a plain list does not match a named get', async () => {
    const c = new FakeClient()
    const def = { command: { kubectl: ['get', 'svc'], exactNames: true } }
    expect((await run(def, ctx(c, { commands: [cmd('kubectl get service kubernetes')] }))).state).toBe('failed')
    expect((await run(def, ctx(c, { commands: [cmd('kubectl get services')] }))).state).toBe('passed')
  })

  it('requires exit code 0 by default, and an exact image', async () => {
    const c = new FakeClient()
    const def = { command: { kubectl: ['get', 'sts', 'web'] } }
    expect(await run(def, ctx(c, { commands: [cmd('kubectl get statefulset web', 1)] }))).toMatchObject({ state: 'failed', actual: '`kubectl get statefulset web` exited with 1' })
    expect((await run(def, ctx(c, { commands: [cmd('kubectl get statefulsets.apps/web')] }))).state).toBe('passed')
    const img = { command: { kubectl: ['run', 'dns-test'], flags: { image: 'busybox:1.28.4', stdin: true, tty: true } } }
    expect((await run(img, ctx(c, { commands: [cmd('kubectl run -it --image busybox dns-test --rm')] }))).state).toBe('failed')
    expect((await run(img, ctx(c, { commands: [cmd('kubectl run -it --image docker.io/library/busybox:1.28.4 dns-test --rm')] }))).state).toBe('passed')
  })
})

describe('audit check', () => {
  it('parses request paths', () => {
    expect(parseRequestPath('/api/v1/namespaces/default/pods/dns-test/attach')).toEqual({ namespace: 'default', resource: 'pods', name: 'dns-test', subresource: 'attach' })
    expect(parseRequestPath('/apis/apps/v1/namespaces/default/statefulsets')).toMatchObject({ resource: 'statefulsets', name: undefined })
  })

  it('sees a watch with a label selector', async () => {
    const c = new FakeClient()
    const def = { audit: { verb: 'watch', resource: 'po', query: { labelSelector: 'app=nginx' } } }
    const entries = [audit('list', '/api/v1/namespaces/default/pods', 'labelSelector=app%3Dnginx&limit=500')]
    expect(await run(def, ctx(c, { audit: entries }))).toMatchObject({ state: 'failed', actual: '1 API request(s) since this step started, none matching' })
    entries.push(audit('watch', '/api/v1/namespaces/default/pods', 'labelSelector=app%3Dnginx&resourceVersion=12&watch=true'))
    expect((await run(def, ctx(c, { audit: entries }))).state).toBe('passed')
    expect((await run({ audit: { verb: 'watch', resource: 'pods', query: { labelSelector: 'app=web' } } }, ctx(c, { audit: entries }))).state).toBe('failed')
  })
})

describe('combinators', () => {
  it('allOf, anyOf and not', async () => {
    const c = new FakeClient()
    c.put(pvc('a', 'Bound'))
    c.put(pvc('b', 'Pending'))
    const A = { state: { kind: 'PersistentVolumeClaim', name: 'a', where: { 'status.phase': 'Bound' } } }
    const B = { state: { kind: 'PersistentVolumeClaim', name: 'b', where: { 'status.phase': 'Bound' } } }
    const X = { state: { kind: 'PersistentVolumeClaim', name: 'x' } }
    expect((await run({ allOf: [A, B] }, ctx(c))).state).toBe('waiting')
    expect((await run({ allOf: [A, X] }, ctx(c))).state).toBe('failed')
    expect((await run({ anyOf: [X, A] }, ctx(c))).state).toBe('passed')
    expect((await run({ anyOf: [X, B] }, ctx(c))).state).toBe('waiting')
    expect((await run({ not: X }, ctx(c))).state).toBe('passed')
    expect(await run({ not: A }, ctx(c))).toMatchObject({ state: 'failed' })
  })

  it('allOf reads in list order: a contradiction speaks once what is listed before it has passed', async () => {
    const c = new FakeClient()
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w1' }, spec: { unschedulable: true } }
    c.put(node)
    c.put(pod('web-1', { ready: true, phase: 'Running' }))
    const back = { events: { inOrder: ['Pod/web-1 Deleted', 'Pod/web-1 Ready'], since: 'step' as const } }
    const open = { state: { kind: 'Node', name: 'w1', where: { 'spec.unschedulable': { ne: true } } } }
    const step = { stepStart: { command: 0, audit: 0, factSeq: c.recorder.nextSeq() } }
    // Halfway: the node is cordoned on purpose and web-1 is not back yet: "not yet", not ✗.
    expect(await run({ allOf: [back, open] }, ctx(c, step))).toMatchObject({ state: 'failed', actual: 'not yet: Pod/web-1 Deleted' })
    expect((await run({ allOf: [back, open] }, ctx(c, step))).contradicted).toBeUndefined()
    // Listed the other way round, the contradiction is first: ✗ at once.
    expect(await run({ allOf: [open, back] }, ctx(c, step))).toMatchObject({ state: 'failed', contradicted: true, actual: 'w1: spec.unschedulable is true' })
    // web-1 came back but the node is still cordoned: now it is a contradiction.
    c.remove('Pod', 'web-1')
    c.put(pod('web-1', { ready: true, phase: 'Running' }))
    expect(await run({ allOf: [back, open] }, ctx(c, step))).toMatchObject({ state: 'failed', contradicted: true })
    c.put({ ...node, spec: {} })
    expect((await run({ allOf: [back, open] }, ctx(c, step))).state).toBe('passed')
  })
})
