// Wires store, controllers, kubelet, DNS, runtime and volumes into one Cluster. index.ts passes the real
// runtime factory; unit tests may pass a small scripted runtime through the same seam.
import type { KObject } from './api-types'
import { bootstrap, installCoreDns } from './bootstrap'
import { COREDNS_IMAGE } from './bootstrap-coredns'
import type { Cluster, ClusterOptions, ClusterSnapshot } from './cluster-types'
import { createRecorder } from './controllers/events'
import { startDeploymentController } from './controllers/deployment'
import { startEndpointsController } from './controllers/endpoints'
import { startGarbageCollector } from './controllers/gc'
import { startNamespaceController } from './controllers/namespace'
import { startNodeLifecycleController } from './controllers/node-lifecycle'
import { startPvController } from './controllers/pv'
import { startReplicaSetController } from './controllers/replicaset'
import { startScheduler } from './controllers/scheduler'
import { startStatefulSetController } from './controllers/statefulset'
import { observeQueries } from './dns/query-feed'
import { createDnsServer } from './dns/server'
import type { DnsServer } from './dns/types'
import { startKubelet } from './kubelet/kubelet'
import { startNodeHeartbeats } from './node-heartbeat'
import { createNodeHealth } from './nodes'
import { errors } from './store/errors'
import type { KubeletRuntime, Runtime } from './runtime/types'
import { rfc3339 } from './store/ids'
import { createStore } from './store/store'
import type { Store } from './store/types'
import type { VolumeStore } from './volumes/types'
import type { Clock } from './clock'

export interface RuntimeFactory {
  (deps: { store: Store; clock: Clock; random: () => number; volumes: VolumeStore; dns: DnsServer }): Runtime & KubeletRuntime
}

export function assembleCluster(opts: ClusterOptions, makeRuntime: RuntimeFactory, makeVolumes: () => VolumeStore): Cluster {
  const { clock, random } = opts
  if (opts.snapshot && opts.snapshot.now > clock.now()) clock.advanceTo(opts.snapshot.now)
  const store = createStore({ clock, random })
  const volumes = makeVolumes()
  if (opts.snapshot) {
    store.restore(opts.snapshot.objects, opts.snapshot.resourceVersion)
    volumes.load(opts.snapshot.volumes)
  } else {
    bootstrap(store, rfc3339(clock.now()))
  }
  const dns = createDnsServer(store)
  // Containers ask through an observed copy: lessons see what a pod's lookup got, not the panel's own questions.
  const podDns = observeQueries(dns, () => clock.now())
  const runtime = makeRuntime({ store, clock, random, volumes, dns: podDns.server })
  if (!opts.snapshot && runtime.resolveImage(COREDNS_IMAGE)) installCoreDns(store)
  const recorder = createRecorder(store, clock)
  const health = createNodeHealth(
    () => clock.now(),
    (name) => {
      try {
        store.get({ group: '', version: 'v1', resource: 'nodes' }, undefined, name)
        return true
      } catch {
        return false
      }
    },
    (name) => errors.notFound('', 'nodes', name),
  )
  const controllers = [
    startGarbageCollector({ store, clock }),
    startNamespaceController({ store, clock }),
    startScheduler({ store, clock, random, recorder }),
    startPvController({ store, clock, random, recorder, volumes }),
    startEndpointsController({ store, clock, random }),
    startStatefulSetController({ store, clock, recorder }),
    startReplicaSetController({ store, clock, recorder }),
    startDeploymentController({ store, clock, recorder }),
    startKubelet({ store, clock, random, runtime, recorder, health, timing: opts.timing }),
    startNodeLifecycleController({ store, clock, recorder, health }),
    startNodeHeartbeats({ store, clock, health }),
  ]

  return {
    clock,
    store,
    runtime,
    volumes,
    dns,
    podDnsQueries: podDns.feed,
    nodes: { fail: (n) => health.fail(n), recover: (n) => health.recover(n), isUp: (n) => health.isUp(n) },
    snapshot(): ClusterSnapshot {
      const all: Record<string, ReturnType<VolumeStore['list']>> = {}
      for (const v of volumes.volumes()) all[v] = volumes.list(v)
      return { now: clock.now(), resourceVersion: Number(store.resourceVersion()), objects: store.dump(), volumes: all }
    },
    dispose() {
      for (const c of controllers) c.dispose()
    },
  }
}

export type { KObject }
