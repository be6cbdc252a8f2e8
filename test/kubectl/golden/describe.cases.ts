// The describe suite: kubectl describe for every kind the engine serves (dedicated layouts and the generic tree),
// by name, by prefix, by label, across kinds, and its errors.
import type { GoldenCase } from './harness'
import { APP, appReady } from './fixtures'
import { until } from './shared-fixtures'

export const FILES: Record<string, string> = {
  'app.yaml': APP,
  // One key only: kubectl prints a ConfigMap's data in Go map order, which is random for several keys.
  'one.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  labels:\n    a: b\n    c: d\ndata:\n  greeting: |\n    hello\n    world\n',
}

export const CASES: GoldenCase[] = [
  { args: ['describe'] },
  { args: ['describe', 'pods'], note: 'nothing to describe yet' },
  { args: ['describe', 'pod', 'nope'] },
  { args: ['describe', 'foos'] },
  { args: ['describe', 'sts', 'nope'] },
  { args: ['describe', 'pods', '-l', 'app=nope'] },
  { args: ['describe', 'pod', '-l', 'a b'] },
  { args: ['describe', '--foo'] },
  { args: ['describe', 'node', 'ordinal-worker3'] },
  { args: ['describe', 'sc', 'standard'] },
  { args: ['describe', 'ns', 'default'] },
  { args: ['describe', 'svc', 'kubernetes', '-n', 'default'] },
  // The namespace controller fills a new namespace asynchronously: wait until both runners' namespaces have them.
  { args: ['describe', 'sa', 'default'], before: (r) => until(r, ['get', 'sa', 'default', '-o', 'name'], (s) => s.trim() === 'serviceaccount/default') },
  { args: ['describe', 'cm', 'kube-root-ca.crt'], before: (r) => until(r, ['get', 'cm', 'kube-root-ca.crt', '-o', 'name'], (s) => s.trim() === 'configmap/kube-root-ca.crt') },
  { args: ['apply', '-f', 'app.yaml'] },
  { args: ['apply', '-f', 'one.yaml'] },
  { args: ['describe', 'sts', 'web'], before: appReady },
  { args: ['describe', 'statefulset.apps/web'] },
  // Pod events are left out: the image is pulled by whichever runner's pod starts first, the other finds it present.
  { args: ['describe', 'pod', 'web-0', '--show-events=false'] },
  { args: ['describe', 'pods', 'web', '--show-events=false'], note: 'a name that matches nothing is a prefix' },
  { args: ['describe', 'pods', '-l', 'app=nginx', '--show-events=false'] },
  { args: ['describe', 'svc', 'nginx'] },
  { args: ['describe', 'svc', 'hello'] },
  { args: ['describe', 'ep', 'nginx'] },
  { args: ['describe', 'pvc', 'www-web-0'] },
  { args: ['describe', 'pvc'] },
  { args: ['describe', 'deploy', 'hello'] },
  { args: ['describe', 'rs', '-l', 'app=hello'] },
  { args: ['describe', 'cm', 'one'] },
  { args: ['describe', 'controllerrevisions'] },
  { args: ['describe', 'node', 'ordinal-worker'], note: 'both runners\' web pods run here' },
  { args: ['describe', 'node', 'ordinal-worker2'], note: 'the hello pods, with requests and limits' },
  { args: ['describe', 'pod/web-1', 'svc/nginx'] },
  { args: ['describe', 'pod', 'web-1', 'nope'] },
  { args: ['describe', 'sts', 'web', '-A'] },
  { args: ['describe', 'nodes', 'ordinal-worker3', '-A'], note: 'cluster-scoped names are fine with -A' },
  { args: ['describe', 'pods', '-A', '-l', 'app=nope'] },
]
