// The simulation is a plain library: these folders must not reach for Electron, the pty, SQLite, the network
// stack or real time. A failure here means the boundary leaked (habit 1 in the developers' guide).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

function files(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...files(p))
    else if (p.endsWith('.ts')) out.push(p)
  }
  return out
}

const forbiddenImports = /from\s+['"](electron|node-pty|better-sqlite3|ws|node:http|node:net|node:child_process|http|net|child_process)['"]/
const realTime = /\b(setTimeout|setInterval|setImmediate|Date\.now|performance\.now)\s*\(|new Date\(\s*\)/

const pure = [
  { dir: 'src-main/cluster', time: true },
  { dir: 'src-main/shared', time: true },
  { dir: 'src-main/shell', time: false, except: /shell\/workstation\/node-/ },
]

describe('pure library boundaries', () => {
  for (const { dir, time, except } of pure) {
    it(`${dir} imports no electron, pty, sqlite or sockets${time ? ', and uses no real time' : ''}`, () => {
      const offenders: string[] = []
      for (const f of files(join(root, dir))) {
        const rel = relative(root, f)
        if (except?.test(rel)) continue
        const src = readFileSync(f, 'utf8')
        if (forbiddenImports.test(src)) offenders.push(`${rel}: ${src.match(forbiddenImports)![0]}`)
        if (time && realTime.test(src)) offenders.push(`${rel}: ${src.match(realTime)![0]}`)
      }
      expect(offenders).toEqual([])
    })
  }
})
