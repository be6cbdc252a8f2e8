// Discovery documents generated from the store's resource list: aggregated (apidiscovery.k8s.io v2/v2beta1, what
// kubectl 1.30+ asks for) and the legacy per-group-version lists it falls back to.
import type { ResourceInfo } from '../cluster/store/types'

export interface GroupVersions {
  group: string
  versions: string[]
}

/** Groups in a stable order: core first, then the order resources are registered in. */
export function groupsOf(resources: ResourceInfo[]): GroupVersions[] {
  const out: GroupVersions[] = []
  for (const r of resources) {
    let g = out.find((x) => x.group === r.group)
    if (!g) out.push((g = { group: r.group, versions: [] }))
    if (!g.versions.includes(r.version)) g.versions.push(r.version)
  }
  return out
}

const subresourceVerbs: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  exec: ['create', 'get'],
  attach: ['create', 'get'],
  log: ['get'],
  binding: ['create'],
  eviction: ['create'],
  portforward: ['create', 'get'],
  proxy: ['create', 'delete', 'get', 'patch', 'update'],
}

function subresourceKind(r: ResourceInfo, sub: string): { group: string; version: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' }
  if (sub === 'eviction') return { group: 'policy', version: 'v1', kind: 'Eviction' }
  if (sub === 'binding') return { group: '', version: 'v1', kind: 'Binding' }
  if (sub === 'exec') return { group: '', version: 'v1', kind: 'PodExecOptions' }
  if (sub === 'attach') return { group: '', version: 'v1', kind: 'PodAttachOptions' }
  if (sub === 'log') return { group: '', version: 'v1', kind: 'Pod' }
  return { group: r.group, version: r.version, kind: r.kind }
}

function aggregatedResource(r: ResourceInfo) {
  const entry: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  }
  if (r.shortNames.length) entry.shortNames = r.shortNames
  if (r.categories?.length) entry.categories = r.categories
  if (r.subresources.length) {
    entry.subresources = r.subresources.map((s) => ({
      subresource: s,
      responseKind: subresourceKind(r, s),
      verbs: subresourceVerbs[s] ?? ['get'],
    }))
  }
  return entry
}

/** `/api` (core only) or `/apis` (every named group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(resources: ResourceInfo[], core: boolean, version: 'v2' | 'v2beta1') {
  const items = groupsOf(resources)
    .filter((g) => (core ? g.group === '' : g.group !== ''))
    .map((g) => ({
      metadata: g.group ? { name: g.group, creationTimestamp: null } : { creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: resources.filter((r) => r.group === g.group && r.version === v).map(aggregatedResource),
        freshness: 'Current',
      })),
    }))
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items }
}

export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`
}

export function legacyApiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  }
}

function apiGroup(g: GroupVersions) {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }))
  return { name: g.group, versions, preferredVersion: versions[0] }
}

export function legacyGroupList(resources: ResourceInfo[]) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(resources)
      .filter((g) => g.group !== '')
      .map(apiGroup),
  }
}

export function legacyGroup(resources: ResourceInfo[], group: string) {
  const g = groupsOf(resources).find((x) => x.group === group)
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined
}

/** `/api/v1` or `/apis/<g>/<v>` as an APIResourceList (subresources are listed as `pods/exec`). */
export function resourceList(resources: ResourceInfo[], group: string, version: string) {
  const mine = resources.filter((r) => r.group === group && r.version === version)
  if (!mine.length) return undefined
  const list: Record<string, unknown>[] = []
  for (const r of mine) {
    const e: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    }
    if (r.shortNames.length) e.shortNames = r.shortNames
    if (r.categories?.length) e.categories = r.categories
    list.push(e)
    for (const s of r.subresources) {
      const k = subresourceKind(r, s)
      const se: Record<string, unknown> = { name: `${r.resource}/${s}`, singularName: '', namespaced: r.namespaced, kind: k.kind, verbs: subresourceVerbs[s] ?? ['get'] }
      if (k.group !== r.group || k.version !== r.version) Object.assign(se, { group: k.group, version: k.version })
      list.push(se)
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: list }
}
