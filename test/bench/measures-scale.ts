// 10,000 pods across StatefulSets and Deployments (10 namespaces × one 500-replica StatefulSet and one 500-replica
// Deployment/ReplicaSet), written straight into the store (the fill is not what is measured; the controllers' queues
// are left unrun on the manual clock so they don't rewrite the pods). Measured through the real HTTP API:
// `kubectl get pods` in one namespace, with a selector, and across all namespaces, ours in-process vs the real
// binary; a list in the store; watch latency (a write until the HTTP watch client has the event) with 60 watches
// open; write throughput with those watches; peak RSS / heap.
import { request } from 'node:https'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KObject } from '../../src-main/cluster/api-types'
import { GVRS } from '../../src-main/cluster/store/registry'
import { listRefs } from '../../src-main/cluster/store/store'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { expectOk, runOurs, runReal } from './kubectl-runners'
import { describeSamples, median, progress, type Measure } from './stats'

const NAMESPACES = 10
const PER_WORKLOAD = 500
const WORKERS = ['ordinal-worker', 'ordinal-worker2', 'ordinal-worker3']
const IMAGE = 'registry.k8s.io/nginx-slim:0.21'

function template(app: string, extra: Record<string, string> = {}) {
  return { metadata: { labels: { app, ...extra } }, spec: { containers: [{ name: 'nginx', image: IMAGE, ports: [{ containerPort: 80 }] }] } }
}

function runningStatus(node: number, ip: string, now: string) {
  return {
    phase: 'Running',
    hostIP: `172.18.0.${node + 2}`,
    podIP: ip,
    podIPs: [{ ip }],
    startTime: now,
    qosClass: 'BestEffort',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: now })),
    containerStatuses: [{ name: 'nginx', ready: true, started: true, restartCount: 0, image: IMAGE, imageID: `${IMAGE}@sha256:0`, containerID: 'containerd://0', state: { running: { startedAt: now } } }],
  }
}

/** Creates the workloads and their running pods; returns how long the fill took. */
function fill(tc: TestCluster): number {
  const store = tc.cluster.store
  const t0 = performance.now()
  let n = 0
  for (let i = 0; i < NAMESPACES; i++) {
    const ns = `team-${i}`
    store.create(GVRS.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    const sts = store.create(GVRS.statefulsets, ns, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { serviceName: 'db', replicas: PER_WORKLOAD, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'db' } }, template: template('db') },
    })
    const deploy = store.create(GVRS.deployments, ns, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: PER_WORKLOAD, selector: { matchLabels: { app: 'web' } }, template: template('web') },
    })
    const hash = '6d4cf56db6'
    const rs = store.create(GVRS.replicasets, ns, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `web-${hash}`, labels: { app: 'web', 'pod-template-hash': hash }, ownerReferences: [owner(deploy)] },
      spec: { replicas: PER_WORKLOAD, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: template('web', { 'pod-template-hash': hash }) },
    })
    for (let j = 0; j < PER_WORKLOAD; j++) {
      const podSpec = { ...template('db').spec, nodeName: WORKERS[n % 3], hostname: `db-${j}`, subdomain: 'db' }
      addPod(tc, ns, { name: `db-${j}`, labels: { app: 'db', 'apps.kubernetes.io/pod-index': String(j), 'controller-revision-hash': 'db-5b7c9d8f4', 'statefulset.kubernetes.io/pod-name': `db-${j}` }, ownerReferences: [owner(sts)] }, podSpec, n++)
      const suffix = j.toString(36).padStart(5, 'x')
      addPod(tc, ns, { name: `web-${hash}-${suffix}`, labels: { app: 'web', 'pod-template-hash': hash }, ownerReferences: [owner(rs)] }, { ...template('web').spec, nodeName: WORKERS[n % 3] }, n++)
    }
  }
  return performance.now() - t0
}

function owner(o: KObject) {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true }
}

function addPod(tc: TestCluster, ns: string, metadata: KObject['metadata'], spec: KObject['spec'], n: number): void {
  const store = tc.cluster.store
  const pod = store.create(GVRS.pods, ns, { apiVersion: 'v1', kind: 'Pod', metadata, spec })
  const ip = `10.244.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`
  store.update(GVRS.pods, ns, pod.metadata.name!, { ...pod, status: runningStatus(n % 3, ip, pod.metadata.creationTimestamp!) }, { subresource: 'status' })
}

/** An HTTP watch that reports when a line mentioning `marker` arrives. */
function httpWatch(tc: TestCluster, path: string, onLine: (line: string) => void): () => void {
  const req = request(new URL(path, tc.url), { headers: { authorization: `Bearer ${tc.token}` }, ca: tc.api.ca }, (res) => {
    let buf = ''
    res.setEncoding('utf8')
    res.on('data', (d: string) => {
      buf += d
      let i
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i))
        buf = buf.slice(i + 1)
      }
    })
  })
  req.on('error', () => {})
  req.end()
  return () => req.destroy()
}

function memory(): { rss: number; heap: number } {
  const m = process.memoryUsage()
  return { rss: m.rss / 1048576, heap: m.heapUsed / 1048576 }
}

export async function measureScale(opts: { runs: number }): Promise<Measure[]> {
  const tc = await startTestCluster()
  const cwd = mkdtempSync(join(tmpdir(), 'ordinal-bench-scale-'))
  let peak = memory()
  const sampler = setInterval(() => {
    const m = memory()
    peak = { rss: Math.max(peak.rss, m.rss), heap: Math.max(peak.heap, m.heap) }
  }, 50)
  const stops: (() => void)[] = []
  try {
    tc.clock.runUntilIdle(10_000, 1_000)
    const fillMs = fill(tc)
    const count = listRefs(tc.cluster.store, GVRS.pods).filter((p) => p.metadata.namespace!.startsWith('team-')).length
    if (count !== NAMESPACES * PER_WORKLOAD * 2) throw new Error(`expected ${NAMESPACES * PER_WORKLOAD * 2} pods, found ${count}`)
    progress(`filled ${count} pods in ${fillMs.toFixed(0)} ms`)

    // 60 watches stay open during the measures: 50 in-process (controllers-like) and 10 over HTTP, one per namespace.
    for (let i = 0; i < 50; i++) stops.push(tc.cluster.store.watch(GVRS.pods, { namespace: `team-${i % NAMESPACES}`, resourceVersion: tc.cluster.store.resourceVersion() }, () => {}))
    const arrivals = new Map<string, () => void>()
    for (let i = 0; i < NAMESPACES; i++) {
      stops.push(
        httpWatch(tc, `/api/v1/namespaces/team-${i}/pods?watch=true&resourceVersion=${tc.cluster.store.resourceVersion()}`, (line) => {
          for (const [marker, done] of arrivals) if (line.includes(marker)) done()
        }),
      )
    }
    await new Promise((r) => setTimeout(r, 200))

    const out: Measure[] = [{ name: 'scale_fill_10000_pods_ms', value: fillMs, unit: 'ms' }]
    const cases: [string, string[]][] = [
      ['ns_1000', ['get', 'pods', '-n', 'team-3']],
      ['selector_500', ['get', 'pods', '-n', 'team-3', '-l', 'app=db']],
      ['all_10000', ['get', 'pods', '-A']],
    ]
    for (const [label, argv] of cases) {
      const warm = expectOk(`our kubectl ${argv.join(' ')}`, await runOurs(argv, tc.env, cwd))
      const warmReal = expectOk(`kubectl ${argv.join(' ')}`, await runReal(argv, tc.env))
      if (warm.stdout !== warmReal.stdout) progress(`WARNING: ours and the real kubectl differ for ${argv.join(' ')}`)
      const ours: number[] = []
      const real: number[] = []
      for (let i = 0; i < opts.runs; i++) {
        let t = performance.now()
        expectOk('ours', await runOurs(argv, tc.env, cwd))
        ours.push(performance.now() - t)
        t = performance.now()
        expectOk('real', await runReal(argv, tc.env))
        real.push(performance.now() - t)
      }
      progress(`get pods ${label} ours: ${describeSamples(ours)}; real: ${describeSamples(real)}`)
      out.push({ name: `scale_get_pods_${label}_ours_ms`, value: median(ours), unit: 'ms' }, { name: `scale_get_pods_${label}_real_ms`, value: median(real), unit: 'ms' })
    }

    // Store list of one namespace with a selector (what a controller's reconcile does), among 10,000 pods.
    const listT: number[] = []
    for (let i = 0; i < 200; i++) {
      const t = performance.now()
      listRefs(tc.cluster.store, GVRS.pods, { namespace: `team-${i % NAMESPACES}`, labelSelector: 'app=web' })
      listT.push(performance.now() - t)
    }
    out.push({ name: 'scale_store_list_ns_selector_us', value: median(listT) * 1000, unit: 'us' })

    // Watch latency: one status write → its HTTP watch has the event.
    const latency: number[] = []
    const writes: number[] = []
    for (let i = 0; i < 50; i++) {
      const ns = `team-${i % NAMESPACES}`
      const name = `db-${i}`
      const marker = `"bench-mark-${i}"`
      const arrived = new Promise<void>((r) => arrivals.set(marker, r))
      const t = performance.now()
      const pod = tc.cluster.store.get(GVRS.pods, ns, name)
      tc.cluster.store.update(GVRS.pods, ns, name, { ...pod, metadata: { ...pod.metadata, annotations: { mark: marker.slice(1, -1) } } })
      writes.push(performance.now() - t)
      await arrived
      latency.push(performance.now() - t)
      arrivals.delete(marker)
    }
    progress(`watch latency: ${describeSamples(latency)}; write: ${describeSamples(writes)}`)
    out.push({ name: 'scale_watch_latency_ms', value: median(latency), unit: 'ms' }, { name: 'scale_write_with_60_watches_us', value: median(writes) * 1000, unit: 'us' })
    const now = memory()
    peak = { rss: Math.max(peak.rss, now.rss), heap: Math.max(peak.heap, now.heap) }
    out.push({ name: 'scale_peak_rss_mb', value: peak.rss, unit: 'MB' }, { name: 'scale_peak_heap_mb', value: peak.heap, unit: 'MB' })
    return out
  } finally {
    clearInterval(sampler)
    for (const s of stops) s()
    rmSync(cwd, { recursive: true, force: true })
    await tc.close()
  }
}

// `npx tsx test/bench/measures-scale.ts` runs this group alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  measureScale({ runs: 3 }).then(
    (ms) => {
      for (const m of ms) console.log(`${m.name} ${m.value.toFixed(1)} ${m.unit}`)
      process.exit(0)
    },
    (e) => {
      console.error(e)
      process.exit(1)
    },
  )
}
