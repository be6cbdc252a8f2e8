// Test seam for the cluster engine: a scripted container runtime (no shells, no files) and a clock runner that
// checks invariants after every timer fires.
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import type { Cluster, ClusterSnapshot } from '../../src-main/cluster/cluster-types'
import { assembleCluster } from '../../src-main/cluster/compose'
import type { KubeletRuntime, Runtime } from '../../src-main/cluster/runtime/types'
import { GVRS } from '../../src-main/cluster/store/registry'
import { createVolumeStore } from '../../src-main/cluster/volumes'
import type { Clock } from '../../src-main/cluster/clock'
import type { Pod, KObject } from '../../src-main/cluster/api-types'
import { podIsReady } from '../../src-main/cluster/controllers/endpoints'

export interface FakeRuntime extends Runtime, KubeletRuntime {
  running: Map<string, { pod: string; container: string; onExit: (code: number) => void }> // key uid/container
  removed: string[]
  starts: string[]
  probeResult: (pod: Pod, container: string) => boolean
  exit(podName: string, container: string, code: number): void
}

export function fakeRuntime(clock: Clock): FakeRuntime {
  const images: Record<string, number> = { nginx: 1000, 'registry.k8s.io/nginx-slim:0.21': 41286624, 'busybox:1.28': 728, 'registry.k8s.io/coredns/coredns:v1.11.3': 18562039 }
  const rt: FakeRuntime = {
    running: new Map(),
    removed: [],
    starts: [],
    probeResult: () => true,
    resolveImage(image) {
      const size = images[image]
      if (size === undefined) return null
      return { ref: image.includes('/') ? image : `docker.io/library/${image}${image.includes(':') ? '' : ':latest'}`, digest: 'sha256:' + 'ab'.repeat(32), sizeBytes: size }
    },
    startContainer(pod, name, onExit) {
      rt.running.set(`${pod.metadata.uid}/${name}`, { pod: pod.metadata.name!, container: name, onExit })
      rt.starts.push(`${pod.metadata.name}/${name}`)
    },
    stopContainer(uid, name, signal) {
      const c = rt.running.get(`${uid}/${name}`)
      if (!c) return
      const done = () => {
        if (rt.running.get(`${uid}/${name}`) !== c) return
        rt.running.delete(`${uid}/${name}`)
        c.onExit(signal === 'TERM' ? 0 : 137)
      }
      if (signal === 'KILL') done()
      else clock.schedule(100, done)
    },
    removePod(uid) {
      rt.removed.push(uid)
      for (const k of [...rt.running.keys()]) if (k.startsWith(uid + '/')) rt.running.delete(k)
    },
    probe(pod, container) {
      return Promise.resolve(rt.probeResult(pod, container))
    },
    exit(podName, container, code) {
      for (const [k, c] of rt.running) {
        if (c.pod === podName && c.container === container) {
          rt.running.delete(k)
          c.onExit(code)
        }
      }
    },
    exec() {
      throw new Error('exec not supported by the fake runtime')
    },
    attach() {
      throw new Error('attach not supported by the fake runtime')
    },
    logs() {
      return { initial: '' }
    },
  }
  return rt
}

export interface Harness {
  cluster: Cluster
  clock: SimClock
  runtime: FakeRuntime
  violations: string[]
  /** Advance sim time, firing timers one by one and checking invariants after each. */
  run(ms: number): Promise<void>
  /** Run until `pred` holds (or fail after maxMs). */
  until(pred: () => boolean, maxMs?: number): Promise<void>
  pod(name: string): KObject | undefined
}

export function startHarness(opts: { snapshot?: ClusterSnapshot; clock?: SimClock; seed?: number } = {}): Harness {
  const clock = opts.clock ?? new SimClock()
  const runtime = fakeRuntime(clock)
  const cluster = assembleCluster({ clock, random: seededRandom(opts.seed ?? 7), snapshot: opts.snapshot }, () => runtime, createVolumeStore)
  const violations: string[] = []
  const store = cluster.store

  // Invariant: OrderedReady only creates ordinal i when every lower ordinal is Running+Ready.
  store.watch(GVRS.pods, { resourceVersion: store.resourceVersion() }, (e) => {
    if (e.type !== 'ADDED') return
    const owner = e.object.metadata.ownerReferences?.find((r) => r.kind === 'StatefulSet')
    if (!owner) return
    let sts: KObject
    try {
      sts = store.get(GVRS.statefulsets, e.object.metadata.namespace, owner.name)
    } catch {
      return
    }
    if (sts.spec.podManagementPolicy === 'Parallel') return
    const ord = Number(/-(\d+)$/.exec(e.object.metadata.name!)![1])
    const start = sts.spec.ordinals?.start ?? 0
    for (let j = start; j < ord; j++) {
      let p: KObject | undefined
      try {
        p = store.get(GVRS.pods, e.object.metadata.namespace, `${owner.name}-${j}`)
      } catch {
        p = undefined
      }
      if (!p || !podIsReady(p) || p.metadata.deletionTimestamp) violations.push(`${e.object.metadata.name} created while ${owner.name}-${j} not Running+Ready`)
    }
  })

  function checkStep(): void {
    // Never two live containers sets for one pod name (two pods with one ordinal).
    const byName = new Map<string, Set<string>>()
    for (const [k, c] of runtime.running) {
      const uid = k.split('/')[0]
      const s = byName.get(c.pod) ?? new Set()
      s.add(uid)
      byName.set(c.pod, s)
    }
    for (const [name, uids] of byName) if (uids.size > 1) violations.push(`two running pods named ${name}`)
  }

  const flush = () => new Promise<void>((r) => setImmediate(r))
  return {
    cluster,
    clock,
    runtime,
    violations,
    async run(ms) {
      const target = clock.now() + ms
      for (;;) {
        const at = clock.nextAt()
        if (at === undefined || at > target) break
        clock.step()
        checkStep()
        await flush()
      }
      clock.advanceTo(target)
    },
    async until(pred, maxMs = 300_000) {
      const limit = clock.now() + maxMs
      while (!pred()) {
        const at = clock.nextAt()
        if (at === undefined || at > limit) throw new Error(`condition not reached within ${maxMs}ms`)
        clock.step()
        checkStep()
        await flush()
      }
    },
    pod(name) {
      try {
        return store.get(GVRS.pods, 'default', name)
      } catch {
        return undefined
      }
    },
  }
}

export const WEB_SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'nginx', labels: { app: 'nginx' } },
  spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'nginx' } },
}

export function webStatefulSet(over: Record<string, unknown> = {}, containerOver: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'registry.k8s.io/nginx-slim:0.21',
              ports: [{ containerPort: 80, name: 'web' }],
              volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
              ...containerOver,
            },
          ],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...over,
    },
  }
}

/** The STATUS column's essentials (fidelity §B1), enough to compare watch sequences. */
export function podStatusWord(p: KObject): string {
  if (p.metadata.deletionTimestamp) return 'Terminating'
  const cs = p.status?.containerStatuses?.[0]
  return cs?.state?.waiting?.reason ?? cs?.state?.terminated?.reason ?? p.status?.phase ?? '?'
}

export { seededRandom }
