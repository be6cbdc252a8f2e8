// Help text is written in our own words (copying kubectl's would copy upstream text), so help cases are not diffed
// byte for byte. Instead the STRUCTURE must match the real kubectl's: the same exit code and streams, our section
// headings in kubectl's order (a subsequence: groups whose commands we lack are absent), every non-group heading
// kubectl prints, only flag names kubectl also has, each of our commands under the group kubectl lists it in, and
// the same closing line.
import { expect } from 'vitest'
import type { Captured } from '../node-context'

const HEADING = /^([A-Z][^:\n]*):$/
const FLAG = /^\s+(?:-\w, )?--([\w-]+)=/
const COMMAND_LINE = /^ {2}([a-z][\w-]*) {2,}\S/

export interface HelpShape {
  headings: string[]
  flags: string[]
  commands: Map<string, string>
  lastLine: string
}

export function helpShape(text: string): HelpShape {
  const headings: string[] = []
  const flags: string[] = []
  const commands = new Map<string, string>()
  let current = ''
  for (const line of text.split('\n')) {
    const h = HEADING.exec(line)
    if (h) { headings.push(h[1]); current = h[1]; continue }
    const f = FLAG.exec(line)
    if (f) flags.push(f[1])
    const c = COMMAND_LINE.exec(line)
    if (c && /Commands|plugins/.test(current)) commands.set(c[1], current)
  }
  const lines = text.trimEnd().split('\n')
  return { headings, flags, commands, lastLine: lines[lines.length - 1] ?? '' }
}

function isSubsequence(sub: string[], seq: string[]): boolean {
  let i = 0
  for (const s of seq) if (i < sub.length && sub[i] === s) i++
  return i === sub.length
}

export function expectSameHelpStructure(ours: Captured, real: Captured): void {
  expect(ours.code).toBe(real.code)
  expect(ours.stdout === '').toBe(real.stdout === '')
  expect(ours.stderr === '').toBe(real.stderr === '')
  const text = (c: Captured) => c.stdout || c.stderr
  const o = helpShape(text(ours))
  const r = helpShape(text(real))
  expect(isSubsequence(o.headings, r.headings), `headings ${o.headings.join(' | ')} within ${r.headings.join(' | ')}`).toBe(true)
  const isGroup = (h: string) => /Commands|plugins/.test(h)
  expect(o.headings.filter((h) => !isGroup(h))).toEqual(r.headings.filter((h) => !isGroup(h)))
  const unknownFlags = o.flags.filter((f) => !r.flags.includes(f))
  expect(unknownFlags, 'flags kubectl does not have').toEqual([])
  for (const [cmd, group] of o.commands) expect(r.commands.get(cmd), `group of ${cmd}`).toBe(group)
  // The closing pointer to `kubectl options` (the options list itself ends with whichever flag sorts last).
  if (r.lastLine.startsWith('Use ')) expect(o.lastLine).toBe(r.lastLine)
}
