// Capped histories keep their newest entries, in order, within a quarter over the cap, dropping the oldest in chunks.
import { describe, expect, it } from 'vitest'
import { dropOldest } from '../../src-main/shared/bounded'
import { AuditLog } from '../../src-main/apiserver/audit'
import { LogBuffer } from '../../src-main/cluster/runtime/logs'

describe('dropOldest', () => {
  it('lets the list grow a quarter over the cap, then drops back to the newest `max`', () => {
    const list: number[] = []
    const lengths: number[] = []
    for (let i = 0; i < 300; i++) {
      list.push(i)
      dropOldest(list, 100)
      lengths.push(list.length)
    }
    expect(Math.max(...lengths)).toBe(125)
    expect(lengths[124]).toBe(125)
    expect(lengths[125]).toBe(100) // the 126th push drops 26 at once
    expect(list.at(-1)).toBe(299)
    expect(list).toEqual(Array.from({ length: list.length }, (_, i) => 300 - list.length + i))
  })

  it('the audit log and a container log keep their newest entries', () => {
    const audit = new AuditLog(10)
    for (let i = 0; i < 40; i++) audit.add({ time: i, verb: 'get', method: 'GET', path: `/api/v1/namespaces/default/pods/p-${i}`, query: '', userAgent: 'kubectl', code: 200 })
    expect(audit.entries.length).toBeLessThanOrEqual(13)
    expect(audit.entries.at(-1)).toMatchObject({ path: '/api/v1/namespaces/default/pods/p-39' })
    const log = new LogBuffer(() => 0)
    for (let i = 0; i < 13_000; i++) log.write(`line ${i}\n`)
    const lines = log.stream({}).initial.split('\n').filter(Boolean)
    expect(lines.length).toBeGreaterThanOrEqual(10_000)
    expect(lines.length).toBeLessThanOrEqual(12_500)
    expect(lines.at(-1)).toBe('line 12999')
    expect(lines[0]).toBe(`line ${13_000 - lines.length}`)
  })
})
