// kubectl cordon/uncordon with several node names, as kubectl 1.32 does it: every node is looked up first (a missing
// one fails the command and none is changed), then each is patched and reported. Lesson 08 cordons all workers.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runKubectl } from '../../src-main/kubectl/index'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { testContext } from './node-context'

let tc: TestCluster
beforeAll(async () => {
  tc = await startTestCluster({ speed: 'instant' })
})
afterAll(async () => {
  await tc?.close()
})

async function kubectl(...argv: string[]) {
  const { ctx, result } = testContext({ env: tc.env, cwd: mkdtempSync(join(tmpdir(), 'ordinal-cordon-')) })
  ctx.argv = ['kubectl', ...argv]
  const code = await runKubectl(argv, ctx)
  return { code, ...result() }
}
const unschedulable = (n: string) => !!tc.cluster.store.get({ group: '', version: 'v1', resource: 'nodes' }, undefined, n).spec?.unschedulable

describe('kubectl cordon / uncordon NODE…', () => {
  it('cordons and uncordons every named node', async () => {
    expect(await kubectl('cordon', 'ordinal-worker', 'ordinal-worker2', 'ordinal-worker3')).toEqual({
      code: 0,
      stdout: 'node/ordinal-worker cordoned\nnode/ordinal-worker2 cordoned\nnode/ordinal-worker3 cordoned\n',
      stderr: '',
    })
    expect(['ordinal-worker', 'ordinal-worker2', 'ordinal-worker3'].map(unschedulable)).toEqual([true, true, true])
    expect((await kubectl('uncordon', 'ordinal-worker', 'ordinal-worker2', 'ordinal-worker3')).stdout).toBe(
      'node/ordinal-worker uncordoned\nnode/ordinal-worker2 uncordoned\nnode/ordinal-worker3 uncordoned\n',
    )
    expect(['ordinal-worker', 'ordinal-worker2', 'ordinal-worker3'].map(unschedulable)).toEqual([false, false, false])
  })

  it('a missing node fails the command before any node is changed', async () => {
    expect(await kubectl('cordon', 'ordinal-worker3', 'nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): nodes "nope" not found\n' })
    expect(unschedulable('ordinal-worker3')).toBe(false)
  })
})
