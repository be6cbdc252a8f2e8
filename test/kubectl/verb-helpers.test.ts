// Unit tests for the pure helpers behind the issue-4 verbs: our unified diff, merge patch, JSONPath subset,
// wait conditions, label argument parsing, rollout status wording and the pod kubectl logs picks.
import { describe, it, expect } from 'vitest'
import { diffLines, unifiedHunks } from '../../src-main/kubectl/commands/unified-diff'
import { applyMergePatch } from '../../src-main/kubectl/commands/merge-patch'
import { lookup, parsePath, JsonPathError } from '../../src-main/kubectl/commands/jsonpath-lite'
import { parseFor } from '../../src-main/kubectl/commands/wait'
import { splitArgs, parseChanges } from '../../src-main/kubectl/commands/label'
import { statusOf } from '../../src-main/kubectl/commands/rollout-viewers'
import { byLogging } from '../../src-main/kubectl/commands/logs'
import { patchToJson } from '../../src-main/kubectl/commands/patch'
import { formatSelector } from '../../src-main/kubectl/commands/selector-format'
import { ExitError } from '../../src-main/kubectl/errors'

describe('unified diff', () => {
  it('finds the longest common subsequence, deletions before insertions', () => {
    const ops = diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])
    expect(ops.map((o) => o.kind + o.line)).toEqual([' a', '-b', '+x', ' c'])
  })
  it('prints diff -u hunks with 3 lines of context and merges nearby changes', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n') + '\n'
    const b = a.replace('l2\n', 'L2\n').replace('l5\n', 'L5\n').replace('l18\n', 'L18\n')
    expect(unifiedHunks(a, b)).toBe(
      '@@ -1,8 +1,8 @@\n l1\n-l2\n+L2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n' +
      '@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+L18\n l19\n l20\n')
  })
  it('a new file is all additions from line 0', () => {
    expect(unifiedHunks('', 'a\nb\n')).toBe('@@ -0,0 +1,2 @@\n+a\n+b\n')
  })
  it('equal texts give no hunks', () => {
    expect(unifiedHunks('a\n', 'a\n')).toBe('')
  })
})

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes on null, replaces lists', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] }))
      .toEqual({ a: 1, b: { d: 3, e: 4 }, l: [3] })
  })
})

describe('jsonpath subset', () => {
  const pod = { metadata: { labels: { 'app.kubernetes.io/name': 'web' } }, spec: { containers: [{ name: 'nginx' }] } }
  it('reads braces, indexes and escaped dots', () => {
    expect(lookup(pod, parsePath('{.spec.containers[0].name}'))).toBe('nginx')
    expect(lookup(pod, parsePath('.metadata.labels.app\\.kubernetes\\.io/name'))).toBe('web')
    expect(lookup(pod, parsePath('{.spec.nope}'))).toBeUndefined()
  })
  it('rejects an unclosed brace with kubectl\'s wording', () => {
    expect(() => parsePath('{.status.phase')).toThrow(JsonPathError)
    expect(() => parsePath('{.status.phase')).toThrow(/unexpected path string/)
  })
})

describe('wait --for', () => {
  it('parses every condition kind', () => {
    expect(parseFor('delete')).toEqual({ kind: 'delete' })
    expect(parseFor('condition=Ready')).toEqual({ kind: 'condition', type: 'Ready', value: 'true' })
    expect(parseFor('condition=Ready=false')).toEqual({ kind: 'condition', type: 'Ready', value: 'false' })
    expect(parseFor('jsonpath={.status.readyReplicas}=2')).toEqual({ kind: 'jsonpath', path: ['status', 'readyReplicas'], value: '2' })
  })
  it('rejects unknown conditions', () => {
    expect(() => parseFor('foo')).toThrow('error: unrecognized condition: "foo"')
    expect(() => parseFor('')).toThrow('error: unrecognized condition: ""')
  })
})

describe('label arguments', () => {
  it('splits resources from changes and refuses a resource after a change', () => {
    expect(splitArgs(['pod', 'web-0', 'a=b', 'c-'], 'label')).toEqual({ resources: ['pod', 'web-0'], pairs: ['a=b', 'c-'] })
    expect(() => splitArgs(['pod', 'a=b', 'x'], 'label')).toThrow('error: all resources must be specified before label changes: x')
  })
  it('parses sets and removals, with kubectl\'s errors', () => {
    const c = parseChanges(['a=1', 'b-'], 'label')
    expect([...c.set]).toEqual([['a', '1']])
    expect(c.remove).toEqual(['b'])
    expect(() => parseChanges(['a=b=c'], 'label')).toThrow('error: invalid label spec: a=b=c')
    expect(() => parseChanges(['a=b', 'a-'], 'label')).toThrow('error: can not both modify and remove a label in the same command')
    expect(() => parseChanges(['a=b@'], 'label')).toThrow(/invalid label value: "a=b@"/)
    expect(() => parseChanges(['a=b@'], 'annotate')).not.toThrow()
  })
})

describe('rollout status messages', () => {
  const sts = (over: any) => ({
    metadata: { name: 'web', generation: 2 },
    spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
    status: { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 3, ...over },
  })
  it('walks the StatefulSet stages with kubectl\'s wording', () => {
    expect(statusOf('StatefulSet', sts({ observedGeneration: 1 })).message).toBe('Waiting for statefulset spec update to be observed...\n')
    expect(statusOf('StatefulSet', sts({ readyReplicas: 1 })).message).toBe('Waiting for 2 pods to be ready...\n')
    expect(statusOf('StatefulSet', sts({ updatedReplicas: 1 })).message).toBe('Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...\n')
    expect(statusOf('StatefulSet', sts({}))).toEqual({ message: 'partitioned roll out complete: 3 new pods have been updated...\n', done: true })
  })
  it('refuses OnDelete StatefulSets', () => {
    const o = sts({})
    o.spec.updateStrategy = { type: 'OnDelete' } as any
    expect(statusOf('StatefulSet', o).error).toBe('rollout status is only available for RollingUpdate strategy type')
  })
  it('words Deployment progress', () => {
    const d = { metadata: { name: 'x', generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, replicas: 3, updatedReplicas: 2, availableReplicas: 2 } }
    expect(statusOf('Deployment', d).message).toBe('Waiting for deployment "x" rollout to finish: 1 old replicas are pending termination...\n')
    d.status.replicas = 2
    expect(statusOf('Deployment', d)).toEqual({ message: 'deployment "x" successfully rolled out\n', done: true })
  })
})

describe('logs pod choice', () => {
  it('prefers scheduled, running, ready-longest pods', () => {
    const pod = (name: string, phase: string, readySince?: string, node = 'n') => ({
      metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { nodeName: node },
      status: { phase, conditions: readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] : [] },
    })
    const pods = [pod('pending', 'Pending'), pod('late', 'Running', '2026-01-01T00:05:00Z'), pod('early', 'Running', '2026-01-01T00:01:00Z'), pod('unready', 'Running')]
    expect([...pods].sort(byLogging).map((p) => p.metadata.name)).toEqual(['early', 'late', 'unready', 'pending'])
  })
})

describe('patch text', () => {
  it('passes JSON through and converts YAML', () => {
    expect(patchToJson('{"a":1}')).toBe('{"a":1}')
    expect(patchToJson('spec:\n  replicas: 2\n')).toBe('{"spec":{"replicas":2}}')
  })
  it('words YAML errors like go-yaml', () => {
    expect(() => patchToJson('[1')).toThrow(ExitError)
    expect(() => patchToJson('[1')).toThrow(`error: unable to parse "[1": yaml: line 1: did not find expected ',' or ']'`)
  })
})

describe('selector query', () => {
  it('formats matchLabels and matchExpressions', () => {
    expect(formatSelector({ matchLabels: { app: 'nginx' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'x', operator: 'DoesNotExist' }] }))
      .toBe('app=nginx,tier in (a,b),!x')
  })
})
