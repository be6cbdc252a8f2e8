// The container runtime: behaviour-level containers for the kubelet (start/stop/remove/probe) and the API server's
// exec, attach and log endpoints. Reads pods, claims and services from the store; never writes pod status.
import type { Pod } from '../api-types'
import type { Clock } from '../clock'
import type { DnsServer } from '../dns/types'
import { nodeSpec } from '../nodes'
import { errors, StatusError } from '../store/errors'
import { getRef } from '../store/refs'
import type { Store } from '../store/types'
import type { VolumeStore } from '../volumes/types'
import { ContainerRt, type PodState } from './container'
import { lookupImage } from './images'
import { Network } from './network'
import { ProcIO, type Stream } from './process'
import { runProbe, runProbeNow } from './probes'
import { createServiceLister } from './service-list'
import type { ExecRequest, ExecSession, ImageInfo, KubeletRuntime, LogOptions, LogStream, Runtime } from './types'

export { catalogueRefs, type ImageDef, type ImagePull, lookupImage, normalizeImageRef, parseImageRef, pullImage } from './images'

const PODS = { group: '', version: 'v1', resource: 'pods' }

export interface RuntimeDeps {
  store: Store
  clock: Clock
  random: () => number
  volumes: VolumeStore
  dns: DnsServer
}

/** Extra, runtime-specific introspection (tests, lesson checks, the volume inspector). */
export interface RuntimeIntrospection {
  /** The container's filesystem, if the runtime has created it. */
  containerFs(podUid: string, containerName: string): import('../../shell/io').Fs | null
}

function hex(random: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16)
  return s
}

export function createRuntime(deps: RuntimeDeps): Runtime & KubeletRuntime & RuntimeIntrospection {
  const { store, clock, random, volumes } = deps
  const pods = new Map<string, PodState>()

  // The stored (frozen) pod, not a copy: readers here only read it. Deleted from the store: keep the last one seen
  // while containers wind down.
  const currentPod = (st: PodState): Pod => {
    const p = getRef(store, PODS, st.namespace, st.name) as Pod | undefined
    if (p && p.metadata.uid === st.uid) st.pod = p
    return st.pod
  }

  const net = new Network({
    store,
    dns: deps.dns,
    random,
    listener: (uid, port) => {
      const st = pods.get(uid)
      if (!st) return null
      for (const c of st.containers.values()) {
        const l = c.listener(port)
        if (l) return l
      }
      return null
    },
  })

  const containerDeps = { store, clock, random, volumes, net, currentPod, listServices: createServiceLister(store) }

  function podState(pod: Pod): PodState {
    const uid = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`
    let st = pods.get(uid)
    if (!st) {
      st = { uid, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '', pod, managed: new Map(), containers: new Map(), emptyDirs: new Set() }
      pods.set(uid, st)
    } else st.pod = pod
    return st
  }

  /** Common checks of the exec/attach/log endpoints, with the API server's and kubelet's wording. */
  function target(namespace: string, name: string, container: string | undefined): { pod: Pod; cname: string; rt: ContainerRt | undefined } {
    let pod: Pod
    try {
      pod = store.get(PODS, namespace, name) as Pod
    } catch (e) {
      if (e instanceof StatusError) throw e
      throw errors.notFound('', 'pods', name)
    }
    const names = pod.spec.containers.map((c) => c.name)
    const cname = container || names[0]
    if (!names.includes(cname) && !(pod.spec.initContainers ?? []).some((c) => c.name === cname)) {
      throw errors.badRequest(`container ${cname} is not valid for pod ${name}`)
    }
    const st = pods.get(pod.metadata.uid ?? '')
    return { pod, cname, rt: st?.containers.get(cname) }
  }

  /** Nodes whose kubelet is down: the API server's dial to it fails (no reason: kubectl prints `Error from server:`). */
  const unreachable = new Set<string>()
  const dialError = (message: string) => new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 })
  const kubeletAddr = (pod: Pod) => `${nodeSpec(pod.spec.nodeName)?.hostIP ?? pod.status?.hostIP ?? pod.spec.nodeName}:10250`
  /** exec/attach go through the API server's upgrade-aware dialer. */
  function checkDialable(pod: Pod): void {
    if (pod.spec.nodeName && unreachable.has(pod.spec.nodeName)) throw dialError(`error dialing backend: dial tcp ${kubeletAddr(pod)}: connect: no route to host`)
  }
  /** Logs are a plain GET proxied to the kubelet, so the error is Go's `Get "<url>": <dial error>`. */
  function checkLogsDialable(pod: Pod, cname: string, opts: LogOptions): void {
    if (!pod.spec.nodeName || !unreachable.has(pod.spec.nodeName)) return
    const q = new URLSearchParams()
    // The API server's kubelet URL carries the log options, keys sorted as Go's url.Values encodes them.
    if (opts.follow) q.set('follow', 'true')
    if (opts.previous) q.set('previous', 'true')
    if (opts.sinceSeconds !== undefined) q.set('sinceSeconds', String(opts.sinceSeconds))
    if (opts.tailLines !== undefined) q.set('tailLines', String(opts.tailLines))
    if (opts.timestamps) q.set('timestamps', 'true')
    const qs = q.toString()
    const url = `https://${kubeletAddr(pod)}/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${cname}${qs ? '?' + qs : ''}`
    throw dialError(`Get "${url}": dial tcp ${kubeletAddr(pod)}: connect: no route to host`)
  }

  function kubeletNotFound(message: string): StatusError {
    return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'NotFound', code: 404 })
  }

  function runnable(req: ExecRequest) {
    const { pod, cname, rt } = target(req.namespace, req.pod, req.container)
    if (!pod.spec.nodeName) throw errors.badRequest(`pod ${req.pod} does not have a host assigned`)
    checkDialable(pod)
    if (!pods.has(pod.metadata.uid ?? '')) throw kubeletNotFound('pod does not exist')
    if (!rt || !rt.running) throw kubeletNotFound(`container not found ("${cname}")`)
    return rt
  }

  /** A session whose output is buffered until the client subscribes (the stream may not be wired yet). */
  function session(io: ProcIO, opts: { stdin: boolean; exited: Promise<number>; close: () => void }): ExecSession {
    const queues: Record<Stream, string[]> = { stdout: [], stderr: [] }
    const subs: Record<Stream, ((d: string) => void) | null> = { stdout: null, stderr: null }
    const unsub = io.subscribe((data, stream) => {
      const cb = subs[stream]
      if (cb) cb(data)
      else queues[stream].push(data)
    })
    const on = (stream: Stream) => (cb: (d: string) => void) => {
      subs[stream] = cb
      for (const d of queues[stream].splice(0)) cb(d)
    }
    const exited = opts.exited.finally(() => unsub())
    // Avoid unhandled-rejection noise if the caller only listens via `await` later.
    exited.catch(() => {})
    return {
      write: (data) => {
        if (opts.stdin) io.stdin.write(data)
      },
      endInput: () => {
        if (opts.stdin) io.stdin.close()
      },
      resize: (cols, rows) => io.tty?.resize(cols, rows),
      onStdout: on('stdout'),
      onStderr: on('stderr'),
      exited,
      close: opts.close,
    }
  }

  const runtime: Runtime & KubeletRuntime & RuntimeIntrospection = {
    exec(req) {
      const rt = runnable(req)
      const io = new ProcIO(req.tty)
      const argv = req.command
      const b = argv.length ? rt.lookup(argv[0]) : null
      if (!b) {
        // containerd/runc fail the exec after the stream is up; kubectl prints this Status message (exit 1).
        const cmd = argv[0] ?? ''
        const why = cmd.includes('/') ? `stat ${cmd}: no such file or directory` : 'executable file not found in $PATH'
        const err = errors.internal(
          `error executing command in container: failed to exec in container: failed to start exec "${hex(random, 64)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": ${why}: unknown`,
        )
        return session(io, { stdin: req.stdin, exited: Promise.reject(err), close: () => {} })
      }
      const abort = new AbortController()
      const stdin = req.stdin ? io.stdin : { read: () => Promise.resolve(null) }
      const untrack = rt.trackExec(abort)
      const exited = rt.run(b, argv, io, stdin, abort.signal)
        .then((code) => (abort.signal.reason === 'SIGKILL' ? 137 : code))
        .finally(untrack)
      return session(io, { stdin: req.stdin, exited, close: () => abort.abort('SIGHUP') })
    },

    attach(req) {
      const rt = runnable(req)
      const main = rt.main!
      let detach: () => void = () => {}
      const exited = new Promise<number>((resolve) => {
        const poll = () => {
          if (main.done) return resolve(lastExit.get(rt) ?? 0)
        }
        exitWaiters.set(rt, [...(exitWaiters.get(rt) ?? []), resolve])
        detach = () => resolve(0)
        poll()
      })
      // Attaching shares the main process's stdio: its stdin (if the container has one) and its output.
      return session(main.io, {
        stdin: req.stdin && !!rt.spec.stdin,
        exited,
        close: () => detach(),
      })
    },

    logs(namespace, name, opts: LogOptions): LogStream {
      const { pod, cname, rt } = target(namespace, name, opts.container)
      checkLogsDialable(pod, cname, opts)
      if (opts.previous) {
        if (!rt?.previousLogs) throw errors.badRequest(`previous terminated container "${cname}" in pod "${name}" not found`)
        return rt.previousLogs.stream({ ...opts, follow: false })
      }
      if (!rt || !rt.started) {
        const st = (pod.status?.containerStatuses ?? []).find((s) => s.name === cname)
        const reason = st?.state?.waiting?.reason ?? 'ContainerCreating'
        throw errors.badRequest(`container "${cname}" in pod "${name}" is waiting to start: ${reason}`)
      }
      return rt.logs.stream(opts)
    },

    resolveImage(image): ImageInfo | null {
      const def = lookupImage(image)
      return def ? { ref: def.ref, digest: def.digest, sizeBytes: def.sizeBytes } : null
    },

    startContainer(pod, containerName, onExit) {
      const spec = pod.spec.containers.find((c) => c.name === containerName) ?? pod.spec.initContainers?.find((c) => c.name === containerName)
      const image = spec?.image ? lookupImage(spec.image) : null
      if (!spec || !image) {
        clock.schedule(0, () => onExit(128), 'container-start-error')
        return
      }
      const st = podState(pod)
      let rt = st.containers.get(containerName)
      if (!rt) {
        rt = new ContainerRt(st, spec, image, containerDeps)
        st.containers.set(containerName, rt)
      }
      const self = rt
      rt.start((code) => {
        lastExit.set(self, code)
        for (const w of exitWaiters.get(self) ?? []) w(code)
        exitWaiters.delete(self)
        onExit(code)
      })
    },

    stopContainer(podUid, containerName, signal) {
      pods.get(podUid)?.containers.get(containerName)?.stop(signal)
    },

    removePod(podUid) {
      const st = pods.get(podUid)
      if (!st) return
      for (const c of st.containers.values()) {
        c.destroy()
        for (const w of exitWaiters.get(c) ?? []) w(137)
        exitWaiters.delete(c)
      }
      // emptyDir lives and dies with the pod; PV-backed volumes stay in the VolumeStore.
      for (const v of st.emptyDirs) volumes.drop(v)
      pods.delete(podUid)
    },

    probe(pod, containerName, probe) {
      const st = pods.get(pod.metadata.uid ?? '')
      const rt = st?.containers.get(containerName)
      if (!rt || !rt.running) return Promise.resolve(false)
      return runProbe(rt, net, clock, probe)
    },

    probeNow(pod, containerName, probe) {
      const rt = pods.get(pod.metadata.uid ?? '')?.containers.get(containerName)
      if (!rt || !rt.running) return false
      return runProbeNow(rt, probe)
    },

    setNodeReachable(node, reachable) {
      if (reachable) unreachable.delete(node)
      else unreachable.add(node)
    },

    containerFs(podUid, containerName) {
      return pods.get(podUid)?.containers.get(containerName)?.fs ?? null
    },
  }
  const lastExit = new WeakMap<ContainerRt, number>()
  const exitWaiters = new WeakMap<ContainerRt, ((code: number) => void)[]>()
  return runtime
}
