// StatefulSet fixtures for scenario tests: the tutorial's `web` set (nginx-slim + a `www` claim template) behind
// the headless `nginx` Service, and small readers over the store (pods by ordinal, status, events on the set).
import type { KObject } from '../../../src-main/cluster/api-types'
import { GVRS } from '../../../src-main/cluster/store/registry'
import { getObj, podRunningAndReady, type Scenario } from './harness'

export const POLICIES = ['OrderedReady', 'Parallel'] as const
export type Policy = (typeof POLICIES)[number]

export const NGINX_SVC: KObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'nginx', labels: { app: 'nginx' } },
  spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'nginx' } },
}

export const GOOD_IMAGE = 'registry.k8s.io/nginx-slim:0.21'
export const NEW_IMAGE = 'registry.k8s.io/nginx-slim:0.8'
export const BROKEN_IMAGE = 'registry.k8s.io/nginx-slim:does-not-exist'

export function webSts(policy: Policy, over: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      replicas: 3,
      podManagementPolicy: policy,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          terminationGracePeriodSeconds: 10,
          containers: [{ name: 'nginx', image: GOOD_IMAGE, ports: [{ containerPort: 80, name: 'web' }], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...over,
    },
  }
}

/** Create the Service (once) and the StatefulSet. */
export function applyWeb(s: Scenario, sts: KObject): KObject {
  if (!getObj(s.store, GVRS.services, 'nginx')) s.store.create(GVRS.services, 'default', NGINX_SVC)
  return s.store.create(GVRS.statefulsets, 'default', sts)
}

/** Read-modify-write the set (what `kubectl edit/patch/scale` amount to). */
export function updateWeb(s: Scenario, mutate: (sts: KObject) => void): KObject {
  const sts = structuredClone(s.store.get(GVRS.statefulsets, 'default', 'web'))
  mutate(sts)
  return s.store.update(GVRS.statefulsets, 'default', 'web', sts)
}

export function setImage(s: Scenario, image: string): KObject {
  return updateWeb(s, (o) => (o.spec.template.spec.containers[0].image = image))
}

export function web(s: Scenario): KObject {
  return s.store.get(GVRS.statefulsets, 'default', 'web')
}

export function pod(s: Scenario, name: string): KObject | undefined {
  return getObj(s.store, GVRS.pods, name)
}

export function claim(s: Scenario, name: string): KObject | undefined {
  return getObj(s.store, GVRS.pvcs, name)
}

/** Names of the pods labelled app=nginx, in ordinal order. */
export function podNames(s: Scenario): string[] {
  return s.store
    .list(GVRS.pods, { namespace: 'default', labelSelector: 'app=nginx' })
    .items.map((p) => p.metadata.name!)
    .sort((a, b) => Number(a.split('-').pop()) - Number(b.split('-').pop()))
}

export function claimNames(s: Scenario): string[] {
  return s.store
    .list(GVRS.pvcs, { namespace: 'default' })
    .items.map((p) => p.metadata.name!)
    .sort()
}

export function image(s: Scenario, name: string): string | undefined {
  return pod(s, name)?.spec.containers[0].image
}

/** All replicas exist, are Running+Ready and at the update revision, and the status says so. */
export function settled(s: Scenario, replicas: number): () => boolean {
  return () => {
    const st = web(s).status ?? {}
    return (
      st.observedGeneration === web(s).metadata.generation &&
      st.replicas === replicas &&
      (st.readyReplicas ?? 0) === replicas &&
      (st.updatedReplicas ?? 0) === replicas &&
      st.currentRevision === st.updateRevision &&
      podNames(s).length === replicas &&
      podNames(s).every((n) => podRunningAndReady(pod(s, n)))
    )
  }
}

/** `reason message` of every event recorded on the StatefulSet, in order. */
export function stsEvents(s: Scenario): string[] {
  return s.store
    .list(GVRS.events, { namespace: 'default', fieldSelector: 'involvedObject.kind=StatefulSet' })
    .items.sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.reason} ${e.message}`)
}

/** Pod lifecycle lines as a watch shows them: `ADDED web-0`, `TERMINATING web-2`, `DELETED web-2`. */
export function recordPodTimeline(s: Scenario): string[] {
  const out: string[] = []
  const terminating = new Set<string>()
  s.store.watch(GVRS.pods, { namespace: 'default', labelSelector: 'app=nginx', resourceVersion: s.store.resourceVersion() }, (e) => {
    const n = e.object.metadata.name!
    if (e.type === 'ADDED') out.push(`ADDED ${n}`)
    else if (e.type === 'DELETED') {
      out.push(`DELETED ${n}`)
      terminating.delete(n)
    } else if (e.object.metadata.deletionTimestamp && !terminating.has(n)) {
      terminating.add(n)
      out.push(`TERMINATING ${n}`)
    }
  })
  return out
}
