// kubectl cordon / uncordon / drain NODE: cordon flips spec.unschedulable; drain cordons, then evicts every pod on
// the node through the eviction subresource and waits until each is gone (or replaced under the same name).
import type { KubectlCommand, Invocation } from '../command'
import { ApiError } from '../client'
import type { ApiResource } from '../discovery'
import { ExitError } from '../errors'
import { waitFor } from '../wait'
import { DRY_RUN_FLAG, dryRunMode, dryRunSuffix, writeQuery, type DryRun } from './resource-args'

const PODS: ApiResource = {
  group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, singular: 'pod',
  shortNames: ['po'], verbs: [], subresources: [], preferred: true,
}

function nodeCommand(name: 'cordon' | 'uncordon'): KubectlCommand {
  return {
    name,
    group: 'Cluster Management Commands',
    summary: name === 'cordon' ? 'Mark node as unschedulable' : 'Mark node as schedulable',
    usage: `kubectl ${name} NODE [options]`,
    description: name === 'cordon'
      ? 'Stop the scheduler from placing new pods on a node. Pods already there keep running.'
      : 'Let the scheduler place pods on a node again.',
    examples: `  # ${name === 'cordon' ? 'No new pods on' : 'Pods may go to'} ordinal-worker2
  kubectl ${name} ordinal-worker2`,
    flags: [
      { name: 'selector', short: 'l', type: 'string', usage: 'Every node matching this label selector.' },
      DRY_RUN_FLAG,
    ],
    run: async (inv) => {
      const mode = dryRunMode(inv)
      const nodes = await nodesFor(inv, name)
      for (const n of nodes) await setUnschedulable(inv, n, name === 'cordon', mode)
      return 0
    },
  }
}

export const cordonCommand = nodeCommand('cordon')
export const uncordonCommand = nodeCommand('uncordon')

async function nodesFor(inv: Invocation, verb: string): Promise<any[]> {
  const sel = inv.flags.str('selector')
  if (inv.args.length === 0 && !sel) throw new ExitError(`error: USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`)
  if (sel) {
    const list = await inv.client.request('GET', '/api/v1/nodes', { query: { labelSelector: sel }, signal: inv.signal })
    return list.items ?? []
  }
  // Like kubectl, every named node is looked up first (a missing one fails the command before any is changed).
  const nodes: any[] = []
  for (const n of inv.args) nodes.push(await inv.client.request('GET', `/api/v1/nodes/${encodeURIComponent(n)}`, { signal: inv.signal }))
  return nodes
}

async function setUnschedulable(inv: Invocation, node: any, on: boolean, mode: DryRun): Promise<void> {
  const name = node.metadata.name
  const word = on ? 'cordoned' : 'uncordoned'
  if (!!node.spec?.unschedulable === on) { inv.out(`node/${name} already ${word}\n`); return }
  if (mode !== 'client') {
    await inv.client.request('PATCH', `/api/v1/nodes/${encodeURIComponent(name)}`, {
      body: { spec: { unschedulable: on ? true : null } }, contentType: 'application/strategic-merge-patch+json',
      query: writeQuery(mode, 'kubectl-cordon'), signal: inv.signal,
    })
  }
  inv.out(`node/${name} ${word}${dryRunSuffix(mode)}\n`)
}

export const drainCommand: KubectlCommand = {
  name: 'drain',
  group: 'Cluster Management Commands',
  summary: 'Drain node in preparation for maintenance',
  usage: 'kubectl drain NODE [options]',
  description: 'Cordon a node, then evict its pods so their controllers recreate them elsewhere. Pods without a\ncontroller are only deleted with --force; DaemonSet pods are skipped with --ignore-daemonsets.',
  examples: `  # Empty ordinal-worker2; its StatefulSet pods come back on other nodes
  kubectl drain ordinal-worker2 --ignore-daemonsets`,
  flags: [
    { name: 'force', type: 'bool', usage: 'Also delete pods that no controller will recreate.' },
    { name: 'ignore-daemonsets', type: 'bool', usage: 'Leave DaemonSet pods alone instead of failing.' },
    { name: 'delete-emptydir-data', type: 'bool', usage: 'Also evict pods using emptyDir volumes (their data is lost).' },
    { name: 'grace-period', type: 'int', default: -1, usage: "Seconds each pod gets to stop; -1 keeps the pod's own setting." },
    { name: 'timeout', type: 'duration', default: '0s', usage: 'Give up after this long (0 = never).' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Every node matching this label selector.' },
    { name: 'pod-selector', type: 'string', usage: 'Only evict pods matching this label selector.' },
    { name: 'disable-eviction', type: 'bool', usage: 'Delete the pods instead of evicting them.' },
    DRY_RUN_FLAG,
  ],
  run: runDrain,
}

async function runDrain(inv: Invocation): Promise<number> {
  const f = inv.flags
  const mode = dryRunMode(inv)
  const nodes = await nodesFor(inv, 'drain')
  for (const node of nodes) {
    const name = node.metadata.name
    await setUnschedulable(inv, node, true, mode)
    const list = await inv.client.request('GET', '/api/v1/pods', {
      query: { fieldSelector: `spec.nodeName=${name}`, labelSelector: f.str('pod-selector') || undefined }, signal: inv.signal,
    })
    const problems: string[] = []
    const warnings: string[] = []
    const victims: any[] = []
    const unmanaged: string[] = []
    const daemon: string[] = []
    const local: string[] = []
    for (const p of list.items ?? []) {
      const id = `${p.metadata.namespace}/${p.metadata.name}`
      if (p.metadata?.annotations?.['kubernetes.io/config.mirror']) continue
      const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'
      const owner = (p.metadata.ownerReferences ?? []).find((o: any) => o.controller)
      if (owner?.kind === 'DaemonSet' && !finished) { daemon.push(id); continue }
      if (!owner && !finished) unmanaged.push(id)
      if (!finished && (p.spec?.volumes ?? []).some((v: any) => v.emptyDir)) local.push(id)
      victims.push(p)
    }
    if (unmanaged.length) {
      if (f.bool('force')) warnings.push(`deleting Pods that declare no controller: ${unmanaged.join(', ')}`)
      else problems.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.join(', ')}`)
    }
    if (daemon.length) {
      if (f.bool('ignore-daemonsets')) warnings.push(`ignoring DaemonSet-managed Pods: ${daemon.join(', ')}`)
      else problems.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemon.join(', ')}`)
    }
    if (local.length) {
      if (f.bool('delete-emptydir-data')) warnings.push(`deleting Pods with local storage: ${local.join(', ')}`)
      else problems.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.join(', ')}`)
    }
    if (problems.length) {
      // kubectl's wording repeats "cannot delete" (its error list is prefixed once more); kept for fidelity.
      const text = problems.map((p) => `cannot delete ${p}`).join(', ')
      throw new ExitError(`error: unable to drain node "${name}" due to error: ${text}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${text}`)
    }
    if (warnings.length) inv.err(`Warning: ${warnings.join('; ')}\n`)
    const evicted: { p: any; uid: string }[] = []
    for (const p of victims) {
      inv.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name}\n`)
      if (mode === 'client') continue
      const base = `/api/v1/namespaces/${encodeURIComponent(p.metadata.namespace)}/pods/${encodeURIComponent(p.metadata.name)}`
      const deleteOptions: Record<string, unknown> = {}
      if (f.int('grace-period') >= 0) deleteOptions.gracePeriodSeconds = f.int('grace-period')
      if (mode === 'server') deleteOptions.dryRun = ['All']
      try {
        if (f.bool('disable-eviction')) await inv.client.request('DELETE', base, { body: deleteOptions, signal: inv.signal })
        else {
          await inv.client.request('POST', `${base}/eviction`, {
            body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name, namespace: p.metadata.namespace }, deleteOptions },
            signal: inv.signal,
          })
        }
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) continue
        throw e
      }
      evicted.push({ p, uid: p.metadata.uid })
    }
    if (mode === 'none') {
      for (const { p, uid } of evicted) {
        await waitFor(inv, PODS, p.metadata.namespace, p.metadata.name, (o) => o === null || o.metadata?.uid !== uid)
      }
    }
    inv.out(`node/${name} drained${dryRunSuffix(mode)}\n`)
  }
  return 0
}

