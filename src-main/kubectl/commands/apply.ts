// kubectl apply -f (client-side apply with the last-applied-configuration annotation) and kubectl create -f.
import type { KubectlCommand, Invocation } from '../command'
import type { KObject } from '../../cluster/api-types'
import { ApiError } from '../client'
import { kindGroup, resourcePath, type ApiResource } from '../discovery'
import { readManifests, type ManifestObject } from '../manifests'
import { ExitError, MultiError, addSource } from '../errors'
import { threeWayPatch } from '../three-way-patch'
import { toCompactJson, toJson, toYaml } from '../yaml-output'
import { GENERATORS, GENERATOR_FLAGS, runCreateGenerator } from './create-generators'
import { dryRunMode } from './resource-args'
import { stripManaged } from '../printers/render-objects'

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

const fileFlags = [
  { name: 'filename', short: 'f', type: 'stringArray' as const, usage: 'File, directory or - (stdin) with the objects to send. Can be repeated.' },
  { name: 'recursive', short: 'R', type: 'bool' as const, usage: 'Also read the directories inside the ones given with -f.' },
  { name: 'output', short: 'o', type: 'string' as const, usage: 'Print the result as yaml, json or name instead of a message.' },
  { name: 'validate', type: 'string' as const, default: 'strict', usage: "How to validate fields: 'strict', 'warn' or 'ignore' (false)." },
  { name: 'dry-run', type: 'string' as const, default: 'none', usage: 'Must be "none", "server", or "client".' },
  { name: 'kustomize', short: 'k', type: 'string' as const, usage: 'Not supported here.' },
]

export const applyCommand: KubectlCommand = {
  name: 'apply',
  group: 'Advanced Commands',
  summary: 'Apply a configuration to a resource by file name or stdin',
  usage: 'kubectl apply (-f FILENAME | -k DIRECTORY) [options]',
  description: 'Create the objects in the files, or bring existing ones in line with them. The configuration last applied is\nkept in an annotation so that fields removed from the file are removed from the object too.',
  examples: `  # Create or update the objects in web.yaml
  kubectl apply -f web.yaml

  # Read the manifest from stdin
  cat web.yaml | kubectl apply -f -`,
  flags: [
    ...fileFlags,
    { name: 'server-side', type: 'bool', usage: 'Let the server merge the objects (server-side apply) and track field owners.' },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply', usage: 'The name recorded as the owner of the fields this apply sets.' },
    { name: 'force-conflicts', type: 'bool', usage: 'With --server-side: take over fields other managers own instead of failing.' },
  ],
  run: (inv) => runApplyOrCreate(inv, 'apply'),
}

export const createCommand: KubectlCommand = {
  name: 'create',
  group: 'Basic Commands (Beginner)',
  summary: 'Create a resource from a file or from stdin',
  usage: 'kubectl create -f FILENAME [options]',
  description: 'Create the objects in the files. Fails for objects that already exist.',
  examples: `  # Create the objects in web.yaml
  kubectl create -f web.yaml

  # Print the Deployment kubectl would create, without creating it
  kubectl create deployment hello --image=nginx --dry-run=client -o yaml`,
  flags: [...fileFlags, ...GENERATOR_FLAGS],
  run: (inv) => {
    const sub = inv.args[0]
    if (sub !== undefined && GENERATORS.includes(sub)) return runCreateGenerator(inv)
    if (sub !== undefined && inv.flags.list('filename').length === 0) {
      throw new ExitError(`error: Unexpected args: [${inv.args.join(' ')}]\nSee 'kubectl create -h' for help and examples`)
    }
    return runApplyOrCreate(inv, 'create')
  },
}

function sourceName(m: ManifestObject): string {
  return m.source
}

async function runApplyOrCreate(inv: Invocation, verb: 'apply' | 'create'): Promise<number> {
  const mode = dryRunMode(inv)
  const serverSide = verb === 'apply' && inv.flags.bool('server-side')
  if (verb === 'apply') {
    if (inv.flags.bool('force-conflicts') && !serverSide) throw new ExitError('error: --force-conflicts only works with --server-side')
    if (serverSide && mode === 'client') throw new ExitError("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
  }
  const files = inv.flags.list('filename')
  if (files.length === 0) throw new ExitError('error: must specify one of -f and -k')
  const output = inv.flags.str('output')
  if (output && !['yaml', 'json', 'name'].includes(output)) {
    throw new ExitError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`)
  }
  const v = inv.flags.str('validate')
  const manifests = await readManifests(inv.ctx, files, inv.flags.bool('recursive'), !(v === 'false' || v === 'ignore'))
  const errs: unknown[] = []
  // Resolve every object first, as kubectl's builder does; errors are reported after the successful objects.
  const resolved: { m: ManifestObject; r: ApiResource }[] = []
  for (const m of manifests.objects) {
    const o = m.object
    const name = o.metadata?.name ?? ''
    const r = await inv.discovery.forKind(String(o.apiVersion ?? ''), o.kind)
    if (!r) {
      const [, version] = String(o.apiVersion ?? '').includes('/') ? String(o.apiVersion).split('/') : ['', o.apiVersion ?? '']
      errs.push(new Error(`resource mapping not found for name: "${name}" namespace: "${o.metadata?.namespace ?? ''}" from "${sourceName(m)}": no matches for kind "${o.kind}" in version "${o.apiVersion ?? ''}"\nensure CRDs are installed first`))
      void version
      continue
    }
    if (r.namespaced) {
      const ns = o.metadata?.namespace
      if (ns && inv.explicitNamespace && ns !== inv.namespace) {
        throw new ExitError(`error: the namespace from the provided object "${ns}" does not match the namespace "${inv.namespace}". You must pass '--namespace=${ns}' to perform this operation.`)
      }
    }
    resolved.push({ m, r })
  }
  errs.push(...manifests.errors.map((e) => new Error(e)))
  if (resolved.length === 0 && errs.length === 0) throw new ExitError(`error: no objects passed to ${verb}`)
  for (const { m, r } of resolved) {
    try {
      const result = serverSide ? await serverSideApplyOne(inv, m, r) : verb === 'apply' ? await applyOne(inv, m, r) : await createOne(inv, m, r)
      report(inv, r, result.object, result.action)
    } catch (e) {
      if (inv.signal.aborted) throw e
      errs.push(e)
    }
  }
  if (errs.length) throw new MultiError(errs)
  return 0
}

function report(inv: Invocation, r: ApiResource, obj: any, action: string): void {
  const output = inv.flags.str('output')
  if (output === 'yaml') inv.out(toYaml(stripManaged(obj)))
  else if (output === 'json') inv.out(toJson(stripManaged(obj)))
  else if (output === 'name') inv.out(`${kindGroup(r)}/${obj.metadata?.name}\n`)
  else inv.out(`${kindGroup(r)}/${obj.metadata?.name} ${action}\n`)
}

function namespaceFor(inv: Invocation, r: ApiResource, o: KObject): string | null {
  if (!r.namespaced) return null
  return o.metadata?.namespace || inv.namespace
}

function createQuery(inv: Invocation, manager: string): Record<string, string> {
  const q: Record<string, string> = { fieldManager: manager }
  const v = inv.flags.str('validate')
  q.fieldValidation = v === 'false' || v === 'ignore' ? 'Ignore' : v === 'warn' ? 'Warn' : 'Strict'
  if (inv.flags.str('dry-run') === 'server') q.dryRun = 'All'
  return q
}

async function createOne(inv: Invocation, m: ManifestObject, r: ApiResource): Promise<{ object: any; action: string }> {
  const o = m.object
  const ns = namespaceFor(inv, r, o)
  if (inv.flags.str('dry-run') === 'client') return { object: o, action: 'created (dry run)' }
  try {
    const body = ns ? { ...o, metadata: { ...o.metadata, namespace: ns } } : o
    const created = await inv.client.request('POST', resourcePath(r, ns), { body, query: createQuery(inv, 'kubectl-create'), signal: inv.signal })
    return { object: created, action: inv.flags.str('dry-run') === 'server' ? 'created (server dry run)' : 'created' }
  } catch (e) {
    throw addSource('creating', m.source, e)
  }
}

/** The object as recorded in last-applied-configuration: compact sorted JSON of the applied object (namespace
 *  filled in, as kubectl's builder does) without that annotation; an emptied annotation map stays as `{}`. */
export function lastAppliedValue(o: KObject): string {
  const clone: any = JSON.parse(JSON.stringify(o))
  clone.metadata = clone.metadata ?? {}
  clone.metadata.annotations = { ...(clone.metadata.annotations ?? {}) }
  delete clone.metadata.annotations[LAST_APPLIED]
  return toCompactJson(clone) + '\n'
}

async function applyOne(inv: Invocation, m: ManifestObject, r: ApiResource): Promise<{ object: any; action: string }> {
  const o = m.object
  const ns = namespaceFor(inv, r, o)
  const name = o.metadata?.name
  if (!name) throw new ExitError(`error: error when retrieving current configuration of:\nResource: "${r.group ? r.group + '/' : ''}${r.version}, Resource=${r.resource}", GroupVersionKind: "${r.group ? r.group + '/' : ''}${r.version}, Kind=${r.kind}"\nName: "", Namespace: "${ns ?? ''}"\nfrom server for: "${m.source}": resource name may not be empty`)
  const withNs: any = JSON.parse(JSON.stringify(o))
  withNs.metadata = { ...(withNs.metadata ?? {}) }
  if (ns) withNs.metadata.namespace = ns
  const annotation = lastAppliedValue(withNs)
  const modified: any = JSON.parse(JSON.stringify(withNs))
  modified.metadata.annotations = { ...(modified.metadata.annotations ?? {}), [LAST_APPLIED]: annotation }
  const path = resourcePath(r, ns, name)
  let live: any
  try {
    live = await inv.client.request('GET', path, { signal: inv.signal })
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 404) throw e
    if (inv.flags.str('dry-run') === 'client') return { object: modified, action: 'created (dry run)' }
    try {
      const created = await inv.client.request('POST', resourcePath(r, ns), { body: modified, query: createQuery(inv, inv.flags.str('field-manager') || 'kubectl-client-side-apply'), signal: inv.signal })
      return { object: created, action: inv.flags.str('dry-run') === 'server' ? 'created (server dry run)' : 'created' }
    } catch (e2) {
      throw addSource('creating', m.source, e2)
    }
  }
  const originalText = live.metadata?.annotations?.[LAST_APPLIED]
  if (originalText === undefined) {
    // Objects made by `kubectl create` (without --save-config) have no record of what was applied; kubectl says so.
    inv.err(`Warning: resource ${r.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`)
  }
  let original: any = null
  if (originalText) {
    try { original = JSON.parse(originalText) } catch { original = null }
  }
  // The namespace we defaulted is not part of what the user applied.
  const forDiff: any = JSON.parse(JSON.stringify(modified))
  const patch = threeWayPatch(original, forDiff, live)
  if (Object.keys(patch).length === 0) return { object: live, action: 'unchanged' }
  if (inv.flags.str('dry-run') === 'client') return { object: modified, action: 'configured (dry run)' }
  const query = createQuery(inv, inv.flags.str('field-manager') || 'kubectl-client-side-apply')
  const patched = await inv.client.request('PATCH', path, {
    body: patch, contentType: 'application/strategic-merge-patch+json', query, signal: inv.signal,
  })
  return { object: patched, action: inv.flags.str('dry-run') === 'server' ? 'configured (server dry run)' : 'configured' }
}

/** Field owners that stop an apply; kubectl adds how to resolve them to the server's message. */
const CONFLICT_HINT = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`

/**
 * `apply --server-side`: the whole object goes to the server as an apply patch; the server merges it, creates the
 * object if needed, and records the fields as owned by the field manager (`kubectl` unless --field-manager).
 */
async function serverSideApplyOne(inv: Invocation, m: ManifestObject, r: ApiResource): Promise<{ object: any; action: string }> {
  const o: any = JSON.parse(JSON.stringify(m.object))
  const ns = namespaceFor(inv, r, o)
  const name = o.metadata?.name
  if (!name) throw new ExitError(`error: resource name may not be empty`)
  if (ns) o.metadata = { ...o.metadata, namespace: ns }
  const manager = inv.flags.changed('field-manager') ? inv.flags.str('field-manager') : 'kubectl'
  const query = createQuery(inv, manager)
  query.force = inv.flags.bool('force-conflicts') ? 'true' : 'false'
  try {
    const applied = await inv.client.request('PATCH', resourcePath(r, ns, name), {
      body: o, contentType: 'application/apply-patch+yaml', query, signal: inv.signal,
    })
    return { object: applied, action: inv.flags.str('dry-run') === 'server' ? 'serverside-applied (server dry run)' : 'serverside-applied' }
  } catch (e) {
    if (e instanceof ApiError && e.code === 409 && e.reason === 'Conflict') throw new ExitError(`error: ${e.message}\n${CONFLICT_HINT}`)
    throw e
  }
}
