// kubectl attach POD [-c CONTAINER] [-i] [-t]: connect to the main process of a running container over the same
// WebSocket stream protocol as exec.
import type { KubectlCommand, Invocation } from '../command'
import { podForArg } from './logs'
import { ExitError } from '../errors'
import { runStream } from '../stream'
import { pickContainer } from './exec'

export const attachCommand: KubectlCommand = {
  name: 'attach',
  group: 'Troubleshooting and Debugging Commands',
  summary: 'Attach to a running container',
  usage: 'kubectl attach (POD | TYPE/NAME) -c CONTAINER [options]',
  description: "Connect to the output (and with -i the input) of a container's main process.",
  examples: `  # Watch what web-0's nginx prints
  kubectl attach web-0

  # Type into the shell of a pod started with kubectl run -it
  kubectl attach -it dns-test`,
  flags: [
    { name: 'stdin', short: 'i', type: 'bool', usage: "Send your input to the container's process." },
    { name: 'tty', short: 't', type: 'bool', usage: 'The container has a terminal (needs -i).' },
    { name: 'container', short: 'c', type: 'string', usage: 'Container name; default: the first one.' },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Print only what the container prints.' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s', usage: 'How long to wait for the pod to be running.' },
  ],
  run: runAttach,
}

async function runAttach(inv: Invocation): Promise<number> {
  const f = inv.flags
  if (inv.args.length === 0) throw new ExitError('error: at least 1 argument is required for attach')
  if (inv.args.length > 2) throw new ExitError("error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [" + inv.args.join(' ') + ']')
  const ns = inv.namespace
  // `attach sts/web` picks a pod through the workload's selector, as exec and logs do.
  const pod = inv.args.length === 1 && inv.args[0].includes('/')
    ? await podForArg(inv, inv.args[0], ns, { verb: 'attach', plainNotFound: true })
    : await inv.client.request('GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(inv.args[inv.args.length - 1])}`, { signal: inv.signal })
  const base = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod.metadata.name)}`
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') throw new ExitError(`error: cannot attach a container in a completed pod; current phase is ${phase}`)
  const container = pickContainer(inv, pod, f.str('container'))
  const stdin = f.bool('stdin')
  let tty = f.bool('tty')
  if (tty && !stdin) {
    inv.err('error: Unable to use a TTY - input is not a terminal or the right kind of file\n')
    tty = false
  }
  if (tty && !inv.ctx.tty) {
    if (!f.bool('quiet')) inv.err('Unable to use a TTY - input is not a terminal or the right kind of file\n')
    tty = false
  }
  if (!f.bool('quiet')) inv.err("If you don't see a command prompt, try pressing enter.\n")
  return runStream(inv, `${base}/attach`, {
    container, stdin: stdin ? 'true' : undefined, stdout: 'true', stderr: tty ? undefined : 'true', tty: tty ? 'true' : undefined,
  }, { stdin, tty })
}
