// The basics suite: help, errors, apply/get/describe/delete/exec of lesson 1's objects. Run in order (later cases
// depend on the state earlier ones create).
import type { GoldenCase, Runners } from './harness'
import { WEB_YAML } from '../../apiserver/web-manifest'

// Lesson 1's manifest, the same text the API-server tests use.
const WEB = WEB_YAML

export const FILES: Record<string, string> = {
  'web.yaml': WEB,
  'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: 1\n',
  'tab.yaml': 'a: b\n\tc: d\n',
  'flow.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: [\n',
  'nokind.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n',
  'second-bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: 1\n',
  'invalid-sts.yaml': WEB.split('---\n')[1].replace('name: web\n', 'name: broken\n').replace('replicas: 2', 'replicas: -1'),
  'empty.yaml': '',
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made-by-create\ndata:\n  k: v\n',
}

/** Wait (through the real kubectl if present, else ours) until the StatefulSet is fully rolled out in both namespaces. */
const rolledOut = async (r: Runners) => {
  for (const ns of ['ns-a', 'ns-b']) {
    if (r.haveReal) await r.real(['rollout', 'status', 'sts/web', '-n', ns, '--timeout=60s'])
    else {
      for (let i = 0; i < 300; i++) {
        const res = await r.ours(['get', 'sts', 'web', '-n', ns])
        if (/web\s+(\d+)\/\1\s/.test(res.stdout)) break
        await new Promise((ok) => setTimeout(ok, 100))
      }
    }
  }
}

/** Wait until the pods the StatefulSet's deletion garbage-collects are gone from both namespaces. */
const podsGone = async (r: Runners) => {
  for (const ns of ['ns-a', 'ns-b']) {
    for (let i = 0; i < 300; i++) {
      const res = await r.ours(['get', 'pods', '-n', ns, '-o', 'name'])
      if (res.stdout.trim() === '') break
      await new Promise((ok) => setTimeout(ok, 100))
    }
  }
}

export const CASES: GoldenCase[] = [
  { args: ['version', '--client'] },
  { args: ['get'] },
  { args: ['get', '--foo'] },
  { args: ['get', 'pods', '-x'] },
  { args: ['get', '-n'] },
  { args: ['foo'] },
  { args: ['gett'] },
  { args: ['xyzzy'] },
  { args: ['get', 'foos'] },
  { args: ['apply'] },
  { args: ['apply', '-f', 'nope.yaml'] },
  { args: ['apply', '-f', 'bad.yaml'] },
  { args: ['apply', '-f', 'tab.yaml'] },
  { args: ['apply', '-f', 'flow.yaml'] },
  { args: ['apply', '-f', 'nokind.yaml'] },
  { args: ['apply', '-f', 'empty.yaml'] },
  { args: ['delete'] },
  { args: ['exec'] },
  { args: ['get', 'pods'] },
  { args: ['get', 'pods', '-o', 'yaml'] },
  { args: ['apply', '-f', 'web.yaml'] },
  { args: ['get', 'pods'], before: rolledOut },
  { args: ['get', 'sts', 'web'] },
  { args: ['get', 'statefulsets.apps'] },
  { args: ['get', 'statefulset', 'web', '-o', 'wide'] },
  { args: ['get', 'pods,svc'] },
  { args: ['get', 'pods', '-o', 'name'] },
  { args: ['get', 'pods', '-l', 'app=nginx', '--show-labels'] },
  { args: ['get', 'svc', 'nginx', '-o', 'yaml'] },
  { args: ['get', 'sts', 'web', '-o', 'json'] },
  { args: ['get', 'pvc'] },
  { args: ['get', 'pod', 'nope'] },
  { args: ['get', 'sts', 'nope'] },
  { args: ['apply', '-f', 'web.yaml'] },
  { args: ['create', '-f', 'web.yaml'] },
  { args: ['apply', '-f', 'invalid-sts.yaml'] },
  { args: ['create', '-f', 'invalid-sts.yaml'] },
  { args: ['apply', '-f', '-'], stdin: WEB },
  { args: ['describe', 'sts', 'web'] },
  { args: ['describe', 'pod', 'web-0'] },
  { args: ['exec', 'web-0', '--', 'hostname'] },
  { args: ['exec', 'web-1', '--', 'sh', '-c', 'exit 3'] },
  { args: ['exec', '-it', 'web-0', '--', 'hostname'] },
  { args: ['exec', 'web-0', 'hostname'] },
  { args: ['exec', 'nope', '--', 'ls'] },
  { args: ['scale', 'sts', 'web', '--replicas=3'] },
  { args: ['get', 'pods'], before: rolledOut },
  { args: ['delete', 'pod', 'web-2'] },
  { args: ['delete', 'pod', 'nope'] },
  { args: ['run', 'once', '-i', '--rm', '--restart=Never', '--image=busybox:1.28', '--', 'echo', 'hi'] },
  { args: ['delete', 'sts', 'web'] },
  { args: ['delete', '-f', 'web.yaml'] },
  { args: ['get', 'pods'], before: podsGone },
  // apply over an object made by `create`: the missing last-applied annotation warning, then unchanged.
  { args: ['create', '-f', 'cm.yaml'] },
  { args: ['apply', '-f', 'cm.yaml'] },
  { args: ['apply', '-f', 'cm.yaml'] },
  { args: ['scale', 'sts', 'nope', '--replicas=2'] },
  { args: ['scale', 'sts', 'nope', 'nope2', '--replicas=2'] },
  // `all` is a category from discovery, not a resource type.
  { args: ['get', 'all'] },
  { args: ['apply', '-f', 'web.yaml'] },
  { args: ['get', 'all'], before: rolledOut },
  { args: ['get', 'pods,all', '-o', 'name'] },
  { args: ['delete', '-f', 'web.yaml'] },
]
