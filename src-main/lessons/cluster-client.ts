// The small read interface lesson checks use. Checks see the cluster only through this, the way a client on a real
// cluster would (list/get/exec/DNS/volume files), so an HTTP implementation can later run the same lessons on kind
// or minikube. `createInProcessClient` is the simulator's fast implementation over `Cluster`.
import type { GVR, KObject } from '../cluster/api-types'
import type { Cluster } from '../cluster/cluster-types'
import { onChangeRefs } from '../cluster/store/refs'
import type { ResourceInfo } from '../cluster/store/types'
import { dropOldest } from '../shared/bounded'

/** One lifecycle fact derived from store changes, e.g. `Pod/web-0 Ready`. */
export interface LifecycleFact {
  seq: number
  time: number // sim epoch ms
  kind: string
  namespace: string
  name: string
  what: string // Created | Scheduled | Running | Ready | NotReady | Terminating | Deleted | Bound | Pending | Released…
  text: string // `${kind}/${name} ${what}`
  /** The object's labels at that moment, so `events` checks can match `Pod[app=hello] Deleted` (generated names). */
  labels?: Record<string, string>
  /** Recorded from the state found when the client started (a restored cluster), not seen happening. */
  initial?: boolean
}

export interface DnsLookup {
  resolved: boolean
  addresses: string[]
  /** The fully-qualified names the resolver asked, in order. */
  tried: string[]
}

/** One DNS question a pod's resolver asked (one lookup of `web-0.nginx` by busybox 1.28 asks up to 4, in a row).
 *  `seq` is shared with the lifecycle facts, so "after Pod/web-1 Deleted" orders them exactly. */
export interface DnsQueryFact {
  seq: number
  time: number // sim epoch ms
  name: string // fully qualified as asked, no trailing dot
  type: string // A | SRV | PTR
  rcode: 'NOERROR' | 'NXDOMAIN'
  answers: string[]
}

export interface VolumeRead {
  claim: 'missing' | 'unbound' | 'bound'
  volume: string | null
  content: string | null // null: no such file (or the claim is not bound)
}

export interface ContainerFileRead {
  /** missing: no such pod; not-running: the pod (or that container) is not running, so it has no files to read. */
  pod: 'missing' | 'not-running' | 'running'
  container: string | null
  /** null: no such file (or a directory). */
  content: string | null
}

export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

export interface ClusterClient {
  list(kind: string, opts?: { namespace?: string; labelSelector?: string }): Promise<KObject[]>
  get(kind: string, namespace: string | undefined, name: string): Promise<KObject | null>
  /** Lifecycle history since the client started, oldest first. */
  events(): LifecycleFact[]
  exec(namespace: string, pod: string, argv: string[]): Promise<ExecResult>
  /** Resolve `name` the way a pod running `from.image` would: `nslookup` (the image's own tool) or the libc resolver. */
  resolveDns(from: { image: string; namespace: string }, name: string, via?: 'nslookup' | 'libc'): Promise<DnsLookup>
  readVolumeFile(namespace: string, claim: string, path: string): Promise<VolumeRead>
  /** A file as the running container sees it (its writable layer or a volume mounted there); `container` defaults to
   *  the pod's first container. */
  readContainerFile(namespace: string, pod: string, path: string, container?: string): Promise<ContainerFileRead>
  /** The DNS questions pods asked since the client started, oldest first (empty if the cluster cannot tell). */
  dnsQueries(): DnsQueryFact[]
  /** Anything changed (objects or volume files). Returns unsubscribe. */
  onChange(cb: () => void): () => void
  now(): number
  dispose(): void
}

const TRACKED = new Set(['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet', 'Service', 'Deployment', 'ReplicaSet', 'ConfigMap', 'Secret'])

interface Seen {
  scheduled: boolean
  phase: string | undefined
  ready: boolean
  terminating: boolean
}

function podReady(o: KObject): boolean {
  return !!o.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')
}

function snapshotOf(o: KObject): Seen {
  return {
    scheduled: !!o.spec?.nodeName,
    phase: o.status?.phase,
    ready: o.kind === 'Pod' ? podReady(o) : false,
    terminating: !!o.metadata.deletionTimestamp,
  }
}

/** Facts implied by going from `before` (undefined: new object) to `after`. */
export function factsFor(kind: string, before: Seen | undefined, after: Seen): string[] {
  const out: string[] = []
  if (!before) out.push('Created')
  const b: Seen = before ?? { scheduled: false, phase: undefined, ready: false, terminating: false }
  if (kind === 'Pod') {
    if (after.scheduled && !b.scheduled) out.push('Scheduled')
    if (after.phase !== b.phase && after.phase && after.phase !== 'Pending') out.push(after.phase)
    if (after.ready && !b.ready) out.push('Ready')
    if (!after.ready && b.ready) out.push('NotReady')
  } else if (kind === 'PersistentVolumeClaim' || kind === 'PersistentVolume') {
    if (after.phase !== b.phase && after.phase && !(before === undefined && after.phase === 'Pending')) out.push(after.phase)
  }
  if (after.terminating && !b.terminating) out.push('Terminating')
  return out
}

export class FactRecorder {
  private facts: LifecycleFact[] = []
  private queries: DnsQueryFact[] = []
  private seen = new Map<string, Seen>()
  private seq = 0
  constructor(private readonly max = 20_000) {}

  record(type: 'ADDED' | 'MODIFIED' | 'DELETED', o: KObject, time: number, initial = false): void {
    if (!TRACKED.has(o.kind)) return
    const uid = o.metadata.uid ?? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`
    const before = this.seen.get(uid)
    if (type === 'DELETED') {
      this.seen.delete(uid)
      this.push(o, time, 'Deleted', initial)
      return
    }
    const after = snapshotOf(o)
    this.seen.set(uid, after)
    for (const what of factsFor(o.kind, before, after)) this.push(o, time, what, initial)
  }

  all(): LifecycleFact[] {
    return this.facts
  }

  /** A pod's DNS question, numbered in the same sequence as the facts. */
  recordQuery(q: Omit<DnsQueryFact, 'seq'>): void {
    this.queries.push({ seq: this.seq++, ...q })
    dropOldest(this.queries, this.max)
  }

  dnsQueries(): DnsQueryFact[] {
    return this.queries
  }

  /** The next sequence number (a step's start marker covers facts and DNS questions alike). */
  nextSeq(): number {
    return this.seq
  }

  private push(o: KObject, time: number, what: string, initial: boolean): void {
    const name = o.metadata.name ?? ''
    const labels = o.metadata.labels
    this.facts.push({
      seq: this.seq++,
      time,
      kind: o.kind,
      namespace: o.metadata.namespace ?? '',
      name,
      what,
      text: `${o.kind}/${name} ${what}`,
      ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}),
      ...(initial ? { initial } : {}),
    })
    dropOldest(this.facts, this.max)
  }
}

/** Find a served resource by kind, plural, singular or short name (case-insensitive). */
export function findResource(resources: ResourceInfo[], kind: string): ResourceInfo | undefined {
  const k = kind.toLowerCase().replace(/\.apps$/, '')
  return resources.find((r) => r.kind.toLowerCase() === k || r.resource === k || r.singular === k || r.shortNames.includes(k))
}

// ---- DNS: how a pod's resolver expands a name (fidelity §C4/§C5) ----

export function searchList(namespace: string): string[] {
  return [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local']
}

/** busybox newer than 1.28.x ships its own nslookup client that ignores the search list (busybox bug 11161). */
export function nslookupUsesSearch(image: string): boolean {
  const ref = image.replace(/^(docker\.io\/)?(library\/)?/, '')
  const [repo, tag = 'latest'] = ref.split('@')[0].split(':')
  if (repo !== 'busybox') return true
  const m = /^(\d+)\.(\d+)/.exec(tag)
  if (!m) return false // latest, musl, glibc, stable… are all newer than 1.28
  const [maj, min] = [Number(m[1]), Number(m[2])]
  return maj < 1 || (maj === 1 && min <= 28)
}

/** The names a resolver asks for `name`, in order (ndots:5). */
export function candidates(name: string, namespace: string, useSearch: boolean): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)]
  if (!useSearch) return [name]
  const dots = name.split('.').length - 1
  const expanded = searchList(namespace).map((s) => `${name}.${s}`)
  return dots >= 5 ? [name, ...expanded] : [...expanded, name]
}

/** The first sequence number after everything the client has seen so far (facts and DNS questions alike). */
export function nextSeq(client: Pick<ClusterClient, 'events' | 'dnsQueries'>): number {
  const f = client.events()
  const q = client.dnsQueries()
  return Math.max(f.length ? f[f.length - 1].seq + 1 : 0, q.length ? q[q.length - 1].seq + 1 : 0)
}

export function createInProcessClient(cluster: Cluster): ClusterClient {
  const { store, volumes } = cluster
  const recorder = new FactRecorder()
  const infoOf = (kind: string): ResourceInfo => {
    const r = findResource(store.resources(), kind)
    if (!r) throw new Error(`the server doesn't have a resource type "${kind}"`)
    return r
  }
  const gvrOf = (r: ResourceInfo): GVR => ({ group: r.group, version: r.version, resource: r.resource })
  // Facts for what already exists (a restored cluster), then live ones.
  for (const r of store.resources()) {
    if (!TRACKED.has(r.kind)) continue
    for (const o of store.list({ group: r.group, version: r.version, resource: r.resource }).items) recorder.record('ADDED', o, cluster.clock.now(), true)
  }
  // Refs: the recorder only reads (and copies the labels it keeps); store.onChange would deep-copy every write for it.
  const unsubStore = onChangeRefs(store, (c) => recorder.record(c.type, c.object, cluster.clock.now()))
  const queryListeners = new Set<() => void>()
  const unsubDns =
    cluster.podDnsQueries?.onQuery((q) => {
      recorder.recordQuery({ time: q.time, name: q.name, type: q.type, rcode: q.rcode, answers: q.answers })
      for (const l of [...queryListeners]) l()
    }) ?? (() => {})

  return {
    async list(kind, opts = {}) {
      const r = infoOf(kind)
      return store.list(gvrOf(r), { namespace: r.namespaced ? opts.namespace : undefined, labelSelector: opts.labelSelector }).items
    },
    async get(kind, namespace, name) {
      const r = infoOf(kind)
      try {
        return store.get(gvrOf(r), r.namespaced ? namespace : undefined, name)
      } catch (e) {
        if ((e as { status?: { code?: number }; code?: number }).status?.code === 404 || (e as { code?: number }).code === 404) return null
        if (/not found/.test((e as Error).message)) return null
        throw e
      }
    },
    events: () => recorder.all(),
    async exec(namespace, pod, argv) {
      let session
      try {
        session = cluster.runtime.exec({ namespace, pod, command: argv, stdin: false, stdout: true, stderr: true, tty: false })
      } catch (e) {
        return { code: 1, stdout: '', stderr: (e as Error).message }
      }
      let stdout = ''
      let stderr = ''
      session.onStdout((d) => (stdout += d))
      session.onStderr((d) => (stderr += d))
      session.endInput()
      const code = await session.exited
      return { code, stdout, stderr }
    },
    async resolveDns(from, name, via = 'nslookup') {
      const useSearch = via === 'libc' || nslookupUsesSearch(from.image)
      const tried: string[] = []
      for (const fqdn of candidates(name, from.namespace, useSearch)) {
        tried.push(fqdn)
        const ans = cluster.dns.query(fqdn, 'A')
        const addresses = ans.answers.filter((a) => a.type === 'A').map((a) => a.answer)
        if (ans.rcode === 'NOERROR' && addresses.length) return { resolved: true, addresses, tried }
      }
      return { resolved: false, addresses: [], tried }
    },
    async readVolumeFile(namespace, claim, path) {
      let pvc: KObject
      try {
        pvc = store.get({ group: '', version: 'v1', resource: 'persistentvolumeclaims' }, namespace, claim)
      } catch {
        return { claim: 'missing', volume: null, content: null }
      }
      const volume: string | undefined = pvc.spec?.volumeName
      if (!volume || pvc.status?.phase !== 'Bound') return { claim: 'unbound', volume: volume ?? null, content: null }
      const f = volumes.read(volume, path.startsWith('/') ? path : `/${path}`)
      return { claim: 'bound', volume, content: f && f.type === 'file' ? f.data : null }
    },
    async readContainerFile(namespace, podName, path, container) {
      let pod: KObject
      try {
        pod = store.get({ group: '', version: 'v1', resource: 'pods' }, namespace, podName)
      } catch {
        return { pod: 'missing', container: null, content: null }
      }
      const name: string | null = container ?? pod.spec?.containers?.[0]?.name ?? null
      const running = pod.status?.phase === 'Running' && !!pod.status?.containerStatuses?.some((c: { name: string; state?: { running?: unknown } }) => c.name === name && c.state?.running)
      // Only a runtime that exposes container filesystems can answer (the simulator's does); others say not running.
      const introspect = cluster.runtime as Partial<{ containerFs(uid: string, c: string): import('../shell/io').Fs | null }>
      const fs = running && name && introspect.containerFs ? introspect.containerFs(pod.metadata.uid ?? '', name) : null
      if (!fs || !name) return { pod: 'not-running', container: name, content: null }
      try {
        return { pod: 'running', container: name, content: fs.stat(path)?.type === 'file' ? fs.readFile(path) : null }
      } catch {
        return { pod: 'running', container: name, content: null }
      }
    },
    dnsQueries: () => recorder.dnsQueries(),
    onChange(cb) {
      // Node leases renew every 10 s of sim time and no check reads them: they must not re-run every check.
      const a = onChangeRefs(store, (c) => {
        if (c.object.kind !== 'Lease') cb()
      })
      const b = volumes.onChange(() => cb())
      // A lookup changes nothing in the store, yet a check on what it saw must be re-evaluated.
      const c = () => cb()
      queryListeners.add(c)
      return () => {
        a()
        b()
        queryListeners.delete(c)
      }
    },
    now: () => cluster.clock.now(),
    dispose: () => {
      unsubStore()
      unsubDns()
    },
  }
}
