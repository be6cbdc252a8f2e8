// kubectl rollout status|history|undo|restart|pause|resume for StatefulSets, Deployments and DaemonSets.
// One table row with a subcommand word; each subcommand accepts only its own flags (checked here, with kubectl's
// "unknown flag" wording naming the subcommand).
import type { KubectlCommand, Invocation } from '../command'
import { ApiError, AbortedError } from '../client'
import { kindGroup, resourceGroup, resourcePath, type ApiResource } from '../discovery'
import { parseDuration } from '../flags'
import { goTabwriter } from '../tabwriter'
import { ExitError, MultiError } from '../errors'
import { toJson, toYaml } from '../yaml-output'
import { collectObjects, dryRunMode, printResult, writeQuery, type ObjectRef } from './resource-args'
import { describeTemplate, revisionsOf, statusOf } from './rollout-viewers'
import { stripManaged } from '../printers/render-objects'

const SUBCOMMANDS: Record<string, { summary: string; flags: string[] }> = {
  history: { summary: 'View rollout history', flags: ['revision', 'output', 'selector', 'filename', 'recursive'] },
  pause: { summary: 'Mark the provided resource as paused', flags: ['output', 'selector', 'filename', 'recursive', 'field-manager'] },
  restart: { summary: 'Restart a resource', flags: ['output', 'selector', 'filename', 'recursive', 'field-manager'] },
  resume: { summary: 'Resume a paused resource', flags: ['output', 'selector', 'filename', 'recursive', 'field-manager'] },
  status: { summary: 'Show the status of the rollout', flags: ['revision', 'watch', 'timeout', 'selector', 'filename', 'recursive'] },
  undo: { summary: 'Undo a previous rollout', flags: ['to-revision', 'output', 'selector', 'filename', 'recursive', 'dry-run'] },
}

const ROLLOUT_HELP = `Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
${Object.entries(SUBCOMMANDS).map(([n, s]) => `  ${n.padEnd(14)}${s.summary}\n`).join('')}
Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl rollout <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`

export const rolloutCommand: KubectlCommand = {
  name: 'rollout',
  group: 'Deploy Commands',
  summary: 'Manage the rollout of a resource',
  usage: 'kubectl rollout SUBCOMMAND [options]',
  description: 'Watch, undo, restart, pause or resume the rollout of a StatefulSet, Deployment or DaemonSet.',
  examples: `  # Wait until the StatefulSet web has rolled out
  kubectl rollout status sts/web

  # List its revisions, then go back to the previous one
  kubectl rollout history sts/web
  kubectl rollout undo sts/web`,
  flags: [
    { name: 'revision', type: 'int', default: 0, usage: 'history: show this revision in detail; status: wait for this revision.' },
    { name: 'to-revision', type: 'int', default: 0, usage: 'undo: the revision to go back to (0 = the previous one).' },
    { name: 'watch', short: 'w', type: 'bool', default: true, usage: 'status: keep watching until the rollout finishes.' },
    { name: 'timeout', type: 'duration', default: '0s', usage: 'status: give up after this long (0 = never).' },
    { name: 'output', short: 'o', type: 'string', usage: 'Print the object as yaml, json or name.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Act on every object matching this label selector.' },
    { name: 'filename', short: 'f', type: 'stringArray', usage: 'Files naming the objects.' },
    { name: 'recursive', short: 'R', type: 'bool', usage: 'Also read the directories inside the ones given with -f.' },
    { name: 'field-manager', type: 'string', default: 'kubectl-rollout', usage: 'Name of the manager recorded for the change.' },
    { name: 'dry-run', type: 'string', default: 'none', usage: 'undo: must be "none", "server", or "client".' },
  ],
  // Parsed per subcommand by the entry point, so flag errors name it (`See 'kubectl rollout undo --help'`).
  subcommands: Object.fromEntries(Object.entries(SUBCOMMANDS).map(([name, s]) => [name, s.flags])),
  run: runRollout,
}

async function runRollout(inv: Invocation): Promise<number> {
  const sub = inv.args[0]
  if (sub === undefined) {
    // Like cobra for a command that only groups subcommands: help on stdout… but kubectl exits 1 here.
    inv.out(ROLLOUT_HELP)
    return 1
  }
  const spec = SUBCOMMANDS[sub]
  if (!spec) throw new ExitError(`error: unknown command "${sub}"\nSee 'kubectl rollout -h' for help and examples`)
  const args = inv.args.slice(1)
  const files = inv.flags.list('filename')
  if (args.length === 0 && files.length === 0) throw new ExitError('error: required resource not specified')
  const output = inv.flags.str('output')
  if (output && !['yaml', 'json', 'name'].includes(output)) {
    throw new ExitError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`)
  }
  const mode = sub === 'undo' ? dryRunMode(inv) : 'none'
  const refs = await collectObjects(inv, { args, selector: inv.flags.str('selector'), all: args.length === 1 && !args[0].includes('/') && !inv.flags.str('selector'), filenames: files })
  if (sub === 'status') {
    if (refs.length !== 1) throw new ExitError('error: rollout status is only supported on individual resources and resource collections are not supported yet')
    return rolloutStatus(inv, refs[0])
  }
  const errs: unknown[] = []
  for (const ref of refs) {
    try {
      const obj = ref.object && !ref.source ? ref.object : await inv.client.request('GET', resourcePath(ref.r, ref.ns, ref.name), { signal: inv.signal })
      if (sub === 'history') await history(inv, ref.r, obj)
      else if (sub === 'undo') await undo(inv, ref.r, obj, mode)
      else if (sub === 'restart') await restart(inv, ref.r, obj)
      else await pauseResume(inv, ref.r, obj, sub === 'pause')
    } catch (e) {
      if (inv.signal.aborted) throw e
      // kubectl prints each object's failure as it goes, after the successes before it.
      errs.push(e)
    }
  }
  if (errs.length) throw new MultiError(errs)
  return 0
}

const ROLLOUT_KINDS = ['StatefulSet', 'Deployment', 'DaemonSet']

async function history(inv: Invocation, r: ApiResource, obj: any): Promise<void> {
  if (!ROLLOUT_KINDS.includes(r.kind)) {
    throw new ExitError(`error: error retrieving history for "${r.kind}", no visitor method exists for {${r.group} ${r.kind}}`)
  }
  const output = inv.flags.str('output')
  const revs = await revisionsOf(inv, r, obj)
  if (output) {
    // kubectl prints the object once per revision, with that revision's template in it.
    revs.forEach((rev, i) => {
      const o = { ...obj, spec: { ...obj.spec, template: rev.template } }
      if (output === 'name') inv.out(`${kindGroup(r)}/${obj.metadata.name}\n`)
      else if (output === 'json') inv.out(toJson(stripManaged(o)))
      else inv.out((i > 0 ? '---\n' : '') + toYaml(stripManaged(o)))
    })
    return
  }
  const wanted = Number(inv.flags.str('revision'))
  if (wanted > 0) {
    const rev = revs.find((x) => x.revision === wanted)
    if (!rev) throw new ExitError('error: unable to find the specified revision')
    inv.out(`${kindGroup(r)}/${obj.metadata.name} with revision #${wanted}\n${describeTemplate(rev.template)}\n`)
    return
  }
  const rows = ['REVISION\tCHANGE-CAUSE\n', ...revs.map((x) => `${x.revision}\t${x.changeCause || '<none>'}\n`)]
  inv.out(`${kindGroup(r)}/${obj.metadata.name} \n${goTabwriter(rows.join(''), 0, 2)}\n`)
}

function canonical(v: unknown): string {
  const sort = (x: any): any => Array.isArray(x) ? x.map(sort)
    : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])])) : x
  return JSON.stringify(sort(v))
}

function withoutHash(tpl: any): any {
  const t = JSON.parse(JSON.stringify(tpl ?? {}))
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash']
  if (t.metadata) delete t.metadata.creationTimestamp
  return t
}

async function undo(inv: Invocation, r: ApiResource, obj: any, mode: 'none' | 'client' | 'server'): Promise<void> {
  if (!ROLLOUT_KINDS.includes(r.kind)) throw new ExitError(`error: no rollbacker has been implemented for "${r.group ? `${r.kind}.${r.group}` : r.kind}"`)
  const toRevision = Number(inv.flags.str('to-revision'))
  const revs = await revisionsOf(inv, r, obj)
  let target
  if (toRevision === 0) {
    if (revs.length < 2) throw new ExitError(r.kind === 'Deployment' ? `error: no rollout history found for deployment "${obj.metadata.name}"` : 'error: no last revision to roll back to')
    target = revs[revs.length - 2]
  } else {
    target = revs.find((x) => x.revision === toRevision)
    if (!target) throw new ExitError(`error: unable to find specified revision ${toRevision} in history`)
  }
  const path = resourcePath(r, obj.metadata.namespace ?? null, obj.metadata.name)
  if (mode === 'client') {
    printResult(inv, r, obj.metadata.name, `will roll back to ${describeTemplate(target.template)}`, mode)
    return
  }
  if (r.kind === 'Deployment' && obj.spec?.paused) {
    throw new ExitError("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again")
  }
  // Only the Deployment rollbacker compares templates first; the StatefulSet one always patches.
  if (r.kind === 'Deployment' && canonical(withoutHash(target.template)) === canonical(withoutHash(obj.spec?.template))) {
    printResult(inv, r, obj.metadata.name, `skipped rollback (current template already matches revision ${target.revision})`)
    return
  }
  {
    if (r.kind === 'Deployment') {
      await inv.client.request('PATCH', path, {
        body: [{ op: 'replace', path: '/spec/template', value: withoutHash(target.template) }],
        contentType: 'application/json-patch+json', query: writeQuery(mode, inv.flags.str('field-manager') || 'kubectl-rollout'), signal: inv.signal,
      })
    } else {
      await inv.client.request('PATCH', path, {
        body: target.source.data, contentType: 'application/strategic-merge-patch+json',
        query: writeQuery(mode, inv.flags.str('field-manager') || 'kubectl-rollout'), signal: inv.signal,
      })
    }
  }
  printResult(inv, r, obj.metadata.name, 'rolled back', mode)
}

/** Go's time.RFC3339 in UTC, as kubectl stamps kubectl.kubernetes.io/restartedAt. */
function rfc3339Now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z')
}

async function restart(inv: Invocation, r: ApiResource, obj: any): Promise<void> {
  if (!ROLLOUT_KINDS.includes(r.kind)) throw new ExitError(`error: ${resourceGroup(r)} "${obj.metadata.name}" restarting is not supported`)
  if (r.kind === 'Deployment' && obj.spec?.paused) {
    throw new ExitError(`error: ${resourceGroup(r)} "${obj.metadata.name}" can't restart paused deployment (run rollout resume first)`)
  }
  await inv.client.request('PATCH', resourcePath(r, obj.metadata.namespace ?? null, obj.metadata.name), {
    body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339Now() } } } } },
    contentType: 'application/strategic-merge-patch+json', query: { fieldManager: inv.flags.str('field-manager') || 'kubectl-rollout' }, signal: inv.signal,
  })
  printResult(inv, r, obj.metadata.name, 'restarted')
}

async function pauseResume(inv: Invocation, r: ApiResource, obj: any, pause: boolean): Promise<void> {
  const verb = pause ? 'pausing' : 'resuming'
  if (r.kind !== 'Deployment') throw new ExitError(`error: ${resourceGroup(r)} "${obj.metadata.name}" ${verb} is not supported`)
  if (!!obj.spec?.paused === pause) {
    throw new ExitError(`error: ${resourceGroup(r)} "${obj.metadata.name}" is ${pause ? 'already paused' : 'not paused'}`)
  }
  await inv.client.request('PATCH', resourcePath(r, obj.metadata.namespace ?? null, obj.metadata.name), {
    body: { spec: { paused: pause } }, contentType: 'application/strategic-merge-patch+json',
    query: { fieldManager: inv.flags.str('field-manager') || 'kubectl-rollout' }, signal: inv.signal,
  })
  printResult(inv, r, obj.metadata.name, pause ? 'paused' : 'resumed')
}

/** Print the status for the object as it is, then for every change, until done, the watch ends, or --timeout. */
async function rolloutStatus(inv: Invocation, ref: ObjectRef): Promise<number> {
  const r = ref.r
  if (!ROLLOUT_KINDS.includes(r.kind)) throw new ExitError(`error: no status viewer has been implemented for ${r.kind}`)
  const timeoutMs = parseDuration(inv.flags.str('timeout')) ?? 0
  const ac = new AbortController()
  let timedOut = false
  const onAbort = () => ac.abort()
  inv.signal.addEventListener('abort', onAbort, { once: true })
  const timer = timeoutMs > 0 ? setTimeout(() => { timedOut = true; ac.abort() }, timeoutMs) : undefined
  const path = resourcePath(r, ref.ns)
  const query = { fieldSelector: `metadata.name=${ref.name}` }
  try {
    for (;;) {
      const list = await inv.client.request('GET', path, { query, signal: ac.signal })
      const obj = (list.items ?? [])[0]
      if (!obj) throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `${resourceGroup(r)} "${ref.name}" not found` })
      const check = (o: any): boolean => {
        const s = statusOf(r.kind, o)
        if (s.error) throw new ExitError(`error: ${s.error}`)
        inv.out(s.message)
        return s.done || !inv.flags.bool('watch')
      }
      if (check(obj)) return 0
      let finished = false
      const wac = new AbortController()
      const stop = () => wac.abort()
      ac.signal.addEventListener('abort', stop, { once: true })
      try {
        await inv.client.watch(path, { query: { ...query, resourceVersion: list.metadata?.resourceVersion, watch: 'true' }, signal: wac.signal }, (ev) => {
          if (finished) return
          if (ev.type === 'DELETED') throw new ExitError(`error: object has been deleted`)
          if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return
          if (check(ev.object)) { finished = true; wac.abort() }
        })
      } finally {
        ac.signal.removeEventListener('abort', stop)
      }
      if (finished) return 0
      if (ac.signal.aborted) break
    }
  } catch (e) {
    if (!(e instanceof AbortedError) || !ac.signal.aborted) throw e
  } finally {
    if (timer) clearTimeout(timer)
    inv.signal.removeEventListener('abort', onAbort)
  }
  if (timedOut) throw new ExitError('error: timed out waiting for the condition')
  return 130
}

