// `lessons test` on the engine fixtures: selector facts, quiz steps (`#answer` lines, never typed into the terminal),
// a sandbox; and the ways the replay must fail (a wrong prediction in a solution, a step already passed at its start).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLessons, type AvailableLesson } from '../../src-main/lessons/loader'
import { testLesson, testLessons } from '../../src-main/lessons/replay'
import { FIXTURES_DIR } from './helpers'

const DIR = join(FIXTURES_DIR, 'engine')
const byId = (id: string) => {
  const l = loadLessons(DIR).find((x) => x.id === id)
  if (!l?.available) throw new Error(`fixture ${id} unavailable`)
  return l
}
const clone = (l: AvailableLesson, edit: (def: AvailableLesson['def']) => void): AvailableLesson => {
  const def = structuredClone(l.def)
  edit(def)
  return { ...l, def }
}

describe('lessons test: engine fixtures', () => {
  it('selector facts and quizzes: solutions pass at instant, every wrong attempt fails; the sandbox opens', async () => {
    const log: string[] = []
    const { failures } = await testLessons(DIR, { speeds: ['instant'], log: (s) => log.push(s) })
    expect(failures.map((f) => `${f.lesson}/${f.step}: ${f.what}`)).toEqual([])
    expect(log.filter((l) => /ok {3}\S+ \[instant\] solution/.test(l))).toHaveLength(4)
    expect(log.filter((l) => /wrong attempt \d+ fails/.test(l))).toHaveLength(9)
    expect(log).toContain('  ok   sandbox opens [instant]')
    // A wrong pick is caught by the prediction check, with the learner-facing reason.
    expect(log.join('\n')).toContain('✗ quiz-prediction (failed): you predicted web-3; the cluster did web-2')
  }, 300_000)

  it('the quiz passes at 1x on a manual clock', async () => {
    expect(await testLesson(byId('quiz'), 1)).toEqual([])
  }, 300_000)

  it('a solution whose prediction the cluster contradicts is a failure even when the step passes', async () => {
    const l = clone(byId('quiz'), (d) => {
      d.steps[0].quiz!.requireCorrect = false
      d.steps[0].solution = ['#answer web-3', 'kubectl scale sts web --replicas=4']
      d.steps = d.steps.slice(0, 1)
    })
    const failures = await testLesson(l, 'instant')
    expect(failures.map((f) => f.what)).toContain("the solution's prediction web-3 is not what the cluster did (web-2)")
  }, 300_000)

  it('a step whose checks already pass at its start is reported', async () => {
    const l = clone(byId('names'), (d) => {
      // Already true once the setup applied: nothing for the learner to do.
      d.steps[0].checks = [{ id: 'new-name', state: { kind: 'Deployment', name: 'hello' } }]
      d.steps[0].wrongAttempts = []
      d.steps = d.steps.slice(0, 1)
    })
    const failures = await testLesson(l, 'instant')
    expect(failures.map((f) => `${f.step}: ${f.what}`)).toEqual(['deployment: every check already passes at the start of the step'])
  }, 300_000)

  it('a reference solution that shows ✗ on its way is reported, with the check and the line after which it showed', async () => {
    const basics = loadLessons(join(FIXTURES_DIR, 'basics')).find((x) => x.id === 'statefulset-basics')
    if (!basics?.available) throw new Error('basics fixture unavailable')
    const l = clone(basics, (d) => {
      // A detour a solution must not take: a ClusterIP Service nginx first (✗: the wrong spec), then the right one.
      d.steps[0].solution = ['kubectl create service clusterip nginx --tcp=80:80', 'kubectl delete service nginx', 'kubectl create -f statefulset-demo.yaml']
      d.steps[0].wrongAttempts = []
      d.steps = d.steps.slice(0, 1)
    })
    const failures = await testLesson(l, 'instant')
    expect(failures.map((f) => `${f.step}: ${f.what.split('\n').slice(0, 2).join(' / ')}`)).toEqual([
      'create: the reference solution shows a check contradicted on its way: /   ✗ headless-service after `kubectl create service clusterip nginx --tcp=80:80`: Service nginx is not right yet. Expected Service nginx with spec.clusterIP=None, spec.selector[app]=nginx; found nginx: spec.clusterIP is ' +
        failures[0]?.what.match(/spec\.clusterIP is (\S+)/)?.[1],
    ])
  }, 300_000)
})
