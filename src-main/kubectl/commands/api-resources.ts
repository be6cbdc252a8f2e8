// kubectl api-resources: the discovery table (NAME SHORTNAMES APIVERSION NAMESPACED KIND), sorted like kubectl.
import type { KubectlCommand, Invocation } from '../command'
import { TabWriter } from '../tabwriter'
import { ExitError } from '../errors'

export const apiResourcesCommand: KubectlCommand = {
  name: 'api-resources',
  group: 'Other Commands',
  summary: 'Print the supported API resources on the server',
  usage: 'kubectl api-resources [flags] [options]',
  description: 'List the resource types the server offers, with their short names and whether they live in a namespace.',
  examples: `  # Everything the server knows
  kubectl api-resources

  # Only the types of the apps group
  kubectl api-resources --api-group=apps`,
  flags: [
    { name: 'api-group', type: 'string', usage: 'Only resources of this API group ("" for the core group).' },
    { name: 'namespaced', type: 'bool', default: true, usage: 'Only namespaced (true) or cluster-wide (false) types.' },
    { name: 'no-headers', type: 'bool', usage: 'Leave out the header row.' },
    { name: 'output', short: 'o', type: 'string', usage: "'wide' adds VERBS and CATEGORIES; 'name' prints only names." },
    { name: 'sort-by', type: 'string', usage: "Sort by 'name' or 'kind' instead of by API group." },
    { name: 'verbs', type: 'stringArray', usage: 'Only resources that support all these verbs (comma-separated), e.g. --verbs=list,watch.' },
  ],
  run: async (inv: Invocation) => {
    const f = inv.flags
    const output = f.str('output')
    if (output && output !== 'wide' && output !== 'name') throw new ExitError(`error: --output ${output} is not available`)
    const sortBy = f.str('sort-by')
    if (sortBy && sortBy !== 'name' && sortBy !== 'kind') throw new ExitError('error: --sort-by accepts only name or kind')
    if (inv.args.length) throw new ExitError(`error: unexpected arguments: [${inv.args.join(' ')}]\nSee 'kubectl api-resources -h' for help and examples`)
    let list = (await inv.discovery.resources()).filter((r) => r.preferred)
    if (f.changed('api-group')) list = list.filter((r) => r.group === f.str('api-group'))
    if (f.changed('namespaced')) list = list.filter((r) => r.namespaced === f.bool('namespaced'))
    const verbs = f.list('verbs').flatMap((v) => v.split(',')).filter(Boolean)
    if (verbs.length) list = list.filter((r) => verbs.every((v) => r.verbs.includes(v)))
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    // kubectl sorts by group, then resource name, unless --sort-by says otherwise.
    if (sortBy === 'name') list.sort((a, b) => cmp(a.resource, b.resource))
    else if (sortBy === 'kind') list.sort((a, b) => cmp(a.kind, b.kind))
    else list.sort((a, b) => (a.group === b.group ? cmp(a.resource, b.resource) : cmp(a.group, b.group)))
    if (output === 'name') {
      for (const r of list) inv.out(r.group ? `${r.resource}.${r.group}\n` : `${r.resource}\n`)
      return 0
    }
    const rows: string[][] = []
    const wide = output === 'wide'
    if (!f.bool('no-headers')) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])])
    for (const r of list) {
      rows.push([r.resource, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind,
        ...(wide ? [[...r.verbs].sort().join(','), (r.categories ?? []).join(',')] : [])])
    }
    inv.out(new TabWriter().format(rows))
    return 0
  },
}
