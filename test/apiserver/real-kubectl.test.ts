// End-to-end against the REAL kubectl 1.32 binary: discovery, openapi validation, tables, watch, exec, delete-wait,
// error rendering and auth. One simulated cluster for the file, driven at 'instant' speed; tests run in order.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubeconfigText } from '../../src-main/apiserver/kubeconfig'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { kubectl, kubectlBackground, normalizeAge, requireKubectl, waitFor } from './kubectl-runner'
import { BAD_SELECTOR_YAML, UNKNOWN_FIELD_YAML, WEB_YAML } from './web-manifest'

let tc: TestCluster
let dir: string
const k = (...args: string[]) => kubectl(tc.env, args, { cwd: dir })
const pods = { group: '', version: 'v1', resource: 'pods' }

async function podsRunning(n: number): Promise<boolean> {
  const list = tc.cluster.store.list(pods, { namespace: 'default', labelSelector: 'app=nginx' }).items
  return list.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && p.status?.containerStatuses?.[0]?.ready).length === n
}

beforeAll(async () => {
  requireKubectl()
  tc = await startTestCluster({ speed: 'instant' })
  dir = tc.env.HOME!
  writeFileSync(join(dir, 'web.yaml'), WEB_YAML)
  writeFileSync(join(dir, 'bad.yaml'), BAD_SELECTOR_YAML)
  writeFileSync(join(dir, 'typo.yaml'), UNKNOWN_FIELD_YAML)
})
afterAll(async () => {
  await tc?.close()
})

describe('real kubectl against the simulated API server', () => {
  it('kubectl version reports the server version', async () => {
    const r = await k('version')
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('Server Version: v1.32.4')
    expect(r.code).toBe(0)
  })

  it('kubectl api-resources lists our resources from aggregated discovery', async () => {
    const r = await k('api-resources')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/)
    expect(r.stdout).toMatch(/^statefulsets\s+sts\s+apps\/v1\s+true\s+StatefulSet$/m)
    expect(r.stdout).toMatch(/^persistentvolumeclaims\s+pvc\s+v1\s+true\s+PersistentVolumeClaim$/m)
    expect(r.stdout).toMatch(/^storageclasses\s+sc\s+storage\.k8s\.io\/v1\s+false\s+StorageClass$/m)
  })

  it('kubectl apply -f web.yaml creates both objects (validation via openapi v3, no --validate=false)', async () => {
    const r = await k('apply', '-f', 'web.yaml')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('service/nginx created\nstatefulset.apps/web created\n')
    expect(r.code).toBe(0)
    const audit = tc.api.audit.map((e) => `${e.method} ${e.path}`)
    expect(audit).toContain('GET /openapi/v3')
    expect(tc.api.audit.some((e) => e.verb === 'create' && e.path === '/apis/apps/v1/namespaces/default/statefulsets' && e.query.includes('fieldValidation=Strict') && e.code === 201)).toBe(true)
  })

  it('kubectl create -f again → AlreadyExists for both, exit 1', async () => {
    const r = await k('create', '-f', 'web.yaml')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      'Error from server (AlreadyExists): error when creating "web.yaml": services "nginx" already exists\n' +
        'Error from server (AlreadyExists): error when creating "web.yaml": statefulsets.apps "web" already exists\n',
    )
  })

  it('pods come up; kubectl get pods / sts / svc / pvc print the server tables', async () => {
    await waitFor('2 running pods', () => podsRunning(2))
    const p = await k('get', 'pods')
    expect(normalizeAge(p.stdout)).toBe(
      'NAME    READY   STATUS    RESTARTS   AGE\n' + 'web-0   1/1     Running   0          AGE\n' + 'web-1   1/1     Running   0          AGE\n',
    )
    const s = await k('get', 'sts', 'web')
    expect(normalizeAge(s.stdout)).toBe('NAME   READY   AGE\nweb    2/2     AGE\n')
    const svc = await k('get', 'svc', 'nginx')
    expect(normalizeAge(svc.stdout)).toBe(
      'NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n' + 'nginx   ClusterIP   None         <none>        80/TCP    AGE\n',
    )
    const pvc = await k('get', 'pvc')
    expect(normalizeAge(pvc.stdout).replace(/pvc-[0-9a-f-]{36}/g, 'pvc-UID                                 ')).toBe(
      'NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' +
        'www-web-0   Bound    pvc-UID                                    1Gi        RWO            standard       <unset>                 AGE\n' +
        'www-web-1   Bound    pvc-UID                                    1Gi        RWO            standard       <unset>                 AGE\n',
    )
  })

  it('-o json and -o yaml return the full object', async () => {
    const j = await k('get', 'sts', 'web', '-o', 'json')
    const obj = JSON.parse(j.stdout)
    expect(obj).toMatchObject({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2, serviceName: 'nginx' } })
    const y = await k('get', 'pod', 'web-0', '-o', 'yaml')
    expect(y.stdout).toMatch(/^apiVersion: v1\nkind: Pod\n/)
    expect(y.stdout).toContain('  hostname: web-0\n')
  })

  it('kubectl describe pod web-0', async () => {
    const r = await k('describe', 'pod', 'web-0')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Name:\s+web-0$/m)
    expect(r.stdout).toMatch(/^Namespace:\s+default$/m)
    expect(r.stdout).toMatch(/^Status:\s+Running$/m)
    expect(r.stdout).toMatch(/^Controlled By:\s+StatefulSet\/web$/m)
    expect(r.stdout).toMatch(/ClaimName:\s+www-web-0/)
  })

  it('kubectl exec web-0 -- hostname, and a failing command', async () => {
    const r = await k('exec', 'web-0', '--', 'hostname')
    expect(r).toEqual({ code: 0, stdout: 'web-0\n', stderr: '' })
    const f = await k('exec', 'web-0', '--', 'sh', '-c', 'echo oops >&2; exit 3')
    expect(f.code).toBe(3)
    expect(f.stderr).toBe('oops\ncommand terminated with exit code 3\n')
  })

  it('kubectl logs web-0', async () => {
    const r = await k('logs', 'web-0')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
  })

  it('kubectl get pods -w -l app=nginx prints one row per event while a pod is deleted and recreated', async () => {
    const w = kubectlBackground(tc.env, ['get', 'pods', '-w', '-l', 'app=nginx'])
    try {
      await waitFor('initial rows', () => w.output().includes('web-1'))
      const del = await k('delete', 'pod', 'web-1', '--wait=false')
      expect(del.stdout).toBe('pod "web-1" deleted\n')
      await waitFor('web-1 back to Running', () => /web-1\s+1\/1\s+Running[^\n]*\n(?![\s\S]*web-1)/.test(w.output().split('Terminating').slice(1).join('Terminating')))
    } finally {
      await w.stop()
    }
    const lines = w.output().trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/)
    expect(lines[1]).toMatch(/^web-0\s+1\/1\s+Running\s+0\s+\S+$/)
    expect(lines[2]).toMatch(/^web-1\s+1\/1\s+Running\s+0\s+\S+$/)
    const statuses = lines.slice(3).map((l) => l.split(/\s+/).slice(0, 3).join(' '))
    expect(statuses[0]).toBe('web-1 1/1 Terminating')
    // Then the old pod goes away and a new web-1 passes through Pending to Running.
    const firstPending = statuses.indexOf('web-1 0/1 Pending')
    expect(firstPending).toBeGreaterThan(0)
    expect(statuses.slice(0, firstPending).every((s) => s.endsWith('Terminating') || s.endsWith('Completed'))).toBe(true)
    expect(statuses[statuses.length - 1]).toBe('web-1 1/1 Running')
    expect(lines.filter((l) => l.startsWith('NAME')).length).toBe(1)
  })

  it('kubectl delete pod web-0 returns once the old pod is gone', async () => {
    const before = tc.cluster.store.get(pods, 'default', 'web-0').metadata.uid
    // Pause the sim clock until kubectl's delete-wait watch is open: at 'instant' speed the pod could otherwise be
    // removed and recreated (same name, new uid) between kubectl's GET and its LIST, a race real kubectl has too.
    tc.setSpeed(undefined)
    const auditFrom = tc.api.audit.length
    const run = k('delete', 'pod', 'web-0')
    try {
      await waitFor('the delete-wait watch', () =>
        tc.api.audit.slice(auditFrom).some((e) => e.verb === 'watch' && e.query.includes('fieldSelector=metadata.name%3Dweb-0')),
      )
      expect(tc.cluster.store.get(pods, 'default', 'web-0').metadata.deletionTimestamp).toBeTruthy()
    } finally {
      tc.setSpeed('instant')
    }
    const r = await run
    expect(r).toEqual({ code: 0, stdout: 'pod "web-0" deleted\n', stderr: '' })
    let uid: string | undefined
    try {
      uid = tc.cluster.store.get(pods, 'default', 'web-0').metadata.uid
    } catch {
      uid = undefined
    }
    expect(uid).not.toBe(before)
  })


  it('kubectl scale and patch use the Scale subresource and SMP', async () => {
    const s = await k('scale', 'sts', 'web', '--replicas=3')
    expect(s).toEqual({ code: 0, stdout: 'statefulset.apps/web scaled\n', stderr: '' })
    const p = await k('patch', 'sts', 'web', '-p', '{"spec":{"replicas":2}}')
    expect(p.stdout).toBe('statefulset.apps/web patched\n')
    const again = await k('patch', 'sts', 'web', '-p', '{"spec":{"replicas":2}}')
    expect(again.stdout).toBe('statefulset.apps/web patched (no change)\n')
  })

  it('an invalid StatefulSet → the Invalid message on stderr, exit 1', async () => {
    const r = await k('apply', '-f', 'bad.yaml')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      'The StatefulSet "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"foo"}: `selector` does not match template `labels`\n',
    )
  })

  it('an unknown field is rejected by strict field validation', async () => {
    const r = await k('create', '-f', 'typo.yaml')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      'Error from server (BadRequest): error when creating "typo.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"\n',
    )
  })

  it('not found errors', async () => {
    const r = await k('get', 'sts', 'nope')
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): statefulsets.apps "nope" not found\n' })
  })

  it('with a wrong token → 401 Unauthorized; with no credentials kubectl asks for a username', async () => {
    const wrong = join(dir, 'wrong-token.yaml')
    writeFileSync(wrong, kubeconfigText(tc.url, 'not-the-token'))
    const r = await kubectl({ ...tc.env, KUBECONFIG: wrong }, ['get', 'pods'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('error: You must be logged in to the server (Unauthorized)\n')
    const none = join(dir, 'no-token.yaml')
    const doc = parseYaml(kubeconfigText(tc.url, 'x'))
    doc.users[0].user = {}
    writeFileSync(none, stringifyYaml(doc))
    const r2 = await kubectl({ ...tc.env, KUBECONFIG: none }, ['get', 'pods'])
    // The server answered 401, so kubectl falls back to prompting for basic-auth credentials (stdin is closed here).
    expect(r2.code).toBe(1)
    expect(r2.stdout).toContain('Please enter Username: ')
  })

})
