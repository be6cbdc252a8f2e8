// kubectl exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [args...]
import type { KubectlCommand, Invocation } from '../command'
import { ExitError } from '../errors'
import { runStream } from '../stream'
import { podForArg } from './logs'

export const execCommand: KubectlCommand = {
  name: 'exec',
  group: 'Troubleshooting and Debugging Commands',
  summary: 'Execute a command in a container',
  usage: 'kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]',
  description: 'Run a command inside a running container. With -i your input is sent to it; with -t it gets a terminal.',
  examples: `  # Print the hostname of web-0
  kubectl exec web-0 -- hostname

  # Open an interactive shell in web-0
  kubectl exec -it web-0 -- sh`,
  flags: [
    { name: 'stdin', short: 'i', type: 'bool', usage: 'Pass your input to the container.' },
    { name: 'tty', short: 't', type: 'bool', usage: 'Give the command a terminal (needs -i and a terminal here).' },
    { name: 'container', short: 'c', type: 'string', usage: 'Container name; default: the pod\'s default container, else the first.' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Print only what the command prints.' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s', usage: 'How long to wait for the pod to be running.' },
  ],
  run: runExec,
}

async function runExec(inv: Invocation): Promise<number> {
  const f = inv.flags
  const args = inv.args
  if (args.length === 0) throw new ExitError('error: pod, type/name or --filename must be specified')
  const dash = f.dashAt
  if (dash < 0 && args.length > 1) throw new ExitError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples")
  const command = dash >= 0 ? args.slice(dash) : []
  const podArg = dash === 0 ? '' : args[0]
  if (!podArg) throw new ExitError('error: pod, type/name or --filename must be specified')
  if (command.length === 0) throw new ExitError('error: you must specify at least one command for the container')
  const ns = inv.namespace
  // `web-0`, `pod/web-0`, or a workload (`sts/web`) whose first pod is used, as kubectl's attachablePodForObject.
  const pod = await podForArg(inv, podArg, ns, { verb: 'exec', plainNotFound: true })
  const name: string = pod.metadata.name
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') throw new ExitError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`)
  const container = pickContainer(inv, pod, f.str('container'))
  const stdin = f.bool('stdin')
  let tty = f.bool('tty')
  if (tty && stdin && !inv.ctx.tty) {
    if (!f.bool('quiet')) inv.err('Unable to use a TTY - input is not a terminal or the right kind of file\n')
    tty = false
  }
  if (!stdin) tty = false
  return runStream(inv, `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/exec`, {
    command, container, stdin: stdin ? 'true' : undefined, stdout: 'true', stderr: tty ? undefined : 'true', tty: tty ? 'true' : undefined,
  }, { stdin, tty })
}

export function pickContainer(inv: Invocation, pod: any, wanted: string): string {
  const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name)
  if (wanted) return wanted
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container']
  if (annotated && names.includes(annotated)) return annotated
  if (names.length > 1 && !inv.flags.bool('quiet')) {
    inv.err(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`)
  }
  return names[0] ?? ''
}
