// kubectl run NAME --image=IMAGE [--restart=Never] [-i] [--tty] [--rm] [--command] [-- args...]
// Interactive runs create the pod, wait until it is Running and Ready, attach over WebSocket, then (with
// --restart=Never) wait for a terminal phase, and with --rm delete the pod.
import type { KubectlCommand, Invocation } from '../command'
import { ExitError, requiredFlagsError } from '../errors'
import { dryRunMode, dryRunSuffix, writeQuery } from './resource-args'
import { parseOutput, OutputError, type OutputSpec } from '../printers/output-format'
import { renderObjects, stripManaged } from '../printers/render-objects'
import { toStructJson } from '../struct-order'
import { ApiError } from '../client'
import { runStream } from '../stream'
import { waitFor } from '../wait'
import type { ApiResource } from '../discovery'
import { toJson, toYaml } from '../yaml-output'

export const runCommand: KubectlCommand = {
  name: 'run',
  group: 'Basic Commands (Beginner)',
  summary: 'Run a particular image on the cluster',
  usage: 'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
  description: 'Start one pod running the given image. With -i and --tty you are attached to it; --rm deletes it when\nyou leave.',
  examples: `  # A throw-away busybox shell to try DNS from inside the cluster
  kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm

  # A pod running a command instead of the image's default
  kubectl run sleeper --image=busybox --command -- sleep 3600`,
  flags: [
    { name: 'image', type: 'string', usage: 'The container image. Required.' },
    { name: 'stdin', short: 'i', type: 'bool', usage: 'Keep stdin open on the container and attach to it.' },
    { name: 'tty', short: 't', type: 'bool', usage: 'Allocate a terminal for the container.' },
    { name: 'rm', type: 'bool', usage: 'Delete the pod after the attached session ends.' },
    { name: 'restart', type: 'string', default: 'Always', usage: 'Restart policy: Always, OnFailure or Never.' },
    { name: 'command', type: 'bool', usage: 'Use the extra arguments as the command instead of as args.' },
    { name: 'labels', short: 'l', type: 'string', usage: 'Labels for the pod, e.g. app=demo,tier=web (default run=NAME).' },
    { name: 'env', type: 'stringArray', usage: 'Environment variables, KEY=VALUE. Can be repeated.' },
    { name: 'port', type: 'string', usage: 'The port the container exposes.' },
    { name: 'image-pull-policy', type: 'string', usage: 'Always, IfNotPresent or Never.' },
    { name: 'attach', type: 'bool', usage: 'Attach to the pod (default with -i).' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Do not print messages other than the container output.' },
    { name: 'dry-run', type: 'string', default: 'none', usage: 'Must be "none", "server", or "client".' },
    { name: 'output', short: 'o', type: 'string', usage: 'Print the pod as yaml or json.' },
  ],
  run: runRun,
}

const PODS: ApiResource = {
  group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, singular: 'pod',
  shortNames: ['po'], verbs: [], subresources: [], preferred: true,
}

async function printLog(inv: Invocation, base: string, container: string): Promise<void> {
  const log = await inv.client.request('GET', `${base}/log`, { query: { container }, accept: '*/*', text: true, signal: inv.signal }).catch(() => '')
  if (typeof log === 'string') inv.out(log)
}

const PRINT_FORMATS = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml'

/** kubectl's UsageErrorf: the message, then where to find help. */
function usage(msg: string): ExitError {
  return new ExitError(`error: ${msg}\nSee 'kubectl run -h' for help and examples`)
}

/** The -o printer, checked before anything else like kubectl's Complete does. */
function outputSpec(inv: Invocation): OutputSpec | null {
  const o = inv.flags.str('output')
  if (!o) return null
  const format = o.split('=')[0]
  if (!PRINT_FORMATS.split(',').includes(format)) {
    throw new ExitError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${PRINT_FORMATS}`)
  }
  try {
    return parseOutput(inv.ctx, o, '')
  } catch (e) {
    if (e instanceof OutputError) throw new ExitError(`error: ${e.message}`)
    throw e
  }
}

function printPod(inv: Invocation, spec: OutputSpec, pod: any, typed: boolean): void {
  if (spec.kind === 'yaml') inv.out(toYaml(stripManaged(pod)))
  else if (spec.kind === 'json') inv.out(typed ? toStructJson(pod) : toJson(stripManaged(pod)))
  else if (spec.kind === 'name') inv.out(`pod/${pod.metadata.name}\n`)
  else inv.out(renderObjects(spec, [pod], true))
}

/** The Pod kubectl's run generator builds (a Go struct: see struct-order.ts for -o json). */
function generatePod(inv: Invocation, name: string, image: string, restart: string, extra: string[]): any {
  const f = inv.flags
  const labels: Record<string, string> = {}
  if (f.str('labels')) {
    for (const kv of f.str('labels').split(',')) {
      const eq = kv.indexOf('=')
      if (eq < 0 || kv.indexOf('=', eq + 1) >= 0) throw new ExitError(`error: unexpected label spec: ${kv}`)
      labels[kv.slice(0, eq)] = kv.slice(eq + 1)
    }
  } else labels.run = name
  const container: any = { name, image }
  if (extra.length) {
    if (f.bool('command')) container.command = extra
    else container.args = extra
  }
  if (f.str('port')) {
    const port = f.str('port')
    if (!/^[+-]?\d+$/.test(port)) throw new ExitError(`error: strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`)
    container.ports = [{ containerPort: parseInt(port, 10) }]
  }
  if (f.list('env').length) {
    container.env = f.list('env').map((kv) => {
      const eq = kv.indexOf('=')
      if (eq < 0) throw new ExitError(`error: invalid env: ${kv}`)
      return { name: kv.slice(0, eq), value: kv.slice(eq + 1) }
    })
  }
  container.resources = {}
  if (f.str('image-pull-policy')) container.imagePullPolicy = f.str('image-pull-policy')
  if (f.bool('stdin')) { container.stdin = true; container.stdinOnce = true }
  if (f.bool('tty')) container.tty = true
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, creationTimestamp: null, labels },
    spec: { containers: [container], restartPolicy: restart, dnsPolicy: 'ClusterFirst' },
    status: {},
  }
}

async function runRun(inv: Invocation): Promise<number> {
  const f = inv.flags
  const args = inv.args
  if (!f.changed('image')) throw requiredFlagsError(['image'])
  const mode = dryRunMode(inv)
  const spec = outputSpec(inv)
  const dash = f.dashAt
  const name = dash === 0 ? undefined : args[0]
  if (!name) throw usage('NAME is required for run')
  const image = f.str('image')
  if (!image) throw new ExitError('error: --image is required')
  const extra = args.slice(1)
  const stdin = f.bool('stdin')
  const wantTty = f.bool('tty')
  if (wantTty && !stdin) throw usage('-i/--stdin is required for containers with -t/--tty=true')
  const restart = f.str('restart')
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw usage(`invalid restart policy: ${restart}`)
  const attach = stdin || f.bool('attach')
  if (f.bool('rm') && !attach) throw usage('--rm should only be used for attached containers')
  if (attach && mode !== 'none') throw usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)")
  const pullPolicy = f.str('image-pull-policy')
  if (pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) throw usage(`invalid image pull policy: ${pullPolicy}`)
  const pod = generatePod(inv, name, image, restart, extra)
  const ns = inv.namespace
  if (mode === 'client') {
    if (inv.explicitNamespace) (pod.metadata as any).namespace = ns
    if (spec) printPod(inv, spec, pod, true)
    else inv.out(`pod/${name} created (dry run)\n`)
    return 0
  }
  const created = await inv.client.request('POST', `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, {
    body: pod, query: writeQuery(mode, 'kubectl-run'), signal: inv.signal,
  })
  if (!attach) {
    if (spec) printPod(inv, spec, created, false)
    else inv.out(`pod/${name} created${dryRunSuffix(mode)}\n`)
    return 0
  }
  let tty = wantTty
  if (tty && !inv.ctx.tty) {
    if (!f.bool('quiet')) inv.err('Unable to use a TTY - input is not a terminal or the right kind of file\n')
    tty = false
  }
  const ready = await waitFor(inv, PODS, ns, name, (p) => {
    if (p === null) throw new ExitError(`Error from server (NotFound): pods "${name}" not found`)
    const phase = p.status?.phase
    if (phase === 'Succeeded' || phase === 'Failed') return true
    return phase === 'Running' && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
  })
  const base = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`
  if (ready?.status?.phase === 'Running') {
    if (stdin && !f.bool('quiet')) inv.err("If you don't see a command prompt, try pressing enter.\n")
    try {
      await runStream(inv, `${base}/attach`, {
        container: name, stdin: stdin ? 'true' : undefined, stdout: 'true', stderr: tty ? undefined : 'true', tty: tty ? 'true' : undefined,
      }, { stdin, tty })
    } catch (e) {
      // A non-zero exit of the attached process (ExitError) is reported below from the pod's final status.
      if (!(e instanceof ApiError) && !(e instanceof ExitError)) throw e
      if (e instanceof ApiError) {
        // The container may finish between "Running" and the attach; then its output is in the log.
        inv.err(`warning: couldn't attach to pod/${name}, falling back to streaming logs: ${e.message}\n`)
        await printLog(inv, base, name)
      }
    }
  } else {
    // Already finished: show what it printed, as kubectl does.
    await printLog(inv, base, name)
  }
  if (inv.signal.aborted) return 130
  let final: any = ready
  if (restart === 'Never' || restart === 'OnFailure') {
    final = await waitFor(inv, PODS, ns, name, (p) => {
      if (p === null) return true
      const phase = p.status?.phase
      return restart === 'OnFailure' ? phase === 'Succeeded' : phase === 'Succeeded' || phase === 'Failed'
    })
  } else if (!f.bool('rm')) {
    return 0
  }
  if (f.bool('rm')) {
    await inv.client.request('DELETE', base, { body: { propagationPolicy: 'Background' }, signal: inv.signal }).catch(() => undefined)
    inv.out(`pod "${name}" deleted\n`)
  }
  if (final?.status?.phase === 'Failed') {
    const term = final.status?.containerStatuses?.[0]?.state?.terminated
    if (!term || !term.exitCode) throw new ExitError(`error: pod ${ns}/${name} failed with unknown exit code`)
    throw new ExitError(`pod ${ns}/${name} terminated (${term.reason ?? ''})\n${term.message ?? ''}`, term.exitCode)
  }
  return 0
}
