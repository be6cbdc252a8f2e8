// ✗ ("contradicted") means the learner did something that contradicts the task, never "an intermediate state of the
// expected path". The three cases a newcomer met while following the solution, on the shipped lessons' own checks:
// each intermediate state of the reference solution shows no ✗, and a real wrong attempt still does.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KObject } from '../../src-main/cluster/api-types'
import { createLessonService, loadLessons } from '../../src-main/lessons'
import { createMemoryCommandLog, createMemoryProgressStore } from '../../src-main/lessons/progress'
import { FakeClient, LESSONS_DIR, pod, pvc } from './helpers'

const lessons = loadLessons(LESSONS_DIR)

async function atStep(lessonId: string, stepId: string, objects: KObject[]) {
  const client = new FakeClient()
  for (const o of objects) client.put(o)
  const commands = createMemoryCommandLog()
  const service = createLessonService({
    lessons,
    client,
    commands,
    progress: createMemoryProgressStore(),
    workspaceRoot: mkdtempSync(join(tmpdir(), 'ordinal-contra-')),
    locale: 'en',
    applier: { apply: async () => {} },
    debounceMs: 5,
  })
  await service.open(lessonId)
  const lesson = lessons.find((l) => l.available && l.id === lessonId)!
  const idx = lesson.available ? lesson.def.steps.findIndex((s) => s.id === stepId) : -1
  await service.goto(lessonId, idx)
  /** The learner runs `line` and the cluster then looks like `change` did. Returns the ✗ checks of the step. */
  const act = async (line: string, change: () => void = () => {}) => {
    commands.append({ line, cwd: '/', exitCode: 0, startedAt: 0, endedAt: 0 })
    change()
    const v = (await service.evaluate())!
    expect(v.currentStep, `still at ${stepId}`).toBe(idx)
    return v.steps[idx].checks.filter((c) => c.contradicted).map((c) => c.id)
  }
  const crossed = async () => {
    const v = (await service.evaluate())!
    return v.steps[idx].checks.filter((c) => c.contradicted).map((c) => c.id)
  }
  return { client, service, act, crossed, idx }
}

const sts = (replicas: number, ready: number, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-sts-web' },
  spec: { replicas, serviceName: 'nginx', persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Retain' }, ...extra },
  status: { replicas: ready, readyReplicas: ready },
})
const owned = (o: KObject, kind: string, name: string): KObject => ({ ...o, metadata: { ...o.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}` }] } })
const webPod = (n: number, ready = true) => owned(pod(`web-${n}`, { ready, phase: ready ? 'Running' : 'Pending' }), 'StatefulSet', 'sts-web')
const named = (o: KObject, uid: string): KObject => ({ ...o, metadata: { ...o.metadata, uid } })

describe('lesson 05 retention: the patch before the scale shows no ✗', () => {
  const start = () => atStep('storage-state', 'retention', [named(sts(2, 2), 'uid-sts-web'), webPod(0), webPod(1), pvc('www-web-0', 'Bound'), pvc('www-web-1', 'Bound')])

  it('patch, then scale to 1: never ✗ on the way', async () => {
    const t = await start()
    expect(await t.crossed()).toEqual([])
    // The patch: policy right, still 2 replicas and 2 claims (as at the step start): "not yet", not ✗.
    expect(await t.act(`kubectl patch sts web -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}'`, () =>
      t.client.put(sts(2, 2, { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } })))).toEqual([])
    // The scale: spec 1, status still 2 while web-1 terminates.
    expect(await t.act('kubectl scale sts web --replicas=1', () => {
      t.client.put(sts(1, 2, { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } }))
      t.client.put(owned(pod('web-1', { ready: false, phase: 'Running', terminating: true }), 'StatefulSet', 'sts-web'))
    })).toEqual([])
    t.client.remove('Pod', 'web-1')
    expect(await t.crossed()).toEqual([])
  })

  it('a real wrong attempt still shows ✗: scaling to 3', async () => {
    const t = await start()
    expect(await t.act('kubectl scale sts web --replicas=3', () => t.client.put(sts(3, 2)))).toContain('scaled-to-one')
  })
})

describe('lesson 05 scale: scaling down to 1 first shows no ✗', () => {
  const start = () => atStep('storage-state', 'scale', [sts(2, 2), webPod(0), webPod(1), pvc('www-web-0', 'Bound'), pvc('www-web-1', 'Bound')])

  it('scale to 1, look, scale to 2: never ✗ on the way', async () => {
    const t = await start()
    t.client.files.set('www-web-1:/index.html', 'hello web-1')
    expect(await t.act('kubectl scale sts web --replicas=1', () => {
      t.client.put(sts(1, 2))
      t.client.put(owned(pod('web-1', { ready: false, phase: 'Running', terminating: true }), 'StatefulSet', 'sts-web'))
    })).toEqual([])
    expect(await t.act('kubectl get pods -l app=nginx', () => {
      t.client.remove('Pod', 'web-1')
      t.client.put(sts(1, 1))
    })).toEqual([])
    expect(await t.act('kubectl get pvc -l app=nginx')).toEqual([])
    expect(await t.act('kubectl scale sts web --replicas=2', () => {
      t.client.put(sts(2, 1))
      t.client.put(webPod(1, false))
    })).toEqual([])
  })

  it('a real wrong attempt still shows ✗: the kept claim deleted', async () => {
    const t = await start()
    await t.act('kubectl scale sts web --replicas=1', () => {
      t.client.put(sts(1, 1))
      t.client.remove('Pod', 'web-1')
    })
    await t.act('kubectl delete pvc www-web-1', () => t.client.remove('PersistentVolumeClaim', 'www-web-1'))
    // Checks read "first this, then that": once web-1 is back, the deleted claim speaks.
    expect(await t.act('kubectl scale sts web --replicas=2', () => {
      t.client.put(sts(2, 2))
      t.client.put(webPod(1, true))
    })).toContain('claim-kept')
  })
})

describe('lesson 01 clean-up: deleting hello first shows no ✗ for web', () => {
  const deploy: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hello', namespace: 'default', uid: 'uid-hello' }, spec: { replicas: 3 } }
  const rs = owned({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'hello-abc', namespace: 'default', uid: 'uid-hello-abc' }, spec: {} }, 'Deployment', 'hello')
  const helloPod = (n: string) => owned(pod(`hello-abc-${n}`, { ready: true, phase: 'Running', labels: { app: 'hello' } }), 'ReplicaSet', 'hello-abc')
  const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx', namespace: 'default' }, spec: { clusterIP: 'None' } }
  const start = () => atStep('stateless-vs-stateful', 'clean-up', [deploy, rs, helloPod('a'), helloPod('b'), helloPod('c'), named(sts(2, 2), 'uid-sts-web'), svc, webPod(0), webPod(1), pvc('www-web-0', 'Bound'), pvc('www-web-1', 'Bound')])

  it('the Deployment, then the StatefulSet and its claims: never ✗ on the way', async () => {
    const t = await start()
    // Deleted: for a moment its ReplicaSet and pods are still there, not yet marked by the garbage collector.
    expect(await t.act('kubectl delete deployment hello', () => t.client.remove('Deployment', 'hello'))).toEqual([])
    for (const n of ['a', 'b', 'c']) t.client.remove('Pod', `hello-abc-${n}`)
    t.client.remove('ReplicaSet', 'hello-abc')
    expect(await t.crossed()).toEqual([])
    // The StatefulSet and Service go; the pods are orphaned a moment; one claim is deleted before the other.
    expect(await t.act('kubectl delete -f statefulset-demo.yaml && kubectl delete pvc -l app=nginx', () => {
      t.client.remove('StatefulSet', 'web')
      t.client.remove('Service', 'nginx')
    })).toEqual([])
    t.client.remove('PersistentVolumeClaim', 'www-web-0')
    expect(await t.crossed()).toEqual([])
  })

  it('a real wrong attempt still shows ✗: the Deployment made again after deleting it', async () => {
    const t = await start()
    expect(await t.act('kubectl delete deployment hello', () => t.client.remove('Deployment', 'hello'))).toEqual([])
    // Not the one the step started with (a new uid): something the learner did, against the task.
    expect(await t.act('kubectl apply -f hello-deployment.yaml', () => t.client.put({ ...deploy, metadata: { ...deploy.metadata, uid: 'uid-hello-2' } }))).toContain('deployment-gone')
  })

  // In allOf the items read in order: the first, "Deployment hello gone", is what the step inherited, so it reads
  // "not yet" (its explanation says the Deployment is still there) even though its pods came back.
  it('deleting the pods (the Deployment makes them again) reads "not yet: Deployment hello is still there"', async () => {
    const t = await start()
    const crossed = await t.act('kubectl delete pods --all', () => {
      for (const n of ['a', 'b', 'c']) t.client.remove('Pod', `hello-abc-${n}`)
      for (const n of ['x', 'y', 'z']) t.client.put(helloPod(n))
    })
    expect(crossed).toEqual([])
    const v = t.service.view()!
    expect(v.steps[t.idx].checks.find((c) => c.id === 'deployment-gone')).toMatchObject({ state: 'failed', explanation: expect.stringContaining('Deployment hello') })
  })
})

describe('lesson 06 canary: the partition before the image shows no ✗', () => {
  const web = (partition: number | undefined, image: string): KObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-sts-web' },
    spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', ...(partition !== undefined ? { rollingUpdate: { partition } } : {}) }, template: { spec: { containers: [{ name: 'nginx', image }] } } },
    status: { replicas: 3, readyReplicas: 3 },
  })
  const webPodImg = (n: number, image: string, uid = `uid-web-${n}`): KObject => {
    const p = webPod(n)
    return { ...p, metadata: { ...p.metadata, uid }, spec: { containers: [{ name: 'nginx', image }] } }
  }
  const OLD = 'registry.k8s.io/nginx-slim:0.21'
  const start = () => atStep('updating-statefulsets', 'canary', [web(undefined, OLD), webPodImg(0, OLD), webPodImg(1, OLD), webPodImg(2, OLD)])

  it('partition, then image, then web-2 replaced: never ✗ on the way', async () => {
    const t = await start()
    expect(await t.act(`kubectl patch sts web -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'`, () => t.client.put(web(2, OLD)))).toEqual([])
    expect(await t.act(`kubectl patch sts web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'`, () => t.client.put(web(2, 'nginx:1.27')))).toEqual([])
    t.client.remove('Pod', 'web-2')
    t.client.put({ ...webPodImg(2, 'nginx:1.27', 'uid-web-2b'), status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } })
    expect(await t.crossed()).toEqual([])
  })

  it('a real wrong attempt still shows ✗: partition 1, so web-1 is replaced too', async () => {
    const t = await start()
    await t.act(`kubectl patch sts web -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}'`, () => t.client.put(web(1, OLD)))
    expect(await t.crossed()).toContain('partition-2')
  })
})
