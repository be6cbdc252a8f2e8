import { describe, expect, it } from 'vitest'
import { createScrollback } from '../../src-main/terminal/scrollback'

describe('terminal scrollback', () => {
  it('replays recent output after a reset', () => {
    const s = createScrollback()
    s.push('Welcome\r\n')
    s.push('$ ls\r\nfile.yaml\r\n$ ')
    expect(s.replay()).toBe('\x1bcWelcome\r\n$ ls\r\nfile.yaml\r\n$ ')
  })

  it('starts afresh when a new shell resets the screen', () => {
    const s = createScrollback()
    s.push('old shell\r\n')
    s.push('bye\x1bcWelcome again\r\n')
    expect(s.replay()).toBe('\x1bcWelcome again\r\n')
  })

  it('stays bounded and trims at a line boundary', () => {
    const s = createScrollback(1000)
    for (let i = 0; i < 500; i++) s.push(`line ${i}\r\n`)
    const r = s.replay()
    expect(r.length).toBeLessThanOrEqual(1500 + 2)
    expect(r.startsWith('\x1bcline ')).toBe(true)
    expect(r.endsWith('line 499\r\n')).toBe(true)
  })
})
