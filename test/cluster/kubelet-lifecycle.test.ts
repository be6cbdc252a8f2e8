// The kubelet through the pure engine with the scripted runtime: STATUS sequences (§B1/§B2), restartPolicy,
// CrashLoopBackOff timing, image pull failures, init containers and graceful termination.
import { describe, expect, it } from 'vitest'
import { GVRS } from '../../src-main/cluster/store/registry'
import { startHarness } from './helpers'
import { distinct, events, pod, statusOf, watchRows } from './pod-helpers'

describe('pod STATUS as kubectl get pods -w shows it', () => {
  it('create: Pending, Pending (bound), ContainerCreating, Running', async () => {
    const h = startHarness()
    const rows = watchRows(h.cluster.store, h.clock, 'p')
    h.cluster.store.create(GVRS.pods, 'default', pod('p'))
    await h.run(20_000)
    expect(rows.slice(0, 2)).toEqual(['0/1 Pending 0', '0/1 Pending 0'])
    expect(distinct(rows)).toEqual(['0/1 Pending 0', '0/1 ContainerCreating 0', '1/1 Running 0'])
    const p = h.pod('p')!
    expect(p.status.podIP).toMatch(/^10\.244\.[123]\.\d+$/)
    expect(p.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True'])
  })

  it('delete: Terminating with READY still 1/1, then Completed (terminal phase), then gone', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('p', { terminationGracePeriodSeconds: 10 }))
    await h.run(20_000)
    const rows = watchRows(h.cluster.store, h.clock, 'p')
    h.cluster.store.delete(GVRS.pods, 'default', 'p')
    await h.run(5_000)
    expect(rows).toEqual(['1/1 Terminating 0', '0/1 Completed 0', '0/1 Completed 0'])
    expect(h.pod('p')).toBeUndefined()
  })

  it('a container that ignores TERM is killed after the grace period: Error', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('p', { terminationGracePeriodSeconds: 5 }))
    await h.run(20_000)
    const orig = h.runtime.stopContainer
    h.runtime.stopContainer = (u, n, sig) => (sig === 'KILL' ? orig(u, n, sig) : undefined)
    const rows = watchRows(h.cluster.store, h.clock, 'p')
    const t = h.clock.now()
    h.cluster.store.delete(GVRS.pods, 'default', 'p')
    await h.until(() => !h.pod('p'))
    expect(h.clock.now() - t).toBe(5_000)
    expect(distinct(rows)).toEqual(['1/1 Terminating 0', '0/1 Error 0'])
  })

  it('force delete (grace 0) removes the object at once and the kubelet kills the containers', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('p'))
    await h.run(20_000)
    const uid = h.pod('p')!.metadata.uid!
    expect(h.cluster.store.delete(GVRS.pods, 'default', 'p', { gracePeriodSeconds: 0 }).deleted).toBe(true)
    await h.run(100)
    expect(h.runtime.removed).toContain(uid)
    expect([...h.runtime.running.keys()].some((k) => k.startsWith(uid))).toBe(false)
  })
})

describe('restartPolicy and CrashLoopBackOff', () => {
  it('back-off after each exit: 0s, 10s, 20s, 40s … capped at 300s; RESTARTS prints N (Xs ago)', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('crash'))
    await h.run(20_000)
    const gaps: number[] = []
    for (let i = 0; i < 8; i++) {
      const exitAt = h.clock.now()
      h.runtime.exit('crash', 'c', 1)
      await h.until(() => h.pod('crash')!.status.containerStatuses[0].state.running !== undefined, 400_000)
      gaps.push(Math.round((h.clock.now() - exitAt) / 1000))
      await h.run(2_000) // runs 2s before crashing again
    }
    // Each gap = back-off + create/start time (1s, plus the sync after the exit for the first).
    expect(gaps).toEqual([2, 11, 21, 41, 81, 161, 301, 301])
    const cs = h.pod('crash')!.status.containerStatuses[0]
    expect(cs.restartCount).toBe(8)
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' })
    h.runtime.exit('crash', 'c', 1)
    await h.run(15_000)
    expect(statusOf(h.cluster.store, h.clock.now(), 'crash')).toBe('0/1 CrashLoopBackOff 8 (15s ago)')
    expect(h.pod('crash')!.status.containerStatuses[0].state.waiting.message).toMatch(/^back-off 5m0s restarting failed container=c pod=crash_default\(/)
    const backoff = events(h.cluster.store, 'crash', 'BackOff')
    expect(backoff[0].message).toMatch(/^Back-off restarting failed container c in pod crash_default\([0-9a-f-]+\)$/)
    expect(backoff[0].type).toBe('Warning')
  })

  it('the STATUS column goes Running → Error → Running → Error → CrashLoopBackOff', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('crash'))
    await h.run(20_000)
    const rows = watchRows(h.cluster.store, h.clock, 'crash')
    h.runtime.exit('crash', 'c', 1)
    await h.run(5_000)
    h.runtime.exit('crash', 'c', 1)
    await h.run(3_000)
    expect(distinct(rows.map((r) => r.replace(/ \(\d+s ago\)/, '')))).toEqual(['0/1 Error 0', '1/1 Running 1', '0/1 Error 1', '0/1 CrashLoopBackOff 1'])
  })

  it('OnFailure: exit 0 → Completed (Succeeded); exit 1 → restarted', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('ok', { restartPolicy: 'OnFailure' }))
    h.cluster.store.create(GVRS.pods, 'default', pod('ko', { restartPolicy: 'OnFailure' }))
    await h.run(20_000)
    h.runtime.exit('ok', 'c', 0)
    h.runtime.exit('ko', 'c', 3)
    await h.run(5_000)
    expect(h.pod('ok')!.status.phase).toBe('Succeeded')
    expect(statusOf(h.cluster.store, h.clock.now(), 'ok')).toBe('0/1 Completed 0')
    expect(h.pod('ko')!.status.phase).toBe('Running')
    expect(h.pod('ko')!.status.containerStatuses[0].restartCount).toBe(1)
  })

  it('Never: a failed container leaves the pod Failed with STATUS Error', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('once', { restartPolicy: 'Never' }))
    await h.run(20_000)
    h.runtime.exit('once', 'c', 2)
    await h.run(15_000)
    expect(h.pod('once')!.status.phase).toBe('Failed')
    expect(statusOf(h.cluster.store, h.clock.now(), 'once')).toBe('0/1 Error 0')
    expect(h.pod('once')!.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' })
  })
})

describe('image pulls', () => {
  it('unknown tag: ErrImagePull, then ImagePullBackOff, pulls again after 10s, 20s, 40s', async () => {
    const h = startHarness()
    const rows = watchRows(h.cluster.store, h.clock, 'bad')
    h.cluster.store.create(GVRS.pods, 'default', pod('bad', {}, { image: 'nginx:nope' }))
    await h.run(120_000)
    expect(distinct(rows).slice(0, 5)).toEqual(['0/1 Pending 0', '0/1 ContainerCreating 0', '0/1 ErrImagePull 0', '0/1 ImagePullBackOff 0', '0/1 ErrImagePull 0'])
    const failed = events(h.cluster.store, 'bad', 'Failed')
    const pull = failed.find((e) => e.message.startsWith('Failed to pull image'))!
    expect(pull.message).toBe(
      'Failed to pull image "nginx:nope": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found',
    )
    expect(pull.type).toBe('Warning')
    expect(failed.map((e) => e.message)).toEqual(expect.arrayContaining(['Error: ErrImagePull', 'Error: ImagePullBackOff']))
    const backoff = events(h.cluster.store, 'bad', 'BackOff')[0]
    expect(backoff).toMatchObject({ type: 'Normal', message: 'Back-off pulling image "nginx:nope"' })
    // Pulls at ~t, t+10, t+30, t+70 (back-off doubles): 4 attempts in 120s.
    expect(events(h.cluster.store, 'bad', 'Pulling')[0].count).toBe(4)
    expect(h.pod('bad')!.status.phase).toBe('Pending')
  })

  it('an unparsable image name: InvalidImageName, never pulled', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('inv', {}, { image: 'NGINX' }))
    await h.run(20_000)
    expect(statusOf(h.cluster.store, h.clock.now(), 'inv')).toBe('0/1 InvalidImageName 0')
    expect(events(h.cluster.store, 'inv', 'InspectFailed')[0].message).toBe('Failed to apply default image tag "NGINX": couldn\'t parse image name "NGINX": invalid reference format')
    expect(events(h.cluster.store, 'inv', 'Pulling')).toEqual([])
  })
})

describe('image pull policy Never', () => {
  it('an image not on the node: ErrImageNeverPull with the kubelet wording', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', pod('never', {}, { imagePullPolicy: 'Never' }))
    await h.run(20_000)
    expect(statusOf(h.cluster.store, h.clock.now(), 'never')).toBe('0/1 ErrImageNeverPull 0')
    expect(events(h.cluster.store, 'never', 'ErrImageNeverPull')[0]).toMatchObject({
      type: 'Warning',
      message: 'Container image "registry.k8s.io/nginx-slim:0.21" is not present with pull policy of Never',
    })
  })

  it('an image already pulled on that node starts without pulling', async () => {
    const h = startHarness()
    const on = { nodeSelector: { 'kubernetes.io/hostname': 'ordinal-worker' } }
    h.cluster.store.create(GVRS.pods, 'default', pod('first', on))
    await h.run(20_000)
    h.cluster.store.create(GVRS.pods, 'default', pod('second', on, { imagePullPolicy: 'Never' }))
    await h.run(20_000)
    expect(statusOf(h.cluster.store, h.clock.now(), 'second')).toBe('1/1 Running 0')
    expect(events(h.cluster.store, 'second', 'Pulled')[0].message).toBe('Container image "registry.k8s.io/nginx-slim:0.21" already present on machine')
  })
})

describe('init containers', () => {
  const withInit = (name: string, spec: Record<string, unknown> = {}) =>
    pod(name, { initContainers: [{ name: 'setup', image: 'busybox:1.28', command: ['sh', '-c', 'true'] }], ...spec })

  it('Init:0/1 while the init container runs, PodInitializing, then Running', async () => {
    const h = startHarness()
    const rows = watchRows(h.cluster.store, h.clock, 'i')
    h.cluster.store.create(GVRS.pods, 'default', withInit('i'))
    await h.run(10_000)
    expect(h.runtime.starts.filter((x) => x.startsWith('i/'))).toEqual(['i/setup'])
    expect(statusOf(h.cluster.store, h.clock.now(), 'i')).toBe('0/1 Init:0/1 0')
    expect(h.pod('i')!.status.conditions.find((c: any) => c.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [setup]',
    })
    h.runtime.exit('i', 'setup', 0)
    await h.run(10_000)
    expect(h.runtime.starts.filter((x) => x.startsWith('i/'))).toEqual(['i/setup', 'i/c'])
    expect(distinct(rows)).toEqual(['0/1 Pending 0', '0/1 Init:0/1 0', '0/1 PodInitializing 0', '1/1 Running 0'])
    expect(h.pod('i')!.status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' })
  })

  it('a failing init container: Init:Error, then Init:CrashLoopBackOff (restartPolicy Always)', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', withInit('i'))
    await h.run(10_000)
    h.runtime.exit('i', 'setup', 1)
    await h.run(100)
    expect(statusOf(h.cluster.store, h.clock.now(), 'i')).toBe('0/1 Init:Error 0')
    await h.run(5_000)
    h.runtime.exit('i', 'setup', 1)
    await h.run(3_000)
    expect(statusOf(h.cluster.store, h.clock.now(), 'i')).toBe('0/1 Init:CrashLoopBackOff 1 (3s ago)')
    expect(h.runtime.starts.filter((s) => s === 'i/c')).toEqual([])
  })

  it('restartPolicy Never: a failing init container fails the pod (Init:Error, phase Failed)', async () => {
    const h = startHarness()
    h.cluster.store.create(GVRS.pods, 'default', withInit('i', { restartPolicy: 'Never' }))
    await h.run(10_000)
    h.runtime.exit('i', 'setup', 7)
    await h.run(30_000)
    expect(h.pod('i')!.status.phase).toBe('Failed')
    expect(statusOf(h.cluster.store, h.clock.now(), 'i')).toBe('0/1 Init:Error 0')
  })
})

