// A lesson starts from its start state: lessons share one cluster, so opening a lesson that was not started yet (and
// "Reset lesson") first empties its namespace of what earlier lessons or play left, waits until the cluster is done
// with it, then applies the lesson's setup; the panel says what went. `since: lesson` windows start there, so a check
// never passes on an earlier lesson's history. A real cluster (instant clock driver), the shipped lessons.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { GVR } from '../../src-main/cluster/api-types'
import { loadLessons } from '../../src-main/lessons'
import { storeApplier } from '../../src-main/lessons/applier'
import { createInProcessClient } from '../../src-main/lessons/cluster-client'
import { parseImport } from '../../src-main/lessons/progress-file'
import { createMemoryCommandLog, createMemoryProgressStore } from '../../src-main/lessons/progress'
import { createLessonService, type LessonService } from '../../src-main/lessons/service'
import type { Locale } from '../../src-main/shared/view-models'
import { startTestCluster, type TestCluster } from '../helpers/cluster-harness'
import { LESSONS_DIR } from './helpers'

const G = {
  sts: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  pvcs: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  pvs: { group: '', version: 'v1', resource: 'persistentvolumes' },
  services: { group: '', version: 'v1', resource: 'services' },
  sas: { group: '', version: 'v1', resource: 'serviceaccounts' },
  cms: { group: '', version: 'v1', resource: 'configmaps' },
} satisfies Record<string, GVR>

const lessons = loadLessons(LESSONS_DIR)
const file = (dir: string, f: string) => readFileSync(join(LESSONS_DIR, dir, 'files', f), 'utf8')
const EXTRAS = `apiVersion: v1
kind: ConfigMap
metadata: { name: notes }
data: { a: b }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: robot }
---
apiVersion: v1
kind: Pod
metadata: { name: debug, labels: { run: debug } }
spec: { containers: [{ name: debug, image: busybox:1.28.4, command: [sleep, '3600'] }] }
`

let tc: TestCluster | null = null
let service: LessonService | null = null
afterEach(async () => {
  service?.dispose()
  service = null
  await tc?.close()
  tc = null
})

async function setup(locale: Locale = 'en') {
  tc = await startTestCluster({ speed: 'instant' })
  const cluster = tc.cluster
  const commands = createMemoryCommandLog()
  const progress = createMemoryProgressStore()
  service = createLessonService({
    lessons,
    client: createInProcessClient(cluster),
    commands,
    progress,
    workspaceRoot: mkdtempSync(join(tmpdir(), 'ordinal-clean-')),
    locale,
    audit: tc.api,
    applier: storeApplier(cluster),
    debounceMs: 5,
  })
  const names = (gvr: GVR) => cluster.store.list(gvr, { namespace: gvr.resource === 'persistentvolumes' ? undefined : 'default' }).items.map((o) => o.metadata.name).sort()
  /** The learner applies a manifest (straight into the store: what kubectl apply would create), with its command line. */
  const learnerApplies = async (yaml: string, line = 'kubectl apply -f x.yaml') => {
    commands.append({ line, cwd: '/', exitCode: 0, startedAt: 0, endedAt: 0 })
    await storeApplier(cluster).apply(yaml, 'default')
  }
  const until = async (what: string, cond: () => boolean) => {
    const end = Date.now() + 20_000
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  const ready = (n: string) => {
    try {
      const p = cluster.store.get(G.pods, 'default', n) as { status?: { conditions?: { type: string; status: string }[] } }
      return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
    } catch {
      return false
    }
  }
  return { cluster, svc: service, commands, progress, names, learnerApplies, until, ready }
}

describe('a lesson starts from a clean namespace', () => {
  it('after lesson 02, opening 03 removes what 02 left (waiting until it is gone), says so, and no step is done on arrival', { timeout: 60_000 }, async () => {
    const t = await setup()
    await t.svc.open('statefulset-basics')
    await t.learnerApplies(file('02-statefulset-basics', 'statefulset-demo.yaml'))
    await t.learnerApplies(EXTRAS)
    await t.until('web-1 Ready and both claims Bound', () => t.ready('web-1') && t.names(G.pvs).length === 2)

    const v = await t.svc.open('topology-state')
    expect(v.notice).toBe('Lesson 3 starts from a clean namespace: removed statefulset/web, pod/debug, service/nginx, configmap/notes, serviceaccount/robot, 2 claims.')
    // Gone for good when the lesson opens (not Terminating): workloads, pods, claims, and their volumes (Delete).
    expect(t.names(G.sts)).toEqual([])
    expect(t.names(G.pods)).toEqual([])
    expect(t.names(G.pvcs)).toEqual([])
    expect(t.names(G.pvs)).toEqual([])
    // What a fresh namespace has stays.
    expect(t.names(G.services)).toEqual(['kubernetes'])
    expect(t.names(G.sas)).toEqual(['default'])
    expect(t.names(G.cms)).toEqual(['kube-root-ca.crt'])
    // Nothing done on arrival, nothing contradicted; it stays so while nothing happens.
    await new Promise((r) => setTimeout(r, 200))
    const after = (await t.svc.evaluate())!
    expect(after.currentStep).toBe(0)
    expect(after.steps.map((s) => s.done)).toEqual(after.steps.map(() => false))
    expect(after.steps[0].checks.map((c) => `${c.id}:${c.state}${c.contradicted ? '✗' : ''}`)).toEqual(['headless-service:failed', 'statefulset-web:failed'])
    // The clean-up and 02's history are before the lesson window: 03's watch step needs the learner's own creation.
    const p = t.progress.load('topology-state')!
    expect(p.lessonStart!.factSeq).toBeGreaterThan(0)
    expect(p.stepStart.factSeq).toBeGreaterThanOrEqual(p.lessonStart!.factSeq)
  })

  it('says so in Chinese too', { timeout: 60_000 }, async () => {
    const t = await setup('zh-CN')
    await t.svc.open('statefulset-basics')
    await t.learnerApplies(file('02-statefulset-basics', 'statefulset-demo.yaml'))
    await t.until('web-1 Ready', () => t.ready('web-1'))
    expect((await t.svc.open('topology-state')).notice).toBe('第 3 课从干净的命名空间开始：已删除 statefulset/web、service/nginx、2 个 PVC。')
  })

  it('a lesson opened on an empty namespace has no notice; resuming a started lesson changes nothing', { timeout: 60_000 }, async () => {
    const t = await setup()
    expect((await t.svc.open('statefulset-basics')).notice).toBeUndefined()
    await t.svc.open('topology-state')
    await t.learnerApplies(file('03-topology-state', 'statefulset-demo.yaml'))
    await t.until('web-1 Ready', () => t.ready('web-1'))
    // Back to 02 (already started): nothing removed.
    const back = await t.svc.open('statefulset-basics')
    expect(back.notice).toBeUndefined()
    expect(t.names(G.sts)).toEqual(['web'])
    // And 03 again: where the learner was, web still there.
    const again = await t.svc.open('topology-state')
    expect(again.notice).toBeUndefined()
    expect(again.currentStep).toBeGreaterThan(0)
    expect(t.names(G.sts)).toEqual(['web'])
  })

  it('"Reset lesson" brings the namespace back to the start state: removes everything, applies the setup again', { timeout: 60_000 }, async () => {
    const t = await setup()
    await t.svc.open('storage-state') // setup applies statefulset-demo.yaml
    await t.until('web-1 Ready', () => t.ready('web-1'))
    const uid = t.cluster.store.get(G.sts, 'default', 'web').metadata.uid
    await t.learnerApplies(EXTRAS)
    await t.until('debug Running', () => t.names(G.pods).includes('debug'))
    await t.svc.resetLesson('storage-state')
    const v = t.svc.view()!
    expect(v.notice).toBe('Lesson 5 starts from a clean namespace: removed statefulset/web, pod/debug, service/nginx, configmap/notes, serviceaccount/robot, 2 claims.')
    expect(v.currentStep).toBe(0)
    // The setup again: a new web (new uid), its pods coming up in order; the learner's extras are gone.
    expect(t.names(G.sts)).toEqual(['web'])
    expect(t.cluster.store.get(G.sts, 'default', 'web').metadata.uid).not.toBe(uid)
    expect(t.names(G.cms)).toEqual(['kube-root-ca.crt'])
    expect(t.names(G.sas)).toEqual(['default'])
    await t.until('web-1 Ready again', () => t.ready('web-1'))
    const later = (await t.svc.evaluate())!
    expect(later.steps[0].checks.filter((c) => c.contradicted)).toEqual([])
  })

  it('the sandbox Reset empties the namespace too', { timeout: 60_000 }, async () => {
    const t = await setup()
    await t.svc.open('sandbox')
    await t.learnerApplies(file('02-statefulset-basics', 'statefulset-demo.yaml'))
    await t.until('web-0 Ready', () => t.ready('web-0'))
    await t.svc.resetLesson('sandbox')
    expect(t.svc.view()!.notice).toMatch(/^Lesson 7 starts from a clean namespace: removed statefulset\/web, service\/nginx, [12] claims?\.$/)
    expect(t.names(G.sts)).toEqual([])
    expect(t.names(G.pods)).toEqual([])
  })

  it('the lesson start is saved with the progress and exported; files without it still import', { timeout: 60_000 }, async () => {
    const t = await setup()
    await t.svc.open('topology-state')
    const exported = t.svc.exportProgress()
    const p = (exported.lessons as Record<string, { lessonStart?: unknown }>)['topology-state']
    expect(p.lessonStart).toEqual(t.progress.load('topology-state')!.lessonStart)
    const json = JSON.stringify(exported)
    expect(parseImport(json, lessons, () => null).progress.has('topology-state')).toBe(true)
    const old = JSON.parse(json)
    delete old.lessons['topology-state'].lessonStart
    expect(parseImport(JSON.stringify(old), lessons, () => null).progress.has('topology-state')).toBe(true)
    old.lessons['topology-state'].lessonStart = { command: -1, audit: 0, factSeq: 0 }
    expect(() => parseImport(JSON.stringify(old), lessons, () => null)).toThrow(/progress file: lessons\.topology-state\.lessonStart\.command: /)
    // Imported: the lesson window starts now (the file's log positions were about another run).
    await t.svc.importProgress(json)
    expect(t.progress.load('topology-state')!.lessonStart).toBeDefined()
  })
})
