// kubectl label / kubectl annotate: `KEY=VALUE` sets, `KEY-` removes; an existing different value needs
// --overwrite. Each object is read, changed locally, and sent as a JSON merge patch of just the changed map.
import type { KubectlCommand, Invocation } from '../command'
import { resourcePath } from '../discovery'
import { ExitError, MultiError } from '../errors'
import { toJson, toYaml } from '../yaml-output'
import { collectObjects, DRY_RUN_FLAG, dryRunMode, printResult, writeQuery } from './resource-args'
import { stripManaged } from '../printers/render-objects'

type Kind = 'label' | 'annotate'

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

function isPair(a: string): boolean {
  return a.includes('=') || a.endsWith('-')
}

/** kubectl's GetResourcesAndPairs: resources first, then changes; a resource after a change is an error. */
export function splitArgs(args: string[], kind: Kind): { resources: string[]; pairs: string[] } {
  const resources: string[] = []
  const pairs: string[] = []
  for (const a of args) {
    if (isPair(a)) { pairs.push(a); continue }
    if (pairs.length) throw new ExitError(`error: all resources must be specified before ${kind === 'label' ? 'label' : 'annotation'} changes: ${a}`)
    resources.push(a)
  }
  return { resources, pairs }
}

/** Parse `k=v` / `k-` into sets and removals, worded as kubectl words its errors. */
export function parseChanges(pairs: string[], kind: Kind): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>()
  const remove: string[] = []
  for (const p of pairs) {
    if (p.includes('=')) {
      const parts = p.split('=')
      if (parts.length !== 2 || parts[0] === '') throw new ExitError(`error: invalid ${kind === 'label' ? 'label' : 'annotation'} spec: ${p}`)
      if (kind === 'label' && !LABEL_VALUE.test(parts[1]) || kind === 'label' && parts[1].length > 63) {
        throw new ExitError(`error: invalid label value: "${p}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`)
      }
      set.set(parts[0], parts[1])
    } else {
      remove.push(p.slice(0, -1))
    }
  }
  for (const k of remove) {
    if (set.has(k)) throw new ExitError(`error: can not both modify and remove ${kind === 'label' ? 'a label' : 'an annotation'} in the same command`)
  }
  return { set, remove }
}

function makeCommand(kind: Kind): KubectlCommand {
  const noun = kind === 'label' ? 'labels' : 'annotations'
  return {
    name: kind,
    group: 'Basic Commands (Intermediate)',
    summary: kind === 'label' ? 'Update the labels on a resource' : 'Update the annotations on a resource',
    usage: `kubectl ${kind} [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]`,
    description: kind === 'label'
      ? 'Add, change or remove labels. KEY=VALUE sets a label, KEY- removes it. Changing a label that already has a\nvalue needs --overwrite.'
      : 'Add, change or remove annotations. KEY=VALUE sets an annotation, KEY- removes it. Changing one that already\nhas a value needs --overwrite.',
    examples: kind === 'label'
      ? `  # Mark web-0 as the primary
  kubectl label pod web-0 role=primary

  # Remove that label again
  kubectl label pod web-0 role-`
      : `  # Note why web was changed
  kubectl annotate sts web note='image bumped'`,
    flags: [
      { name: 'overwrite', type: 'bool', usage: `Allow changing ${noun} that already have a value.` },
      { name: 'selector', short: 'l', type: 'string', usage: 'Change every object matching this label selector.' },
      { name: 'all', type: 'bool', usage: 'Change every object of the given types in the namespace.' },
      { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'With -l or --all, look in every namespace.' },
      { name: 'filename', short: 'f', type: 'stringArray', usage: 'A file naming the objects to change.' },
      { name: 'resource-version', type: 'string', usage: 'Only change the object if it still has this resourceVersion.' },
      { name: 'list', type: 'bool', usage: `Print the object's current ${noun} instead of changing them.` },
      { name: 'output', short: 'o', type: 'string', usage: 'Print the changed object as yaml, json or name.' },
      DRY_RUN_FLAG,
    ],
    run: (inv) => runLabel(inv, kind),
  }
}

export const labelCommand = makeCommand('label')
export const annotateCommand = makeCommand('annotate')

async function runLabel(inv: Invocation, kind: Kind): Promise<number> {
  const f = inv.flags
  const mode = dryRunMode(inv)
  const field = kind === 'label' ? 'labels' : 'annotations'
  const { resources, pairs } = splitArgs(inv.args, kind)
  const files = f.list('filename')
  if (resources.length === 0 && files.length === 0) {
    throw new ExitError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>')
  }
  if (pairs.length === 0 && !f.bool('list')) throw new ExitError(`error: at least one ${kind === 'label' ? 'label' : 'annotation'} update is required`)
  const { set, remove } = parseChanges(pairs, kind)
  if (f.bool('all') && f.str('selector')) throw new ExitError('error: cannot set --all and --selector at the same time')
  const refs = await collectObjects(inv, {
    args: resources, selector: f.str('selector'), all: f.bool('all'), filenames: files, allNamespaces: f.bool('all-namespaces'),
  })
  // A selector that matches nothing is silent success.
  if (refs.length === 0) return 0
  const errs: unknown[] = []
  for (const ref of refs) {
    try {
      const path = resourcePath(ref.r, ref.ns, ref.name)
      const obj = await inv.client.request('GET', path, { signal: inv.signal })
      const old: Record<string, string> = { ...(obj.metadata?.[field] ?? {}) }
      if (f.bool('list')) {
        for (const [k, v] of Object.entries(old)) inv.out(`${k}=${v}\n`)
        continue
      }
      if (!f.bool('overwrite')) {
        const clashes = [...set].filter(([k, v]) => k in old && old[k] !== v).map(([k]) => `'${k}' already has a value (${old[k]})`)
        if (clashes.length) {
          throw new ExitError(kind === 'label'
            ? `error: ${clashes.join(', ')}, and --overwrite is false`
            : `error: --overwrite is false but found the following declared annotation(s): ${clashes.join(', ')}`)
        }
      }
      const next: Record<string, string> = { ...old }
      for (const [k, v] of set) next[k] = v
      for (const k of remove) {
        if (!(k in next)) {
          if (kind === 'label') inv.out(`label "${k}" not found.\n`)
          continue
        }
        delete next[k]
      }
      const changed = JSON.stringify(old) !== JSON.stringify(next)
      let result = obj
      if (changed) {
        const patchMap: Record<string, string | null> = {}
        for (const k of Object.keys(old)) if (!(k in next)) patchMap[k] = null
        for (const [k, v] of Object.entries(next)) if (old[k] !== v) patchMap[k] = v
        const meta: Record<string, unknown> = { [field]: patchMap }
        if (f.str('resource-version')) meta.resourceVersion = f.str('resource-version')
        if (mode === 'client') {
          result = { ...obj, metadata: { ...obj.metadata, [field]: next } }
        } else {
          result = await inv.client.request('PATCH', path, {
            body: { metadata: meta }, contentType: 'application/merge-patch+json',
            query: writeQuery(mode, kind === 'label' ? 'kubectl-label' : 'kubectl-annotate'), signal: inv.signal,
          })
        }
      }
      const output = f.str('output')
      if (output === 'yaml') { inv.out(toYaml(stripManaged(result))); continue }
      if (output === 'json') { inv.out(toJson(stripManaged(result))); continue }
      let verb: string
      if (kind === 'annotate') verb = 'annotated'
      else if (!changed) verb = 'not labeled'
      else verb = !f.bool('overwrite') && Object.keys(next).length < Object.keys(old).length ? 'unlabeled' : 'labeled'
      printResult(inv, ref.r, ref.name, verb, mode)
    } catch (e) {
      if (inv.signal.aborted) throw e
      errs.push(e)
    }
  }
  if (errs.length) throw new MultiError(errs)
  return 0
}
