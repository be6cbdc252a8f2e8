import { describe, expect, it } from 'vitest'
import { applyPatch, jsonPatch, mergePatch, strategicMerge } from '../../src-main/apiserver/patch'
import { isStatusError } from '../../src-main/cluster/store/errors'

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80, name: 'web' }], env: [{ name: 'A', value: '1' }], volumeMounts: [{ name: 'www', mountPath: '/www' }] },
      { name: 'side', image: 'busybox' },
    ],
    volumes: [{ name: 'www', emptyDir: {} }],
  },
})

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null, replaces lists', () => {
    const out = mergePatch(pod(), { metadata: { labels: { a: null, c: '3' } }, spec: { containers: [{ name: 'only' }] } })
    expect(out.metadata.labels).toEqual({ b: '2', c: '3' })
    expect(out.spec.containers).toEqual([{ name: 'only' }])
  })
})

describe('strategic merge patch', () => {
  it('merges containers by name and ports by containerPort', () => {
    const out = strategicMerge('Pod', [], pod(), {
      spec: { containers: [{ name: 'nginx', image: 'nginx:2', ports: [{ containerPort: 443, name: 'tls' }] }] },
    })
    expect(out.spec.containers).toHaveLength(2)
    expect(out.spec.containers[0].image).toBe('nginx:2')
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 80, name: 'web' }, { containerPort: 443, name: 'tls' }])
    expect(out.spec.containers[1]).toEqual({ name: 'side', image: 'busybox' })
  })

  it('merges env by name, volumeMounts by mountPath, volumes by name', () => {
    const out = strategicMerge('Pod', [], pod(), {
      spec: {
        containers: [{ name: 'nginx', env: [{ name: 'A', value: '2' }, { name: 'B', value: '3' }], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    })
    const c = out.spec.containers[0]
    expect(c.env).toEqual([{ name: 'A', value: '2' }, { name: 'B', value: '3' }])
    expect(c.volumeMounts.map((v: any) => v.mountPath)).toEqual(['/www', '/data'])
    expect(out.spec.volumes.map((v: any) => v.name)).toEqual(['www', 'data'])
  })

  it('$patch: delete removes a keyed item; $patch: replace replaces a list', () => {
    const del = strategicMerge('Pod', [], pod(), { spec: { containers: [{ name: 'side', $patch: 'delete' }] } })
    expect(del.spec.containers.map((c: any) => c.name)).toEqual(['nginx'])
    const rep = strategicMerge('Pod', [], pod(), { spec: { volumes: [{ name: 'v2' }, { $patch: 'replace' }] } })
    expect(rep.spec.volumes).toEqual([{ name: 'v2' }])
  })

  it('honours $setElementOrder and $deleteFromPrimitiveList, unions finalizers', () => {
    const out = strategicMerge('Pod', [], pod(), {
      metadata: { finalizers: ['y'] },
      spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'nginx' }], containers: [{ name: 'nginx', image: 'n' }] },
    })
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['side', 'nginx'])
    expect(out.metadata.finalizers).toEqual(['x', 'y'])
    const out2 = strategicMerge('Pod', [], pod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } })
    expect(out2.metadata.finalizers).toEqual([])
  })

  it('merges Service ports by port', () => {
    const svc = { kind: 'Service', spec: { ports: [{ port: 80, name: 'web' }] } }
    const out = strategicMerge('Service', [], svc, { spec: { ports: [{ port: 443, name: 'tls' }] } })
    expect(out.spec.ports).toEqual([{ port: 80, name: 'web' }, { port: 443, name: 'tls' }])
  })

  it('replaces lists without a merge key (volumeClaimTemplates, args)', () => {
    const sts = { spec: { volumeClaimTemplates: [{ metadata: { name: 'a' } }], template: { spec: { containers: [{ name: 'c', args: ['1', '2'] }] } } } }
    const out = strategicMerge('StatefulSet', [], sts, {
      spec: { volumeClaimTemplates: [{ metadata: { name: 'b' } }], template: { spec: { containers: [{ name: 'c', args: ['3'] }] } } },
    })
    expect(out.spec.volumeClaimTemplates).toEqual([{ metadata: { name: 'b' } }])
    expect(out.spec.template.spec.containers[0].args).toEqual(['3'])
  })
})

describe('JSON patch (RFC 6902)', () => {
  it('add, replace, remove, move, copy, test', () => {
    const out = jsonPatch(pod(), [
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:3' },
      { op: 'add', path: '/metadata/labels/c', value: '3' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'third' } },
      { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/d' },
      { op: 'move', from: '/metadata/labels/c', path: '/metadata/labels/e' },
      { op: 'test', path: '/metadata/labels/e', value: '3' },
    ])
    expect(out.spec.containers[0].image).toBe('nginx:3')
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['nginx', 'side', 'third'])
    expect(out.metadata.labels).toEqual({ b: '2', d: '2', e: '3' })
  })

  it('fails with a Status error on a missing path or failed test', () => {
    const err = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return e
      }
      throw new Error('no error')
    }
    const e1 = err(() => jsonPatch(pod(), [{ op: 'remove', path: '/metadata/nope' }]))
    expect(isStatusError(e1) && e1.status.message).toContain('nonexistent key: nope')
    const e2 = err(() => jsonPatch(pod(), [{ op: 'test', path: '/metadata/name', value: 'q' }]))
    expect(isStatusError(e2) && e2.status.message).toContain('test failed')
    const e3 = err(() => applyPatch('application/merge-patch+json', 'Pod', pod(), [1]))
    expect(isStatusError(e3) && e3.code).toBe(400)
  })
})
