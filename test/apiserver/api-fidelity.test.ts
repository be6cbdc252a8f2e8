// API behaviours beyond CRUD: watch resume / bookmarks / timeouts / streaming lists, health endpoints, server-side
// apply with managedFields and conflicts, dry runs that must not write, and bad input with the server's wording.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApiServer, type ApiServer } from '../../src-main/apiserver/index'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import { createCluster } from '../../src-main/cluster/index'
import { GVRS } from '../../src-main/cluster/store/registry'
import type { TestCluster } from '../helpers/cluster-harness'
import { call, watch } from './http-client'
import { waitFor } from './kubectl-runner'

// A cluster on a manual clock with a server whose bookmarks come every 100 ms (real time).
let cluster: Cluster
let api: ApiServer
let tc: TestCluster // only the fields call()/watch() use
const APPLY = 'application/apply-patch+yaml'

beforeAll(async () => {
  const clock = new SimClock()
  cluster = createCluster({ clock, random: seededRandom(7) })
  clock.runUntilIdle(10_000, 1_000)
  const token = randomBytes(8).toString('hex')
  api = await startApiServer({ cluster, token, port: 0, bookmarkIntervalMs: 100 })
  tc = { url: api.url, token, api } as unknown as TestCluster
})
afterAll(async () => {
  await api?.close()
  cluster?.dispose()
})

const cm = (name: string, data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data })
const CMS = '/api/v1/namespaces/default/configmaps'

describe('watch', () => {
  it('resumes from a resourceVersion: only later events, in order', async () => {
    const a = (await call(tc, 'POST', CMS, { body: cm('w-a') })).json()
    await call(tc, 'POST', CMS, { body: cm('w-b') })
    await call(tc, 'PUT', `${CMS}/w-a`, { body: { ...a, data: { a: '2' } } })
    const w = watch(tc, `${CMS}?watch=true&resourceVersion=${a.metadata.resourceVersion}`)
    await waitFor('2 events', () => w.events.length >= 2)
    w.stop()
    expect(w.events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'w-b'],
      ['MODIFIED', 'w-a'],
    ])
  })

  it('allowWatchBookmarks: periodic BOOKMARKs with the current resourceVersion, and one as timeoutSeconds ends it', async () => {
    const w = watch(tc, `${CMS}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${cluster.store.resourceVersion()}`)
    await w.done
    const marks = w.events.filter((e) => e.type === 'BOOKMARK')
    expect(marks.length).toBeGreaterThanOrEqual(3)
    expect(marks[0]).toEqual({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: cluster.store.resourceVersion() } } })
    expect(w.events[w.events.length - 1].type).toBe('BOOKMARK')
    expect(w.ended()).toBe(true)
  })

  it('without allowWatchBookmarks there are none', async () => {
    const w = watch(tc, `${CMS}?watch=true&timeoutSeconds=1&resourceVersion=${cluster.store.resourceVersion()}`)
    await w.done
    expect(w.events).toEqual([])
  })

  it('sendInitialEvents: the current objects, then a bookmark marking the end; without NotOlderThan → 422', async () => {
    const w = watch(tc, `${CMS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=x%3Dnone`)
    await waitFor('end bookmark', () => w.events.length >= 1)
    w.stop()
    expect(w.events[0]).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } })
    const bad = await call(tc, 'GET', `${CMS}?watch=true&sendInitialEvents=true`)
    expect(bad.status).toBe(422)
    expect(bad.json().message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan')
  })

  it('a bad resourceVersion → ERROR event carrying a 400', async () => {
    const w = watch(tc, `${CMS}?watch=true&resourceVersion=abc`)
    await w.done
    expect(w.events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ code: 400, message: 'invalid resource version: abc' }) }])
  })
})

describe('health', () => {
  it('ok, ?verbose lists checks like kube-apiserver, one check by path, unknown check 404, ?exclude', async () => {
    for (const p of ['/healthz', '/livez', '/readyz']) expect((await call(tc, 'GET', p)).text).toBe('ok')
    const v = (await call(tc, 'GET', '/readyz?verbose')).text
    expect(v.split('\n').slice(0, 3)).toEqual(['[+]ping ok', '[+]log ok', '[+]etcd ok'])
    expect(v).toContain('[+]informer-sync ok\n')
    expect(v.endsWith('[+]shutdown ok\nreadyz check passed\n')).toBe(true)
    expect((await call(tc, 'GET', '/livez?verbose')).text.endsWith('livez check passed\n')).toBe(true)
    expect((await call(tc, 'GET', '/healthz?verbose&exclude=etcd')).text).toContain('[+]etcd excluded: ok\n')
    expect((await call(tc, 'GET', '/healthz/ping')).text).toBe('ok')
    const nf = await call(tc, 'GET', '/healthz/nope')
    expect([nf.status, nf.text]).toEqual([404, '404 page not found\n'])
  })
})

describe('server-side apply', () => {
  const path = `${CMS}/ssa`
  const q = (manager: string, extra = '') => `${path}?fieldManager=${manager}${extra}`

  it('creates (201) with an Apply entry listing exactly the applied fields', async () => {
    const r = await call(tc, 'PATCH', q('alice'), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', labels: { team: 'a' } }, data: { x: '1', y: '2' } }, contentType: APPLY })
    expect(r.status).toBe(201)
    const mf = r.json().metadata.managedFields
    expect(mf).toEqual([
      { manager: 'alice', operation: 'Apply', apiVersion: 'v1', time: expect.stringMatching(/Z$/), fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } }, 'f:data': { 'f:x': {}, 'f:y': {} } } },
    ])
  })

  it('a different value for a field another manager owns → 409 with the real wording and causes; same value → shared', async () => {
    const same = await call(tc, 'PATCH', q('bob'), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { x: '1' } }, contentType: APPLY })
    expect(same.status).toBe(200)
    const r = await call(tc, 'PATCH', q('bob'), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { x: '9', y: '8' } }, contentType: APPLY })
    expect(r.status).toBe(409)
    expect(r.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message: 'Apply failed with 2 conflicts: conflicts with "alice":\n- .data.x\n- .data.y',
      details: { name: 'ssa', kind: 'configmaps', causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.x' }, { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.y' }] },
    })
    expect((await call(tc, 'GET', path)).json().data).toEqual({ x: '1', y: '2' })
  })

  it('force=true takes the fields over; the old owner keeps the rest', async () => {
    const r = await call(tc, 'PATCH', q('bob', '&force=true'), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { x: '9' } }, contentType: APPLY })
    expect(r.status).toBe(200)
    const o = r.json()
    expect(o.data).toEqual({ x: '9', y: '2' })
    const alice = o.metadata.managedFields.find((e: any) => e.manager === 'alice')
    expect(alice.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:team': {} } }, 'f:data': { 'f:y': {} } })
  })

  it('a field the applier stops setting is removed (when nobody else owns it)', async () => {
    const r = await call(tc, 'PATCH', q('alice'), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { y: '2' } }, contentType: APPLY })
    expect(r.status).toBe(200)
    expect(r.json().metadata.labels).toBeUndefined()
    expect(r.json().data).toEqual({ x: '9', y: '2' })
  })

  it('an Update (PUT, merge patch) takes ownership without conflicts; the manager comes from ?fieldManager or the user agent', async () => {
    const cur = (await call(tc, 'GET', path)).json()
    await call(tc, 'PUT', q('carol'), { body: { ...cur, data: { ...cur.data, y: '3' } } })
    const after = (await call(tc, 'GET', path)).json()
    const carol = after.metadata.managedFields.find((e: any) => e.manager === 'carol')
    expect(carol).toMatchObject({ operation: 'Update', fieldsV1: { 'f:data': { 'f:y': {} } } })
    expect(after.metadata.managedFields.find((e: any) => e.manager === 'alice')).toBeUndefined() // lost its only field
    const r = await call(tc, 'PATCH', q('alice'), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { y: '4' } }, contentType: APPLY })
    expect(r.status).toBe(409)
    expect(r.json().message).toBe('Apply failed with 1 conflict: conflict with "carol" using v1: .data.y')
  })

  it('apply without fieldManager → 400; force on a non-apply patch → 400', async () => {
    const r = await call(tc, 'PATCH', path, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' } }, contentType: APPLY })
    expect([r.status, r.json().message]).toEqual([400, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'])
    const f = await call(tc, 'PATCH', `${path}?force=true`, { body: { data: { z: '1' } }, contentType: 'application/merge-patch+json' })
    expect([f.status, f.json().message]).toEqual([400, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch'])
  })
})

describe('dryRun=All changes nothing', () => {
  it('create, update, every patch type, apply, delete and deletecollection', async () => {
    await call(tc, 'POST', CMS, { body: cm('dry', { a: '1' }) })
    const before = (await call(tc, 'GET', `${CMS}/dry`)).json()
    const rv = cluster.store.resourceVersion()
    const created = await call(tc, 'POST', `${CMS}?dryRun=All`, { body: cm('dry-new') })
    expect(created.status).toBe(201)
    expect(created.json().metadata.name).toBe('dry-new')
    expect((await call(tc, 'PUT', `${CMS}/dry?dryRun=All`, { body: { ...before, data: { a: '2' } } })).json().data).toEqual({ a: '2' })
    for (const [ct, body] of [
      ['application/merge-patch+json', { data: { a: '3' } }],
      ['application/strategic-merge-patch+json', { data: { a: '4' } }],
      ['application/json-patch+json', [{ op: 'replace', path: '/data/a', value: '5' }]],
    ] as const)
      expect((await call(tc, 'PATCH', `${CMS}/dry?dryRun=All`, { body, contentType: ct })).status).toBe(200)
    expect((await call(tc, 'PATCH', `${CMS}/dry-apply?dryRun=All&fieldManager=m`, { body: cm('dry-apply'), contentType: APPLY })).status).toBe(201)
    expect((await call(tc, 'DELETE', `${CMS}/dry?dryRun=All`)).status).toBe(200)
    expect((await call(tc, 'DELETE', `${CMS}?dryRun=All`)).status).toBe(200)
    expect(cluster.store.resourceVersion()).toBe(rv)
    expect((await call(tc, 'GET', `${CMS}/dry`)).json()).toEqual(before)
    expect((await call(tc, 'GET', `${CMS}/dry-new`)).status).toBe(404)
    expect((await call(tc, 'GET', `${CMS}/dry-apply`)).status).toBe(404)
  })
})

describe('bad input keeps the store unchanged', () => {
  const expectUnchanged = async (f: () => Promise<void>) => {
    const rv = cluster.store.resourceVersion()
    await f()
    expect(cluster.store.resourceVersion()).toBe(rv)
  }

  it('names: pods and configmaps are DNS-1123 subdomains, services DNS-1035 labels, namespaces DNS-1123 labels', async () => {
    const SUB = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`
    const LABEL = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
    const DNS1035 = `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`
    await expectUnchanged(async () => {
      const pod = await call(tc, 'POST', '/api/v1/namespaces/default/pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Web_0' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } })
      expect(pod.status).toBe(422)
      expect(pod.json()).toMatchObject({ reason: 'Invalid', message: `Pod "Web_0" is invalid: metadata.name: Invalid value: "Web_0": ${SUB}`, details: { name: 'Web_0', kind: 'Pod', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] } })
      // a dotted name is a fine subdomain for a pod but not for a service
      const svc = await call(tc, 'POST', '/api/v1/namespaces/default/services', { body: { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web.x' }, spec: { ports: [{ port: 80 }] } } })
      expect(svc.status).toBe(422)
      expect(svc.json().message).toBe(`Service "1web.x" is invalid: metadata.name: Invalid value: "1web.x": ${DNS1035}`)
      const ns = await call(tc, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } } })
      expect(ns.json().message).toBe(`Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": ${LABEL}`)
      // a StatefulSet name must be a DNS-1123 label (a pod hostname), unlike a pod's
      const sts = await call(tc, 'POST', '/apis/apps/v1/namespaces/default/statefulsets', {
        body: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web.v2' }, spec: { serviceName: 'web', selector: { matchLabels: { app: 'w' } }, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
      })
      expect(sts.status).toBe(422)
      expect(sts.json().message).toBe(`StatefulSet.apps "web.v2" is invalid: metadata.name: Invalid value: "web.v2": ${LABEL}`)
      const dottedPod = await call(tc, 'POST', '/api/v1/namespaces/default/pods?dryRun=All', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web.v2' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } })
      expect(dottedPod.status).toBe(201)
      const long = 'a'.repeat(254)
      const big = await call(tc, 'POST', CMS, { body: cm(long) })
      expect(big.json().message).toBe(`ConfigMap "${long}" is invalid: metadata.name: Invalid value: "${long}": must be no more than 253 characters`)
      const none = await call(tc, 'POST', CMS, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } })
      expect(none.json().message).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required')
    })
  })

  it('a StatefulSet whose selector misses the template labels → 422 Invalid; a forbidden spec update → 422 with the Forbidden cause', async () => {
    const sts = (sel: string, svc = 'web') => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: { serviceName: svc, replicas: 0, selector: { matchLabels: { app: sel } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    })
    const STS = '/apis/apps/v1/namespaces/default/statefulsets'
    await expectUnchanged(async () => {
      const r = await call(tc, 'POST', STS, { body: sts('other') })
      expect(r.status).toBe(422)
      expect(r.json().message).toBe('StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`')
    })
    const created = (await call(tc, 'POST', STS, { body: sts('web') })).json()
    await expectUnchanged(async () => {
      const r = await call(tc, 'PUT', `${STS}/web`, { body: { ...created, spec: { ...created.spec, serviceName: 'other' } } })
      expect(r.status).toBe(422)
      expect(r.json()).toMatchObject({
        reason: 'Invalid',
        message:
          "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        details: { causes: [{ reason: 'FieldValueForbidden', field: 'spec' }] },
      })
    })
  })

  it('a stale resourceVersion → 409 with the real wording (core and apps); namespace deletion → 403 Forbidden', async () => {
    const p = (await call(tc, 'POST', '/api/v1/namespaces/default/pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } })).json()
    await call(tc, 'PATCH', '/api/v1/namespaces/default/pods/x', { body: { metadata: { labels: { a: 'b' } } }, contentType: 'application/merge-patch+json' })
    await expectUnchanged(async () => {
      const r = await call(tc, 'PUT', '/api/v1/namespaces/default/pods/x', { body: p })
      expect(r.status).toBe(409)
      expect(r.json()).toMatchObject({ reason: 'Conflict', message: 'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again' })
      const d = await call(tc, 'DELETE', '/api/v1/namespaces/default')
      expect(d.status).toBe(403)
      expect(d.json()).toMatchObject({ reason: 'Forbidden', message: 'namespaces "default" is forbidden: this namespace may not be deleted' })
    })
  })

  it('creating into a terminating namespace → 403 with the real wording', async () => {
    await call(tc, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } } })
    await call(tc, 'POST', '/api/v1/namespaces/doomed/configmaps', { body: cm('keep') }) // keeps the namespace Terminating
    await call(tc, 'DELETE', '/api/v1/namespaces/doomed')
    await expectUnchanged(async () => {
      const r = await call(tc, 'POST', '/api/v1/namespaces/doomed/configmaps', { body: cm('late') })
      expect(r.status).toBe(403)
      expect(r.json().message).toBe('configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated')
    })
    expect(cluster.store.get(GVRS.namespaces, undefined, 'doomed').status?.phase).toBe('Terminating')
  })
})
