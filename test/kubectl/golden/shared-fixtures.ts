// Manifests and `before` hooks shared by the verb suites (mutate, rollout, logs, misc): lesson 1's StatefulSet and
// a small Deployment, and waits that bring both runners' namespaces to the same settled state.
import type { Runners } from './harness'
import { WEB_YAML } from '../../apiserver/web-manifest'

// Lesson 1's manifest, the same text the API-server tests use.
export const WEB = WEB_YAML

export const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: x
spec:
  replicas: 2
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
      - name: nginx
        image: nginx
`

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

/** Poll ours (in-process, cheap) until `ok` holds for the output in both namespaces. */
export async function until(r: Runners, args: string[], ok: (stdout: string) => boolean): Promise<void> {
  for (const ns of ['ns-a', 'ns-b']) {
    for (let i = 0; i < 600; i++) {
      const res = await r.ours([...args, '-n', ns])
      if (ok(res.stdout)) break
      await sleep(100)
    }
  }
}

/** Every StatefulSet `web` replica updated and ready (sts status as `rollout status` reads it). */
export const stsSettled = (r: Runners) => until(r, ['get', 'sts', 'web', '-o', 'jsonpath={.spec.replicas} {.status.readyReplicas} {.status.updatedReplicas} {.status.currentRevision} {.status.updateRevision} {.metadata.generation} {.status.observedGeneration} {.status.replicas}'],
  (s) => { const [want, ready, updated, cur, upd, gen, obs, total] = s.split(' '); return want === ready && want === updated && want === total && cur === upd && gen === obs })

/** Deployment x fully rolled out and no old pods left. */
export const deploySettled = (r: Runners) => until(r, ['get', 'deploy', 'x', '-o', 'jsonpath={.spec.replicas} {.status.updatedReplicas} {.status.availableReplicas} {.status.replicas} {.metadata.generation} {.status.observedGeneration}'],
  (s) => { const [want, upd, avail, total, gen, obs] = s.split(' '); return want === upd && want === avail && want === total && gen === obs })

/** No pod named `name` left (after deletes whose wait we skipped). */
export const podGone = (name: string) => (r: Runners) => until(r, ['get', 'pods', '-o', 'name'], (s) => !s.split('\n').includes(`pod/${name}`))

/** The pod exists and is Running+Ready. */
export const podReady = (name: string) => (r: Runners) => until(r, ['get', 'pod', name, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'], (s) => s === 'True')
