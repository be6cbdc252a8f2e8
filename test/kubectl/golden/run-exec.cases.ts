// The run/exec suite: kubectl run (flags, generated Pod for --dry-run, attached runs with --rm, errors), kubectl exec
// (with/without stdin and tty, -c, exit codes, missing commands and pods, pods that are not running), apply
// --server-side, config subcommands that edit the kubeconfig, and `create <generator> -o json` key order.
import type { GoldenCase, Runners } from './harness'
import { until, podReady } from './shared-fixtures'

const TWO = `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: first
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
  - name: second
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
`

/** Never scheduled: no node carries this label. */
const PENDING = `apiVersion: v1
kind: Pod
metadata:
  name: pending
spec:
  nodeSelector:
    nowhere: "true"
  containers:
  - name: nginx
    image: nginx
`

const CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ssa
data:
  a: "1"
`
const CM2 = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ssa
data:
  a: "2"
  b: "x"
`

export const FILES: Record<string, string> = { 'two.yaml': TWO, 'pending.yaml': PENDING, 'cm.yaml': CM, 'cm2.yaml': CM2 }

const phase = (name: string, want: string) => (r: Runners) =>
  until(r, ['get', 'pod', name, '-o', 'jsonpath={.status.phase}'], (s) => s === want)

export const CASES: GoldenCase[] = [
  // run: argument and flag errors (no server needed).
  { args: ['run'] },
  { args: ['run', 'x'] },
  { args: ['run', '--image=busybox'] },
  { args: ['run', 'x', '--image=busybox', '--restart=Sometimes'] },
  { args: ['run', 'Bad_Name', '--image=busybox'] },
  { args: ['run', 'x', '--image=busybox', '--rm'] },
  { args: ['run', 'x', '--image=busybox', '-t'] },
  { args: ['run', 'x', '--image=busybox', '--dry-run=bad'] },
  { args: ['run', 'x', '--image=busybox', '--image-pull-policy=Sometimes', '--dry-run=client'] },
  { args: ['run', 'x', '--image=busybox', '--labels=bad', '--dry-run=client'] },
  { args: ['run', 'x', '--image=busybox', '--env=NOEQ', '--dry-run=client', '-o', 'yaml'] },
  { args: ['run', 'x', '--image=busybox', '--port=abc', '--dry-run=client', '-o', 'yaml'] },
  { args: ['run', 'x', '--image=busybox', '-o', 'bad', '--dry-run=client'] },
  { args: ['create', 'deployment', 'd'], note: 'required flags are reported through klog' },
  { args: ['scale', 'deploy', 'x'] },
  { args: ['run', 'x', '--image='] },
  // run: the generated Pod.
  { args: ['run', 'p1', '--image=busybox', '--dry-run=client'] },
  { args: ['run', 'p1', '--image=busybox', '--dry-run=client', '-o', 'yaml'] },
  { args: ['run', 'p1', '--image=busybox', '--dry-run=client', '-o', 'json'] },
  { args: ['run', 'p1', '--image=busybox', '--dry-run=client', '-o', 'name'] },
  { args: ['run', 'p2', '--image=nginx', '--port=80', '--labels=a=b,c=d', '--env=A=1', '--env=B=two', '--image-pull-policy=Never', '--restart=OnFailure', '--dry-run=client', '-o', 'yaml'] },
  { args: ['run', 'p2', '--image=nginx', '--port=80', '--labels=a=b,c=d', '--env=A=1', '--restart=Never', '--dry-run=client', '-o', 'json'] },
  { args: ['run', 'p3', '--image=busybox', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '10'], note: 'args after -- without --command' },
  { args: ['run', 'p3', '--image=busybox', '--dry-run=client', '-o', 'json', '--command', '--', 'sleep', '10'] },
  { args: ['run', 'p3', '--image=busybox', '-i', '-t', '--dry-run=client', '-o', 'yaml', '--', 'sh'] },
  { args: ['run', 'p4', '--image=busybox', '--dry-run=server'] },
  { args: ['run', 'p4', '--image=busybox', '--dry-run=server', '-o', 'yaml'] },
  { args: ['run', 'p4', '--image=busybox', '--dry-run=client', '-o', 'jsonpath={.spec.containers[0].name}'] },
  // run: real pods.
  { args: ['run', 'p5', '--image=busybox', '--restart=Never', '--', 'sleep', '3600'] },
  { args: ['run', 'p5', '--image=busybox'], note: 'AlreadyExists' },
  { args: ['run', 'p6', '--image=busybox', '--command', '--', 'sleep', '3600'] },
  { args: ['get', 'pod', 'p6', '-o', 'jsonpath={.spec.containers[0].command} {.spec.restartPolicy} {.metadata.labels}'] },
  { args: ['run', 'once', '-i', '--rm', '--restart=Never', '--image=busybox', '--', 'sh', '-c', 'echo hi; exit 3'], note: 'exit code of the attached pod' },
  { args: ['run', 'cat1', '-i', '--rm', '--restart=Never', '--image=busybox', '--', 'cat'], stdin: 'hello\nworld\n' },
  { args: ['run', 'tty1', '-it', '--rm', '--restart=Never', '--image=busybox', '--', 'echo', 'hi'], note: 'no terminal here' },
  { args: ['run', 'of1', '-i', '--rm', '--restart=OnFailure', '--image=busybox', '--', 'echo', 'ok'] },
  { args: ['run', 'att1', '-i', '--restart=Never', '--image=busybox', '--', 'echo', 'kept'], note: 'without --rm the pod stays' },
  { args: ['get', 'pod', 'att1', '-o', 'jsonpath={.status.phase}'], before: phase('att1', 'Succeeded') },
  { args: ['run', 'p7', '--image=busybox', '--restart=Never', '-o', 'name', '--', 'sleep', '3600'] },
  // exec.
  { args: ['apply', '-f', 'two.yaml', '-f', 'pending.yaml'] },
  { args: ['exec', 'two', '--', 'hostname'], before: podReady('two'), note: 'Defaulted container on stderr' },
  { args: ['exec', 'two', '-c', 'second', '--', 'hostname'] },
  { args: ['exec', 'pod/two', '-c', 'first', '--', 'echo', 'a', 'b'] },
  { args: ['exec', 'two', '-c', 'nope', '--', 'hostname'] },
  { args: ['exec', 'two', '-c', 'first', 'hostname'], note: 'deprecated form without --' },
  { args: ['exec', 'two'] },
  { args: ['exec', '-i', 'two', '-c', 'first', '--', 'cat'], stdin: 'abc\n' },
  { args: ['exec', '-it', 'two', '-c', 'first', '--', 'cat'], stdin: 'abc\n' },
  { args: ['exec', '-t', 'two', '-c', 'first', '--', 'hostname'] },
  { args: ['exec', 'two', '-c', 'first', '--', 'nosuchcmd'] },
  { args: ['exec', 'two', '-c', 'first', '--', '/bin/nosuch', 'x'] },
  { args: ['exec', 'two', '-c', 'first', '--', 'sh', '-c', 'exit 3'] },
  { args: ['exec', 'two', '-c', 'first', '--', 'sh', '-c', 'echo out; echo err >&2; exit 1'] },
  { args: ['exec', 'two', '-c', 'first', '--', 'sh', '-c', 'nosuchcmd'] },
  { args: ['exec', 'nope', '--', 'ls'] },
  { args: ['exec', 'sts/nope', '--', 'ls'] },
  { args: ['exec', 'pending', '--', 'ls'] },
  { args: ['exec', 'p5', '--', 'ls', '/nonexistent'] },
  { args: ['run', 'badimg', '--image=registry.invalid/nope:1', '--restart=Never'] },
  { args: ['exec', 'badimg', '--', 'ls'], before: (r) => until(r, ['get', 'pod', 'badimg', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}'], (s) => s === 'ErrImagePull' || s === 'ImagePullBackOff'), note: 'a container that never started' },
  { args: ['run', 'done1', '--image=busybox', '--restart=Never', '--', 'true'] },
  { args: ['exec', 'done1', '--', 'ls'], before: phase('done1', 'Succeeded') },
  // apply --server-side.
  { args: ['apply', '--force-conflicts', '-f', 'cm.yaml'] },
  { args: ['apply', '--server-side', '-f', 'cm.yaml'] },
  { args: ['apply', '--server-side', '-f', 'cm.yaml'], note: 'again: unchanged objects still print serverside-applied' },
  { args: ['get', 'cm', 'ssa', '-o', 'jsonpath={.data} {.metadata.managedFields[*].manager} {.metadata.managedFields[*].operation}'] },
  { args: ['apply', '--server-side', '--field-manager=other', '-f', 'cm2.yaml'], note: 'conflict with manager kubectl' },
  { args: ['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', 'cm2.yaml'] },
  { args: ['get', 'cm', 'ssa', '-o', 'jsonpath={.data} {.metadata.managedFields[*].manager}'] },
  { args: ['get', 'cm', 'ssa', '-o', 'custom-columns=NAME:.metadata.name,MANAGERS:.metadata.managedFields[*].manager'] },
  { args: ['get', 'cm', 'ssa', '-o', 'go-template={{range .metadata.managedFields}}{{.manager}} {{.operation}}{{"\\n"}}{{end}}'] },
  { args: ['apply', '--server-side', '--dry-run=server', '-f', 'cm.yaml', '-o', 'name'] },
  { args: ['apply', '--server-side', '--dry-run=server', '--force-conflicts', '-f', 'cm.yaml'] },
  { args: ['apply', '--server-side', '--field-manager=other', '-f', 'cm2.yaml', '-o', 'yaml'] },
  { args: ['apply', '-f', 'cm2.yaml'], note: 'client-side apply over a server-side applied object' },
  { args: ['apply', '-f', 'cm.yaml', '--field-manager=mine'] },
  { args: ['get', 'cm', 'ssa', '-o', 'jsonpath={.data} {.metadata.managedFields[*].manager}'] },
  { args: ['apply', '--server-side', '--dry-run=client', '-f', 'cm.yaml'] },
  // config: flag errors name the subcommand; kubeconfig edits.
  { args: ['config', 'view', '--bogus'] },
  { args: ['config', 'get-contexts', '--bogus'] },
  { args: ['config', 'view', '--current'], note: 'a flag of another subcommand' },
  { args: ['rollout', 'undo', 'sts/web', '-w'], note: 'rollout parses flags per subcommand too' },
  { args: ['rollout', 'status', 'sts/web', '--to-revision=1'] },
  { args: ['rollout', 'history', 'sts/web', '--revision', 'x'] },
  { args: ['config', 'current-context', '--minify'] },
  { args: ['config', 'set-cluster', 'extra', '--server=https://10.0.0.1:6443'] },
  { args: ['config', 'set-credentials', 'someone', '--token=abc'] },
  { args: ['config', 'set', 'clusters.extra.insecure-skip-tls-verify', 'true'] },
  // Not get-clusters/get-users with two entries: kubectl 1.32 lists them in Go map order (random).
  { args: ['config', 'view', '-o', 'jsonpath={.clusters[*].name} {.users[*].name}'] },
  { args: ['config', 'unset', 'clusters.extra.insecure-skip-tls-verify'] },
  { args: ['config', 'set', 'contexts.ordinal.cluster', 'ordinal'] },
  { args: ['config', 'set', 'users.someone.username', 'me'] },
  { args: ['config', 'view', '-o', 'jsonpath={.users[*].name} {.users[*].user.username}'] },
  { args: ['config', 'set', 'clusters.extra.insecure-skip-tls-verify', 'maybe'] },
  { args: ['config', 'unset', 'users.nobody.token'] },
  { args: ['config', 'delete-cluster', 'extra'] },
  { args: ['config', 'delete-cluster', 'extra'] },
  { args: ['config', 'delete-user', 'someone'] },
  { args: ['config', 'delete-user', 'nobody'] },
  { args: ['config', 'get-users'] },
  // create <generator> -o json: keys in kubectl's struct order.
  { args: ['create', 'deployment', 'd', '--image=nginx', '--dry-run=client', '-o', 'json'] },
  { args: ['create', 'service', 'clusterip', 's', '--tcp=80:8080', '--dry-run=client', '-o', 'json'] },
  { args: ['create', 'configmap', 'c', '--from-literal=a=b', '--dry-run=client', '-o', 'json'] },
  { args: ['create', 'secret', 'generic', 's', '--from-literal=a=b', '--dry-run=client', '-o', 'json'] },
  { args: ['create', 'namespace', 'n', '--dry-run=client', '-o', 'json'] },
  { args: ['create', 'serviceaccount', 'sa', '--dry-run=client', '-o', 'json'] },
  { args: ['delete', 'pod', 'p5', 'p6', 'p7', 'att1', 'badimg', 'two', 'pending', 'done1', '--now'] },
]
