// `lessons test` on lesson 1: the real thing (workstation session + our kubectl + API server + simulated cluster).
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../../src-main/lessons/loader'
import { ReplayEnv, testLesson } from '../../src-main/lessons/replay'
import { BASICS_DIR } from './helpers'

const [lesson] = loadLessons(BASICS_DIR)
if (!lesson.available) throw new Error(lesson.error)

describe('lessons test: lesson 1', () => {
  it('every step: not passed at the start, solved by its solution at instant speed, not by any wrong attempt', async () => {
    const log: string[] = []
    const failures = await testLesson(lesson, 'instant', (s) => log.push(s))
    expect(failures.map((f) => `${f.step}: ${f.what}`)).toEqual([])
    expect(log.filter((l) => / ok {3}\S+ \[instant\] solution/.test(l))).toHaveLength(lesson.def.steps.length)
    expect(log.filter((l) => /wrong attempt \d+ fails/.test(l))).toHaveLength(lesson.def.steps.reduce((n, s) => n + s.wrongAttempts.length, 0))
  }, 240_000)

  it('the solutions also pass at 1x on a manual clock', async () => {
    expect(await testLesson(lesson, 1)).toEqual([])
  }, 240_000)

  it('a broken solution is caught (the replay can fail)', async () => {
    const broken = structuredClone(lesson)
    broken.def.steps[2].solution = ['kubectl get statefulset nginx']
    const failures = await testLesson({ ...broken, locales: lesson.locales }, 1)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ step: 'statefulset', speed: 1 })
    expect(failures[0].what).toContain('✗ looked-at-statefulset (failed): expected `kubectl get statefulset web`; found last: `kubectl get statefulset nginx` (exit 1)')
    expect(failures[0].what).toContain('Error from server (NotFound): statefulsets.apps "nginx" not found')
  }, 240_000)

  it('shows waiting while the StatefulSet converges at 1x, then passes the watch step', async () => {
    const env = new ReplayEnv(lesson, 1)
    try {
      await env.start()
      env.session.feed('kubectl create -f statefulset-demo.yaml\r')
      await env.until((x) => x.currentStep === 1, 10_000)
      // Let the controller create web-0, then jump to the watch step while the pods are still starting.
      const pods = () =>
        env.cluster.store.list({ group: '', version: 'v1', resource: 'pods' }, { namespace: 'default', labelSelector: 'app=nginx' }).items
      for (let i = 0; i < 400 && pods().length === 0; i++) await env.tick()
      expect(pods().length).toBeGreaterThan(0)
      await env.service.goto(lesson.id, 3)
      const v = (await env.service.evaluate())!
      const state = (id: string) => v.steps[3].checks.find((c) => c.id === id)!
      expect(state('pods-ready').state).toBe('waiting')
      expect(state('pods-ready').explanation).toMatch(/^expected 2 Pod \(app=nginx\) with status\.conditions\[type=Ready\]\.status=True; found [01]/)
      expect(state('watching').state).toBe('failed')
      await env.type(['kubectl get pods -w -l app=nginx', '^C'])
      const done = await env.until((x) => x.currentStep === 4)
      expect(done.steps[3].done).toBe(true)
      expect(done.steps[3].assisted).toBe(false)
      // the watch printed web-1 only after web-0 was Running
      const out = env.tail(80)
      expect(out.indexOf('web-1')).toBeGreaterThan(out.search(/web-0\s+1\/1\s+Running/))
    } finally {
      await env.close()
    }
  }, 240_000)
})
