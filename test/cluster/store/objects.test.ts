// sameJSON: the store's no-op detection. Equal means "the API server would store the same object": key order does
// not count (typed structs), array order does, undefined members are absent, odd values compare as JSON.
import { describe, expect, it } from 'vitest'
import { sameJSON } from '../../../src-main/cluster/store/objects'

describe('sameJSON', () => {
  it('ignores key order at every depth but not array order', () => {
    expect(sameJSON({ a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 })).toBe(true)
    expect(sameJSON({ a: [1, 2] }, { a: [2, 1] })).toBe(false)
    expect(sameJSON([{ type: 'Ready', status: 'True' }], [{ status: 'True', type: 'Ready' }])).toBe(true)
  })

  it('treats undefined members as absent, and notices extra, missing and changed members', () => {
    expect(sameJSON({ a: 1, b: undefined }, { a: 1 })).toBe(true)
    expect(sameJSON({ a: 1 }, { a: 1, b: undefined })).toBe(true)
    expect(sameJSON({ a: 1 }, { a: 1, b: null })).toBe(false)
    expect(sameJSON({ a: 1, b: 2 }, { a: 1 })).toBe(false)
    expect(sameJSON({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(sameJSON({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false)
    expect(sameJSON({ a: undefined }, { b: undefined })).toBe(true)
    expect(sameJSON({ a: 1, c: undefined }, { b: 1 })).toBe(false)
  })

  it('compares what JSON cannot hold as JSON does', () => {
    expect(sameJSON([undefined], [null])).toBe(true)
    expect(sameJSON({ n: NaN }, { n: null })).toBe(true)
    expect(sameJSON({ n: 0 }, { n: -0 })).toBe(true)
    expect(sameJSON({ d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' })).toBe(true)
    expect(sameJSON({}, [])).toBe(false)
    expect(sameJSON('1', 1)).toBe(false)
  })
})
