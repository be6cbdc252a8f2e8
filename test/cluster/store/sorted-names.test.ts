// The chunked sorted name set behind each namespace of the object table, checked against a plain sorted array,
// and the table's paging across chunk boundaries.
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../src-main/cluster/clock'
import { ObjectTable } from '../../../src-main/cluster/store/object-table'
import { SortedNames } from '../../../src-main/cluster/store/sorted-names'

const all = (s: SortedNames, after?: string) => {
  const out: string[] = []
  s.forEachAfter(after, (n) => (out.push(n), true))
  return out
}

describe('SortedNames', () => {
  it('stays in plain string order through thousands of random inserts and deletes', () => {
    const random = seededRandom(7)
    const s = new SortedNames()
    const ref = new Set<string>()
    for (let step = 0; step < 6000; step++) {
      const name = `pod-${Math.floor(random() * 3000)}.${Math.floor(random() * 16).toString(16)}`
      if (ref.has(name)) {
        expect(s.delete(name)).toBe(true)
        ref.delete(name)
      } else if (random() < 0.8) {
        s.insert(name)
        ref.add(name)
      } else expect(s.delete(name)).toBe(false)
    }
    const sorted = [...ref].sort()
    expect(s.size).toBe(sorted.length)
    expect(sorted.length).toBeGreaterThan(1500) // several chunks
    expect(all(s)).toEqual(sorted)
    // Resuming after any position, present or not, gives exactly the names after it.
    for (const after of [sorted[0], sorted[700], sorted[sorted.length - 1], 'pod-1', 'a', 'zzz', sorted[1200] + '0']) {
      expect(all(s, after)).toEqual(sorted.filter((n) => n > after))
    }
  })

  it('merges bursts of unsorted inserts (small and large) into order at the next read or delete', () => {
    const random = seededRandom(11)
    const s = new SortedNames()
    const ref = new Set<string>()
    for (let round = 0; round < 40; round++) {
      // Bursts below and above the one-by-one threshold, Event-like random names, some sharing long prefixes.
      const burst = Math.floor(random() * (round % 3 === 0 ? 900 : 70)) + 1
      for (let i = 0; i < burst; i++) {
        const name = `web-${Math.floor(random() * 50)}.${Math.floor(random() * 2 ** 40).toString(16)}`
        if (ref.has(name)) continue
        s.insert(name)
        ref.add(name)
      }
      expect(s.size).toBe(ref.size)
      if (round % 2) {
        const victim = [...ref][Math.floor(random() * ref.size)]
        expect(s.delete(victim)).toBe(true)
        ref.delete(victim)
      }
      const sorted = [...ref].sort()
      expect(all(s)).toEqual(sorted)
      const mid = sorted[sorted.length >>> 1]
      expect(all(s, mid)).toEqual(sorted.filter((n) => n > mid))
    }
    expect(ref.size).toBeGreaterThan(5000)
  })

  it('appends in order, stops when the visitor says so, and empties cleanly', () => {
    const s = new SortedNames()
    for (let i = 0; i < 2000; i++) s.insert(`e-${String(i).padStart(5, '0')}`)
    const firstThree: string[] = []
    s.forEachAfter('e-00511', (n) => (firstThree.push(n), firstThree.length < 3))
    expect(firstThree).toEqual(['e-00512', 'e-00513', 'e-00514'])
    for (let i = 1999; i >= 0; i--) expect(s.delete(`e-${String(i).padStart(5, '0')}`)).toBe(true)
    expect(s.size).toBe(0)
    expect(all(s)).toEqual([])
    expect(s.delete('e-00000')).toBe(false)
    s.insert('again')
    expect(all(s)).toEqual(['again'])
  })
})

describe('ObjectTable paging over a large namespace', () => {
  it('limit/continue pages join up to the full listing, across chunk boundaries and namespaces', () => {
    const t = new ObjectTable()
    const random = seededRandom(3)
    const keys: string[] = []
    for (let i = 0; i < 3000; i++) {
      const namespace = i % 5 ? 'default' : 'other'
      const name = `ev-${Math.floor(random() * 1e9).toString(36)}-${i}`
      keys.push(`${namespace}/${name}`)
      t.set({ apiVersion: 'v1', kind: 'Event', metadata: { namespace, name } })
    }
    keys.sort()
    expect(t.values().map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(keys)
    const paged: string[] = []
    let after: string | undefined
    for (;;) {
      const p = t.page(undefined, after, (o) => !o.metadata.name!.endsWith('7'), 700)
      paged.push(...p.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`))
      if (!p.more) break
      expect(p.items).toHaveLength(700)
      after = p.lastKey
    }
    expect(paged).toEqual(keys.filter((k) => !k.endsWith('7')))
    const inOther = t.page('other', undefined, undefined, Infinity)
    expect(inOther.items).toHaveLength(600)
    expect(inOther.more).toBe(false)
  })
})
