import { describe, expect, it } from 'vitest'
import { openApiDocument, openApiIndex } from '../../src-main/apiserver/openapi/openapi'
import { findUnknownFields } from '../../src-main/apiserver/openapi/strict'
import { RESOURCES } from '../../src-main/cluster/store/registry'

const resources = [...RESOURCES]

describe('openapi v3', () => {
  it('index lists every served group-version with a hashed URL', () => {
    const idx = openApiIndex(resources)
    expect(Object.keys(idx.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/storage.k8s.io/v1']))
    expect(idx.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/)
  })
  it('PATCH operations carry the GVK and the fieldValidation query parameter (what kubectl checks)', () => {
    const doc: any = openApiDocument(resources, 'apis/apps/v1')
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}'].patch
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'StatefulSet' })
    expect(patch.parameters.map((p: any) => p.name)).toContain('fieldValidation')
    const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale'].patch
    expect(scale['x-kubernetes-group-version-kind'].kind).toBe('Scale')
    const core: any = openApiDocument(resources, 'api/v1')
    expect(core.paths['/api/v1/nodes/{name}'].patch['x-kubernetes-group-version-kind'].kind).toBe('Node')
    expect(openApiDocument(resources, 'apis/nope/v1')).toBeUndefined()
  })
  it('schemas have GVKs, types and merge keys', () => {
    const doc: any = openApiDocument(resources, 'api/v1')
    const s = doc.components.schemas
    expect(s['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }])
    const containers = s['io.k8s.api.core.v1.PodSpec'].properties.containers
    expect(containers['x-kubernetes-patch-merge-key']).toBe('name')
    expect(s['io.k8s.api.core.v1.ContainerPort'].properties.containerPort).toEqual({ type: 'integer', format: 'int32' })
  })
})

describe('strict field validation', () => {
  it('reports unknown fields with their full path, including list indexes', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', bogus: 1 },
      spec: { foo: 1, template: { spec: { containers: [{ name: 'a', imagee: 'x', ports: [{ containerPort: 80, nam: 'web' }] }] } } },
    }
    expect(findUnknownFields('apps/v1', 'StatefulSet', sts)).toEqual([
      'metadata.bogus',
      'spec.foo',
      'spec.template.spec.containers[0].imagee',
      'spec.template.spec.containers[0].ports[0].nam',
    ])
  })
  it('accepts the tutorial manifest and open subtrees', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', labels: { app: 'nginx' } }, spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'nginx' } } }
    expect(findUnknownFields('v1', 'Service', svc)).toEqual([])
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', securityContext: { anything: true } }], volumes: [{ name: 'v', gcePersistentDisk: {} }] } }
    expect(findUnknownFields('v1', 'Pod', pod)).toEqual([])
    expect(findUnknownFields('example.com/v1', 'Widget', { foo: 1 })).toEqual([])
  })
})
