// The REAL kubectl 1.32 against the simulated cluster: `rollout status` messages, `rollout history` (+ --revision),
// `rollout undo`, `rollout restart`, `rollout pause/resume`, all reading the data the deployment controller writes.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { kubectl, kubectlBackground, requireKubectl, waitFor } from '../apiserver/kubectl-runner'

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`

describe('real kubectl rollout against Deployments', () => {
  let tc: TestCluster
  let file: string
  beforeAll(async () => {
    requireKubectl()
    tc = await startTestCluster({ speed: 'instant' })
    file = join(tc.env.HOME!, 'web.yaml')
    writeFileSync(file, MANIFEST)
  }, 60_000)
  afterAll(async () => {
    await tc?.close()
  })
  const k = (...args: string[]) => kubectl(tc.env, args, { timeoutMs: 60_000 })

  it('rollout status waits and ends with "successfully rolled out"', async () => {
    // Hold sim time still so kubectl sees the rollout in progress, then let it run.
    tc.setSpeed(undefined)
    expect((await k('apply', '-f', file)).stdout).toBe('deployment.apps/web created\n')
    await tc.settle(0)
    const bg = kubectlBackground(tc.env, ['rollout', 'status', 'deployment/web', '--timeout=50s'])
    const closed = new Promise<number>((r) => bg.child.on('close', (c) => r(c ?? -1)))
    await waitFor('first status line', () => bg.output().includes('\n') || undefined, 30_000)
    tc.setSpeed('instant')
    expect(await closed).toBe(0)
    const out = bg.output()
    expect(out.split('\n')[0]).toMatch(/^Waiting for deployment "web" rollout to finish: 0 (out of 3 new replicas have been updated|of 3 updated replicas are available)\.\.\.$/)
    expect(out).toMatch(/^(Waiting for deployment "web" rollout to finish: \d+ (out of 3 new replicas have been updated|of 3 updated replicas are available)\.\.\.\n)+deployment "web" successfully rolled out\n$/)
  }, 90_000)

  it('set image → status → history → undo → history --revision', async () => {
    // A long-running image: busybox with no command exits at once and would crash-loop, as on a real cluster.
    const set = await k('set', 'image', 'deployment/web', 'nginx=nginx:1.27.4')
    expect(set.stderr).toBe('')
    expect(set.stdout).toBe('deployment.apps/web image updated\n')
    const st = await k('rollout', 'status', 'deployment/web', '--timeout=50s')
    expect(st.stdout).toMatch(/deployment "web" successfully rolled out\n$/)
    const hist = await k('rollout', 'history', 'deployment/web')
    expect(hist.stderr).toBe('')
    expect(hist.stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n')
    const rev1 = await k('rollout', 'history', 'deployment/web', '--revision=1')
    expect(rev1.stdout).toContain('deployment.apps/web with revision #1\nPod Template:\n')
    expect(rev1.stdout).toContain('nginx:1.27')
    const undo = await k('rollout', 'undo', 'deployment/web')
    expect(undo.stderr).toBe('')
    expect(undo.stdout).toBe('deployment.apps/web rolled back\n')
    expect((await k('rollout', 'status', 'deployment/web', '--timeout=50s')).stdout).toMatch(/successfully rolled out\n$/)
    expect((await k('rollout', 'history', 'deployment/web')).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n')
    const live = tc.cluster.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=web' }).items.filter((p) => !p.metadata.deletionTimestamp)
    expect(live.map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27'])
    const again = await k('rollout', 'undo', 'deployment/web', '--to-revision=3')
    expect(again.stdout).toBe('deployment.apps/web skipped rollback (current template already matches revision 3)\n')
    const missing = await k('rollout', 'undo', 'deployment/web', '--to-revision=9')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe('error: unable to find specified revision 9 in history\n')
  }, 180_000)

  it('restart, pause and resume', async () => {
    const before = tc.cluster.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=web' }).items.map((p) => p.metadata.name)
    expect((await k('rollout', 'restart', 'deployment/web')).stdout).toBe('deployment.apps/web restarted\n')
    expect((await k('rollout', 'status', 'deployment/web', '--timeout=50s')).stdout).toMatch(/successfully rolled out\n$/)
    const after = tc.cluster.store.list(GVRS.pods, { namespace: 'default', labelSelector: 'app=web' }).items.filter((p) => !p.metadata.deletionTimestamp)
    expect(after).toHaveLength(3)
    for (const p of after) expect(before).not.toContain(p.metadata.name)
    expect((await k('rollout', 'pause', 'deployment/web')).stdout).toBe('deployment.apps/web paused\n')
    const again = await k('rollout', 'pause', 'deployment/web')
    expect(again.stderr).toBe('error: deployments.apps "web" is already paused\n')
    expect((await k('rollout', 'resume', 'deployment/web')).stdout).toBe('deployment.apps/web resumed\n')
  }, 180_000)
})
