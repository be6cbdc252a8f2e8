import { describe, expect, it } from 'vitest'
import { buildFileTree, flattenTree } from '../../src-renderer/lib/file-tree'

describe('buildFileTree', () => {
  it('nests files under directories, directories first, creating missing parents', () => {
    const tree = buildFileTree([
      { path: '/index.html', size: 10, mtimeMs: 1, type: 'file' },
      { path: '/logs/2024/a.log', size: 5, mtimeMs: 2, type: 'file' },
      { path: '/about.html', size: 3, mtimeMs: 3, type: 'file' },
      { path: '/empty', size: 0, mtimeMs: 4, type: 'dir' },
    ])
    expect(flattenTree(tree).map(({ node, depth }) => `${depth}:${node.type}:${node.path}`)).toEqual([
      '0:dir:/empty',
      '0:dir:/logs',
      '1:dir:/logs/2024',
      '2:file:/logs/2024/a.log',
      '0:file:/about.html',
      '0:file:/index.html',
    ])
  })
  it('keeps size and mtime of files, and an explicit dir listed after its children', () => {
    const tree = buildFileTree([
      { path: '/d/x.txt', size: 7, mtimeMs: 70, type: 'file' },
      { path: '/d', size: 0, mtimeMs: 99, type: 'dir' },
    ])
    expect(tree).toHaveLength(1)
    expect(tree[0]!.mtimeMs).toBe(99)
    expect(tree[0]!.children[0]).toMatchObject({ name: 'x.txt', size: 7, mtimeMs: 70 })
  })
  it('is empty for an empty volume and ignores the root entry', () => {
    expect(buildFileTree([])).toEqual([])
    expect(buildFileTree([{ path: '/', size: 0, mtimeMs: 0, type: 'dir' }])).toEqual([])
  })
})
