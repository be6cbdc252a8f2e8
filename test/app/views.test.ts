// Views read the cluster through the Store interface; here a real store + real volume store, with the DNS server
// answering from the pods the test creates (the engine's DNS is tested by its owner).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SimClock, seededRandom } from '../../src-main/cluster/clock'
import { createStore } from '../../src-main/cluster/store/store'
import { createVolumeStore } from '../../src-main/cluster/volumes'
import type { Cluster } from '../../src-main/cluster/cluster-types'
import type { GVR, KObject } from '../../src-main/cluster/api-types'
import type { DnsServer } from '../../src-main/cluster/dns/types'
import { buildClusterView, newestEvents } from '../../src-main/app/views'
import { createAttachTracker } from '../../src-main/app/attach-tracker'
import { createViewPublisher } from '../../src-main/app/view-publisher'
import type { ClusterView } from '../../src-main/shared/view-models'

const PODS: GVR = { group: '', version: 'v1', resource: 'pods' }
const PVCS: GVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }
const PVS: GVR = { group: '', version: 'v1', resource: 'persistentvolumes' }
const SVCS: GVR = { group: '', version: 'v1', resource: 'services' }
const STS: GVR = { group: 'apps', version: 'v1', resource: 'statefulsets' }

function setup() {
  const clock = new SimClock()
  const store = createStore({ clock, random: seededRandom(3) })
  const volumes = createVolumeStore()
  const dns: DnsServer = {
    serverIP: '10.96.0.10',
    query(name) {
      const ready = (p: KObject) => p.status?.podIP && p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')
      if (name === 'nginx.default.svc.cluster.local') {
        const answers = store.list(PODS, { namespace: 'default' }).items.filter(ready).map((p) => ({ name, type: 'A' as const, answer: p.status.podIP as string }))
        return answers.length ? { rcode: 'NOERROR', answers } : { rcode: 'NXDOMAIN', answers: [] }
      }
      const m = /^([^.]+)\.nginx\.default\.svc\.cluster\.local$/.exec(name)
      if (m) {
        const pod = store.list(PODS, { namespace: 'default' }).items.find((p) => p.spec?.hostname === m[1])
        const ip = pod?.status?.podIP
        if (ip && pod.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')) {
          return { rcode: 'NOERROR', answers: [{ name, type: 'A', answer: ip }] }
        }
      }
      return { rcode: 'NXDOMAIN', answers: [] }
    },
    records: () => [{ name: 'web-0.nginx.default.svc.cluster.local', type: 'A', answer: '10.244.1.5' }, { name: 'x.kube-system.svc.cluster.local', type: 'A', answer: '1.1.1.1' }],
  }
  store.create({ group: '', version: 'v1', resource: 'namespaces' }, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })
  const cluster = { clock, store, volumes, dns, snapshot: () => { throw new Error('unused') }, dispose() {} } as unknown as Cluster
  store.create(STS, 'default', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  })
  store.create(SVCS, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80 }] } })
  const sts = store.get(STS, 'default', 'web')
  const mkPod = (n: number, opts: { ready: boolean; ip?: string }) => {
    const pod = store.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${n}`, labels: { app: 'nginx' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: sts.metadata.uid!, controller: true }] },
      spec: { hostname: `web-${n}`, subdomain: 'nginx', nodeName: 'ordinal-worker', containers: [{ name: 'nginx', image: 'nginx:1.25' }], volumes: [{ name: 'www', persistentVolumeClaim: { claimName: `www-web-${n}` } }] },
    })
    const running = {
      ...pod,
      status: {
        phase: 'Running',
        podIP: opts.ip,
        conditions: [{ type: 'Ready', status: opts.ready ? 'True' : 'False' }],
        containerStatuses: [{ name: 'nginx', ready: opts.ready, restartCount: 0, image: 'nginx:1.25', imageID: '', state: { running: { startedAt: '2026-01-01T09:00:00Z' } } }],
      },
    }
    return store.update(PODS, 'default', `web-${n}`, running, { subresource: 'status' })
  }
  const mkClaim = (n: number, volume: string) => {
    store.create(PVS, undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: volume }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/' + volume }, persistentVolumeReclaimPolicy: 'Delete', claimRef: { namespace: 'default', name: `www-web-${n}` } } })
    const pvc = store.create(PVCS, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `www-web-${n}` }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: volume } })
    store.update(PVCS, 'default', pvc.metadata.name!, { ...pvc, status: { phase: 'Bound', capacity: { storage: '1Gi' } } }, { subresource: 'status' })
  }
  return { clock, store, volumes, cluster, mkPod, mkClaim }
}

describe('cluster views', () => {
  it('puts StatefulSet pods in lanes by ordinal, with an empty lane and a why note', () => {
    const { cluster, mkPod, mkClaim } = setup()
    mkClaim(0, 'pvc-0')
    mkPod(0, { ready: false, ip: '10.244.1.5' })
    const v = buildClusterView(cluster, 'default')
    const sts = v.statefulSets[0]
    expect(sts.name).toBe('web')
    expect(sts.podManagementPolicy).toBe('OrderedReady')
    expect(sts.lanes.map((l) => l.ordinal)).toEqual([0, 1, 2])
    expect(sts.lanes[0].pod).toMatchObject({ name: 'web-0', status: 'Running', phase: 'NotReady', readyText: '0/1', ip: '10.244.1.5' })
    expect(sts.lanes[0].claims.map((c) => c.name)).toEqual(['www-web-0'])
    expect(sts.lanes[0].claims[0]).toMatchObject({ phase: 'Bound', volume: 'pvc-0', mountedBy: 'web-0', capacity: '1Gi' })
    expect(sts.lanes[1].pod).toBeNull()
    expect(sts.lanes[1].why).toBe('web-1 waits: web-0 is not Ready (OrderedReady)')
    expect(sts.lanes[2].why).toBe('web-2 waits: web-0 is not Ready (OrderedReady)')
  })

  it('keeps claims under their ordinal after the pod is deleted, and after scale-down', () => {
    const { cluster, store, mkPod, mkClaim } = setup()
    for (const n of [0, 1, 2]) {
      mkClaim(n, `pvc-${n}`)
      mkPod(n, { ready: true, ip: `10.244.1.${n + 5}` })
    }
    store.delete(PODS, 'default', 'web-1', { gracePeriodSeconds: 0 })
    const sts0 = store.get(STS, 'default', 'web')
    store.update(STS, 'default', 'web', { ...sts0, spec: { ...sts0.spec, replicas: 2 } })
    store.delete(PODS, 'default', 'web-2', { gracePeriodSeconds: 0 })
    const v = buildClusterView(cluster, 'default')
    const lanes = v.statefulSets[0].lanes
    expect(lanes.map((l) => l.ordinal)).toEqual([0, 1, 2])
    expect(lanes[1].pod).toBeNull()
    expect(lanes[1].claims.map((c) => c.name)).toEqual(['www-web-1'])
    expect(lanes[1].claims[0].mountedBy).toBeNull()
    expect(lanes[1].why).toBeNull() // web-0 is Ready: nothing blocks web-1
    expect(lanes[2].pod).toBeNull()
    expect(lanes[2].claims.map((c) => c.name)).toEqual(['www-web-2'])
    expect(lanes[2].why).toBe('PVC www-web-2 kept after scale-down (Retain)')
    // The note also comes as data, so the renderer words it in the UI language (zh-CN too).
    expect(lanes[2].kept).toEqual({ claims: ['www-web-2'], policy: 'Retain' })
    expect(lanes[1].kept).toBeUndefined()
    expect(lanes[0].kept).toBeUndefined()
    expect(v.claims.map((c) => c.name)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
  })

  it('services list per-pod DNS names with their current IPs (null while not resolvable)', () => {
    const { cluster, mkPod } = setup()
    mkPod(0, { ready: true, ip: '10.244.1.5' })
    mkPod(1, { ready: false, ip: '10.244.2.6' })
    const svc = buildClusterView(cluster, 'default').services[0]
    expect(svc).toMatchObject({ name: 'nginx', headless: true, clusterIP: 'None', ports: '80/TCP' })
    expect(svc.dnsNames).toEqual([
      { name: 'nginx.default.svc.cluster.local', ip: '10.244.1.5' },
      { name: 'web-0.nginx.default.svc.cluster.local', ip: '10.244.1.5' },
      { name: 'web-1.nginx.default.svc.cluster.local', ip: null },
    ])
    expect(buildClusterView(cluster, 'default').dns.map((r) => r.name)).toEqual(['web-0.nginx.default.svc.cluster.local'])
  })

  it("a headless Service's own name lists every ready pod's IP, as nslookup does", () => {
    const { cluster, mkPod } = setup()
    mkPod(0, { ready: true, ip: '10.244.1.5' })
    mkPod(1, { ready: true, ip: '10.244.2.6' })
    const svc = buildClusterView(cluster, 'default').services[0]
    expect(svc.dnsNames[0]).toEqual({ name: 'nginx.default.svc.cluster.local', ip: '10.244.1.5, 10.244.2.6' })
  })

  it('pods carry kubectl STATUS text and the one visual language', () => {
    const { cluster, store, mkPod } = setup()
    mkPod(0, { ready: true, ip: '10.244.1.5' })
    store.create(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [{ name: 'c', image: 'nope:0' }] } })
    const bad = store.get(PODS, 'default', 'bad')
    store.update(PODS, 'default', 'bad', { ...bad, status: { phase: 'Pending', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: 'nope:0', imageID: '', state: { waiting: { reason: 'ImagePullBackOff' } } }] } }, { subresource: 'status' })
    store.create(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } })
    const pods = Object.fromEntries(buildClusterView(cluster, 'default').pods.map((p) => [p.name, p]))
    expect(pods['web-0']).toMatchObject({ status: 'Running', phase: 'Running', ready: true, claims: ['www-web-0'] })
    expect(pods['bad']).toMatchObject({ status: 'ImagePullBackOff', phase: 'Failed' })
    expect(pods['new']).toMatchObject({ status: 'Pending', phase: 'Pending', node: null })
  })

  it('an unchanged pod keeps its view from one build to the next; a changed one gets a new view', () => {
    const { cluster, store, mkPod } = setup()
    mkPod(0, { ready: false, ip: '10.244.1.5' })
    const first = buildClusterView(cluster, 'default')
    const second = buildClusterView(cluster, 'default')
    expect(second.pods[0]).toBe(first.pods[0])
    expect(second.statefulSets[0].lanes[0].pod).toBe(second.pods[0]) // one view per pod, in the lane and the list
    expect(Object.isFrozen(first.pods[0])).toBe(true) // shared between builds: nobody may write into it
    const pod = store.get(PODS, 'default', 'web-0')
    const ready = { ...pod.status, conditions: [{ type: 'Ready', status: 'True' }] }
    store.update(PODS, 'default', 'web-0', { ...pod, status: ready }, { subresource: 'status' })
    const third = buildClusterView(cluster, 'default')
    expect(third.pods[0]).not.toBe(first.pods[0])
    expect(third.pods[0]).toMatchObject({ phase: 'Running', ready: true })
    expect(first.pods[0]).toMatchObject({ phase: 'NotReady', ready: false })
  })

  it('tracks volume attach history across pod recreation, and lists volume files', () => {
    const { cluster, store, volumes, mkPod, mkClaim, clock } = setup()
    const tracker = createAttachTracker(cluster)
    mkClaim(0, 'pvc-0')
    const first = mkPod(0, { ready: true, ip: '10.244.1.5' })
    volumes.write('pvc-0', { path: '/index.html', type: 'file', data: 'héllo', mode: 0o644, mtimeMs: 7 })
    clock.advance(5000)
    store.delete(PODS, 'default', 'web-0', { gracePeriodSeconds: 0 })
    clock.advance(1000)
    const second = mkPod(0, { ready: true, ip: '10.244.1.9' })
    const vol = buildClusterView(cluster, 'default', tracker).volumes.find((v) => v.name === 'pvc-0')!
    expect(vol.claim).toBe('default/www-web-0')
    expect(vol.files).toEqual([{ path: '/index.html', type: 'file', size: 6, mtimeMs: 7 }])
    expect(vol.attachHistory.map((h) => [h.pod, h.podUid, h.to === null])).toEqual([
      ['web-0', first.metadata.uid, false],
      ['web-0', second.metadata.uid, true],
    ])
    expect(vol.attachHistory[0].to! - vol.attachHistory[0].from).toBe(5000)
    expect(first.metadata.uid).not.toBe(second.metadata.uid)
    tracker.dispose()
  })

  it('attach history survives a restart: closed entries kept, an entry whose pod vanished is closed', () => {
    const { cluster, mkPod, mkClaim, clock } = setup()
    mkClaim(0, 'pvc-0')
    const live = mkPod(0, { ready: true, ip: '10.244.1.5' })
    const saved = {
      'pvc-0': [
        { pod: 'web-0', podUid: 'old-uid-1', from: 1, to: 2 },
        { pod: 'web-0', podUid: 'old-uid-2', from: 3, to: null }, // its pod is gone now
      ],
      'pvc-junk': [{ nonsense: true }] as never,
    }
    const tracker = createAttachTracker(cluster, saved)
    const h = tracker.history('pvc-0')
    expect(h.map((e) => [e.podUid, e.to === null])).toEqual([
      ['old-uid-1', false],
      ['old-uid-2', false],
      [live.metadata.uid, true],
    ])
    expect(h[1].to).toBe(clock.now())
    expect(tracker.dump()['pvc-junk']).toEqual([])
    tracker.dispose()
  })

  it('lists events newest first, with kubectl-style object names', () => {
    const { cluster, store } = setup()
    const EV = { group: '', version: 'v1', resource: 'events' }
    const ev = (name: string, reason: string, at: string, type = 'Normal') =>
      store.create(EV, 'default', { apiVersion: 'v1', kind: 'Event', metadata: { name }, involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default' }, reason, message: reason + ' msg', type, count: 1, lastTimestamp: at, firstTimestamp: at })
    ev('a', 'Scheduled', '2026-01-01T09:00:01Z')
    ev('c', 'Pulled', '2026-01-01T09:00:03Z')
    ev('b', 'Pulling', '2026-01-01T09:00:03Z')
    ev('d', 'BackOff', '2026-01-01T09:00:02Z', 'Warning')
    const events = buildClusterView(cluster, 'default').events
    expect(events.map((e) => e.reason)).toEqual(['Pulling', 'Pulled', 'BackOff', 'Scheduled'])
    expect(events[0]).toEqual({ type: 'Normal', reason: 'Pulling', object: 'pod/web-0', message: 'Pulling msg', count: 1, lastSeen: Date.parse('2026-01-01T09:00:03Z') })
    expect(events[2].type).toBe('Warning')
  })

  it('keeps only the 100 newest events, in the order a stable sort gives, and sees an event that was updated', () => {
    const { cluster, store } = setup()
    const EV = { group: '', version: 'v1', resource: 'events' }
    const random = seededRandom(11)
    // 400 events over 60 seconds: many share a second, and then the later write (higher resourceVersion) comes first.
    for (let i = 0; i < 400; i++) {
      const at = new Date(Date.parse('2026-01-01T09:00:00Z') + Math.floor(random() * 60) * 1000).toISOString().replace('.000Z', 'Z')
      store.create(EV, 'default', { apiVersion: 'v1', kind: 'Event', metadata: { name: `e${String(i).padStart(3, '0')}` }, involvedObject: { kind: 'Pod', name: 'web-0' }, reason: `R${i}`, message: 'm', type: 'Normal', count: 1, lastTimestamp: at, firstTimestamp: at })
    }
    const all = store.list(EV, { namespace: 'default' }).items
    const key = (e: KObject) => [Date.parse(e.lastTimestamp), Number(e.metadata.resourceVersion)]
    const sorted = (list: KObject[]) => [...list].sort((a, b) => key(b)[0] - key(a)[0] || key(b)[1] - key(a)[1]).map((e) => e.reason)
    expect(newestEvents(all).map((e) => e.reason)).toEqual(sorted(all).slice(0, 100))
    expect(newestEvents(all, 7).map((e) => e.reason)).toEqual(sorted(all).slice(0, 7))
    // Equal keys keep their order, as a stable sort keeps it; one that ties with the last kept one stays out.
    const plain = (name: string, at: string, rv: string) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, resourceVersion: rv }, lastTimestamp: at }) as KObject
    const [a, b, c] = [plain('a', '2026-01-01T09:00:00Z', '5'), plain('b', '2026-01-01T09:00:00Z', '5'), plain('c', '2026-01-01T09:00:01Z', '1')]
    expect(newestEvents([a, b, c], 3)).toEqual([c, a, b])
    expect(newestEvents([a, b, c], 2)).toEqual([c, a])
    // An old event repeats: its new version is the newest, though its earlier version was seen by an earlier view.
    expect(buildClusterView(cluster, 'default').events).toHaveLength(100)
    const oldest = sorted(all).at(-1)!
    const stored = all.find((e) => e.reason === oldest)!
    store.update(EV, 'default', stored.metadata.name!, { ...stored, count: 2, lastTimestamp: '2026-01-01T09:05:00Z' })
    const events = buildClusterView(cluster, 'default').events
    expect(events[0]).toMatchObject({ reason: oldest, count: 2 })
    expect(events).toHaveLength(100)
  })

  describe('publisher', () => {
    let pub: ReturnType<typeof createViewPublisher> | null = null
    afterEach(() => {
      pub?.dispose()
      vi.useRealTimers()
    })
    it('coalesces a burst of changes into one push and keeps pushes ≤ 20/s', async () => {
      vi.useFakeTimers()
      const { cluster, store } = setup()
      const got: ClusterView[] = []
      // (maxBusyShare 1: only the rate cap here; the share of the thread is the next test's.)
      pub = createViewPublisher(cluster, (v) => got.push(v), { heartbeatMs: 0, maxBusyShare: 1 })
      const mk = (name: string) => store.create(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } })
      for (let i = 0; i < 200; i++) mk(`p-${i}`)
      expect(got.length).toBe(0) // never synchronously inside the burst
      await vi.advanceTimersByTimeAsync(1)
      expect(got.length).toBe(1)
      expect(got[0].pods.length).toBe(200)
      // A change every 5 ms for one second: at most 20 pushes, and the last one has everything.
      for (let i = 0; i < 200; i++) {
        mk(`q-${i}`)
        await vi.advanceTimersByTimeAsync(5)
      }
      await vi.advanceTimersByTimeAsync(100)
      expect(got.length - 1).toBeLessThanOrEqual(21)
      expect(got.length - 1).toBeGreaterThanOrEqual(15)
      expect(got.at(-1)!.pods.length).toBe(400)
    })

    it('keeps building and sending views to a tenth of the thread: a slow view spaces out the next ones', async () => {
      const { cluster, store } = setup()
      const starts: number[] = []
      // A view that takes 20 ms to build and send (a 1,000-pod cluster's), measured in real time.
      pub = createViewPublisher(
        cluster,
        () => {
          starts.push(performance.now())
          const end = performance.now() + 20
          while (performance.now() < end) {
            // busy, as building a big view is
          }
        },
        { heartbeatMs: 0 },
      )
      const t0 = performance.now()
      for (let i = 0; performance.now() - t0 < 1000; i++) {
        store.create(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}` }, spec: { containers: [{ name: 'c', image: 'busybox' }] } })
        await new Promise((r) => setTimeout(r, 10))
      }
      // 20 ms views at most every 200 ms (10%): about 5 in the second, where the 20/s cap alone would allow 20.
      expect(starts.length).toBeGreaterThanOrEqual(3)
      expect(starts.length).toBeLessThanOrEqual(7)
      for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(195)
    })

    it('sends a heartbeat view so a late renderer catches up and ages move', async () => {
      vi.useFakeTimers()
      const { cluster, clock } = setup()
      const got: ClusterView[] = []
      pub = createViewPublisher(cluster, (v) => got.push(v), { heartbeatMs: 1000 })
      await vi.advanceTimersByTimeAsync(999)
      expect(got.length).toBe(0)
      clock.advance(5000)
      await vi.advanceTimersByTimeAsync(2)
      expect(got.length).toBe(1)
      expect(got[0].now).toBe(clock.now())
    })
  })
})
