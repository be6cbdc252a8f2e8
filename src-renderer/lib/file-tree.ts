// Turns a volume's flat file list into a tree for the inspector. Pure, unit-tested.
import type { VolumeFileView } from '../../src-main/shared/view-models'

export interface TreeNode {
  name: string
  path: string
  type: 'file' | 'dir'
  size: number
  mtimeMs: number
  children: TreeNode[]
}

/** Directories first, then files, each by name. Parents missing from the list are created. */
export function buildFileTree(files: readonly VolumeFileView[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', type: 'dir', size: 0, mtimeMs: 0, children: [] }
  const byPath = new Map<string, TreeNode>([['', root]])
  const ensureDir = (path: string): TreeNode => {
    const found = byPath.get(path)
    if (found) return found
    const cut = path.lastIndexOf('/')
    const parent = ensureDir(path.slice(0, Math.max(0, cut)))
    const node: TreeNode = { name: path.slice(cut + 1), path: '/' + path, type: 'dir', size: 0, mtimeMs: 0, children: [] }
    parent.children.push(node)
    byPath.set(path, node)
    return node
  }
  for (const f of files) {
    const rel = f.path.replace(/^\/+/, '').replace(/\/+$/, '')
    if (rel === '') continue
    if (f.type === 'dir') {
      const dir = ensureDir(rel)
      dir.mtimeMs = f.mtimeMs
      continue
    }
    const cut = rel.lastIndexOf('/')
    const parent = ensureDir(rel.slice(0, Math.max(0, cut)))
    const node: TreeNode = { name: rel.slice(cut + 1), path: '/' + rel, type: 'file', size: f.size, mtimeMs: f.mtimeMs, children: [] }
    parent.children.push(node)
    byPath.set(rel, node)
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'dir' ? -1 : 1))
    for (const n of nodes) sort(n.children)
  }
  sort(root.children)
  return root.children
}

/** Depth-first list with depth, for rendering a tree as rows. */
export function flattenTree(nodes: readonly TreeNode[], depth = 0): { node: TreeNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flattenTree(node.children, depth + 1)])
}
