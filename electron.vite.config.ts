// Builds the desktop app: main (Electron shell + pty shell child), preload (CommonJS, sandbox-safe) and the
// renderer. The same renderer build is what browser mode serves (npm run web).
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

const r = (p: string) => resolve(import.meta.dirname, p)

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: r('src-main/index.ts'), 'shell-child': r('src-main/cli/shell.ts'), 'persist-worker': r('src-main/db/persist-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: r('src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [svelte()],
    build: { outDir: r('out/renderer'), rollupOptions: { input: { index: r('src-renderer/index.html') } } },
  },
})
