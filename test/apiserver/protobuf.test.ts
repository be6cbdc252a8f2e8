// The protobuf request decoder: wire format, the k8s envelope, Go's JSON omission rules, the hand-encoded
// apimachinery types; then the real kubectl's `create <kind>` generators (which send protobuf) against the server.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeKubernetesProtobuf } from '../../src-main/apiserver/protobuf/decode'
import { makeServerCert } from '../../src-main/apiserver/tls-cert'
import { StatusError } from '../../src-main/cluster/store/errors'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { call } from './http-client'
import { kubectl, requireKubectl } from './kubectl-runner'
import { encode, envelope, mapEntries, type PbField } from './protobuf-writer'

const unsupported = (why: string) => new Error(`415: ${why}`)
const decode = (b: Uint8Array) => decodeKubernetesProtobuf(b, unsupported)

const meta = (name: string, labels?: Record<string, string>): PbField => [1, 'message', [[1, 'string', name], ...(labels ? mapEntries(11, labels) : [])]]

function badRequest(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof StatusError && e.code === 400) return e.message
    throw e
  }
  throw new Error('expected a 400')
}

describe('protobuf decoder', () => {
  it('a Deployment: pointer zero values kept (replicas: 0), omitempty zero scalars dropped, nested messages and maps', () => {
    const container: PbField[] = [
      [1, 'string', 'nginx'],
      [2, 'string', 'nginx:1.25'],
      [4, 'string', '--port'],
      [4, 'string', '80'],
      [6, 'message', [[3, 'varint', 80], [4, 'string', 'TCP']]],
      [8, 'message', [[2, 'message', [[1, 'string', 'cpu'], [2, 'message', [[1, 'string', '100m']]]]]]],
      [16, 'varint', 0], // stdin=false: omitempty, not a pointer → absent, as in JSON
    ]
    const obj = decode(
      envelope('apps/v1', 'Deployment', [
        meta('web', { app: 'web' }),
        [
          2,
          'message',
          [
            [1, 'varint', 0],
            [2, 'message', mapEntries(1, { app: 'web' })],
            [3, 'message', [[1, 'message', [...mapEntries(11, { app: 'web' }), [8, 'message', []]]], [2, 'message', [[2, 'message', container], [4, 'varint', -1n]]]]],
            [5, 'varint', 0], // minReadySeconds 0: omitempty → absent
          ],
        ],
        [3, 'message', []],
      ]),
    )
    expect(obj).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'nginx', image: 'nginx:1.25', args: ['--port', '80'], ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m' } } }],
            terminationGracePeriodSeconds: -1,
          },
        },
      },
      status: {},
    })
  })

  it('Secret bytes become base64; Time, IntOrString (int and string), inline volume sources', () => {
    const secret = decode(envelope('v1', 'Secret', [meta('s'), [2, 'message', [[1, 'string', 'k'], [2, 'bytes', new TextEncoder().encode('hi')]]], [3, 'string', 'Opaque']]))
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'aGk=' }, type: 'Opaque' })

    const svc = decode(
      envelope('v1', 'Service', [
        [1, 'message', [[1, 'string', 'web'], [8, 'message', [[1, 'varint', 1767258000]]]]],
        [2, 'message', [[1, 'message', [[1, 'string', 'a'], [3, 'varint', 80], [4, 'message', [[2, 'varint', 8080]]]]], [1, 'message', [[3, 'varint', 81], [4, 'message', [[1, 'varint', 1], [3, 'string', 'http']]]]]]],
      ]),
    )
    expect(svc.metadata).toEqual({ name: 'web', creationTimestamp: '2026-01-01T09:00:00Z' })
    expect((svc.spec as any).ports).toEqual([{ name: 'a', port: 80, targetPort: 8080 }, { port: 81, targetPort: 'http' }])

    const pod = decode(envelope('v1', 'Pod', [meta('p'), [2, 'message', [[1, 'message', [[1, 'string', 'cache'], [2, 'message', [[2, 'message', [[2, 'message', [[1, 'string', '1Gi']]]]]]]]]]]]))
    expect((pod.spec as any).volumes).toEqual([{ name: 'cache', emptyDir: { sizeLimit: '1Gi' } }])
  })

  it('fields newer than our table are skipped; packed repeated varints are read', () => {
    const cm = decode(envelope('v1', 'ConfigMap', [meta('c'), [99, 'string', 'future'], ...mapEntries(2, { a: '', b: 'x' })]))
    expect(cm).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '', b: 'x' } })
    // ServiceSpec has no packed ints, so check a PodSecurityContext's supplementalGroups (int64, field 4).
    const packed = encode([[1, 'varint', 1000], [1, 'varint', 2000]]).filter((_, i) => i % 3 !== 0) // drop the tags
    const pod = decode(envelope('v1', 'Pod', [meta('p'), [2, 'message', [[14, 'message', [[4, 'bytes', packed]]]]]]))
    expect((pod.spec as any).securityContext).toEqual({ supplementalGroups: [1000, 2000] })
  })

  it('bad bodies: no magic → 400, truncated → 400, a kind without a table → the 415 callback', () => {
    expect(badRequest(() => decode(Buffer.from('{"kind":"Pod"}')))).toBe('the body of the request could not be decoded as protobuf: missing the k8s\\0 prefix')
    const ok = envelope('v1', 'ConfigMap', [meta('c')])
    expect(badRequest(() => decode(ok.subarray(0, ok.length - 1)))).toMatch(/^the body of the request could not be decoded as protobuf: truncated/)
    expect(() => decode(envelope('policy/v1', 'PodDisruptionBudget', []))).toThrow('415: no protobuf decoding for policy/v1, Kind=PodDisruptionBudget')
  })
})

describe('protobuf over HTTP and the real kubectl create generators', () => {
  let tc: TestCluster
  const k = (...args: string[]) => kubectl(tc.env, args, { cwd: tc.env.HOME, timeoutMs: 30_000 })
  const get = (path: string) => call(tc, 'GET', path).then((r) => r.json())

  beforeAll(async () => {
    requireKubectl()
    tc = await startTestCluster({ speed: 'instant' })
  })
  afterAll(async () => {
    await tc?.close()
  })

  it('POST with a protobuf body creates the object and answers JSON', async () => {
    const r = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: envelope('v1', 'ConfigMap', [meta('pb'), ...mapEntries(2, { k: 'v' })]), contentType: 'application/vnd.kubernetes.protobuf' })
    expect(r.status).toBe(201)
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.json()).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'pb', namespace: 'default' }, data: { k: 'v' } })
    const bad = await call(tc, 'POST', '/api/v1/namespaces/default/configmaps', { body: envelope('policy/v1', 'PodDisruptionBudget', []), contentType: 'application/vnd.kubernetes.protobuf' })
    expect(bad.status).toBe(415)
    expect(bad.json().reason).toBe('UnsupportedMediaType')
  })

  it('kubectl create deployment (several images, --replicas=0, --port)', async () => {
    const r = await k('create', 'deployment', 'web', '--image=nginx:1.25', '--image=redis', '--replicas=0', '--port=80')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('deployment.apps/web created\n')
    const d = await get('/apis/apps/v1/namespaces/default/deployments/web')
    expect(d.spec.replicas).toBe(0)
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } })
    expect(d.spec.template.spec.containers.map((c: any) => [c.name, c.image, c.ports?.[0]?.containerPort])).toEqual([
      ['nginx', 'nginx:1.25', 80],
      ['redis', 'redis', undefined], // kubectl puts --port on the first container only
    ])
  })

  it('kubectl create configmap --from-literal and --from-file', async () => {
    writeFileSync(join(tc.env.HOME!, 'app.properties'), 'color=blue\n')
    const r = await k('create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=empty=', '--from-file=app.properties')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('configmap/cfg created\n')
    expect((await get('/api/v1/namespaces/default/configmaps/cfg')).data).toEqual({ a: '1', empty: '', 'app.properties': 'color=blue\n' })
  })

  it('kubectl create secret generic | docker-registry | tls', async () => {
    expect((await k('create', 'secret', 'generic', 'creds', '--from-literal=user=admin')).stdout).toBe('secret/creds created\n')
    const s = await get('/api/v1/namespaces/default/secrets/creds')
    expect(s).toMatchObject({ type: 'Opaque', data: { user: Buffer.from('admin').toString('base64') } })
    expect((await k('create', 'secret', 'docker-registry', 'reg', '--docker-username=u', '--docker-password=p', '--docker-server=r.example')).stdout).toBe('secret/reg created\n')
    const reg = await get('/api/v1/namespaces/default/secrets/reg')
    expect(reg.type).toBe('kubernetes.io/dockerconfigjson')
    expect(JSON.parse(Buffer.from(reg.data['.dockerconfigjson'], 'base64').toString()).auths['r.example'].username).toBe('u')
    const { cert, key } = makeServerCert('tls-test')
    writeFileSync(join(tc.env.HOME!, 'tls.crt'), cert)
    writeFileSync(join(tc.env.HOME!, 'tls.key'), key)
    const t = await k('create', 'secret', 'tls', 'web-tls', '--cert=tls.crt', '--key=tls.key')
    expect(t.stderr).toBe('')
    expect(t.stdout).toBe('secret/web-tls created\n')
    expect((await get('/api/v1/namespaces/default/secrets/web-tls')).type).toBe('kubernetes.io/tls')
  })

  it('kubectl create service clusterip | nodeport | externalname, namespace, serviceaccount', async () => {
    expect((await k('create', 'service', 'clusterip', 'api', '--tcp=80:8080')).stdout).toBe('service/api created\n')
    expect((await get('/api/v1/namespaces/default/services/api')).spec.ports).toEqual([{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }])
    expect((await k('create', 'service', 'nodeport', 'np', '--tcp=80:80', '--node-port=30080')).stdout).toBe('service/np created\n')
    expect((await get('/api/v1/namespaces/default/services/np')).spec).toMatchObject({ type: 'NodePort', ports: [{ nodePort: 30080, port: 80 }] })
    expect((await k('create', 'service', 'externalname', 'ext', '--external-name=example.com')).stdout).toBe('service/ext created\n')
    expect((await get('/api/v1/namespaces/default/services/ext')).spec).toMatchObject({ type: 'ExternalName', externalName: 'example.com' })
    expect((await k('create', 'namespace', 'team-a')).stdout).toBe('namespace/team-a created\n')
    expect((await k('create', 'serviceaccount', 'robot', '-n', 'team-a')).stdout).toBe('serviceaccount/robot created\n')
    expect((await get('/api/v1/namespaces/team-a/serviceaccounts/robot')).metadata.namespace).toBe('team-a')
  })

  it('errors through the protobuf path keep the real wording: AlreadyExists, Invalid name; jobs are not served', async () => {
    const dup = await k('create', 'configmap', 'cfg', '--from-literal=a=1')
    expect(dup.code).toBe(1)
    expect(dup.stderr).toBe('error: failed to create configmap: configmaps "cfg" already exists\n')
    const bad = await k('create', 'namespace', 'Team_A')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe(
      `The Namespace "Team_A" is invalid: metadata.name: Invalid value: "Team_A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n`,
    )
    const job = await k('create', 'job', 'j', '--image=busybox')
    expect(job.code).toBe(1)
    expect(job.stderr).toBe('error: failed to create job: the server could not find the requested resource\n')
  })
})
