// One container of a pod: its filesystem (image + writable layer that survives restarts + mounts), its command
// table, its main process (nginx, a shell, or any argv), extra exec'd processes, and its log.
import type { Container, Pod } from '../api-types'
import type { Clock } from '../clock'
import type { Builtin, CommandContext, Input } from '../../shell/io'
import { emptyInput } from '../../shell/pipe'
import type { Store } from '../store/types'
import type { VolumeStore } from '../volumes/types'
import { fileCommands } from './commands/files'
import { curlCommand, wgetCommand } from './commands/http-clients'
import { CorednsProcess, LAMEDUCK_MS } from './coredns-server'
import { mysqlCommand } from './commands/mysql-client'
import { nslookupCommand } from './commands/nslookup'
import { pingCommand } from './commands/ping'
import { systemCommands } from './commands/system'
import { type ContainerTools, type ProcInfo, line } from './commands/tools'
import type { ImageDef } from './images'
import { LogBuffer } from './logs'
import { MysqlServer } from './mysql/server'
import type { NetClient, Network, PortServer } from './network'
import { createNginxServer, NGINX_ENTRYPOINT_LOG, nginxErrorTime, type NginxServer, nginxStartupLog } from './nginx-server'
import { OverlayFs, type UpperLayer } from './overlay-fs'
import { type ManagedPath, podMounts } from './container-mounts'
import { containerEnv, containerEnvFrom, envSources, type EnvSources, hostsFile, podFqdn, podHostname, resolvConf, searchDomains } from './pod-files'
import { ProcIO } from './process'
import type { ServiceLister } from './service-list'
import { shellBuiltin } from './shell-host'
import { filterTools } from '../../shell/workstation/filter-tools'
import { sedTool } from '../../shell/workstation/sed'
import { textTools } from '../../shell/workstation/text-tools'

/** Per-pod state shared by its containers: the kubelet-managed files (writable, like the real bind mounts). */
export interface PodState {
  uid: string
  namespace: string
  name: string
  /** Latest pod object seen (the store copy may be gone while containers terminate). */
  pod: Pod
  managed: Map<string, string> // overrides written by the user into /etc/hosts & co
  containers: Map<string, ContainerRt>
  emptyDirs: Set<string>
}

export interface ContainerDeps {
  store: Store
  clock: Clock
  random: () => number
  volumes: VolumeStore
  net: Network
  currentPod(state: PodState): Pod
  /** The namespace's Services for service links (default: a store list per container start). */
  listServices?: ServiceLister
}

interface MainRun {
  io: ProcIO
  abort: AbortController
  done: boolean
  /** Report exit once per run. */
  report(code: number): void
  nginx?: NginxServer
  mysqld?: MysqlServer
  coredns?: CorednsProcess
}

export class ContainerRt {
  readonly upper: UpperLayer = new Map()
  readonly fs: OverlayFs
  /** The command table, built on first use: most containers (nginx, mysqld as the main process) never look a
   *  command up unless someone execs into them, and building ~100 closures per container was a large part of
   *  starting a 1,000-pod StatefulSet. */
  private commandTable: Map<string, Builtin> | null = null
  get commands(): Map<string, Builtin> {
    return (this.commandTable ??= this.buildCommands())
  }
  logs: LogBuffer
  previousLogs: LogBuffer | null = null
  main: MainRun | null = null
  started = false
  private procs = new Map<number, ProcInfo>()
  private execs = new Set<AbortController>()
  private nextPid = 1
  /** What the container's commands see of it, built on first use like the command table (a dozen closures that
   *  an nginx or mysqld main process never needs). */
  private toolsMade: ContainerTools | null = null
  private get tools(): ContainerTools {
    return (this.toolsMade ??= this.makeTools())
  }
  /** The environment fixed when the main process started: service links are those of Services existing then.
   *  Only what it is built from is captured at start (frozen store objects); most containers never run a second
   *  process, so the map itself is built on first use. */
  private startEnvSources: EnvSources | null = null
  private startEnv: Map<string, string> | null = null

  constructor(
    readonly pod: PodState,
    readonly spec: Container,
    readonly image: ImageDef,
    private readonly d: ContainerDeps,
  ) {
    this.logs = new LogBuffer(() => d.clock.now())
    this.fs = new OverlayFs(image.files, this.upper, podMounts({ state: this.pod, spec: this.spec, deps: this.d, managedText: (path) => this.managedText(path) }), () => d.clock.now())
  }

  private makeTools(): ContainerTools {
    const d = this.d
    return {
      image: this.image,
      namespace: this.pod.namespace,
      podName: this.pod.name,
      hostname: () => podHostname(this.currentPod()),
      fqdn: () => podFqdn(this.currentPod()),
      podIP: () => this.currentPod().status?.podIP ?? '',
      fs: this.fs,
      net: d.net,
      netClient: () => this.netClient(),
      clock: d.clock,
      random: d.random,
      processes: () => [...this.procs.entries()].sort((a, b) => a[0] - b[0]).map(([pid, p]) => ({ ...p, pid })),
      spawn: (command) => this.spawn(command),
    }
  }

  currentPod(): Pod {
    return this.d.currentPod(this.pod)
  }

  netClient(): NetClient {
    const pod = this.currentPod()
    return {
      podUid: this.pod.uid,
      podIP: pod.status?.podIP ?? '',
      nodeName: pod.spec.nodeName,
      hostsFile: () => this.fs.readFile('/etc/hosts'),
      search: searchDomains(pod),
      ndots: 5,
    }
  }

  /** Processes run() registered whose command has not registered itself yet: sleep, ps… called directly by exec
   *  or as the main process must not show twice in `ps`. */
  private selfRegistered = new Set<string>()

  spawn(command: string): () => void {
    if (this.selfRegistered.delete(command)) return () => {}
    // Sparse pids like a real container (a shell's children skip a few numbers).
    const pid = this.nextPid
    this.nextPid = pid === 1 ? 7 : pid + 6
    this.procs.set(pid, { pid, command, startedAt: this.d.clock.now() })
    return () => this.procs.delete(pid)
  }

  get running(): boolean {
    return !!this.main && !this.main.done
  }

  /** The server on `port`, if this container's main process is a live nginx (80) or mysqld (3306). */
  listener(port: number): PortServer | null {
    if (!this.main || this.main.done) return null
    if (port === 80 && this.main.nginx) return this.main.nginx
    // mysqld binds 3306 only once initialization is over (the temporary server runs with --skip-networking).
    if (port === 3306 && this.main.mysqld?.ready) return this.main.mysqld
    if (this.main.coredns) return this.main.coredns.listener(port)
    return null
  }

  // ---- filesystem ----

  /** The kubelet's text of a managed file, from the pod as it is now. */
  managedText(path: ManagedPath): string {
    const pod = this.currentPod()
    if (path === '/etc/hosts') return hostsFile(pod)
    if (path === '/etc/hostname') return podHostname(pod) + '\n'
    return resolvConf(pod, this.d.net.dnsServerIP)
  }

  // ---- commands ----

  private buildCommands(): Map<string, Builtin> {
    const t = this.tools
    const impl: Record<string, (ctx: CommandContext) => Promise<number>> = {
      ...fileCommands(t),
      ...systemCommands(t),
      nslookup: nslookupCommand(t),
      mysql: mysqlCommand(t),
      mysqld: async (ctx) => {
        const v = this.image.mysqlVersion
        if (ctx.argv.includes('--version') || ctx.argv.includes('-V')) {
          line(ctx.stdout, `/usr/sbin/mysqld  Ver ${v} for Linux on x86_64 (MySQL Community Server - ${v?.startsWith('5.') ? '(GPL)' : 'GPL'})`)
          return 0
        }
        // The data directory is locked by the running server.
        line(ctx.stderr, `${new Date(this.d.clock.now()).toISOString()} 0 [ERROR] [MY-010946] [Server] Failed to start mysqld daemon. Check mysqld error log.`)
        line(ctx.stderr, `${new Date(this.d.clock.now()).toISOString()} 0 [ERROR] [MY-012574] [InnoDB] Unable to lock ./ibdata1 error: 11`)
        return 1
      },
      // busybox and debianutils `which`: the path of each command found on $PATH, silent (status 1) for the rest.
      which: async (ctx) => {
        let status = 0
        const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'))
        if (!names.length) return 1
        for (const n of names) {
          const path = n.includes('/') ? (this.lookup(n) ? n : undefined) : this.image.commands[n]
          if (path) line(ctx.stdout, path)
          else status = 1
        }
        return status
      },
      ping: pingCommand(t),
      wget: wgetCommand(t),
      curl: curlCommand(t),
      nginx: async (ctx) => {
        const v = this.image.nginxVersion
        if (ctx.argv.includes('-v') || ctx.argv.includes('-V')) return line(ctx.stderr, `nginx version: nginx/${v}`), 0
        if (ctx.argv.includes('-t')) {
          line(ctx.stderr, 'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok')
          line(ctx.stderr, 'nginx: configuration file /etc/nginx/nginx.conf test is successful')
          return 0
        }
        line(ctx.stderr, `${nginxErrorTime(this.d.clock.now())} [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address in use)`)
        line(ctx.stderr, 'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address in use)')
        return 1
      },
    }
    // Text filters: the same implementations as the workstation's (grep, head, sort, sed…).
    const shared = new Map<string, Builtin>()
    for (const b of [...textTools, sedTool, ...filterTools(() => this.d.clock.now())]) shared.set(b.name, b)
    const table = new Map<string, Builtin>()
    const shellKind = this.image.sh
    const commandPath = (n: string) => this.image.commands[n]
    for (const [name, path] of Object.entries(this.image.commands)) {
      let b: Builtin
      if (name === 'bash') b = shellBuiltin('bash', { kind: 'bash', builtins: () => table, hostname: () => this.tools.hostname(), commandPath })
      else if (name === 'sh' || name === 'ash') b = shellBuiltin(name, { kind: shellKind, builtins: () => table, hostname: () => this.tools.hostname(), commandPath })
      else if (impl[name]) b = { name, summary: name, run: impl[name] }
      else if (shared.has(name)) b = shared.get(name)!
      else continue
      table.set(name, b)
      table.set(path, b)
    }
    return table
  }

  /** argv[0] → command, the way execve + $PATH would find it. */
  lookup(cmd: string): Builtin | null {
    if (cmd.includes('/')) {
      const b = this.commands.get(cmd)
      if (b && this.fs.stat(cmd)?.type === 'file') return b
      return null
    }
    return this.commands.get(cmd) ?? null
  }

  baseEnv(tty: boolean): Map<string, string> {
    if (!this.startEnv && this.startEnvSources) this.startEnv = containerEnvFrom(this.startEnvSources, this.spec, this.image.env, false)
    const env = new Map(this.startEnv ?? containerEnv(this.d.store, this.currentPod(), this.spec, this.image.env, false))
    // containerd sets TERM for processes that get a terminal (the main one or an exec -t).
    if (tty) env.set('TERM', 'xterm')
    else env.delete('TERM')
    return env
  }

  sleeper(): CommandContext['sleep'] {
    return (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new Error('interrupted'))
        const h = this.d.clock.schedule(ms, () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }, 'container-sleep')
        const onAbort = () => {
          h.cancel()
          reject(new Error('interrupted'))
        }
        signal?.addEventListener('abort', onAbort, { once: true })
      })
  }

  /** Run a command as a process of this container (exec, probes, the main process). */
  run(b: Builtin, argv: string[], io: ProcIO, stdin: Input, signal: AbortSignal): Promise<number> {
    const cmdline = argv.join(' ')
    const release = this.spawn(cmdline)
    this.selfRegistered.add(cmdline)
    const ctx: CommandContext = {
      argv,
      env: this.baseEnv(!!io.tty),
      cwd: this.spec.workingDir || '/',
      fs: this.fs,
      stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      tty: io.tty,
      signal,
      sleep: this.sleeper(),
    }
    return Promise.resolve()
      .then(() => b.run(ctx))
      .catch((e) => {
        io.stderr.write(`${argv[0]}: ${e instanceof Error ? e.message : String(e)}\n`)
        return 1
      })
      .finally(() => {
        this.selfRegistered.delete(cmdline)
        release()
      })
  }

  // ---- main process ----

  start(onExit: (code: number) => void): void {
    if (this.running) return
    if (this.started) {
      this.previousLogs = this.logs
      this.logs = new LogBuffer(() => this.d.clock.now())
    }
    this.started = true
    this.procs.clear()
    this.nextPid = 1
    this.startEnvSources = envSources(this.d.store, this.currentPod(), this.d.listServices)
    this.startEnv = null
    const io = new ProcIO(!!this.spec.tty)
    const abort = new AbortController()
    const logs = this.logs
    io.subscribe((s) => logs.write(s))
    const run: MainRun = {
      io,
      abort,
      done: false,
      report: (code) => {
        if (run.done) return
        run.done = true
        logs.end()
        this.killExecs()
        onExit(code)
      },
    }
    this.main = run
    const c = this.spec
    const argv = c.command?.length ? [...c.command, ...(c.args ?? [])] : [...this.image.entrypoint, ...(c.args?.length ? c.args : this.image.cmd)]
    const entry = argv[0] === '/docker-entrypoint.sh' ? argv.slice(1) : argv
    if (entry[0] && /(^|\/)nginx$/.test(entry[0]) && this.image.flavour === 'nginx') {
      this.startNginx(run, argv[0] === '/docker-entrypoint.sh')
      return
    }
    if (this.image.flavour === 'mysql' && /(^|\/)docker-entrypoint\.sh$/.test(argv[0] ?? '') && /(^|\/)mysqld$/.test(argv[1] ?? '')) {
      this.startMysqld(run)
      return
    }
    if (this.image.flavour === 'coredns' && /(^|\/)coredns$/.test(argv[0] ?? '')) {
      this.startCoredns(run, argv)
      return
    }
    const b = entry[0] ? this.lookup(entry[0]) : null
    if (!b) {
      // runc refuses to start it: the kubelet sees StartError with exit code 128.
      logs.write(`exec: "${entry[0] ?? ''}": executable file not found in $PATH\n`)
      this.d.clock.schedule(0, () => run.report(128), 'container-start-error')
      return
    }
    const stdin = c.stdin ? io.stdin : emptyInput
    void this.run(b, entry, io, stdin, abort.signal).then((code) => run.report(abort.signal.aborted && code === 0 ? 143 : code))
  }

  private startNginx(run: MainRun, viaEntrypoint: boolean): void {
    const now = this.d.clock.now()
    const out = run.io.stdout
    const err = run.io.stderr
    const v = this.image.nginxVersion ?? '1.27.4'
    if (viaEntrypoint) out.write(NGINX_ENTRYPOINT_LOG)
    const worker = 29
    // One write of the whole block (the log splits it into the same lines, all with this instant's timestamp):
    // nothing can attach between these lines, and a write per line was a measurable part of every nginx start.
    err.write(nginxStartupLog(nginxErrorTime(now), v, viaEntrypoint, worker))
    this.spawn(viaEntrypoint ? 'nginx: master process nginx -g daemon off;' : 'nginx: master process nginx -g daemon off;')
    this.spawn('nginx: worker process')
    run.nginx = createNginxServer({
      fs: this.fs,
      version: v,
      now: () => this.d.clock.now(),
      mainFormat: viaEntrypoint,
      workerPid: worker,
      log: { access: (l) => out.write(l + '\n'), error: (l) => err.write(l + '\n') },
    })
  }

  private startMysqld(run: MainRun): void {
    this.spawn('mysqld')
    const server = new MysqlServer({
      image: { version: this.image.mysqlVersion ?? '8.0.41', release: this.image.mysqlRelease ?? '8.0.41-1.el9' },
      fs: this.fs,
      env: this.baseEnv(!!this.spec.tty),
      clock: this.d.clock,
      random: this.d.random,
      hostname: () => this.tools.hostname(),
      stdout: run.io.stdout,
      stderr: run.io.stderr,
      exit: (code) => run.report(code),
    })
    run.mysqld = server
    server.start()
  }

  private startCoredns(run: MainRun, argv: string[]): void {
    const i = argv.indexOf('-conf')
    const confPath = i >= 0 && argv[i + 1] ? argv[i + 1] : 'Corefile'
    let corefile: string | null
    try {
      corefile = this.fs.readFile(confPath.startsWith('/') ? confPath : '/' + confPath)
    } catch {
      corefile = null
    }
    const proc = new CorednsProcess({ corefile, confPath, now: () => this.d.clock.now(), stdout: (l) => run.io.stdout.write(l + '\n') })
    if (!proc.start()) {
      this.d.clock.schedule(0, () => run.report(1), 'coredns-exit')
      return
    }
    this.spawn(argv.join(' '))
    run.coredns = proc
  }

  /** SIGTERM / SIGKILL to the main process. */
  stop(signal: 'TERM' | 'KILL'): void {
    const run = this.main
    if (!run || run.done) return
    if (signal === 'KILL') {
      run.abort.abort('SIGKILL')
      run.mysqld?.stop()
      run.report(137)
      return
    }
    if (run.mysqld) {
      run.mysqld.shutdown(() => run.report(0))
      return
    }
    if (run.coredns) {
      run.coredns.terminate()
      this.d.clock.schedule(LAMEDUCK_MS, () => run.report(0), 'coredns-exit')
      return
    }
    if (run.nginx) {
      // nginx does a fast shutdown on SIGTERM and exits 0.
      const ts = nginxErrorTime(this.d.clock.now())
      const e = run.io.stderr
      e.write(`${ts} [notice] 1#1: signal 15 (SIGTERM) received, exiting\n`)
      e.write(`${ts} [notice] 29#29: exiting\n${ts} [notice] 29#29: exit\n`)
      e.write(`${ts} [notice] 1#1: signal 17 (SIGCHLD) received from 29\n${ts} [notice] 1#1: worker process 29 exited with code 0\n${ts} [notice] 1#1: exit\n`)
      this.d.clock.schedule(50, () => run.report(0), 'nginx-exit')
      return
    }
    run.abort.abort('SIGTERM')
  }

  /** The pod is gone: end everything without reporting. */
  destroy(): void {
    const run = this.main
    if (run && !run.done) {
      run.done = true
      run.abort.abort('SIGKILL')
      run.mysqld?.stop()
      this.logs.end()
    }
    this.killExecs()
  }

  /** An exec'd process lives in the container's pid namespace: register it so it dies with the container. */
  trackExec(abort: AbortController): () => void {
    this.execs.add(abort)
    return () => this.execs.delete(abort)
  }

  /** When the main process ends the runtime SIGKILLs everything left in the container, so an open
   *  `kubectl exec -it … sh` ends (`command terminated with exit code 137`) instead of living on in a dead pod. */
  private killExecs(): void {
    for (const a of [...this.execs]) a.abort('SIGKILL')
    this.execs.clear()
  }
}
