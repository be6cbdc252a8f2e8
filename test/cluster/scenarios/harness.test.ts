// The scenario harness must catch what it claims to catch; otherwise every "violations toEqual([])" proves nothing.
import { afterEach, describe, expect, it } from 'vitest'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { startScenario, type Scenario } from './harness'
import { applyWeb, pod, settled, web, webSts } from './sts-fixtures'

let s: Scenario
afterEach(() => s?.dispose())

describe('scenario harness invariants', () => {
  it('flags a pod created above a not-Ready ordinal under OrderedReady', async () => {
    s = startScenario()
    applyWeb(s, webSts('OrderedReady', { replicas: 1 }))
    await s.run(1)
    const uid = web(s).metadata.uid!
    expect(pod(s, 'web-0')).toBeDefined()
    s.store.create(GVRS.pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', labels: { app: 'nginx' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid, controller: true }] },
      spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] },
    })
    expect(s.violations).toEqual(['OrderedReady: web-1 created while web-0 was not Running+Ready'])
  })

  it('flags a Retain claim being deleted, unless the test said it deletes it itself', async () => {
    s = startScenario()
    applyWeb(s, webSts('Parallel', { replicas: 2 }))
    await s.until('2 Ready', settled(s, 2))
    s.allowClaimDeletion('www-web-0')
    s.store.delete(GVRS.pvcs, 'default', 'www-web-0')
    await s.run(10)
    expect(s.violations).toEqual([])
    s.store.delete(GVRS.pvcs, 'default', 'www-web-1')
    await s.run(10)
    expect(s.violations).toEqual(['claim www-web-1 deleted under Retain (whenScaled Retain, whenDeleted Retain)'])
  })

  it('until() names the condition it gave up on', async () => {
    s = startScenario()
    await expect(s.until('never', () => false, 5_000)).rejects.toThrow('scenario: "never" not reached within 5000 ms of sim time')
  })
})
