// Aggregated discovery (/api + /apis as APIGroupDiscoveryList, with a legacy fallback) and kubectl's resource
// resolution: plural, singular, short name or kind, optionally qualified as `resource.group` or `resource.version.group`.
import { ApiError, type RestClient } from './client'

export interface ApiResource {
  group: string
  version: string
  resource: string
  kind: string
  namespaced: boolean
  singular: string
  shortNames: string[]
  verbs: string[]
  subresources: string[]
  /** Position of this group/version in discovery; the first version of a group is the preferred one. */
  preferred: boolean
  /** Groupings the server puts the resource in, e.g. `all` (what `kubectl get all` lists). */
  categories?: string[]
}

export const DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'

export class ResourceTypeError extends Error {
  constructor(readonly typeName: string) {
    super(`the server doesn't have a resource type "${typeName}"`)
  }
}

export class Discovery {
  private cache: ApiResource[] | null = null
  constructor(private client: RestClient) {}

  async resources(): Promise<ApiResource[]> {
    if (this.cache) return this.cache
    const out: ApiResource[] = []
    for (const root of ['/api', '/apis']) {
      const body = await this.client.request('GET', root, { accept: DISCOVERY_ACCEPT }).catch((e) => {
        // A missing group list is tolerated; an unreachable server is not.
        if (e instanceof ApiError && e.code === 404) return null
        throw e
      })
      if (!body) continue
      if (body.kind === 'APIGroupDiscoveryList') {
        for (const g of body.items ?? []) {
          const group = g.metadata?.name ?? ''
          ;(g.versions ?? []).forEach((v: any, vi: number) => {
            for (const r of v.resources ?? []) {
              out.push({
                group, version: v.version, resource: r.resource, kind: r.responseKind?.kind ?? '',
                namespaced: r.scope === 'Namespaced', singular: r.singularResource ?? '',
                shortNames: r.shortNames ?? [], verbs: r.verbs ?? [],
                subresources: (r.subresources ?? []).map((s: any) => s.subresource), preferred: vi === 0,
                categories: r.categories ?? [],
              })
            }
          })
        }
      } else {
        await this.legacy(root, body, out)
      }
    }
    this.cache = out
    return out
  }

  /** Servers without aggregated discovery: /api → APIVersions, /apis → APIGroupList, then one list per group version. */
  private async legacy(root: string, body: any, out: ApiResource[]): Promise<void> {
    const gvs: { group: string; version: string; preferred: boolean }[] = []
    if (root === '/api') for (const v of body.versions ?? []) gvs.push({ group: '', version: v, preferred: true })
    else for (const g of body.groups ?? []) {
      for (const v of g.versions ?? []) gvs.push({ group: g.name, version: v.version, preferred: v.version === g.preferredVersion?.version })
    }
    for (const gv of gvs) {
      const path = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`
      const list = await this.client.request('GET', path).catch(() => null)
      for (const r of list?.resources ?? []) {
        if (r.name.includes('/')) {
          const parent = out.find((o) => o.group === gv.group && o.version === gv.version && o.resource === r.name.split('/')[0])
          parent?.subresources.push(r.name.split('/')[1])
          continue
        }
        out.push({ group: gv.group, version: gv.version, resource: r.name, kind: r.kind, namespaced: r.namespaced,
          singular: r.singularName || r.kind.toLowerCase(), shortNames: r.shortNames ?? [], verbs: r.verbs ?? [], subresources: [], preferred: gv.preferred,
          categories: r.categories ?? [] })
      }
    }
  }

  /** Resolve what the user typed (`sts`, `statefulset.apps`, `pods`, `Pod`) to one resource. */
  async resolve(typed: string): Promise<ApiResource> {
    const all = await this.resources()
    const name = typed.toLowerCase()
    const matches = (r: ApiResource, n: string) =>
      r.resource === n || r.singular === n || r.shortNames.includes(n) || r.kind.toLowerCase() === n
    const pick = (list: ApiResource[]) => list.find((r) => r.preferred) ?? list[0]
    // Unqualified first (the common case), then `res.group`, then `res.version.group`.
    let found: ApiResource | undefined = pick(all.filter((r) => matches(r, name)))
    if (!found && name.includes('.')) {
      const [res, ...rest] = name.split('.')
      const group = rest.join('.')
      found = pick(all.filter((r) => r.group === group && matches(r, res)))
      if (!found && rest.length >= 2) {
        const [version, ...g] = rest
        found = all.find((r) => r.group === g.join('.') && r.version === version && matches(r, res))
      }
    }
    if (!found) throw new ResourceTypeError(typed)
    return found
  }

  /** The preferred-version resources in a category (`all`), in discovery order; empty if no resource has it. */
  async category(typed: string): Promise<ApiResource[]> {
    const name = typed.toLowerCase()
    return (await this.resources()).filter((r) => r.preferred && r.categories?.includes(name))
  }

  /** Resolve by apiVersion + kind, for objects read from manifests. */
  async forKind(apiVersion: string, kind: string): Promise<ApiResource | null> {
    const all = await this.resources()
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
    return all.find((r) => r.group === group && r.version === version && r.kind === kind) ?? null
  }
}

/** `statefulset.apps` / `pod`: what kubectl prints before `/name` in mutation messages. */
export function kindGroup(r: Pick<ApiResource, 'kind' | 'group'>): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase()
}

/** `statefulsets.apps` / `pods`: how the server names a resource in messages. */
export function resourceGroup(r: Pick<ApiResource, 'resource' | 'group'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource
}

export function resourcePath(r: ApiResource, namespace: string | null, name?: string, sub?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''
  return `${base}${ns}/${r.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}${sub ? `/${sub}` : ''}`
}
