// kubectl logs (POD | TYPE/NAME) [CONTAINER] [-c C] [-f] [-p] [--tail N] [--timestamps] [-l SELECTOR]: for a
// workload (sts/web, deploy/x, svc/y) the pod is picked the way kubectl picks it (running, ready, oldest first).
import type { KubectlCommand, Invocation } from '../command'
import { ApiError } from '../client'
import { parseDuration } from '../flags'
import { resourcePath, type ApiResource } from '../discovery'
import { ExitError } from '../errors'
import { formatSelector } from './selector-format'
import { streamGet } from './http-stream'

const USAGE_ERR = `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples`

export const logsCommand: KubectlCommand = {
  name: 'logs',
  group: 'Troubleshooting and Debugging Commands',
  summary: 'Print the logs for a container in a pod',
  usage: 'kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]',
  description: 'Print what a container wrote to stdout and stderr. For a StatefulSet, Deployment or Service one of its\npods is chosen.',
  examples: `  # What web-0's nginx printed
  kubectl logs web-0

  # Keep printing new lines as they arrive
  kubectl logs -f web-0

  # The last 5 lines of every pod labelled app=nginx
  kubectl logs -l app=nginx --tail=5`,
  flags: [
    { name: 'follow', short: 'f', type: 'bool', usage: 'Keep streaming new log lines.' },
    { name: 'previous', short: 'p', type: 'bool', usage: 'Print the log of the previous, terminated run of the container.' },
    { name: 'container', short: 'c', type: 'string', usage: 'Which container; default: the only one, or the default-container annotation.' },
    { name: 'tail', type: 'int', default: -1, usage: 'How many recent lines to show; -1 means all (10 with a selector).' },
    { name: 'timestamps', type: 'bool', usage: 'Start each line with its RFC3339 timestamp.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Print the logs of every pod matching this label selector.' },
    { name: 'all-containers', type: 'bool', usage: 'Print the logs of every container of the pod.' },
    { name: 'prefix', type: 'bool', usage: 'Start each line with [pod/NAME/CONTAINER].' },
    { name: 'since', type: 'duration', default: '0s', usage: 'Only lines newer than this duration, e.g. 5s, 2m, 3h.' },
    { name: 'limit-bytes', type: 'int', usage: 'Stop after this many bytes.' },
    { name: 'max-log-requests', type: 'int', default: 5, usage: 'With a selector, how many logs may be followed at once.' },
    { name: 'ignore-errors', type: 'bool', usage: 'When following several pods, keep going if one of them fails.' },
    { name: 'pod-running-timeout', type: 'string', default: '20s', usage: 'How long to wait for a pod to be running.' },
  ],
  run: runLogs,
}

const PODS: ApiResource = {
  group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, singular: 'pod',
  shortNames: ['po'], verbs: [], subresources: [], preferred: true,
}

interface Request { pod: any; container: string }

async function runLogs(inv: Invocation): Promise<number> {
  const f = inv.flags
  const args = inv.args
  const selector = f.str('selector')
  if (selector && args.length > 0) throw new ExitError("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples")
  if (!selector && (args.length === 0 || args.length > 2)) throw new ExitError(USAGE_ERR)
  const ns = inv.namespace
  let pods: any[]
  if (selector) {
    const list = await inv.client.request('GET', resourcePath(PODS, ns), { query: { labelSelector: selector }, signal: inv.signal })
    pods = list.items ?? []
    if (pods.length === 0) {
      inv.err(`No resources found in ${ns} namespace.\n`)
      return 0
    }
  } else {
    pods = [await podForArg(inv, args[0], ns)]
  }
  // Checked after the pod lookup: kubectl resolves the object before validating the container arguments.
  if (args.length === 2 && f.str('container')) throw new ExitError("error: only one of -c or an inline [CONTAINER] arg is allowed\nSee 'kubectl logs -h' for help and examples")
  if (f.bool('all-containers') && (f.str('container') || args.length === 2)) {
    throw new ExitError("error: --all-containers=true should not be specified with container name " + (f.str('container') || args[1]))
  }
  const wanted = f.str('container') || (args.length === 2 ? args[1] : '')
  const reqs: Request[] = []
  for (const pod of pods) {
    const names: string[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: any) => c.name)
    if (f.bool('all-containers')) {
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) reqs.push({ pod, container: c.name })
      continue
    }
    if (wanted) {
      if (!names.includes(wanted)) throw new ExitError(`error: container ${wanted} is not valid for pod ${pod.metadata.name}`)
      reqs.push({ pod, container: wanted })
      continue
    }
    const containers: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name)
    const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container']
    if (annotated && containers.includes(annotated)) { reqs.push({ pod, container: annotated }); continue }
    if (containers.length > 1) inv.err(`Defaulted container "${containers[0]}" out of: ${containers.join(', ')}\n`)
    reqs.push({ pod, container: containers[0] ?? '' })
  }
  const follow = f.bool('follow')
  if (follow && reqs.length > f.int('max-log-requests')) {
    throw new ExitError(`error: you are attempting to follow ${reqs.length} log streams, but maximum allowed concurrency is ${f.int('max-log-requests')}, use --max-log-requests to increase the limit`)
  }
  let tail = f.int('tail')
  if (selector && !f.changed('tail')) tail = 10
  const sinceMs = parseDuration(f.str('since')) ?? 0
  const query = (c: string): Record<string, string | undefined> => ({
    container: c,
    follow: follow ? 'true' : undefined,
    previous: f.bool('previous') ? 'true' : undefined,
    tailLines: tail >= 0 ? String(tail) : undefined,
    timestamps: f.bool('timestamps') ? 'true' : undefined,
    sinceSeconds: sinceMs > 0 ? String(Math.ceil(sinceMs / 1000)) : undefined,
    limitBytes: f.int('limit-bytes') > 0 ? String(f.int('limit-bytes')) : undefined,
  })
  const one = async (r: Request) => {
    const path = resourcePath(PODS, ns, r.pod.metadata.name, 'log')
    const prefix = f.bool('prefix') ? `[pod/${r.pod.metadata.name}/${r.container}] ` : ''
    let partial = ''
    await streamGet(inv, path, query(r.container), (text) => {
      if (!prefix) { inv.out(text); return }
      // Prefix whole lines only, so concurrent followers never split each other's lines.
      partial += text
      const lines = partial.split('\n')
      partial = lines.pop() ?? ''
      for (const l of lines) inv.out(`${prefix}${l}\n`)
    })
    if (partial) inv.out(`${prefix}${partial}`)
  }
  try {
    if (follow && reqs.length > 1) await Promise.all(reqs.map(one))
    else for (const r of reqs) await one(r)
  } catch (e) {
    if (inv.signal.aborted) return 130
    throw e
  }
  return inv.signal.aborted ? 130 : 0
}

function notFoundInNs(e: unknown, ns: string): unknown {
  if (e instanceof ApiError && e.code === 404) return new ExitError(`error: error from server (NotFound): ${e.message} in namespace "${ns}"`)
  return e
}

/** The pod for `web-0`, `pod/web-0`, or a workload (`sts/web`, `deploy/x`, `svc/y`) through its selector. */
export async function podForArg(inv: Invocation, arg: string, ns: string, opts: { verb: string; plainNotFound?: boolean } = { verb: 'logs' }): Promise<any> {
  // logs words a missing object its own way; exec reports the server's NotFound as is.
  const notFound = (e: unknown) => (opts.plainNotFound ? e : notFoundInNs(e, ns))
  if (!arg.includes('/')) {
    return inv.client.request('GET', resourcePath(PODS, ns, arg), { signal: inv.signal }).catch((e) => { throw notFound(e) })
  }
  const type = arg.slice(0, arg.indexOf('/'))
  const name = arg.slice(arg.indexOf('/') + 1)
  const r = await inv.discovery.resolve(type)
  const obj = await inv.client.request('GET', resourcePath(r, r.namespaced ? ns : null, name), { signal: inv.signal }).catch((e) => { throw notFound(e) })
  if (r.kind === 'Pod') return obj
  let selector: string
  if (r.kind === 'Service') {
    const sel = obj.spec?.selector ?? {}
    if (Object.keys(sel).length === 0) throw new ExitError(`error: invalid service '${name}': Service is defined without a selector`)
    selector = Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',')
  } else if (obj.spec?.selector && ['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job'].includes(r.kind)) {
    selector = formatSelector(obj.spec.selector)
  } else {
    // kubectl names the Go type here (`*v1.ConfigMap`), and exec and attach both say "attach to".
    const kind = `*${r.version}.${r.kind}`
    const action = opts.verb === 'logs' ? 'get the logs from' : 'attach to'
    throw new ExitError(`error: cannot ${action} ${kind}: selector for ${kind} not implemented`)
  }
  const list = await inv.client.request('GET', resourcePath(PODS, ns), { query: { labelSelector: selector }, signal: inv.signal })
  const pods: any[] = [...(list.items ?? [])].sort(byLogging)
  if (pods.length === 0) throw new ExitError('error: timed out waiting for the condition')
  if (pods.length > 1 && opts.verb === 'logs') inv.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`)
  return pods[0]
}

const PHASE_RANK: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 }

function readySince(p: any): number | null {
  const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready' && x.status === 'True')
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : null
}

/** kubectl's ByLogging order: scheduled, then Running, ready, ready longest, most restarts, oldest. */
export function byLogging(a: any, b: any): number {
  const assigned = (p: any) => (p.spec?.nodeName ? 0 : 1)
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b)
  const ra = PHASE_RANK[a.status?.phase] ?? 3
  const rb = PHASE_RANK[b.status?.phase] ?? 3
  if (ra !== rb) return ra - rb
  const ya = readySince(a)
  const yb = readySince(b)
  if ((ya === null) !== (yb === null)) return ya === null ? 1 : -1
  if (ya !== null && yb !== null && ya !== yb) return ya - yb
  const restarts = (p: any) => (p.status?.containerStatuses ?? []).reduce((n: number, c: any) => Math.max(n, c.restartCount ?? 0), 0)
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a)
  const ta = a.metadata?.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : Infinity
  const tb = b.metadata?.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : Infinity
  if (ta !== tb) return ta - tb
  return 0
}
