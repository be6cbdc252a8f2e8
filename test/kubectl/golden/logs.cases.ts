// The logs suite: kubectl logs on pods, containers and workloads (the pod kubectl picks), with --tail, -p,
// --timestamps, -l, --prefix and -f on a pod whose process exits; plus attach's argument errors.
import type { GoldenCase } from './harness'
import { WEB, DEPLOY, stsSettled, deploySettled, until } from './shared-fixtures'

const TWO = `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: first
    image: busybox
    command: ["sh", "-c", "echo from-first; sleep 3600"]
  - name: second
    image: busybox
    command: ["sh", "-c", "echo from-second; sleep 3600"]
`

export const FILES: Record<string, string> = {
  'web.yaml': WEB,
  'deploy.yaml': DEPLOY,
  'two.yaml': TWO,
}

/** Pod `two` is running in both namespaces (its echo lines are in the log). */
const twoRunning = async (r: Parameters<NonNullable<GoldenCase['before']>>[0]) => {
  for (const ns of ['ns-a', 'ns-b']) {
    for (let i = 0; i < 300; i++) {
      const res = await r.ours(['logs', 'two', '-c', 'second', '-n', ns])
      if (res.stdout.includes('from-second')) break
      await new Promise((ok) => setTimeout(ok, 100))
    }
  }
}

export const CASES: GoldenCase[] = [
  { args: ['logs'] },
  { args: ['logs', 'a', 'b', 'c'] },
  { args: ['logs', 'nope'] },
  { args: ['logs', 'sts/nope'] },
  { args: ['logs', 'deploy/nope'] },
  { args: ['logs', '-l', 'app=nope'] },
  { args: ['logs', '-l', 'app=nginx', 'web-0'] },
  { args: ['logs', 'web-0', '--tail=x'] },
  { args: ['logs', 'web-0', '--since=bad'] },
  { args: ['logs', 'web-0', '-c', 'a', 'b'] },
  { args: ['apply', '-f', 'web.yaml'] },
  { args: ['logs', 'web-0'], before: stsSettled },
  { args: ['logs', 'pod/web-0', '--tail=2'] },
  { args: ['logs', 'web-0', '--tail=0'] },
  { args: ['logs', 'web-0', 'nginx', '--tail=1'], note: 'the container as a second argument' },
  { args: ['logs', 'web-0', '-c', 'nginx', '--tail=1'] },
  { args: ['logs', 'web-0', '-c', 'foo'] },
  { args: ['logs', 'web-0', 'foo'] },
  { args: ['logs', 'web-0', '-p'] },
  { args: ['logs', 'web-0', '--timestamps', '--tail=1'] },
  { args: ['logs', 'web-0', '--prefix', '--tail=2'] },
  { args: ['logs', 'web-0', '--all-containers', '--tail=1'] },
  { args: ['logs', 'web-0', '--all-containers', '-c', 'nginx'] },
  { args: ['logs', 'web-0', '--limit-bytes=20'] },
  { args: ['logs', 'sts/web', '--tail=1'], note: '"Found 2 pods, using pod/web-0"' },
  { args: ['logs', 'statefulset/web', '--tail=1', '--prefix'] },
  { args: ['logs', 'svc/nginx', '--tail=1'] },
  { args: ['logs', 'svc/kubernetes'], note: 'a service without a selector' },
  { args: ['logs', '-l', 'statefulset.kubernetes.io/pod-name=web-1', '--tail=1'] },
  { args: ['logs', '-l', 'statefulset.kubernetes.io/pod-name=web-1', '--prefix'] },
  { args: ['logs', '-f', '-l', 'app=nginx', '--max-log-requests=1'] },
  { args: ['logs', 'cm/nope'] },
  { args: ['apply', '-f', 'deploy.yaml'] },
  { args: ['logs', 'deploy/x', '--tail=3'], before: deploySettled },
  { args: ['apply', '-f', 'two.yaml'] },
  { args: ['logs', 'two'], before: twoRunning, note: 'two containers: the first is used and named on stderr' },
  { args: ['logs', 'two', '-c', 'second'] },
  // Not `--all-containers` on two containers: kubectl 1.32 walks its requests in Go map order (random).
  { args: ['run', 'echoer', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo one; echo two'] },
  { args: ['logs', '-f', 'echoer'], before: (r) => until(r, ['get', 'pod', 'echoer', '-o', 'jsonpath={.status.phase}'], (s) => s === 'Succeeded'), note: 'follow ends when the container exits' },
  { args: ['logs', 'echoer', '--tail=1'] },
  { args: ['attach'] },
  { args: ['attach', 'nope'] },
  { args: ['delete', '-f', 'web.yaml', '-f', 'deploy.yaml', '-f', 'two.yaml', '--now'] },
  // A kind with no pod selector: kubectl names its Go type, and exec and attach both say "attach to".
  { args: ['create', 'configmap', 'cm1', '--from-literal=a=b'] },
  { args: ['logs', 'configmap/cm1'] },
  { args: ['exec', 'configmap/cm1', '--', 'ls'] },
  { args: ['attach', 'configmap/cm1'] },
]
