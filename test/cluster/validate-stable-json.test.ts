// stableJSON renders ControllerRevision data for hashing and comparing, so its text must be exactly what the
// first implementation (JSON.stringify with a replacer that rebuilt every object with sorted keys) produced.
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../src-main/cluster/clock'
import { sameStable, stableJSON } from '../../src-main/cluster/stable-json'
import { validatePVCUpdate } from '../../src-main/cluster/validate'
import { revisionHash } from '../../src-main/cluster/controllers/revisions'

const reference = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x)) ??
  'undefined'

describe('stableJSON', () => {
  it('sorts keys at every depth, integer-like keys first as a rebuilt object lists them', () => {
    expect(stableJSON({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}')
    expect(stableJSON({ b: 1, 10: 'x', 2: 'y', a: 2 })).toBe('{"2":"y","10":"x","a":2,"b":1}')
    expect(stableJSON(undefined)).toBe('undefined')
  })

  it('matches the replacer-based rendering on edge cases and random documents', () => {
    const cases: unknown[] = [
      null,
      0,
      -0,
      NaN,
      Infinity,
      'é\n"',
      true,
      [],
      {},
      [undefined, () => 1, Symbol('s'), 1],
      { u: undefined, f: () => 1, n: null, arr: [, 2] }, // eslint-disable-line no-sparse-arrays
      new Date(0),
      { when: new Date(5), nested: { toJSON: () => ({ q: 1, p: [2, { y: 1, x: 0 }] }) } },
      { '4294967295': 1, '4294967294': 2, '01': 3, '-1': 4, '1': 5, B: 6, a: 7 },
      new String('ab'),
      [new Number(3)],
    ]
    const random = seededRandom(11)
    const keys = ['a', 'b', 'Z', '1', '10', '2', 'ab', 'a-b', '$patch', 'é', 'x y']
    const gen = (depth: number): unknown => {
      const t = random()
      if (depth > 4 || t < 0.3) return [1, 'a', null, undefined, 1.5, true, -7, ''][Math.floor(random() * 8)]
      if (t < 0.55) return Array.from({ length: Math.floor(random() * 4) }, () => gen(depth + 1))
      const o: Record<string, unknown> = {}
      const n = Math.floor(random() * 6)
      for (let i = 0; i < n; i++) o[keys[Math.floor(random() * keys.length)]] = gen(depth + 1)
      return o
    }
    for (let i = 0; i < 3000; i++) cases.push(gen(0))
    for (const c of cases) expect(stableJSON(c)).toBe(reference(c))
  })

  it('keeps revision hashes stable', () => {
    const patch = { spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] }, $patch: 'replace' } } }
    const fnvOfReference = revisionHash(JSON.parse(reference(patch)))
    expect(revisionHash(patch)).toBe(fnvOfReference)
    expect(revisionHash(patch, 1)).not.toBe(fnvOfReference)
  })
})

describe('sameStable', () => {
  it('is stableJSON equality, on edge cases and random pairs of documents', () => {
    expect(sameStable({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true)
    expect(sameStable({ a: 1, u: undefined }, { a: 1 })).toBe(true)
    expect(sameStable([undefined], [null])).toBe(true)
    expect(sameStable({ a: NaN }, { a: null })).toBe(true)
    expect(sameStable({ a: 1 }, { a: '1' })).toBe(false)
    expect(sameStable({}, [])).toBe(false)
    expect(sameStable({ d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' })).toBe(true)
    const random = seededRandom(5)
    const leaves = [1, 'a', null, undefined, 1.5, -0, 0, NaN, Infinity, true, '1', () => 1, new Date(0), { toJSON: () => 1 }]
    const gen = (depth: number): unknown => {
      const t = random()
      if (depth > 3 || t < 0.35) return leaves[Math.floor(random() * leaves.length)]
      if (t < 0.6) return Array.from({ length: Math.floor(random() * 3) }, () => gen(depth + 1))
      const o: Record<string, unknown> = {}
      for (let i = 0; i < random() * 4; i++) o[['a', 'b', '1', '2'][Math.floor(random() * 4)]] = gen(depth + 1)
      return o
    }
    const copy = (v: unknown) => {
      const s = JSON.stringify(v)
      return s === undefined ? undefined : JSON.parse(s)
    }
    let equalPairs = 0
    for (let i = 0; i < 20000; i++) {
      const a = gen(0)
      const b = random() < 0.5 ? gen(0) : copy(a)
      const want = stableJSON(a) === stableJSON(b)
      if (want) equalPairs++
      expect(sameStable(a, b)).toBe(want)
    }
    expect(equalPairs).toBeGreaterThan(5000) // both outcomes are exercised
  })
})

describe('validatePVCUpdate', () => {
  const claim = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-web-0', namespace: 'default' }, spec })
  const base = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' }

  it('lets the binder set volumeName once and resources change, refuses other spec edits', () => {
    expect(validatePVCUpdate(claim({ ...base, volumeName: 'pvc-1' }), claim(base))).toEqual([])
    expect(validatePVCUpdate(claim({ ...base, resources: { requests: { storage: '2Gi' } } }), claim(base))).toEqual([])
    const changed = validatePVCUpdate(claim({ ...base, accessModes: ['ReadWriteMany'] }), claim(base))
    expect(changed.map((c) => c.message)).toEqual([expect.stringContaining('spec is immutable after creation')])
    const rebound = validatePVCUpdate(claim({ ...base, volumeName: 'pvc-2' }), claim({ ...base, volumeName: 'pvc-1' }))
    expect(rebound).toHaveLength(1)
  })

  it('does not write into the objects it compares (they may be frozen stored objects)', () => {
    const old = Object.freeze(claim(Object.freeze({ ...base, volumeName: 'pvc-1' })))
    const next = Object.freeze(claim(Object.freeze({ ...base, volumeName: 'pvc-1', volumeAttributesClassName: 'x' })))
    expect(validatePVCUpdate(next, old)).toEqual([])
    expect(next.spec).toHaveProperty('volumeAttributesClassName', 'x')
  })
})
