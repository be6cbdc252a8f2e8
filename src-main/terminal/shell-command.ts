// How to start the workstation shell child in dev and tests: this Node with the tsx loader and the TypeScript
// entry. Paths are absolute because the child's cwd is the lesson workspace. Built apps pass their own command.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface ShellCommand {
  file: string
  args: string[]
  env?: Record<string, string>
}

const REPO_ROOT = resolve(import.meta.dirname, '..', '..')

export function defaultShellCommand(): ShellCommand {
  return {
    file: process.execPath,
    args: ['--import', pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(REPO_ROOT, 'src-main', 'cli', 'shell.ts')],
  }
}
