// The `kubectl` row of the workstation table: our kubectl in-process (no spawn), talking HTTP to the API server.
// Lives in a node-* file because kubectl's client uses node's network stack.
import type { Builtin, Env } from '../io'
import { loadRestConfig } from '../../kubectl/kubeconfig'
import { COMMANDS, runKubectl } from '../../kubectl/index'
import type { KubectlVerb } from './completion'

export const kubectlBuiltin: Builtin = {
  name: 'kubectl',
  summary: 'control the (simulated) Kubernetes cluster',
  usage: 'kubectl [command] [TYPE] [NAME] [flags]',
  run: (ctx) => runKubectl(ctx.argv.slice(1), ctx),
}

/** kubectl's command table, reduced to what completion needs. */
export function kubectlVerbs(): KubectlVerb[] {
  return COMMANDS.map((c) => ({ name: c.name, aliases: c.aliases, flags: c.flags.map((f) => ({ name: f.name, short: f.short })) }))
}

/** The namespace of the kubeconfig's current context (what `kubectl` would use without -n), for the prompt.
 *  Read afresh each time, so `kubectl config set-context --current --namespace=x` shows at the next prompt. */
export function currentNamespace(env: Env): string | null {
  try {
    return loadRestConfig(env, {}).namespace
  } catch {
    return null
  }
}
