// A list longer than one page (--chunk-size, 500 by default) arrives in pages joined by `continue` tokens; kubectl
// shows every item. Compared against the real kubectl on the same server.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runOurs, runReal } from '../bench/kubectl-runners'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'

let tc: TestCluster
const cwd = mkdtempSync(join(tmpdir(), 'ordinal-paging-'))

beforeAll(async () => {
  tc = await startTestCluster()
  for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) {
    tc.cluster.store.create({ group: '', version: 'v1', resource: 'pods' }, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: 'paged' } },
      spec: { containers: [{ name: 'c', image: 'busybox:1.28' }] },
    })
  }
})
afterAll(() => tc.close())

describe('kubectl get across pages', () => {
  it.each([['-o', 'name'], ['-o', 'json'], []])('shows every item with --chunk-size=2 %s', async (...out: string[]) => {
    const args = ['get', 'pods', '--chunk-size=2', ...out]
    const ours = await runOurs(args, tc.env, cwd)
    expect(ours.code).toBe(0)
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) expect(ours.stdout).toContain(n)
    const real = await runReal(args, tc.env)
    if (out[1] === 'json') {
      // Only the list's own resourceVersion may differ between two reads.
      const names = (s: string) => JSON.parse(s).items.map((i: { metadata: { name: string } }) => i.metadata.name)
      expect(names(ours.stdout)).toEqual(names(real.stdout))
    } else {
      expect(ours.stdout.replace(/\d+s\s*$/gm, '')).toBe(real.stdout.replace(/\d+s\s*$/gm, ''))
    }
  })
})
