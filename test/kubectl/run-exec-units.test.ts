// Unit checks behind the run/exec/config golden suite: struct-order JSON, klog-style required-flag errors, and
// per-subcommand flag parsing in the entry point.
import { describe, it, expect } from 'vitest'
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { structOrdered, toStructJson } from '../../src-main/kubectl/struct-order'
import { requiredFlagsError } from '../../src-main/kubectl/errors'
import { runKubectl } from '../../src-main/kubectl/index'
import { testContext } from './node-context'

describe('struct order', () => {
  it('orders known struct fields and leaves maps sorted', () => {
    const pod = {
      apiVersion: 'v1', kind: 'Pod', status: {},
      metadata: { labels: { z: '1', a: '2' }, creationTimestamp: null, name: 'p' },
      spec: { restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', containers: [{ resources: {}, image: 'busybox', name: 'p', env: [{ value: '1', name: 'A' }] }] },
    }
    const o = structOrdered(pod, 'Pod') as any
    expect(Object.keys(o)).toEqual(['kind', 'apiVersion', 'metadata', 'spec', 'status'])
    expect(Object.keys(o.metadata)).toEqual(['name', 'creationTimestamp', 'labels'])
    expect(Object.keys(o.metadata.labels)).toEqual(['a', 'z'])
    expect(Object.keys(o.spec)).toEqual(['containers', 'restartPolicy', 'dnsPolicy'])
    expect(Object.keys(o.spec.containers[0])).toEqual(['name', 'image', 'env', 'resources'])
    expect(Object.keys(o.spec.containers[0].env[0])).toEqual(['name', 'value'])
  })
  it('puts unknown keys after known ones, sorted, and escapes like Go', () => {
    const text = toStructJson({ kind: 'ConfigMap', zeta: 1, apiVersion: 'v1', alpha: '<x>', metadata: { name: 'c' } } as any)
    expect(text).toBe('{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "c"\n    },\n    "alpha": "\\u003cx\\u003e",\n    "zeta": 1\n}\n')
  })
})

describe('requiredFlagsError', () => {
  it('is a klog line with time, padded pid and the quoted cobra error', () => {
    const e = requiredFlagsError(['image'], new Date(2026, 10, 26, 21, 49, 27, 931), 12291)
    expect(e.message).toBe('E1126 21:49:27.931000   12291 run.go:72] "command failed" err="required flag(s) \\"image\\" not set"')
    expect(e.code).toBe(1)
  })
})

describe('subcommand flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-sub-'))
  const kc = join(dir, 'config')
  writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: ""\n')
  const run = async (args: string[]) => {
    const { ctx, result } = testContext({ env: { KUBECONFIG: kc, HOME: dir }, cwd: dir })
    const code = await runKubectl(args, ctx)
    return { ...result(), code }
  }
  it('names the subcommand in flag errors and rejects other subcommands\' flags', async () => {
    expect(await run(['config', 'get-users', '--minify'])).toEqual({ stdout: '', stderr: "Error: unknown flag: --minify\nSee 'kubectl config get-users --help' for usage.\n", code: 1 })
    expect((await run(['rollout', 'undo', 'x', '--timeout=1s'])).stderr).toBe("Error: unknown flag: --timeout\nSee 'kubectl rollout undo --help' for usage.\n")
    expect((await run(['config', '--nope'])).stderr).toBe("Error: unknown flag: --nope\nSee 'kubectl config --help' for usage.\n")
  })
  it('edits clusters and users, and reports missing entries', async () => {
    expect((await run(['config', 'set-cluster', 'c1', '--server=https://1.2.3.4', '--insecure-skip-tls-verify'])).stdout).toBe('Cluster "c1" set.\n')
    expect((await run(['config', 'set', 'clusters.c1.server', 'https://5.6.7.8'])).stdout).toBe('Property "clusters.c1.server" set.\n')
    expect(readFileSync(kc, 'utf8')).toContain('- cluster:\n    insecure-skip-tls-verify: true\n    server: https://5.6.7.8\n  name: c1\n')
    expect(await run(['config', 'unset', 'clusters.c2.server'])).toEqual({ stdout: '', stderr: 'error: current map key `c2` is invalid\n', code: 1 })
    expect(await run(['config', 'delete-user', 'u1'])).toEqual({ stdout: '', stderr: `error: cannot delete user u1, not in ${kc}\n`, code: 1 })
    expect((await run(['config', 'delete-cluster', 'c1'])).stdout).toBe(`deleted cluster c1 from ${kc}\n`)
  })
})
