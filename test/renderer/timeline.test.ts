import { describe, expect, it } from 'vitest'
import type { ClusterView, PodPhaseView, PodView } from '../../src-main/shared/view-models'
import { recordTimeline, timelineSpan } from '../../src-renderer/lib/timeline'

const pod = (name: string, phase: PodPhaseView, createdAt: number): PodView => ({
  name, namespace: 'default', uid: `uid-${name}`, status: phase, phase, ready: phase === 'Running', readyText: '0/1',
  ip: null, node: null, hostname: name, restarts: 0, createdAt, claims: [],
})
const view = (now: number, pods: PodView[]): ClusterView => ({
  now, namespace: 'default', statefulSets: [], deployments: [], pods, services: [], claims: [], volumes: [], dns: [], events: [],
})

describe('recordTimeline', () => {
  it('starts bars at creation and splits them at phase changes', () => {
    let rows = recordTimeline([], view(1000, [pod('web-0', 'Pending', 500)]))
    rows = recordTimeline(rows, view(3000, [pod('web-0', 'Running', 500), pod('web-1', 'Pending', 2500)]))
    rows = recordTimeline(rows, view(4000, [pod('web-0', 'Running', 500), pod('web-1', 'Pending', 2500)]))
    expect(rows.map((r) => r.name)).toEqual(['web-0', 'web-1'])
    expect(rows[0]!.segments).toEqual([
      { phase: 'Pending', from: 500, to: 3000 },
      { phase: 'Running', from: 3000, to: null },
    ])
    expect(rows[1]!.segments).toEqual([{ phase: 'Pending', from: 2500, to: null }])
  })
  it('closes the row of a pod that disappeared, and a recreated pod gets its own row', () => {
    let rows = recordTimeline([], view(1000, [pod('web-0', 'Running', 0)]))
    rows = recordTimeline(rows, view(2000, []))
    expect(rows[0]).toMatchObject({ gone: 2000, segments: [{ phase: 'Running', from: 0, to: 2000 }] })
    const again = { ...pod('web-0', 'Pending', 2500), uid: 'uid-web-0-b' }
    rows = recordTimeline(rows, view(3000, [again]))
    expect(rows).toHaveLength(2)
    expect(rows[0]!.gone).toBe(2000) // not reopened
    expect(rows[1]!.uid).toBe('uid-web-0-b')
  })
  it('does not mutate the rows it was given', () => {
    const first = recordTimeline([], view(1000, [pod('web-0', 'Pending', 0)]))
    const copy = structuredClone(first)
    recordTimeline(first, view(2000, [pod('web-0', 'Running', 0)]))
    expect(first).toEqual(copy)
  })
  it('spans from the first creation to now, at least a second', () => {
    const rows = recordTimeline([], view(1000, [pod('web-0', 'Pending', 800)]))
    expect(timelineSpan(rows, 1000)).toEqual({ start: 800, end: 1800 })
    expect(timelineSpan([], 5000)).toEqual({ start: 5000, end: 6000 })
  })
})
