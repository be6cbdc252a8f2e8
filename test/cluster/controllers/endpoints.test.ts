// The endpoints controller reconciles a Service when a pod changes only if the Service selects pods: these pin that
// a selector-less Service's hand-made Endpoints are left alone, and that a Service gaining a selector is followed.
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../src-main/cluster/api-types'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { startHarness, type Harness } from '../helpers'
import { pod } from '../pod-helpers'

const svc = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { ports: [{ port: 80 }], ...spec },
})

const endpoints = (h: Harness, name: string): KObject | undefined => {
  try {
    return h.cluster.store.get(GVRS.endpoints, 'default', name)
  } catch {
    return undefined
  }
}
const ips = (h: Harness, name: string) => (endpoints(h, name)?.subsets ?? []).flatMap((s: any) => (s.addresses ?? []).map((a: any) => a.ip))

describe('endpoints controller', () => {
  it('a Service without a selector keeps its hand-made Endpoints while pods come and go', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', svc('manual'))
    h.cluster.store.create(GVRS.endpoints, 'default', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'manual' },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 80, protocol: 'TCP' }] }],
    })
    const before = endpoints(h, 'manual')!
    h.cluster.store.create(GVRS.pods, 'default', { ...pod('p'), metadata: { name: 'p', labels: { app: 'manual' } } })
    await h.until(() => h.pod('p')?.status?.phase === 'Running')
    h.cluster.store.delete(GVRS.pods, 'default', 'p')
    await h.run(40_000)
    expect(endpoints(h, 'manual')!.metadata.resourceVersion).toBe(before.metadata.resourceVersion)
    expect(ips(h, 'manual')).toEqual(['192.0.2.10'])
  })

  it('a Service that gains a selector follows the pods it selects from then on', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.services, 'default', svc('late'))
    h.cluster.store.create(GVRS.pods, 'default', { ...pod('p'), metadata: { name: 'p', labels: { app: 'late' } } })
    await h.until(() => !!h.pod('p')?.status?.podIP)
    expect(endpoints(h, 'late')).toBeUndefined()
    const cur = h.cluster.store.get(GVRS.services, 'default', 'late')
    h.cluster.store.update(GVRS.services, 'default', 'late', { ...cur, spec: { ...cur.spec, selector: { app: 'late' } } })
    await h.until(() => ips(h, 'late').length === 1)
    expect(ips(h, 'late')).toEqual([h.pod('p')!.status.podIP])
    await h.run(5_000) // settle: nothing about the Service or its Endpoints is left to do
    // Now a pod change alone (the pod going away) updates them.
    h.cluster.store.delete(GVRS.pods, 'default', 'p', { gracePeriodSeconds: 0 })
    await h.until(() => ips(h, 'late').length === 0)
    expect(endpoints(h, 'late')!.subsets).toBeUndefined()
  })
})
