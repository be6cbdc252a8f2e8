// The misc suite: api-versions, cluster-info, kubectl config (each runner edits its own kubeconfig copy) and
// kubectl diff (temp directory names and mtimes in its headers are normalized by the harness).
import type { GoldenCase, Runners } from './harness'
import { WEB, stsSettled } from './shared-fixtures'

export const FILES: Record<string, string> = {
  'web.yaml': WEB,
  'web3.yaml': WEB.replace('replicas: 2', 'replicas: 3'),
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\n  annotations:\n    team: blue\ndata:\n  k: v\n',
  'cm2.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\n  annotations:\n    team: blue\ndata:\n  k: v\n  added: "1"\n',
  'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: 1\n',
}

/** Put each runner's context namespace back (config cases change it). */
const restoreNamespace = async (r: Runners) => {
  await r.ours(['config', 'set-context', '--current', '--namespace=ns-b'])
  if (r.haveReal) await r.real(['config', 'set-context', '--current', '--namespace=ns-a'])
}

export const CASES: GoldenCase[] = [
  { args: ['api-versions'] },
  { args: ['cluster-info'] },
  { args: ['cluster-info', 'foo'], note: 'extra arguments are ignored' },
  { args: ['config'], note: 'group help on stderr, exit 1' },
  { args: ['config', 'foo'] },
  { args: ['config', 'current-context'] },
  { args: ['config', 'get-contexts'] },
  { args: ['config', 'get-contexts', '-o', 'name'] },
  { args: ['config', 'get-contexts', 'nope'] },
  { args: ['config', 'get-clusters'] },
  { args: ['config', 'get-users'] },
  { args: ['config', 'view'] },
  { args: ['config', 'view', '--minify'] },
  { args: ['config', 'view', '--minify', '--context=nope'] },
  { args: ['config', 'view', '-o', 'jsonpath={.contexts[*].name}'] },
  { args: ['config', 'view', '-o', 'jsonpath={.current-context}'] },
  { args: ['config', 'use-context'] },
  { args: ['config', 'use-context', 'nope'] },
  { args: ['config', 'use-context', 'ordinal'] },
  { args: ['config', 'set-context'] },
  { args: ['config', 'set-context', '--current', '--namespace=lab'] },
  { args: ['config', 'view', '--minify'] },
  { args: ['config', 'get-contexts'] },
  { args: ['config', 'set-context', 'spare', '--cluster=ordinal', '--user=learner'] },
  { args: ['config', 'set-context', 'spare', '--namespace=other'] },
  { args: ['config', 'get-contexts'] },
  { args: ['config', 'rename-context', 'spare', 'spare2'] },
  { args: ['config', 'get-contexts', '-o', 'name'] },
  { args: ['config', 'view'], before: restoreNamespace },
  // kubectl explain, from the server's /openapi/v3
  { args: ['explain'] },
  { args: ['explain', 'foo'] },
  { args: ['explain', 'sts'] },
  { args: ['explain', 'pod'] },
  { args: ['explain', 'sts.spec.replicas'] },
  { args: ['explain', 'sts.spec.nope'] },
  { args: ['explain', 'sts.spec.updateStrategy'] },
  { args: ['explain', 'statefulsets.spec.updateStrategy', '--recursive'] },
  { args: ['explain', 'sts.spec', '--recursive'] },
  { args: ['explain', 'pods.spec.containers'] },
  { args: ['explain', 'sts.spec.template.spec.containers.ports'] },
  { args: ['explain', 'svc.spec'] },
  { args: ['explain', 'pvc.spec.resources'] },
  { args: ['explain', 'sts.metadata.labels'] },
  // kubectl diff
  { args: ['diff'] },
  { args: ['diff', '-f', 'nope.yaml'] },
  { args: ['diff', '-f', 'bad.yaml'] },
  { args: ['diff', '-f', 'cm.yaml'], note: 'a new object: everything is added' },
  { args: ['apply', '-f', 'cm.yaml'] },
  { args: ['diff', '-f', 'cm.yaml'], note: 'no difference: exit 0' },
  { args: ['diff', '-f', 'cm2.yaml'] },
  { args: ['apply', '-f', 'web.yaml'] },
  { args: ['diff', '-f', 'web3.yaml'], before: stsSettled },
  { args: ['diff', '-f', 'web.yaml', '-f', 'cm2.yaml'] },
  { args: ['delete', '-f', 'web.yaml', '-f', 'cm.yaml'] },
]
