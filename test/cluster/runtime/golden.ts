// Golden-file assertions for container command output: test/golden/runtime/<name>.txt. UPDATE_GOLDEN=1 rewrites them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { expect } from 'vitest'

const ROOT = join(dirname(new URL(import.meta.url).pathname), '../../golden/runtime')

export function expectGolden(name: string, actual: string): void {
  const file = join(ROOT, `${name}.txt`)
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, actual)
    return
  }
  if (!existsSync(file)) throw new Error(`golden file missing: ${file} (run with UPDATE_GOLDEN=1 to create it)`)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}
