import { describe, expect, it } from 'vitest'
import type { KObject } from '../../src-main/cluster/api-types'
import { buildTable, printerFor, summarizePod } from '../../src-main/apiserver/tables/index'

const NOW = Date.UTC(2026, 0, 1, 10, 0, 0)
const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d+Z$/, 'Z')

function pod(status: any, extra: { spec?: any; deletionTimestamp?: string } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', creationTimestamp: ago(37_000), deletionTimestamp: extra.deletionTimestamp },
    spec: { containers: [{ name: 'nginx' }], ...extra.spec },
    status,
  }
}
const running = { name: 'nginx', ready: true, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: ago(30_000) } } }

describe('pod STATUS / READY / RESTARTS', () => {
  it('Pending with no container statuses', () => {
    expect(summarizePod(pod({ phase: 'Pending' }), NOW)).toEqual({ ready: '0/1', status: 'Pending', restarts: '0' })
  })
  it('ContainerCreating from the waiting reason', () => {
    const p = pod({ phase: 'Pending', containerStatuses: [{ ...running, ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] })
    expect(summarizePod(p, NOW).status).toBe('ContainerCreating')
  })
  it('Running 1/1', () => {
    expect(summarizePod(pod({ phase: 'Running', containerStatuses: [running] }), NOW)).toEqual({ ready: '1/1', status: 'Running', restarts: '0' })
  })
  it('Terminating when deletionTimestamp is set and the phase is not terminal; READY still counts', () => {
    const p = pod({ phase: 'Running', containerStatuses: [running] }, { deletionTimestamp: ago(0) })
    expect(summarizePod(p, NOW)).toEqual({ ready: '1/1', status: 'Terminating', restarts: '0' })
    const done = pod({ phase: 'Succeeded', containerStatuses: [{ ...running, ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, { deletionTimestamp: ago(0) })
    expect(summarizePod(done, NOW).status).toBe('Completed')
  })
  it('CrashLoopBackOff with RESTARTS "N (Xs ago)"', () => {
    const cs = { ...running, ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(15_000) } } }
    expect(summarizePod(pod({ phase: 'Running', containerStatuses: [cs] }), NOW)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '2 (15s ago)' })
  })
  it('terminated without a reason prints ExitCode:N or Signal:N', () => {
    const t = (term: any) => summarizePod(pod({ phase: 'Running', containerStatuses: [{ ...running, ready: false, state: { terminated: term } }] }), NOW).status
    expect(t({ exitCode: 3 })).toBe('ExitCode:3')
    expect(t({ exitCode: 137, signal: 9 })).toBe('Signal:9')
  })
  it('status.reason overrides the phase (Evicted)', () => {
    expect(summarizePod(pod({ phase: 'Failed', reason: 'Evicted' }), NOW).status).toBe('Evicted')
  })
  it('init containers: Init:N/M, Init:<reason>, Init:ExitCode', () => {
    const spec = { initContainers: [{ name: 'a' }, { name: 'b' }] }
    const ok = { name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } }
    const runningInit = { name: 'b', ready: false, restartCount: 0, image: '', imageID: '', state: { running: {} } }
    expect(summarizePod(pod({ phase: 'Pending', initContainerStatuses: [ok, runningInit] }, { spec }), NOW).status).toBe('Init:1/2')
    const crash = { ...runningInit, state: { waiting: { reason: 'CrashLoopBackOff' } } }
    expect(summarizePod(pod({ phase: 'Pending', initContainerStatuses: [ok, crash] }, { spec }), NOW).status).toBe('Init:CrashLoopBackOff')
    const failed = { ...runningInit, state: { terminated: { exitCode: 2 } } }
    expect(summarizePod(pod({ phase: 'Pending', initContainerStatuses: [ok, failed] }, { spec }), NOW).status).toBe('Init:ExitCode:2')
  })
  it('Completed with a container still running becomes Running or NotReady', () => {
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] }
    const done = { ...running, name: 'b', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }
    const ready = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running, done] }, { spec })
    expect(summarizePod(ready, NOW)).toMatchObject({ status: 'Running', ready: '1/2' })
    const notReady = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [running, done] }, { spec })
    expect(summarizePod(notReady, NOW).status).toBe('NotReady')
  })
  it('pods table cells, wide columns and <none>', () => {
    const t = buildTable(printerFor('', 'pods'), [pod({ phase: 'Pending' })], NOW, { include: 'Metadata', resourceVersion: '5' })
    expect(t.columnDefinitions!.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1],
    ])
    expect(t.columnDefinitions![0].format).toBe('name')
    expect(t.rows[0].cells).toEqual(['web-0', '0/1', 'Pending', '0', '37s', '<none>', '<none>', '<none>', '<none>'])
    expect(t.rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: expect.objectContaining({ name: 'web-0' }) })
    expect(t.metadata.resourceVersion).toBe('5')
  })
})

const obj = (kind: string, rest: any): KObject => ({ apiVersion: 'v1', kind, ...rest, metadata: { name: 'x', creationTimestamp: ago(25 * 60_000), ...rest.metadata } })
const cells = (group: string, resource: string, o: KObject) => printerFor(group, resource).row(o, NOW)
const names = (group: string, resource: string) => printerFor(group, resource).columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase())

describe('other printers (E2 columns)', () => {
  it('column headers per kind', () => {
    expect(names('apps', 'statefulsets')).toEqual(['NAME', 'READY', 'AGE'])
    expect(names('', 'services')).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'])
    expect(names('', 'persistentvolumeclaims')).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'])
    expect(names('', 'persistentvolumes')).toEqual(['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'])
    expect(names('storage.k8s.io', 'storageclasses')).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'])
    expect(names('', 'nodes')).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'])
    expect(names('', 'events')).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'])
    expect(names('apps', 'deployments')).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'])
    expect(names('apps', 'replicasets')).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'])
    expect(names('', 'endpoints')).toEqual(['NAME', 'ENDPOINTS', 'AGE'])
    expect(names('apps', 'controllerrevisions')).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE'])
  })
  it('statefulset READY = ready/desired', () => {
    expect(cells('apps', 'statefulsets', obj('StatefulSet', { metadata: { name: 'web' }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'nginx', image: 'i' }] } } }, status: { readyReplicas: 1 } }))).toEqual(['web', '1/2', '25m', 'nginx', 'i'])
  })
  it('headless service shows None, ports 80/TCP, selector', () => {
    const svc = obj('Service', { metadata: { name: 'nginx' }, spec: { clusterIP: 'None', clusterIPs: ['None'], type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'nginx' } } })
    expect(cells('', 'services', svc)).toEqual(['nginx', 'ClusterIP', 'None', '<none>', '80/TCP', '25m', 'app=nginx'])
    const np = obj('Service', { spec: { type: 'NodePort', clusterIP: '10.96.1.2', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } })
    expect(cells('', 'services', np).slice(1, 5)).toEqual(['NodePort', '10.96.1.2', '<none>', '80:30080/TCP'])
    const lb = obj('Service', { spec: { type: 'LoadBalancer', clusterIP: '10.96.1.3', ports: [] } })
    expect(cells('', 'services', lb).slice(3, 5)).toEqual(['<pending>', '<none>'])
  })
  it('endpoints: <none>, empty for not-ready only, "+ N more..."', () => {
    expect(cells('', 'endpoints', obj('Endpoints', {}))[1]).toBe('<none>')
    expect(cells('', 'endpoints', obj('Endpoints', { subsets: [{ notReadyAddresses: [{ ip: '1.1.1.1' }], ports: [{ port: 80 }] }] }))[1]).toBe('')
    const addrs = ['10.244.1.6', '10.244.2.6', '10.244.3.6', '10.244.1.7', '10.244.2.7'].map((ip) => ({ ip }))
    expect(cells('', 'endpoints', obj('Endpoints', { subsets: [{ addresses: addrs, ports: [{ port: 80 }] }] }))[1]).toBe('10.244.1.6:80,10.244.2.6:80,10.244.3.6:80 + 2 more...')
  })
  it('pvc pending vs bound, <unset> attributes class', () => {
    const pending = obj('PersistentVolumeClaim', { metadata: { name: 'www-web-0' }, spec: { storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } })
    expect(cells('', 'persistentvolumeclaims', pending)).toEqual(['www-web-0', 'Pending', '', '', '', 'standard', '<unset>', '25m', '<unset>'])
    const bound = obj('PersistentVolumeClaim', { metadata: { name: 'www-web-0' }, spec: { storageClassName: 'standard', volumeName: 'pvc-1', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } })
    expect(cells('', 'persistentvolumeclaims', bound)).toEqual(['www-web-0', 'Bound', 'pvc-1', '1Gi', 'RWO', 'standard', '<unset>', '25m', 'Filesystem'])
  })
  it('pv claim and storage class default marker', () => {
    const pv = obj('PersistentVolume', { metadata: { name: 'pvc-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', claimRef: { namespace: 'default', name: 'www-web-0' }, storageClassName: 'standard' }, status: { phase: 'Bound' } })
    expect(cells('', 'persistentvolumes', pv).slice(0, 10)).toEqual(['pvc-1', '1Gi', 'RWO', 'Delete', 'Bound', 'default/www-web-0', 'standard', '<unset>', '', '25m'])
    const sc = obj('StorageClass', { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' })
    expect(cells('storage.k8s.io', 'storageclasses', sc)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false', '25m'])
  })
  it('nodes: roles and status', () => {
    const n = obj('Node', { metadata: { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': '' } }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.2' } } })
    expect(cells('', 'nodes', n).slice(0, 5)).toEqual(['cp', 'Ready,SchedulingDisabled', 'control-plane', '25m', 'v1.32.2'])
    const w = obj('Node', { status: { conditions: [{ type: 'Ready', status: 'False' }] } })
    expect(cells('', 'nodes', w).slice(1, 3)).toEqual(['NotReady', '<none>'])
  })
  it('events: OBJECT is kind/name lower-cased', () => {
    const ev = obj('Event', { involvedObject: { kind: 'StatefulSet', name: 'web' }, type: 'Normal', reason: 'SuccessfulCreate', message: 'create Pod web-0 in StatefulSet web successful', lastTimestamp: ago(65_000), count: 1, source: { component: 'statefulset-controller' } })
    expect(cells('', 'events', ev).slice(0, 5)).toEqual(['65s', 'Normal', 'SuccessfulCreate', 'statefulset/web', 'create Pod web-0 in StatefulSet web successful'])
  })
  it('controller revision CONTROLLER column', () => {
    const cr = obj('ControllerRevision', { metadata: { name: 'web-6bd5b6b8f5', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }, revision: 1 })
    expect(cells('apps', 'controllerrevisions', cr)).toEqual(['web-6bd5b6b8f5', 'statefulset.apps/web', 1, '25m'])
  })
})

describe('secrets, configmaps, serviceaccounts (no wide columns)', () => {
  const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: ago(90_000) })
  const header = (group: string, resource: string) => printerFor(group, resource).columns.map((c) => `${c.name}${c.priority ? '*' : ''}`)
  it('secrets: NAME TYPE DATA AGE, the type as stored, keys of data counted', () => {
    expect(header('', 'secrets')).toEqual(['Name', 'Type', 'Data', 'Age'])
    const p = printerFor('', 'secrets')
    expect(p.row({ apiVersion: 'v1', kind: 'Secret', metadata: meta('creds'), type: 'kubernetes.io/basic-auth', data: { username: 'dQ==', password: 'cA==' } }, NOW)).toEqual(['creds', 'kubernetes.io/basic-auth', 2, '90s'])
    expect(p.row({ apiVersion: 'v1', kind: 'Secret', metadata: meta('empty'), type: 'Opaque' }, NOW)).toEqual(['empty', 'Opaque', 0, '90s'])
  })
  it('configmaps: NAME DATA AGE, data and binaryData keys together', () => {
    expect(header('', 'configmaps')).toEqual(['Name', 'Data', 'Age'])
    expect(printerFor('', 'configmaps').row({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { a: '1' }, binaryData: { b: 'AA==' } }, NOW)).toEqual(['cfg', 2, '90s'])
  })
  it('serviceaccounts: NAME SECRETS AGE, the number of referenced secrets', () => {
    expect(header('', 'serviceaccounts')).toEqual(['Name', 'Secrets', 'Age'])
    expect(printerFor('', 'serviceaccounts').row({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default') }, NOW)).toEqual(['default', 0, '90s'])
    expect(printerFor('', 'serviceaccounts').row({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('build'), secrets: [{ name: 'build-token' }] }, NOW)).toEqual(['build', 1, '90s'])
  })
})
