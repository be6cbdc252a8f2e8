// Spec updates a StatefulSet refuses (fidelity §A9): anything but replicas, ordinals, template, updateStrategy,
// persistentVolumeClaimRetentionPolicy and minReadySeconds is Forbidden (1.32 wording: revisionHistoryLimit is
// still immutable there), with a 422 Invalid Status whose cause is `spec`; the stored object is left untouched.
import { describe, expect, it } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { StatusError } from '../../src-main/cluster/store/errors'
import { GVRS } from '../../src-main/cluster/store/registry'
import { createStore } from '../../src-main/cluster/store/store'

const FORBIDDEN =
  "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"

function setup() {
  const store = createStore({ clock: new SimClock(), random: seededRandom(3) })
  store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })
  const created = store.create(GVRS.statefulsets, 'default', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  })
  return { store, created }
}

function updateError(fn: () => unknown): StatusError {
  try {
    fn()
  } catch (e) {
    if (e instanceof StatusError) return e
    throw e
  }
  throw new Error('the update was accepted')
}

const forbiddenChanges: [string, (spec: any) => void][] = [
  ['serviceName', (s) => (s.serviceName = 'other')],
  ['selector', (s) => (s.selector = { matchLabels: { app: 'nginx', tier: 'web' } })],
  ['volumeClaimTemplates (size)', (s) => (s.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi')],
  ['podManagementPolicy', (s) => (s.podManagementPolicy = 'Parallel')],
  ['revisionHistoryLimit', (s) => (s.revisionHistoryLimit = 3)],
]

describe('StatefulSet spec updates', () => {
  it.each(forbiddenChanges)('changing %s is Forbidden (422, cause `spec`) and stores nothing', (_field, change) => {
    const { store, created } = setup()
    const next = structuredClone(created)
    if (_field === 'selector') next.spec.template.metadata.labels.tier = 'web' // keep selector/labels consistent
    change(next.spec)
    const e = updateError(() => store.update(GVRS.statefulsets, 'default', 'web', next))
    expect(e.code).toBe(422)
    expect(e.status.reason).toBe('Invalid')
    expect(e.message).toBe(`StatefulSet.apps "web" is invalid: ${FORBIDDEN}`)
    expect(e.status.details).toMatchObject({ name: 'web', group: 'apps', kind: 'StatefulSet' })
    expect(e.status.details!.causes).toEqual([{ reason: 'FieldValueForbidden', field: 'spec', message: FORBIDDEN.slice('spec: '.length) }])
    const after = store.get(GVRS.statefulsets, 'default', 'web')
    expect(after.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
    expect(after.spec).toEqual(created.spec)
  })

  it('accepts every mutable field at once, bumping the generation', () => {
    const { store, created } = setup()
    const next = structuredClone(created)
    next.spec.replicas = 5
    next.spec.ordinals = { start: 1 }
    next.spec.template.spec.containers[0].image = 'registry.k8s.io/nginx-slim:0.8'
    next.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }
    next.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' }
    next.spec.minReadySeconds = 10
    const updated = store.update(GVRS.statefulsets, 'default', 'web', next)
    expect(updated.metadata.generation).toBe(2)
    expect(updated.spec).toMatchObject({ replicas: 5, ordinals: { start: 1 }, minReadySeconds: 10, updateStrategy: { rollingUpdate: { partition: 2 } } })
  })

  it('reports a Forbidden change next to an invalid value as two causes', () => {
    const { store, created } = setup()
    const next = structuredClone(created)
    next.spec.serviceName = 'other'
    next.spec.replicas = -1
    const e = updateError(() => store.update(GVRS.statefulsets, 'default', 'web', next))
    expect(e.message).toBe(`StatefulSet.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, ${FORBIDDEN}]`)
  })
})
