// API-level behaviour of the server: auth, version/health, discovery negotiation, Tables, watch framing and
// resume, subresources, patch types, deletes, the command log and the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { call, watch } from './http-client'
import { waitFor } from './kubectl-runner'

let tc: TestCluster
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'
const cm = (name: string, data: Record<string, string> = { a: '1' }, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
})

beforeAll(async () => {
  tc = await startTestCluster()
})
afterAll(async () => {
  await tc?.close()
})

describe('basics', () => {
  it('binds to 127.0.0.1 over HTTPS', () => {
    expect(tc.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
  })
  it('401 Status without or with a wrong bearer token', async () => {
    for (const token of [null, 'wrong']) {
      const r = await call(tc, 'GET', '/api/v1/pods', { token })
      expect(r.status).toBe(401)
      expect(r.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 })
    }
  })
  it('/version, /healthz, /readyz, /livez', async () => {
    const v = (await call(tc, 'GET', '/version?timeout=5s')).json()
    expect(v).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' })
    for (const p of ['/healthz', '/readyz', '/livez']) expect((await call(tc, 'GET', p)).text).toBe('ok')
  })
  it('unknown paths → 404 Status', async () => {
    const r = await call(tc, 'GET', '/apis/nope.example.com/v1/widgets')
    expect(r.status).toBe(404)
    expect(r.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' })
    expect((await call(tc, 'GET', '/openapi/v2')).status).toBe(404)
  })
})

describe('discovery', () => {
  it('aggregated when asked, with the matching Content-Type; legacy otherwise', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
    const agg = await call(tc, 'GET', '/apis', { accept })
    expect(agg.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    expect(agg.json().kind).toBe('APIGroupDiscoveryList')
    const legacy = await call(tc, 'GET', '/api')
    expect(legacy.json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] })
    const apps = await call(tc, 'GET', '/apis/apps/v1')
    expect(apps.json().resources.map((r: any) => r.name)).toContain('statefulsets/scale')
    expect((await call(tc, 'GET', '/apis/apps')).json()).toMatchObject({ kind: 'APIGroup', name: 'apps' })
  })
})

describe('CRUD, tables and patches', () => {
  it('create (201), duplicate (409 AlreadyExists), get, Table list, label selector', async () => {
    const c = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('one', { a: '1' }, { tier: 'x' }) })
    expect(c.status).toBe(201)
    expect(c.json().metadata.resourceVersion).toBeTruthy()
    const dup = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('one') })
    expect(dup.status).toBe(409)
    expect(dup.json()).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "one" already exists' })
    await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('two', { a: '1', b: '2' }) })
    const t = await call(tc, 'GET', '/api/v1/namespaces/default/configmaps?labelSelector=tier%3Dx', { accept: TABLE })
    expect(t.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io')
    const table = t.json()
    expect(table.kind).toBe('Table')
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Data', 'Age'])
    expect(table.rows.map((r: any) => r.cells.slice(0, 2))).toEqual([['one', 1]])
    expect(table.rows[0].object.kind).toBe('PartialObjectMetadata')
    const plain = (await call(tc, 'GET', '/api/v1/configmaps')).json()
    expect(plain.kind).toBe('ConfigMapList')
    expect(plain.items.every((i: any) => i.kind === 'ConfigMap' && i.apiVersion === 'v1')).toBe(true)
  })

  it('namespace mismatch and kind mismatch are 400', async () => {
    const r = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: { ...cm('x'), metadata: { name: 'x', namespace: 'kube-system' } } })
    expect(r.status).toBe(400)
    expect(r.json().message).toBe('the namespace of the provided object does not match the namespace sent on the request')
    const k = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } } })
    expect(k.status).toBe(400)
  })

  it('a malformed protobuf body is a 400; CBOR is a 415', async () => {
    const r = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: 'k8s\u0000\u000a\u00ff', contentType: 'application/vnd.kubernetes.protobuf' })
    expect(r.status).toBe(400)
    expect(r.json()).toMatchObject({ reason: 'BadRequest', message: 'the body of the request could not be decoded as protobuf: truncated varint' })
    const c = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: '\u00a0', contentType: 'application/cbor' })
    expect(c.status).toBe(415)
  })

  it('merge, strategic, json and apply patches; unsupported patch type → 415', async () => {
    const base = '/api/v1/namespaces/default/configmaps/one'
    const m = await call(tc, 'PATCH', base, { body: { data: { b: '2', a: null } }, contentType: 'application/merge-patch+json' })
    expect(m.json().data).toEqual({ b: '2' })
    const j = await call(tc, 'PATCH', base, { body: [{ op: 'add', path: '/data/c', value: '3' }], contentType: 'application/json-patch+json' })
    expect(j.json().data).toEqual({ b: '2', c: '3' })
    const bad = await call(tc, 'PATCH', base, { body: [{ op: 'remove', path: '/data/zzz' }], contentType: 'application/json-patch+json' })
    expect(bad.status).toBe(500)
    const s = await call(tc, 'PATCH', base, { body: { metadata: { labels: { z: '1' } } }, contentType: 'application/strategic-merge-patch+json' })
    expect(s.json().metadata.labels).toEqual({ tier: 'x', z: '1' })
    const u = await call(tc, 'PATCH', base, { body: { data: {} }, contentType: 'text/plain' })
    expect(u.status).toBe(415)
    const applyNew = await call(tc, 'PATCH', '/api/v1/namespaces/default/configmaps/applied?fieldManager=kubectl', {
      body: cm('applied', { k: 'v' }),
      contentType: 'application/apply-patch+yaml',
    })
    expect(applyNew.status).toBe(201)
    const applyAgain = await call(tc, 'PATCH', '/api/v1/namespaces/default/configmaps/applied?fieldManager=kubectl', {
      body: cm('applied', { k: 'v2' }),
      contentType: 'application/apply-patch+yaml',
    })
    expect(applyAgain.status).toBe(200)
    expect(applyAgain.json().data).toEqual({ k: 'v2' })
    const noManager = await call(tc, 'PATCH', '/api/v1/namespaces/default/configmaps/applied', { body: cm('applied'), contentType: 'application/apply-patch+yaml' })
    expect(noManager.status).toBe(400)
  })

  it('PUT with a stale resourceVersion → 409 Conflict', async () => {
    const cur = (await call(tc, 'GET', '/api/v1/namespaces/default/configmaps/two')).json()
    await call(tc, 'PUT', '/api/v1/namespaces/default/configmaps/two', { body: { ...cur, data: { a: 'new' } } })
    const stale = await call(tc, 'PUT', '/api/v1/namespaces/default/configmaps/two', { body: { ...cur, data: { a: 'newer' } } })
    expect(stale.status).toBe(409)
    expect(stale.json().reason).toBe('Conflict')
  })

  it('strict field validation on create, warnings by default', async () => {
    const strict = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { body: { ...cm('s'), extra: 1 } })
    expect(strict.status).toBe(400)
    expect(strict.json().message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra"')
    const warn = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: { ...cm('w'), extra: 1 } })
    expect(warn.status).toBe(201)
    expect(warn.headers.warning).toBe('299 - "unknown field \\"extra\\""')
  })

  it('dryRun create persists nothing; delete returns Status; deletecollection by label', async () => {
    const d = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { body: cm('dry') })
    expect(d.status).toBe(201)
    expect((await call(tc, 'GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404)
    const del = await call(tc, 'DELETE', '/api/v1/namespaces/default/configmaps/w', { body: { propagationPolicy: 'Background' } })
    expect(del.status).toBe(200)
    expect(del.json()).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'w', kind: 'configmaps' } })
    const badPolicy = await call(tc, 'DELETE', '/api/v1/namespaces/default/configmaps/two?propagationPolicy=Sideways')
    expect(badPolicy.status).toBe(400)
    await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('l1', {}, { batch: 'b' }) })
    await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('l2', {}, { batch: 'b' }) })
    const dc = await call(tc, 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=batch%3Db')
    expect(dc.json().items.map((i: any) => i.metadata.name).sort()).toEqual(['l1', 'l2'])
    expect((await call(tc, 'GET', '/api/v1/namespaces/default/configmaps/l1')).status).toBe(404)
  })
})

describe('statefulset subresources', () => {
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: { serviceName: 'nginx', replicas: 0, selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] } } },
  }
  it('scale is an autoscaling/v1 Scale; PATCH scale changes replicas', async () => {
    expect((await call(tc, 'POST', '/apis/apps/v1/namespaces/default/statefulsets', { body: sts })).status).toBe(201)
    const s = (await call(tc, 'GET', '/apis/apps/v1/namespaces/default/statefulsets/web/scale')).json()
    expect(s).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 0 }, status: { selector: 'app=nginx' } })
    const p = await call(tc, 'PATCH', '/apis/apps/v1/namespaces/default/statefulsets/web/scale', { body: { spec: { replicas: 0 } }, contentType: 'application/merge-patch+json' })
    expect(p.json()).toMatchObject({ kind: 'Scale', spec: { replicas: 0 } })
    const bad = await call(tc, 'PATCH', '/apis/apps/v1/namespaces/default/statefulsets/web/scale', { body: { spec: { replicas: 'x' } }, contentType: 'application/merge-patch+json' })
    expect(bad.status).toBe(400)
    expect((await call(tc, 'GET', '/api/v1/namespaces/default/configmaps/one/scale')).status).toBe(404)
  })
  it('invalid statefulset → 422 with the store Status body', async () => {
    const bad = { ...sts, metadata: { name: 'bad' }, spec: { ...sts.spec, replicas: -1 } }
    const r = await call(tc, 'POST', '/apis/apps/v1/namespaces/default/statefulsets', { body: bad })
    expect(r.status).toBe(422)
    expect(r.json()).toMatchObject({ reason: 'Invalid', details: { kind: 'StatefulSet', group: 'apps', name: 'bad' } })
    expect(r.json().message).toContain('spec.replicas: Invalid value: -1: must be greater than or equal to 0')
  })
})

describe('watch', () => {
  it('streams newline-delimited events, Table-wrapped with columns only in the first event', async () => {
    const list = (await call(tc, 'GET', '/api/v1/namespaces/default/configmaps')).json()
    const w = watch(tc, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}`, TABLE)
    expect(await w.status).toBe(200)
    await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('w1') })
    await call(tc, 'PATCH', '/api/v1/namespaces/default/configmaps/w1', { body: { data: { x: 'y' } }, contentType: 'application/merge-patch+json' })
    await call(tc, 'DELETE', '/api/v1/namespaces/default/configmaps/w1')
    await waitFor('3 events', () => w.events.length >= 3)
    w.stop()
    await w.done
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED'])
    expect(w.events[0].object.kind).toBe('Table')
    expect(w.events[0].object.columnDefinitions.length).toBe(3)
    expect(w.events[1].object.columnDefinitions).toBeNull()
    expect(w.events[1].object.rows[0].cells[0]).toBe('w1')
  })

  it('legacy /watch/ path, plain objects, field selector', async () => {
    const w = watch(tc, '/api/v1/watch/namespaces/default/configmaps?fieldSelector=metadata.name%3Done')
    await waitFor('initial ADDED', () => w.events.length >= 1)
    expect(w.events[0]).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'one' } } })
    w.stop()
    await w.done
  })

  it('too-old resourceVersion → ERROR event with a 410 Expired Status', async () => {
    const small = await startTestCluster()
    try {
      // Push the event log far enough that resourceVersion 1 has been compacted away.
      for (let i = 0; i < 10_050; i++) small.cluster.store.create({ group: '', version: 'v1', resource: 'configmaps' }, 'default', cm(`c${i}`))
      const w = watch(small, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1')
      await w.done
      expect(w.events).toHaveLength(1)
      expect(w.events[0].type).toBe('ERROR')
      expect(w.events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' })
    } finally {
      await small.close()
    }
  })

  it('timeoutSeconds ends the stream; the server closing ends open watches', async () => {
    const w = watch(tc, '/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1')
    await w.done
    expect(w.ended()).toBe(true)
    const other = await startTestCluster()
    const w2 = watch(other, '/api/v1/namespaces/default/pods?watch=true')
    expect(await w2.status).toBe(200)
    await other.close()
    await w2.done
    expect(w2.ended()).toBe(true)
  })
})

describe('command log and audit', () => {
  it('POST /ordinal/v1/commands calls onCommand; bad bodies are 400', async () => {
    const rec = { line: 'kubectl get pods', cwd: '/home/learner', exitCode: 0, startedAt: 1, endedAt: 2 }
    const r = await call(tc, 'POST', '/ordinal/v1/commands', { body: rec })
    expect(r.status).toBe(201)
    expect(tc.commands).toContainEqual(rec)
    const bad = await call(tc, 'POST', '/ordinal/v1/commands', { body: { line: 1 } })
    expect(bad.status).toBe(400)
    const noAuth = await call(tc, 'POST', '/ordinal/v1/commands', { body: rec, token: null })
    expect(noAuth.status).toBe(401)
  })
  it('every request lands in the audit log with verb and code, and onAudit listeners hear it', async () => {
    const seen: string[] = []
    const off = tc.api.onAudit((e) => seen.push(`${e.verb} ${e.path} ${e.code}`))
    await call(tc, 'GET', '/api/v1/namespaces/default/configmaps/one')
    await call(tc, 'GET', '/api/v1/namespaces/default/configmaps/missing')
    off()
    await call(tc, 'GET', '/api/v1/namespaces/default/configmaps')
    expect(seen).toEqual(['get /api/v1/namespaces/default/configmaps/one 200', 'get /api/v1/namespaces/default/configmaps/missing 404'])
    const last = tc.api.audit[tc.api.audit.length - 1]
    expect(last).toMatchObject({ verb: 'list', method: 'GET', path: '/api/v1/namespaces/default/configmaps', code: 200 })
    expect(last.time).toBe(tc.clock.now())
  })
})
