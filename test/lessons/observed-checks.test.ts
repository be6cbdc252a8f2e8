// Checks on what the learner's commands saw: `dns` with `seen` (the lookups pods made, in a window of lifecycle
// facts) and `file` (a file as a running container sees it). Over the fake client.
import { describe, expect, it } from 'vitest'
import { evaluateCheck, type CheckContext } from '../../src-main/lessons/checks'
import { lookupsOf } from '../../src-main/lessons/checks/dns'
import type { StepProgress } from '../../src-main/lessons/progress'
import { evaluateQuiz } from '../../src-main/lessons/quiz'
import { checkSchema, quizSchema, type CheckDef } from '../../src-main/lessons/schema'
import { FakeClient, pod } from './helpers'

function ctx(client: FakeClient, extra: Partial<CheckContext> = {}): CheckContext {
  return { client, locale: 'en', namespace: 'default', commands: [], audit: [], stepStart: { command: 0, audit: 0, factSeq: 0 }, ...extra }
}
const run = (def: CheckDef, c: CheckContext) => evaluateCheck(checkSchema.parse({ id: 'x', ...def }), c)

const FQDN = 'web-1.nginx.default.svc.cluster.local'
const SEARCH = [FQDN, 'web-1.nginx.svc.cluster.local', 'web-1.nginx.cluster.local', 'web-1.nginx']
/** What busybox:1.28.4's `nslookup web-1.nginx` asks: the search list in order until one answers. */
function lookup128(c: FakeClient, ip: string | null): void {
  if (ip) c.lookup([FQDN, [ip]])
  else c.lookup(...SEARCH.map((n): [string, string[]] => [n, []]))
}
/** What the latest busybox asks: the name as typed. */
const lookupLatest = (c: FakeClient) => c.lookup(['web-1.nginx', []])
const withIP = (name: string, ip: string) => {
  const p = pod(name, { ready: true, phase: 'Running' })
  p.status.podIP = ip
  return p
}

const window = { after: 'Pod/web-1 Deleted', before: 'Pod/web-1 Ready' }
const gone = { dns: { name: 'web-1.nginx', image: 'busybox:1.28.4', expect: 'fails' as const, seen: window } }
const kept = { dns: { name: 'web-1.nginx', image: 'busybox:1.28.4', expect: 'resolves' as const, seen: window } }

describe('lookupsOf', () => {
  it('groups a resolver\'s consecutive questions into one lookup, by shape', () => {
    const c = new FakeClient()
    lookup128(c, null) // 4 questions, all NXDOMAIN: one failed lookup
    lookup128(c, '10.244.1.5')
    lookupLatest(c)
    c.lookup(['web-0.nginx.default.svc.cluster.local', ['10.244.2.2']]) // another name: not ours
    const all = lookupsOf(c.dnsQueries(), 'web-1.nginx', 'default', 'any')
    expect(all.map((l) => [l.asked.length, l.addresses, l.searched])).toEqual([
      [4, [], true],
      [1, ['10.244.1.5'], true],
      [1, [], false],
    ])
    expect(lookupsOf(c.dnsQueries(), 'web-1.nginx', 'default', 'plain')).toHaveLength(1)
    expect(lookupsOf(c.dnsQueries(), 'web-1.nginx', 'default', 'search')).toHaveLength(2)
  })

  it('an absolute name is asked the same way by both kinds of resolver: it counts for either', () => {
    const c = new FakeClient()
    c.lookup([FQDN, []])
    for (const shape of ['search', 'plain', 'any'] as const) expect(lookupsOf(c.dnsQueries(), `${FQDN}.`, 'default', shape), shape).toHaveLength(1)
  })

  it('does not join two lookups that merely follow each other', () => {
    const c = new FakeClient()
    c.lookup([FQDN, []])
    c.put(pod('web-1')) // a fact in between: the next question is a new lookup
    c.lookup(['web-1.nginx.svc.cluster.local', []])
    expect(lookupsOf(c.dnsQueries(), 'web-1.nginx', 'default', 'search').map((l) => l.asked)).toEqual([[FQDN]])
  })
})

describe('dns check: seen (what a pod\'s lookup got)', () => {
  it('judges the first lookup after the deletion and before Ready, not the DNS now', async () => {
    const c = new FakeClient()
    c.put(withIP('web-1', '10.244.1.5'))
    lookup128(c, '10.244.1.5') // before the deletion: outside the window
    expect(await run(gone, ctx(c))).toMatchObject({ state: 'failed', actual: 'not yet: Pod/web-1 Deleted' })
    c.remove('Pod', 'web-1')
    c.put(pod('web-1')) // the new web-1, Pending
    expect(await run(gone, ctx(c))).toMatchObject({
      state: 'failed',
      explanation: `expected a pod's lookup of web-1.nginx from busybox:1.28.4 after Pod/web-1 Deleted, before Pod/web-1 Ready: NXDOMAIN; found no pod looked up web-1.nginx then; lookups seen: ${FQDN} → 10.244.1.5`,
    })
    expect((await run(gone, ctx(c))).contradicted).toBeUndefined() // not yet looked: no ✗
    lookup128(c, null)
    expect(await run(gone, ctx(c))).toMatchObject({ state: 'passed', actual: `the first one got NXDOMAIN (asked ${SEARCH.join(', ')})` })
    const r = await run(kept, ctx(c))
    expect(r).toMatchObject({ state: 'failed', contradicted: true })
    // The pod comes back and the name resolves again: the answer in the window does not change.
    c.put(withIP('web-1', '10.244.1.9'))
    lookup128(c, '10.244.1.9')
    expect((await run(gone, ctx(c))).state).toBe('passed')
    expect((await run(kept, ctx(c))).state).toBe('failed')
  })

  it('a lookup made too late (the pod already back) is outside the window', async () => {
    const c = new FakeClient()
    c.put(withIP('web-1', '10.244.1.5'))
    c.remove('Pod', 'web-1')
    c.put(withIP('web-1', '10.244.1.9')) // Created and Ready at once (instant speed, nothing held it)
    lookup128(c, '10.244.1.9')
    const r = await run(gone, ctx(c))
    expect(r.state).toBe('failed')
    expect(r.actual).toBe(`no pod looked up web-1.nginx then; lookups seen: ${FQDN} → 10.244.1.9`)
  })

  it('only lookups shaped like the image\'s resolver count: the latest busybox skips the search list', async () => {
    const c = new FakeClient()
    c.put(withIP('web-1', '10.244.1.5'))
    c.remove('Pod', 'web-1')
    lookupLatest(c)
    const r = await run(gone, ctx(c))
    expect(r.state).toBe('failed')
    expect(r.actual).toBe('no pod looked up web-1.nginx then; lookups seen: web-1.nginx (as typed, no search list) → NXDOMAIN')
    // Without an image, any lookup counts.
    const any = { dns: { name: 'web-1.nginx', expect: 'fails' as const, seen: window } }
    expect((await run(any, ctx(c))).state).toBe('passed')
  })

  it('ipOf: the answer must be the pod\'s IP now; which: first, last or any', async () => {
    const c = new FakeClient()
    c.put(withIP('web-1', '10.244.1.5'))
    const stepStart = { command: 0, audit: 0, factSeq: c.recorder.nextSeq() } // the step starts with web-1 Ready
    lookup128(c, '10.244.1.5')
    c.remove('Pod', 'web-1')
    c.put(withIP('web-1', '10.244.1.9'))
    lookup128(c, '10.244.1.9')
    const def = (which: 'first' | 'last' | 'any', after?: string) => ({ dns: { name: 'web-1.nginx', image: 'busybox:1.28.4', ipOf: 'web-1', seen: { which, ...(after ? { after } : {}) } } })
    expect(await run(def('first'), ctx(c, { stepStart }))).toMatchObject({ state: 'failed', contradicted: true, actual: `the first one got 10.244.1.5 (asked ${FQDN})` })
    expect((await run(def('last'), ctx(c, { stepStart }))).state).toBe('passed')
    expect((await run(def('any'), ctx(c, { stepStart }))).state).toBe('passed')
    expect(await run(def('first', 'Pod/web-1 Ready'), ctx(c, { stepStart }))).toMatchObject({
      state: 'passed',
      expected: "a pod's lookup of web-1.nginx from busybox:1.28.4 after Pod/web-1 Ready: resolves to web-1's IP 10.244.1.9",
    })
    // Only since the step started (or the prediction): an earlier window is not this step's.
    const later = c.recorder.nextSeq()
    expect((await run(def('any'), ctx(c, { stepStart: { command: 0, audit: 0, factSeq: later } }))).state).toBe('failed')
  })

  it('words the explanation in the learner\'s language', async () => {
    const c = new FakeClient()
    c.put(withIP('web-1', '10.244.1.5'))
    c.remove('Pod', 'web-1')
    lookupLatest(c)
    const r = await run(gone, ctx(c, { locale: 'zh-CN' }))
    expect(r.explanation).toBe('应为：busybox:1.28.4 的 Pod 对 web-1.nginx 的查询 在 Pod/web-1 Deleted 之后, 在 Pod/web-1 Ready 之前: NXDOMAIN；实际：这段时间里没有 Pod 查询过 web-1.nginx；看到的查询：web-1.nginx (原样发出，没有用搜索域) → NXDOMAIN')
  })

  it('the DNS-now form still asks the server itself, and can require the pod\'s IP', async () => {
    const c = new FakeClient()
    c.put(withIP('web-0', '10.244.1.7'))
    c.dns.set('web-0.nginx.default.svc.cluster.local', ['10.244.1.7'])
    const def = { dns: { name: 'web-0.nginx', image: 'busybox:1.28.4', ipOf: 'web-0' } }
    expect((await run(def, ctx(c))).state).toBe('passed')
    c.dns.set('web-0.nginx.default.svc.cluster.local', ['10.244.1.3'])
    expect(await run(def, ctx(c))).toMatchObject({ state: 'failed', expected: "web-0.nginx resolves from busybox:1.28.4 (web-0's IP 10.244.1.7)" })
  })
})

describe('file check (a file as the running container sees it)', () => {
  const def = (extra: Record<string, unknown> = {}) => ({ file: { pod: 'web-0', path: '/tmp/index.html', ...extra } })

  it('missing pod fails, a pod not running yet waits, then the content decides', async () => {
    const c = new FakeClient()
    expect(await run(def(), ctx(c))).toMatchObject({ state: 'failed', explanation: 'expected /tmp/index.html in web-0; found pod web-0 does not exist' })
    c.put(pod('web-0'))
    expect(await run(def(), ctx(c))).toMatchObject({ state: 'waiting', actual: 'pod web-0 is not running' })
    c.put(pod('web-0', { phase: 'Running', ready: true }))
    expect(await run(def(), ctx(c))).toMatchObject({ state: 'failed', actual: 'no such file' })
    c.podFiles.set('web-0:nginx:/tmp/index.html', 'hello web-0\n')
    expect((await run(def({ equals: 'hello web-0' }), ctx(c))).state).toBe('passed')
    expect(await run(def({ contains: 'web-1' }), ctx(c))).toMatchObject({ state: 'failed', contradicted: true, explanation: 'expected /tmp/index.html in web-0 containing "web-1"; found "hello web-0\\n"' })
  })

  it('exists: false passes when the file is gone (the writable layer did not survive the pod)', async () => {
    const c = new FakeClient()
    c.put(pod('web-0', { phase: 'Running', ready: true }))
    c.podFiles.set('web-0:nginx:/tmp/index.html', 'x')
    expect(await run(def({ exists: false }), ctx(c))).toMatchObject({ state: 'failed', expected: 'not (/tmp/index.html in web-0)' })
    c.podFiles.clear()
    expect((await run(def({ exists: false }), ctx(c))).state).toBe('passed')
    expect(await run(def({ container: 'sidecar', exists: false }), ctx(c, { locale: 'zh-CN' }))).toMatchObject({ state: 'passed', expected: '不满足（web-0（容器 sidecar） 里的 /tmp/index.html）' })
  })
})

describe('a quiz answered by what the learner\'s lookup saw', () => {
  const quiz = quizSchema.parse({
    choices: ['old-ip', 'nxdomain'],
    answerFrom: [
      { choice: 'nxdomain', check: gone },
      { choice: 'old-ip', check: kept },
    ],
    requireCorrect: true,
  })
  const cmd = { line: 'kubectl exec nettest -- nslookup web-1.nginx', cwd: '/w', exitCode: 0, startedAt: 0, endedAt: 1 }

  it('freezes the answer the lookup in the window got, and says what was seen when it came too late', async () => {
    const c = new FakeClient()
    c.put(withIP('web-1', '10.244.1.5'))
    const sp: StepProgress = { done: false, assisted: false, passed: [], answer: 'nxdomain', answerAt: c.recorder.nextSeq() }
    c.remove('Pod', 'web-1')
    c.put(withIP('web-1', '10.244.1.9')) // back before anyone looked
    lookup128(c, '10.244.1.9')
    let r = await evaluateQuiz(quiz, sp, ctx(c, { commands: [cmd] }))
    expect(r.get('quiz-observation')).toMatchObject({
      state: 'failed',
      explanation: `the cluster has not shown the answer yet (so far: no pod looked up web-1.nginx then; lookups seen: ${FQDN} → 10.244.1.9)`,
    })
    expect(r.get('quiz-prediction')!.state).toBe('waiting')
    // Deleted again, and this time looked up while gone: NXDOMAIN is the answer, frozen.
    c.remove('Pod', 'web-1')
    lookup128(c, null)
    r = await evaluateQuiz(quiz, sp, ctx(c, { commands: [cmd] }))
    expect(sp.observed).toBe('nxdomain')
    expect([r.get('quiz-prediction')!.state, r.get('quiz-observation')!.state]).toEqual(['passed', 'passed'])
  })
})
