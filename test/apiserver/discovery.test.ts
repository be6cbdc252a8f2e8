import { describe, expect, it } from 'vitest'
import { aggregatedContentType, aggregatedDiscovery, legacyGroupList, resourceList } from '../../src-main/apiserver/discovery'
import { wantsAggregatedDiscovery, wantsTable } from '../../src-main/apiserver/negotiate'
import { RESOURCES } from '../../src-main/cluster/store/registry'

const resources = [...RESOURCES]

describe('content negotiation', () => {
  it('reads the Accept kubectl sends for discovery and tables', () => {
    const disc = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
    expect(wantsAggregatedDiscovery(disc)).toBe('v2')
    expect(wantsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList')).toBe('v2beta1')
    expect(wantsAggregatedDiscovery('application/json, */*')).toBeUndefined()
    expect(aggregatedContentType('v2')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe('v1')
    expect(wantsTable('application/json')).toBeUndefined()
  })
})

describe('discovery documents', () => {
  it('aggregated /api lists core resources with scope, short names and subresources', () => {
    const doc = aggregatedDiscovery(resources, true, 'v2')
    expect(doc.apiVersion).toBe('apidiscovery.k8s.io/v2')
    expect(doc.items).toHaveLength(1)
    const pods: any = doc.items[0].versions[0].resources.find((r: any) => r.resource === 'pods')
    expect(pods).toMatchObject({ scope: 'Namespaced', singularResource: 'pod', shortNames: ['po'], responseKind: { group: '', version: 'v1', kind: 'Pod' } })
    expect(pods.subresources.map((s: any) => s.subresource)).toEqual(expect.arrayContaining(['exec', 'attach', 'log', 'status']))
    const nodes: any = doc.items[0].versions[0].resources.find((r: any) => r.resource === 'nodes')
    expect(nodes.scope).toBe('Cluster')
  })
  it('aggregated /apis has apps with sts scale → autoscaling/v1 Scale', () => {
    const doc = aggregatedDiscovery(resources, false, 'v2beta1')
    expect(doc.apiVersion).toBe('apidiscovery.k8s.io/v2beta1')
    const apps: any = doc.items.find((g: any) => g.metadata.name === 'apps')
    const sts = apps.versions[0].resources.find((r: any) => r.resource === 'statefulsets')
    expect(sts.shortNames).toEqual(['sts'])
    expect(sts.subresources.find((s: any) => s.subresource === 'scale').responseKind).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' })
    expect(doc.items.some((g: any) => g.metadata.name === undefined)).toBe(false)
  })
  it('legacy group list and resource lists', () => {
    const groups = legacyGroupList(resources)
    expect(groups.groups.map((g) => g.name)).toEqual(expect.arrayContaining(['apps', 'storage.k8s.io']))
    expect(groups.groups.find((g) => g.name === 'apps')!.preferredVersion).toEqual({ groupVersion: 'apps/v1', version: 'v1' })
    const core = resourceList(resources, '', 'v1')!
    expect(core.groupVersion).toBe('v1')
    const names = core.resources.map((r) => r.name)
    expect(names).toEqual(expect.arrayContaining(['pods', 'pods/exec', 'pods/log', 'services', 'persistentvolumeclaims']))
    const apps = resourceList(resources, 'apps', 'v1')!
    expect(apps.resources.find((r) => r.name === 'statefulsets/scale')).toMatchObject({ kind: 'Scale', group: 'autoscaling', version: 'v1' })
    expect(resourceList(resources, 'nope', 'v1')).toBeUndefined()
  })
})
