import { describe, expect, it } from 'vitest'
import { podIsReady } from '../../src-main/cluster/controllers/endpoints'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness, WEB_SERVICE, webStatefulSet } from './helpers'

async function ready3(over: Record<string, unknown> = {}) {
  const h = startHarness()
  h.cluster.store.create(GVRS.services, 'default', WEB_SERVICE)
  h.cluster.store.create(GVRS.statefulsets, 'default', webStatefulSet({ replicas: 3, ...over }))
  await h.until(() => h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.readyReplicas === 3, 200_000)
  return h
}

function setImage(h: Awaited<ReturnType<typeof ready3>>, image: string, specOver: Record<string, unknown> = {}) {
  const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
  const tmpl = structuredClone(sts.spec.template)
  tmpl.spec.containers[0].image = image
  h.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, spec: { ...sts.spec, ...specOver, template: tmpl } })
}

describe('StatefulSet update strategies', () => {
  it('partition: only ordinals >= partition are updated', async () => {
    const h = await ready3({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } })
    setImage(h, 'nginx')
    await h.run(120_000)
    expect(['web-0', 'web-1', 'web-2'].map((n) => h.pod(n)!.spec.containers[0].image)).toEqual(['registry.k8s.io/nginx-slim:0.21', 'registry.k8s.io/nginx-slim:0.21', 'nginx'])
    const st = h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status
    expect(st.updatedReplicas).toBe(1)
    expect(st.currentReplicas).toBe(2)
    expect(st.currentRevision).not.toBe(st.updateRevision)
    // A deleted pod below the partition comes back at the current revision.
    h.cluster.store.delete(GVRS.pods, 'default', 'web-0')
    await h.run(60_000)
    expect(h.pod('web-0')!.spec.containers[0].image).toBe('registry.k8s.io/nginx-slim:0.21')
  })

  it('OnDelete: nothing changes until the user deletes a pod', async () => {
    const h = await ready3({ updateStrategy: { type: 'OnDelete' } })
    setImage(h, 'nginx')
    await h.run(60_000)
    expect(h.pod('web-1')!.spec.containers[0].image).toBe('registry.k8s.io/nginx-slim:0.21')
    h.cluster.store.delete(GVRS.pods, 'default', 'web-1')
    await h.run(60_000)
    expect(h.pod('web-1')!.spec.containers[0].image).toBe('nginx')
    expect(h.pod('web-2')!.spec.containers[0].image).toBe('registry.k8s.io/nginx-slim:0.21')
  })

  it('reverting the template reuses the old revision with a bumped number', async () => {
    const h = await ready3()
    const first = h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status.updateRevision
    setImage(h, 'nginx')
    await h.run(120_000)
    setImage(h, 'registry.k8s.io/nginx-slim:0.21')
    await h.run(120_000)
    const st = h.cluster.store.get(GVRS.statefulsets, 'default', 'web').status
    expect(st.updateRevision).toBe(first)
    const revs = h.cluster.store.list(GVRS.controllerrevisions, { namespace: 'default' }).items
    expect(revs.find((r) => r.metadata.name === first)!.revision).toBe(3)
  })

  it('force delete (grace 0) removes the pod at once and the controller recreates it without overlap', async () => {
    const h = await ready3()
    const old = h.pod('web-1')!
    const r = h.cluster.store.delete(GVRS.pods, 'default', 'web-1', { gracePeriodSeconds: 0 })
    expect(r.deleted).toBe(true)
    await h.until(() => {
      const p = h.pod('web-1')
      return !!p && p.metadata.uid !== old.metadata.uid && podIsReady(p)
    }, 60_000)
    expect(h.runtime.removed).toContain(old.metadata.uid)
    expect(h.violations).toEqual([])
  })

  it('changing volumeClaimTemplates is Forbidden and leaves the object unchanged', async () => {
    const h = await ready3()
    const sts = h.cluster.store.get(GVRS.statefulsets, 'default', 'web')
    const vct = structuredClone(sts.spec.volumeClaimTemplates)
    vct[0].spec.resources.requests.storage = '2Gi'
    expect(() => h.cluster.store.update(GVRS.statefulsets, 'default', 'web', { ...sts, spec: { ...sts.spec, volumeClaimTemplates: vct } })).toThrow(/spec: Forbidden: updates to statefulset spec/)
    expect(h.cluster.store.get(GVRS.statefulsets, 'default', 'web').metadata.resourceVersion).toBe(sts.metadata.resourceVersion)
  })
})
