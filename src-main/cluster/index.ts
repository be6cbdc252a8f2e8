// The simulated cluster's entry point: createCluster() composes the engine with the real container runtime.
import type { Cluster, ClusterOptions } from './cluster-types'
import { assembleCluster } from './compose'
import { createRuntime } from './runtime'
import { createVolumeStore } from './volumes'

export function createCluster(opts: ClusterOptions): Cluster {
  return assembleCluster(opts, (deps) => createRuntime(deps), createVolumeStore)
}

export { createDnsServer } from './dns/server'
export { createStore } from './store/store'
export type { StoreAdmin } from './store/store'
export type { Cluster, ClusterOptions, ClusterSnapshot } from './cluster-types'
