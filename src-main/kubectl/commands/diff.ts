// kubectl diff -f FILE: what `apply` would change. Each object's live state is compared with the server's dry-run
// result of the apply (client-side apply patch, dryRun=All), shown as `diff -u -N` of two directories of YAML files.
// Exit 1 when something differs, like diff(1).
import type { KubectlCommand, Invocation } from '../command'
import { ApiError } from '../client'
import { resourcePath } from '../discovery'
import { readManifests } from '../manifests'
import { ExitError, MultiError, renderError } from '../errors'
import { AbortedError } from '../client'
import { threeWayPatch } from '../three-way-patch'
import { toYaml } from '../yaml-output'
import { unifiedHunks } from './unified-diff'

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

export const diffCommand: KubectlCommand = {
  name: 'diff',
  group: 'Advanced Commands',
  summary: 'Diff the live version against a would-be applied version',
  usage: 'kubectl diff -f FILENAME [options]',
  description: 'Show, as a unified diff, how `kubectl apply -f` would change the objects in the cluster. Exits 1 when\nthere are differences, 0 when there are none.',
  examples: `  # What would applying web.yaml change?
  kubectl diff -f web.yaml`,
  flags: [
    { name: 'filename', short: 'f', type: 'stringArray', usage: 'Files, directories or - (stdin) with the objects.' },
    { name: 'recursive', short: 'R', type: 'bool', usage: 'Also read the directories inside the ones given with -f.' },
  ],
  run: async (inv) => {
    // diff(1)'s convention: 0 same, 1 different, anything above is trouble, so kubectl's errors exit 2 here.
    try {
      return await runDiff(inv)
    } catch (e) {
      if (e instanceof AbortedError || inv.signal.aborted) throw e
      const text = e instanceof Error && !(e instanceof ApiError) && !(e instanceof ExitError) && !(e instanceof MultiError)
        ? `error: ${e.message}` : renderError(e).text
      throw new ExitError(text.replace(/\n$/, ''), 2)
    }
  },
}

/** `2026-11-26 20:50:10.118342924 +0000`, the mtime format of diff's file headers. */
function diffTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000000 +0000`
}

/** kubectl's view of an object in the diff: no managedFields. */
function cleaned(o: any): any {
  const c = JSON.parse(JSON.stringify(o))
  if (c.metadata) delete c.metadata.managedFields
  return c
}

async function runDiff(inv: Invocation): Promise<number> {
  const files = inv.flags.list('filename')
  if (files.length === 0) throw new ExitError('error: must specify one of -f and -k')
  const m = await readManifests(inv.ctx, files, inv.flags.bool('recursive'))
  const errs: unknown[] = m.errors.map((e) => new Error(e))
  const entries: { file: string; live: string; merged: string; existed: boolean }[] = []
  for (const mo of m.objects) {
    const o: any = JSON.parse(JSON.stringify(mo.object))
    const r = await inv.discovery.forKind(String(o.apiVersion ?? ''), o.kind)
    if (!r) {
      errs.push(new Error(`resource mapping not found for name: "${o.metadata?.name ?? ''}" namespace: "${o.metadata?.namespace ?? ''}" from "${mo.source}": no matches for kind "${o.kind}" in version "${o.apiVersion ?? ''}"\nensure CRDs are installed first`))
      continue
    }
    const ns = r.namespaced ? o.metadata?.namespace || inv.namespace : null
    o.metadata = { ...(o.metadata ?? {}) }
    if (ns) o.metadata.namespace = ns
    const name = o.metadata.name ?? ''
    // Like kubectl, the would-be-applied object carries no new last-applied annotation, but an annotation map
    // (possibly empty: that is why a diff of an object without annotations shows `annotations: {}`).
    const modified: any = JSON.parse(JSON.stringify(o))
    modified.metadata.annotations = { ...(modified.metadata.annotations ?? {}) }
    delete modified.metadata.annotations[LAST_APPLIED]
    try {
      let live: any = null
      try {
        live = await inv.client.request('GET', resourcePath(r, ns, name), { signal: inv.signal })
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e
      }
      let merged: any
      if (!live) {
        merged = await inv.client.request('POST', resourcePath(r, ns), { body: modified, query: { dryRun: 'All', fieldManager: 'kubectl-client-side-apply' }, signal: inv.signal })
      } else {
        let original: any = null
        try { original = JSON.parse(live.metadata?.annotations?.[LAST_APPLIED] ?? 'null') } catch { original = null }
        const patch = threeWayPatch(original, modified, live)
        merged = await inv.client.request('PATCH', resourcePath(r, ns, name), {
          body: patch, contentType: 'application/strategic-merge-patch+json', query: { dryRun: 'All', fieldManager: 'kubectl-client-side-apply' }, signal: inv.signal,
        })
      }
      const file = `${r.group ? `${r.group}.` : ''}${r.version}.${r.kind}.${ns ? `${ns}.` : ''}${name}`
      entries.push({ file, live: live ? toYaml(cleaned(live)) : '', merged: toYaml(cleaned(merged)), existed: !!live })
    } catch (e) {
      if (inv.signal.aborted) throw e
      errs.push(e)
    }
  }
  // diff(1) walks the two directories in name order.
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const liveDir = `/tmp/LIVE-${Math.floor(Math.random() * 4e9)}`
  const mergedDir = `/tmp/MERGED-${Math.floor(Math.random() * 4e9)}`
  const now = diffTime(new Date())
  let differs = false
  for (const e of entries) {
    const hunks = unifiedHunks(e.live, e.merged)
    if (!hunks) continue
    differs = true
    inv.out(`diff -u -N ${liveDir}/${e.file} ${mergedDir}/${e.file}\n`)
    inv.out(`--- ${liveDir}/${e.file}\t${e.existed ? now : '1970-01-01 00:00:00.000000000 +0000'}\n`)
    inv.out(`+++ ${mergedDir}/${e.file}\t${now}\n`)
    inv.out(hunks)
  }
  if (errs.length) throw new MultiError(errs)
  return differs ? 1 : 0
}
