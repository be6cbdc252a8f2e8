// Cluster fixtures for the bench: pods that exist quickly, the 1,000-replica StatefulSet, and readiness probes
// read straight from the store (not through an API, so checking costs the measured path as little as possible).
import type { KObject, Pod } from '../../src-main/cluster/api-types'
import type { SimClock } from '../../src-main/cluster/clock'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import { isStatusError } from '../../src-main/cluster/store/errors'
import { GVRS } from '../../src-main/cluster/store/registry'

const WORKERS = ['ordinal-worker', 'ordinal-worker2', 'ordinal-worker3']

export function isReady(p: KObject | undefined): boolean {
  return !!p && p.status?.phase === 'Running' && !!p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')
}

/** The object, or undefined when it does not exist (yet). */
export function tryGet(cluster: Cluster, gvr: (typeof GVRS)[keyof typeof GVRS], ns: string, name: string): KObject | undefined {
  try {
    return cluster.store.get(gvr, ns, name)
  } catch (e) {
    if (isStatusError(e) && e.code === 404) return undefined
    throw e
  }
}

/** `count` plain pods in `namespace`, running. They are created already bound to a worker (spec.nodeName, round
 *  robin) so the kubelets start them directly: `kubectl get pods` is what is measured, not scheduling (the StatefulSet
 *  measure covers the scheduler). */
export function seedRunningPods(cluster: Cluster, clock: SimClock, namespace: string, count: number): void {
  clock.runUntilIdle()
  const width = String(count - 1).length
  for (let i = 0; i < count; i++) {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `bench-${String(i).padStart(width, '0')}`, labels: { app: 'bench' } },
      spec: { nodeName: WORKERS[i % WORKERS.length], containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] },
    } as Pod
    cluster.store.create(GVRS.pods, namespace, pod)
  }
  clock.runUntilIdle(1_000_000)
  const running = cluster.store.list(GVRS.pods, { namespace }).items.filter(isReady).length
  if (running !== count) throw new Error(`seeding ${count} pods: only ${running} are Running and Ready after the clock went idle`)
}

/** A Parallel StatefulSet with one volumeClaimTemplate: every pod and claim is created at once. */
export function parallelStatefulSet(name: string, replicas: number): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  } as KObject
}

export function countReadyPods(cluster: Cluster, namespace: string, labelSelector: string): number {
  return cluster.store.list(GVRS.pods, { namespace, labelSelector }).items.filter(isReady).length
}
