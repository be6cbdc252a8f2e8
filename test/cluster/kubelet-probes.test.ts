// Probes on the sim clock: thresholds and timing with the scripted runtime, then real exec/httpGet/tcpSocket
// probes against the simulated containers (nginx serving files, busybox running commands).
import { afterEach, describe, expect, it } from 'vitest'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness } from './helpers'
import { events, pod, statusOf } from './pod-helpers'
import { startScenario, type Scenario } from './scenarios/harness'

const startedAt = (h: ReturnType<typeof startHarness>, name: string) => Date.parse(h.pod(name)!.status.containerStatuses[0].state.running.startedAt)

describe('probe timing and thresholds (scripted runtime)', () => {
  it('readiness: first probe after initialDelaySeconds, Ready after successThreshold, unready after failureThreshold', async () => {
    const h = startHarness()
    const probe = { exec: { command: ['true'] }, initialDelaySeconds: 5, periodSeconds: 2, successThreshold: 2, failureThreshold: 3 }
    let ok = true
    const calls: number[] = []
    // Only this pod's probes: the CoreDNS pods in kube-system have their own (always passing here).
    h.runtime.probeResult = (p) => {
      if (p.metadata.name !== 'r') return true
      calls.push(h.clock.now())
      return ok
    }
    h.cluster.store.create(GVRS.pods, 'default', pod('r', {}, { readinessProbe: probe }))
    await h.until(() => h.pod('r')?.status?.containerStatuses?.[0]?.state?.running !== undefined)
    const s = startedAt(h, 'r')
    expect(statusOf(h.cluster.store, h.clock.now(), 'r')).toBe('0/1 Running 0')
    await h.until(() => h.pod('r')!.status.containerStatuses[0].ready === true)
    expect(calls.map((t) => Math.floor((t - s) / 1000))).toEqual([5, 7]) // startedAt has whole seconds
    expect(statusOf(h.cluster.store, h.clock.now(), 'r')).toBe('1/1 Running 0')
    ok = false
    const failFrom = h.clock.now()
    await h.until(() => h.pod('r')!.status.containerStatuses[0].ready === false)
    expect((h.clock.now() - failFrom) / 1000).toBe(6) // three failed probes, 2s apart
    expect(h.pod('r')!.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' })
    expect(events(h.cluster.store, 'r', 'Unhealthy')[0]).toMatchObject({ type: 'Warning', count: 3 })
  })

  it('liveness: failureThreshold consecutive failures kill the container, which restarts', async () => {
    const h = startHarness()
    h.runtime.probeResult = () => false
    h.cluster.store.create(GVRS.pods, 'default', pod('l', {}, { livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 3, failureThreshold: 2 } }))
    await h.until(() => h.pod('l')?.status?.containerStatuses?.[0]?.state?.running !== undefined)
    const s = startedAt(h, 'l')
    await h.until(() => events(h.cluster.store, 'l', 'Killing').length > 0)
    expect(Math.floor((h.clock.now() - s) / 1000)).toBe(3)
    expect(events(h.cluster.store, 'l', 'Killing')[0].message).toBe('Container c failed liveness probe, will be restarted')
    h.runtime.probeResult = () => true
    await h.until(() => h.pod('l')!.status.containerStatuses[0].restartCount === 1 && !!h.pod('l')!.status.containerStatuses[0].state.running)
    expect(h.pod('l')!.status.containerStatuses[0].lastState.terminated).toMatchObject({ reason: 'Completed' })
    await h.run(60_000)
    expect(h.pod('l')!.status.containerStatuses[0].restartCount).toBe(1)
  })

  it('startup: until it succeeds the container is not started and readiness does not run', async () => {
    const h = startHarness()
    const seen: string[] = []
    let startupOk = false
    h.runtime.probeResult = (_p, _c) => {
      seen.push(startupOk ? 'after' : 'before')
      return startupOk
    }
    h.cluster.store.create(GVRS.pods, 'default', pod('s', {}, {
      startupProbe: { exec: { command: ['check'] }, periodSeconds: 1, failureThreshold: 30 },
      readinessProbe: { exec: { command: ['ready'] }, periodSeconds: 5 },
    }))
    await h.until(() => h.pod('s')?.status?.containerStatuses?.[0]?.state?.running !== undefined)
    await h.run(4_000)
    expect(h.pod('s')!.status.containerStatuses[0]).toMatchObject({ started: false, ready: false })
    startupOk = true
    await h.until(() => h.pod('s')!.status.containerStatuses[0].ready === true)
    expect(h.pod('s')!.status.containerStatuses[0].started).toBe(true)
    expect(events(h.cluster.store, 's', 'Unhealthy')[0].message).toBe('Startup probe failed: ')
  })

  it('startup probe failing failureThreshold times kills the container', async () => {
    const h = startHarness()
    h.runtime.probeResult = () => false
    h.cluster.store.create(GVRS.pods, 'default', pod('s', {}, { startupProbe: { exec: { command: ['check'] }, periodSeconds: 1, failureThreshold: 3 } }))
    await h.until(() => events(h.cluster.store, 's', 'Killing').length > 0)
    expect(events(h.cluster.store, 's', 'Killing')[0].message).toBe('Container c failed startup probe, will be restarted')
  })
})

describe('probes against the simulated containers (real runtime)', () => {
  let s: Scenario
  afterEach(() => s?.dispose())
  const ready = (name: string) => s.store.get(GVRS.pods, 'default', name).status?.containerStatuses?.[0]?.ready === true
  const unhealthy = (name: string) => s.store.list(GVRS.events, { namespace: 'default', fieldSelector: `involvedObject.name=${name},reason=Unhealthy` }).items.map((e) => e.message)

  it('httpGet: nginx answers / with 200 (Ready); a missing path is a 404 and the pod stays 0/1', async () => {
    s = startScenario()
    s.store.create(GVRS.pods, 'default', pod('good', {}, { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 } }))
    s.store.create(GVRS.pods, 'default', pod('bad', {}, { readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 2 } }))
    await s.until('good Ready', () => ready('good'), 60_000)
    await s.run(10_000)
    expect(ready('bad')).toBe(false)
    expect(unhealthy('bad')).toEqual(['Readiness probe failed: HTTP probe failed with statuscode: 404'])
    expect(statusOf(s.store, s.clock.now(), 'bad')).toBe('0/1 Running 0')
  })

  it('httpGet on a port nothing listens on: connection refused, with the probe URL', async () => {
    s = startScenario()
    s.store.create(GVRS.pods, 'default', pod('p', {}, { readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 2 } }))
    await s.run(20_000)
    const ip = s.store.get(GVRS.pods, 'default', 'p').status.podIP
    expect(unhealthy('p')).toEqual([`Readiness probe failed: Get "http://${ip}:8080/": dial tcp ${ip}:8080: connect: connection refused`])
  })

  it('tcpSocket: port 80 of nginx is open (named port works too); 81 is refused', async () => {
    s = startScenario()
    s.store.create(GVRS.pods, 'default', pod('open', {}, { ports: [{ name: 'web', containerPort: 80 }], readinessProbe: { tcpSocket: { port: 'web' }, periodSeconds: 2 } }))
    s.store.create(GVRS.pods, 'default', pod('shut', {}, { readinessProbe: { tcpSocket: { port: 81 }, periodSeconds: 2 } }))
    await s.until('open Ready', () => ready('open'), 60_000)
    await s.run(6_000)
    const ip = s.store.get(GVRS.pods, 'default', 'shut').status.podIP
    expect(ready('shut')).toBe(false)
    expect(unhealthy('shut')[0]).toBe(`Readiness probe failed: dial tcp ${ip}:81: connect: connection refused`)
  })

  it('exec: runs the command in the container; ready once the file exists; the output is the event message', async () => {
    s = startScenario()
    s.store.create(
      GVRS.pods,
      'default',
      pod('e', {}, { image: 'busybox:1.28', command: ['sh', '-c', 'sleep 10; touch /tmp/healthy; sleep 3600'], readinessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 2 } }),
    )
    await s.until('e running', () => s.store.get(GVRS.pods, 'default', 'e').status?.phase === 'Running', 60_000)
    await s.run(4_000)
    expect(ready('e')).toBe(false)
    expect(unhealthy('e')[0]).toBe("Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n")
    await s.until('e Ready', () => ready('e'), 30_000)
    expect(s.violations).toEqual([])
  })
})
