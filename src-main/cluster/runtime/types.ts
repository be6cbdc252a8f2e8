// The container runtime's public face: what the kubelet, the API server's exec/attach/log endpoints and lesson
// probes use. Containers are behaviour (image catalogue), not real processes.

export interface ExecRequest {
  namespace: string
  pod: string
  container?: string // default: the first container
  command: string[] // exec: the argv to run; attach: ignored
  stdin: boolean
  stdout: boolean
  stderr: boolean
  tty: boolean
}

/** A running exec/attach session. With tty, stderr is merged into stdout (as on a real node). */
export interface ExecSession {
  /** Bytes typed by the client (stdin channel). */
  write(data: string): void
  /** Client closed stdin (EOF). */
  endInput(): void
  /** TTY size change (resize channel). */
  resize(cols: number, rows: number): void
  onStdout(cb: (data: string) => void): void
  onStderr(cb: (data: string) => void): void
  /** Exit code of the command (attach: of the container's main process, or 0 when detached).
   *  Rejects with a StatusError (500 InternalError, containerd's `OCI runtime exec failed…` message) when the command
   *  cannot be started: send it as the channel-3 Status, as the kubelet does; kubectl prints `error: <message>`. */
  readonly exited: Promise<number>
  /** Client went away: stop the command (exec) or detach (attach). */
  close(): void
}

export interface LogOptions {
  container?: string
  follow?: boolean
  tailLines?: number
  previous?: boolean
  timestamps?: boolean
  sinceSeconds?: number
}

export interface LogStream {
  /** The lines so far (each ends with \n). */
  initial: string
  /** With follow: called for each new chunk; returns unsubscribe. end() is called when the container stops. */
  follow?(onData: (chunk: string) => void, onEnd: () => void): () => void
}

export interface Runtime {
  /** Throws StatusError (404 pod not found, 400 `container not found`, 400 pod not running) like the real kubelet. */
  exec(req: ExecRequest): ExecSession
  attach(req: ExecRequest): ExecSession
  logs(namespace: string, pod: string, opts: LogOptions): LogStream
}

/** What the kubelet asks of the runtime. The kubelet owns pod status and timing; the runtime owns behaviour. */
export interface ImageInfo {
  /** Normalized reference, e.g. 'docker.io/library/busybox:1.28.4'. */
  ref: string
  digest: string // 'sha256:…'
  sizeBytes: number
}

export interface ProbeOutcome {
  ok: boolean
  message: string
}

export interface KubeletRuntime {
  /** null: the image or tag does not exist (→ ErrImagePull / ImagePullBackOff). */
  resolveImage(image: string): ImageInfo | null
  /** Start the container's main process. `onExit` fires when it ends by itself (a busybox `sleep 5`, a shell whose
   *  stdin closed) or after stop(). Called again for a restart; the writable layer survives restarts, not pod deletion. */
  startContainer(pod: import('../api-types').Pod, containerName: string, onExit: (exitCode: number) => void): void
  /** SIGTERM (graceful) or SIGKILL. The container exits via onExit (nginx: 0 on TERM; a shell: 143 / 137). */
  stopContainer(podUid: string, containerName: string, signal: 'TERM' | 'KILL'): void
  /** The pod object is gone: drop its containers and writable layers (volumes stay in the VolumeStore). */
  removePod(podUid: string): void
  /** Readiness/liveness exec/http/tcp probes: pass/fail, or pass/fail with the text the kubelet puts in the
   *  `Unhealthy` event (`HTTP probe failed with statuscode: 404`, an exec probe's output…). */
  probe(pod: import('../api-types').Pod, containerName: string, probe: unknown): Promise<boolean | ProbeOutcome>
  /** The same, answered at once when no process has to run (httpGet, tcpSocket: a listener is there or not); null when
   *  the probe needs the asynchronous path (exec). Lets the kubelet apply the result at the probe's own sim instant,
   *  so a scenario ends in the same state at every clock speed. */
  probeNow?(pod: import('../api-types').Pod, containerName: string, probe: unknown): boolean | ProbeOutcome | null
  /** The node crashed (false) or came back (true). While it is down its kubelet is unreachable: exec, attach and
   *  logs for its pods fail as the API server's dial to <hostIP>:10250 does. Optional: scripted runtimes skip it. */
  setNodeReachable?(node: string, reachable: boolean): void
}
