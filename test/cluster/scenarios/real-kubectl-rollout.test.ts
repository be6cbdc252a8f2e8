// The StatefulSet behaviours seen through the REAL kubectl 1.32 (fidelity §A5): `kubectl rollout status sts/web`
// with its exact messages for a fresh set, a partitioned canary, a broken template (timeout) and OnDelete.
// The clock is held still while kubectl sets up its watch, then runs at instant speed, so the sequence of
// messages is the full one. kubectl prints a line per watch event; consecutive repeats are collapsed here.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCluster, type TestCluster } from '../../helpers/cluster-harness'
import { kubectl, kubectlBackground, requireKubectl, waitFor } from '../../apiserver/kubectl-runner'

let tc: TestCluster
let dir: string

const MANIFEST = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: "nginx"
  replicas: 3
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`

const collapse = (out: string) => out.split('\n').filter((l, i, a) => l !== '' && l !== a[i - 1])

/** Start `kubectl rollout status` with the clock held, let it open its watch, then run the clock at instant speed. */
async function rolloutStatus(args: string[] = []): Promise<{ code: number | null; lines: string[] }> {
  tc.setSpeed(undefined)
  const watchesBefore = tc.api.audit.filter((a) => a.verb === 'watch' && a.path.includes('/statefulsets')).length
  const bg = kubectlBackground(tc.env, ['rollout', 'status', 'sts/web', ...args])
  const exited = new Promise<number | null>((r) => bg.child.on('close', (code) => r(code)))
  await waitFor('kubectl watching the StatefulSet', () => tc.api.audit.filter((a) => a.verb === 'watch' && a.path.includes('/statefulsets')).length > watchesBefore, 20_000)
  tc.setSpeed('instant')
  const code = await Promise.race([exited, new Promise<null>((_, rej) => setTimeout(() => rej(new Error(`rollout status hung:\n${bg.output()}`)), 60_000))])
  return { code, lines: collapse(bg.output()) }
}

beforeAll(async () => {
  requireKubectl()
  tc = await startTestCluster()
  dir = tc.env.HOME!
  writeFileSync(join(dir, 'web.yaml'), MANIFEST)
}, 60_000)
afterAll(async () => tc?.close())

describe('kubectl rollout status sts/web (real kubectl)', () => {
  it('a new set: spec observed, pods becoming ready one by one, then the *partitioned* complete message', async () => {
    const applied = await kubectl(tc.env, ['apply', '-f', join(dir, 'web.yaml')])
    expect(applied.stdout).toBe('service/nginx created\nstatefulset.apps/web created\n')
    const r = await rolloutStatus()
    expect(r.lines).toEqual([
      'Waiting for statefulset spec update to be observed...',
      'Waiting for 3 pods to be ready...',
      'Waiting for 2 pods to be ready...',
      'Waiting for 1 pods to be ready...',
      'partitioned roll out complete: 3 new pods have been updated...',
    ])
    expect(r.code).toBe(0)
    const pods = await kubectl(tc.env, ['get', 'pods', '-l', 'app=nginx', '-o', 'custom-columns=NAME:.metadata.name,READY:.status.containerStatuses[0].ready', '--no-headers'])
    expect(pods.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/).join(' '))).toEqual(['web-0 true', 'web-1 true', 'web-2 true'])
  }, 120_000)

  it('partition canary: only web-2 moves, and rollout status says 1 of 1 partitioned pods', async () => {
    const p = await kubectl(tc.env, ['patch', 'statefulset', 'web', '-p', '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'])
    expect(p.stdout).toBe('statefulset.apps/web patched\n')
    tc.setSpeed(undefined)
    const set = await kubectl(tc.env, ['set', 'image', 'sts/web', 'nginx=registry.k8s.io/nginx-slim:0.8'])
    expect(set.stdout).toBe('statefulset.apps/web image updated\n')
    const r = await rolloutStatus()
    expect(r.lines).toEqual([
      'Waiting for statefulset spec update to be observed...',
      'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...',
      'Waiting for 1 pods to be ready...',
      'partitioned roll out complete: 1 new pods have been updated...',
    ])
    expect(r.code).toBe(0)
    const images = await kubectl(tc.env, ['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image}{"\\n"}{end}'])
    expect(images.stdout).toBe('web-0=registry.k8s.io/nginx-slim:0.21\nweb-1=registry.k8s.io/nginx-slim:0.21\nweb-2=registry.k8s.io/nginx-slim:0.8\n')
  }, 120_000)

  it('a broken template blocks the rollout: rollout status times out waiting for the pod', async () => {
    // One patch, clock held: lowering the partition and breaking the image land together.
    tc.setSpeed(undefined)
    const patch = { spec: { updateStrategy: { rollingUpdate: { partition: 0 } }, template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:does-not-exist' }] } } } }
    expect((await kubectl(tc.env, ['patch', 'statefulset', 'web', '-p', JSON.stringify(patch)])).stdout).toBe('statefulset.apps/web patched\n')
    const r = await rolloutStatus(['--timeout=3s'])
    expect(r.code).toBe(1)
    expect(r.lines[r.lines.length - 1]).toBe('error: timed out waiting for the condition')
    expect(r.lines).toContain('Waiting for 1 pods to be ready...')
    const web2 = await kubectl(tc.env, ['get', 'pod', 'web-2', '-o', 'jsonpath={.spec.containers[0].image} {.status.containerStatuses[0].state.waiting.reason}'])
    expect(web2.stdout).toMatch(/^registry\.k8s\.io\/nginx-slim:does-not-exist (ErrImagePull|ImagePullBackOff)$/)
    const web1 = await kubectl(tc.env, ['get', 'pod', 'web-1', '-o', 'jsonpath={.spec.containers[0].image}'])
    expect(web1.stdout).toBe('registry.k8s.io/nginx-slim:0.21')
  }, 120_000)

  it('OnDelete: rollout status refuses with kubectl\'s error', async () => {
    await kubectl(tc.env, ['patch', 'statefulset', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/updateStrategy","value":{"type":"OnDelete"}}]'])
    const r = await kubectl(tc.env, ['rollout', 'status', 'sts/web'])
    expect(r.stderr).toBe('error: rollout status is only available for RollingUpdate strategy type\n')
    expect(r.code).toBe(1)
  }, 60_000)

  it('apply with a changed serviceName: kubectl shows the Forbidden error and the set is unchanged', async () => {
    writeFileSync(join(dir, 'web2.yaml'), MANIFEST.replace('serviceName: "nginx"', 'serviceName: "other"'))
    const r = await kubectl(tc.env, ['apply', '-f', join(dir, 'web2.yaml')])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('service/nginx unchanged\n')
    expect(r.stderr).toBe(
      `The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n`,
    )
    const svc = await kubectl(tc.env, ['get', 'sts', 'web', '-o', 'jsonpath={.spec.serviceName}'])
    expect(svc.stdout).toBe('nginx')
  }, 60_000)
})
