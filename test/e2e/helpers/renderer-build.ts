// Makes sure out/renderer is a build of the current src-renderer: the e2e must test what is in the tree, not an old
// bundle. Builds only the renderer section of electron.vite.config.ts (main/preload are not needed by browser mode).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..', '..', '..')
export const RENDERER_OUT = join(ROOT, 'out', 'renderer')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

export function rendererIsStale(): boolean {
  const index = join(RENDERER_OUT, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  const sources = Math.max(newestMtime(join(ROOT, 'src-renderer')), statSync(join(ROOT, 'src-main', 'web', 'client.ts')).mtimeMs)
  return sources > built
}

export async function ensureRendererBuilt(): Promise<void> {
  if (!rendererIsStale()) return
  const { build } = await import('vite')
  const { default: config } = (await import('../../../electron.vite.config')) as unknown as {
    default: { renderer: Record<string, unknown> & { root: string; build?: Record<string, unknown> } }
  }
  const { renderer } = config
  await build({
    ...renderer,
    root: join(ROOT, renderer.root),
    build: { ...renderer.build, emptyOutDir: true }, // out/renderer is ours alone; no stale hashed bundles
    configFile: false,
    logLevel: 'warn',
  } as never)
  if (!existsSync(join(RENDERER_OUT, 'index.html'))) throw new Error(`the renderer build wrote no ${RENDERER_OUT}/index.html`)
}
