// kubectl wait (TYPE NAME | TYPE/NAME | TYPE -l SEL | TYPE --all) --for=condition=C[=V]|delete|create|jsonpath=P[=V]
// [--timeout=30s]: list+watch each object until the condition holds; prints `pod/web-0 condition met`.
import type { KubectlCommand, Invocation } from '../command'
import { AbortedError, ApiError } from '../client'
import { kindGroup, resourcePath, type ApiResource } from '../discovery'
import { parseDuration } from '../flags'
import { ExitError } from '../errors'
import { collectObjects } from './resource-args'
import { JsonPathError, lookup, parsePath, valueText } from './jsonpath-lite'

export const waitCommand: KubectlCommand = {
  name: 'wait',
  group: 'Advanced Commands',
  summary: 'Experimental: Wait for a specific condition on one or many resources',
  usage: "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
  description: 'Block until objects reach a condition: a status condition, a field value, being created or being deleted.',
  examples: `  # Until web-0 is Ready
  kubectl wait --for=condition=Ready pod/web-0

  # Until the StatefulSet has two ready replicas
  kubectl wait --for=jsonpath='{.status.readyReplicas}'=2 sts/web

  # Until web-1 is gone, for at most a minute
  kubectl wait --for=delete pod/web-1 --timeout=60s`,
  flags: [
    { name: 'for', type: 'string', usage: "The condition: create, delete, condition=NAME[=VALUE] or jsonpath='{PATH}'[=VALUE]." },
    { name: 'timeout', type: 'duration', default: '30s', usage: 'How long to wait; 0 checks once, negative waits a week.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Wait for every object matching this label selector.' },
    { name: 'all', type: 'bool', usage: 'Wait for every object of the given types in the namespace.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'With -l or --all, look in every namespace.' },
    { name: 'filename', short: 'f', type: 'stringArray', usage: 'Files naming the objects.' },
    { name: 'output', short: 'o', type: 'string', usage: 'Only "name" is supported.' },
  ],
  run: runWait,
}

type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; type: string; value: string }
  | { kind: 'jsonpath'; path: (string | number)[]; value?: string }

export function parseFor(s: string): Condition {
  const lower = s.toLowerCase()
  if (lower === 'delete') return { kind: 'delete' }
  if (lower === 'create') return { kind: 'create' }
  if (lower.startsWith('condition=')) {
    const rest = s.slice('condition='.length)
    const eq = rest.indexOf('=')
    return eq >= 0 ? { kind: 'condition', type: rest.slice(0, eq), value: rest.slice(eq + 1) } : { kind: 'condition', type: rest, value: 'true' }
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = s.slice('jsonpath='.length)
    // The path ends at the first `=` after the closing brace (values may contain `=` too).
    const close = rest.lastIndexOf('}')
    const eq = rest.indexOf('=', close >= 0 ? close : 0)
    const pathText = eq >= 0 ? rest.slice(0, eq) : rest
    try {
      return { kind: 'jsonpath', path: parsePath(pathText), value: eq >= 0 ? rest.slice(eq + 1) : undefined }
    } catch (e) {
      if (e instanceof JsonPathError) throw new ExitError(`error: ${e.message}`)
      throw e
    }
  }
  throw new ExitError(`error: unrecognized condition: "${s}"`)
}

function holds(c: Condition, obj: any): boolean {
  if (c.kind === 'condition') {
    const cond = (obj.status?.conditions ?? []).find((x: any) => String(x.type).toLowerCase() === c.type.toLowerCase())
    return !!cond && String(cond.status).toLowerCase() === c.value.toLowerCase()
  }
  if (c.kind === 'jsonpath') {
    const v = lookup(obj, c.path)
    if (c.value === undefined) return v !== undefined
    return v !== undefined && v !== null && typeof v !== 'object' && valueText(v) === c.value
  }
  return true
}

async function runWait(inv: Invocation): Promise<number> {
  const f = inv.flags
  const cond = parseFor(f.str('for'))
  let timeoutMs = parseDuration(f.str('timeout')) ?? 30_000
  if (timeoutMs < 0 || f.str('timeout').startsWith('-')) timeoutMs = 7 * 24 * 3_600_000
  const refs = await collectObjects(inv, {
    args: inv.args, selector: f.str('selector'), all: f.bool('all'), filenames: f.list('filename'), allNamespaces: f.bool('all-namespaces'),
    emptyError: 'error: resource must be specified',
  })
  const bulk = !!f.str('selector') || f.bool('all')
  if (refs.length === 0 && bulk) throw new ExitError('error: no matching resources found')
  const deadline = Date.now() + timeoutMs
  for (const ref of refs) {
    const ok = await waitOne(inv, ref.r, ref.ns, ref.name, cond, deadline)
    if (ok === 'skip') continue
    if (!ok) {
      throw new ExitError(cond.kind === 'create' ? 'error: timed out waiting for the condition' : `error: timed out waiting for the condition on ${ref.r.resource}/${ref.name}`)
    }
    if (f.str('output') === 'name') inv.out(`${kindGroup(ref.r)}/${ref.name}\n`)
    else inv.out(`${kindGroup(ref.r)}/${ref.name} condition met\n`)
  }
  return 0
}

/** true = condition met, false = timed out, 'skip' = `--for=delete` of an object that never existed. */
async function waitOne(inv: Invocation, r: ApiResource, ns: string | null, name: string, c: Condition, deadline: number): Promise<boolean | 'skip'> {
  const path = resourcePath(r, ns)
  const query = { fieldSelector: `metadata.name=${name}` }
  const ac = new AbortController()
  const onAbort = () => ac.abort()
  inv.signal.addEventListener('abort', onAbort, { once: true })
  let timedOut = false
  const timer = setTimeout(() => { timedOut = true; ac.abort() }, Math.max(0, deadline - Date.now()))
  let first = true
  try {
    for (;;) {
      const list = await inv.client.request('GET', path, { query, signal: ac.signal })
      const current = (list.items ?? [])[0]
      if (c.kind === 'delete') {
        if (!current) return first ? 'skip' : true
      } else if (c.kind === 'create') {
        if (current) return true
      } else {
        if (!current) {
          if (first) throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `${r.group ? `${r.resource}.${r.group}` : r.resource} "${name}" not found` })
        } else if (holds(c, current)) return true
      }
      first = false
      let met = false
      const uid = current?.metadata?.uid
      await inv.client.watch(path, { query: { ...query, resourceVersion: list.metadata?.resourceVersion, watch: 'true' }, signal: ac.signal }, (ev) => {
        if (met) return
        if (c.kind === 'delete') met = ev.type === 'DELETED' && (!uid || ev.object?.metadata?.uid === uid)
        else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') met = c.kind === 'create' || holds(c, ev.object)
        if (met) ac.abort()
      })
      if (met) return true
      if (ac.signal.aborted) break
    }
  } catch (e) {
    if (!(e instanceof AbortedError) || !ac.signal.aborted) throw e
  } finally {
    clearTimeout(timer)
    inv.signal.removeEventListener('abort', onAbort)
  }
  if (timedOut) return false
  throw new AbortedError('aborted')
}
