// Quiz steps (predict, then watch) in the lesson service, over the fixture lesson and a fake cluster.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLessonService, loadLessons } from '../../src-main/lessons'
import { loadLesson } from '../../src-main/lessons/loader'
import { createMemoryCommandLog, createMemoryProgressStore } from '../../src-main/lessons/progress'
import { copyLesson, FakeClient, FIXTURES_DIR, lineOfText, pod, pvc } from './helpers'
import { cpSync } from 'node:fs'

const lessons = loadLessons(join(FIXTURES_DIR, 'engine'))
const web = (n: number) => pod(`web-${n}`, { labels: { app: 'web' } })
const settle = () => new Promise((r) => setTimeout(r, 40))

function setup(locale: 'en' | 'zh-CN' = 'en') {
  const client = new FakeClient()
  const progress = createMemoryProgressStore()
  const commands = createMemoryCommandLog()
  const applied: string[] = []
  const service = createLessonService({
    lessons,
    client,
    commands,
    progress,
    workspaceRoot: mkdtempSync(join(tmpdir(), 'ordinal-quiz-')),
    locale,
    applier: { apply: async (y) => void applied.push(y) },
    debounceMs: 5,
  })
  client.put(web(0))
  client.put(web(1))
  return { client, progress, service, commands }
}

describe('quiz steps', () => {
  it('the fixture lessons load', () => {
    expect(lessons.map((l) => (l.available ? l.id : l.error))).toEqual(['names', 'quiz', 'sandbox'])
  })

  it('shows the question and choices, with two checks of its own, not passed at the start', async () => {
    const t = setup()
    const v = await t.service.open('quiz')
    const s = v.steps[0]
    expect(s.quiz).toEqual({
      question: 'web has 2 pods. After <code data-command="kubectl scale sts web --replicas=4">kubectl scale sts web --replicas=4</code>, which pod is created first?',
      choices: [
        { id: 'web-2', label: 'web-2' },
        { id: 'web-3', label: 'web-3' },
        { id: 'web-0', label: 'web-0' },
      ],
      picked: null,
      observed: null,
      correct: null,
      why: null,
      locked: false,
    })
    expect(s.checks.map((c) => [c.id, c.state, c.label])).toEqual([
      ['quiz-prediction', 'failed', 'Predict: pick an answer before you run the command'],
      ['quiz-observation', 'failed', 'Watch: the cluster shows the answer'],
    ])
    // "Show me" types the command only; the pick is a click, never keystrokes.
    expect(s.solution).toEqual(['kubectl scale sts web --replicas=4'])
  })

  it('a right prediction, then the cluster answers: passed, correct, with the why', async () => {
    const t = setup()
    await t.service.open('quiz')
    // Before the pick: creations (the setup converging) are not the answer.
    t.client.put(pod('web-9', { labels: { app: 'web' } }))
    let v = await t.service.answer('quiz', 'next-pod', 'web-3')
    v = await t.service.answer('quiz', 'next-pod', 'web-2') // may change its mind before the answer
    expect(v.steps[0].quiz!.picked).toBe('web-2')
    expect(v.steps[0].checks[1].state).toBe('failed')
    t.client.put(web(2))
    t.client.put(web(3))
    await settle()
    v = t.service.view()!
    expect(v.currentStep).toBe(1)
    expect(v.steps[0].quiz).toMatchObject({ picked: 'web-2', observed: 'web-2', correct: true, locked: true, why: 'Ordinals are created in order, from the lowest missing one.' })
    expect(t.progress.data.get('quiz')!.steps['next-pod']).toMatchObject({ answer: 'web-2', observed: 'web-2', done: true })
  })

  it('a wrong prediction with requireCorrect: the step stays open and says why', async () => {
    const t = setup()
    await t.service.open('quiz')
    await t.service.answer('quiz', 'next-pod', 'web-0')
    t.client.put(web(2))
    await settle()
    const v = t.service.view()!
    expect(v.currentStep).toBe(0)
    expect(v.steps[0].quiz).toMatchObject({ picked: 'web-0', observed: 'web-2', correct: false, locked: true })
    expect(v.steps[0].checks[0]).toMatchObject({ state: 'failed', contradicted: true, explanation: 'you predicted web-0; the cluster did web-2' })
    // Too late to change it: the cluster has answered.
    await expect(t.service.answer('quiz', 'next-pod', 'web-2')).rejects.toThrow('the cluster has already answered (web-2): reset the step to predict again')
    // Reset clears the prediction and the observation.
    await t.service.resetStep('quiz', 'next-pod')
    expect(t.service.view()!.steps[0].quiz).toMatchObject({ picked: null, observed: null, locked: false })
  })

  it('no prediction before the answer: the prediction check fails for good, in the learner\'s language', async () => {
    const t = setup('zh-CN')
    await t.service.open('quiz')
    // Cluster changes with no command run (the setup converging) are not the answer yet…
    t.client.put(web(2))
    await settle()
    expect(t.service.view()!.steps[0].quiz!.observed).toBeNull()
    // …but once the learner has run a command, what the cluster does is the answer, and it came before any pick.
    // (This lesson's setup applies manifests: web-2 above was the setup converging, so the command's own pod counts.)
    t.commands.append({ line: 'kubectl scale sts web --replicas=4', cwd: '/w', exitCode: 0, startedAt: 0, endedAt: 1 })
    await settle()
    t.client.put(web(3))
    await settle()
    const v = t.service.view()!
    expect(v.currentStep).toBe(0)
    // The value is not shown: from the step's start it may include what happened before the command.
    expect(v.steps[0].quiz).toMatchObject({ observed: null, locked: true, correct: null })
    expect(v.steps[0].checks[0]).toMatchObject({ state: 'failed', contradicted: true, explanation: '在你选择之前已经运行了命令、集群已经给出了答案：重置本步骤后再预测' })
    await expect(t.service.answer('quiz', 'next-pod', 'web-2')).rejects.toThrow('the command already ran before a prediction: reset the step to predict again')
    await t.service.resetStep('quiz', 'next-pod')
    expect((await t.service.answer('quiz', 'next-pod', 'web-3')).steps[0].quiz).toMatchObject({ picked: 'web-3', locked: false })
  })

  it('refuses bad picks with clear errors', async () => {
    const t = setup()
    await t.service.open('quiz')
    await expect(t.service.answer('quiz', 'next-pod', 'web-9')).rejects.toThrow('"web-9" is not a choice of step "next-pod" (web-2, web-3, web-0)')
    await expect(t.service.answer('quiz', 'claims', 'kept')).rejects.toThrow('step "claims" is not the current step')
    await expect(t.service.answer('quiz', 'nope', 'kept')).rejects.toThrow('lesson "quiz" has no step "nope"')
    await expect(t.service.answer('names', 'deployment', 'x')).rejects.toThrow('step "deployment" is not a quiz')
  })

  it('a check-decided answer: the first source that passes wins and is frozen', async () => {
    const t = setup()
    await t.service.open('quiz')
    await t.service.goto('quiz', 1)
    await t.service.answer('quiz', 'claims', 'kept')
    t.client.put(pvc('www-web-3', 'Bound'))
    t.client.put({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { replicas: 3 } })
    t.client.put(web(3))
    t.client.remove('Pod', 'web-3')
    await settle()
    let v = t.service.view()!
    expect(v.steps[1].quiz).toMatchObject({ observed: 'kept', correct: true })
    expect(v.steps[1].done).toBe(true)
    // Later the claim is deleted after all: the recorded answer does not change.
    t.client.remove('PersistentVolumeClaim', 'www-web-3')
    await settle()
    v = t.service.view()!
    expect(v.steps[1].quiz!.observed).toBe('kept')
  })

  it('"Show me" makes the reference prediction and returns only the lines to type', async () => {
    const t = setup()
    await t.service.open('quiz')
    expect(t.service.showMe('quiz', 'next-pod')).toEqual(['kubectl scale sts web --replicas=4'])
    const v = (await t.service.evaluate())!
    expect(v.steps[0]).toMatchObject({ assisted: true, quiz: { picked: 'web-2' } })
  })
})

describe('quiz lint', () => {
  const quizCopy = () => {
    const l = copyLesson()
    cpSync(join(FIXTURES_DIR, 'engine', '02-quiz'), l.dir, { recursive: true })
    return l
  }
  it('a missing choice label is reported with file and line', () => {
    const l = quizCopy()
    l.edit('en.md', (s) => s.replace('choices: { web-2: web-2, web-3: web-3, web-0: web-0 }', 'choices: { web-2: web-2, web-3: web-3 }'))
    const r = loadLesson(l.dir)
    const line = lineOfText(l.read('en.md'), 'choices: { web-2: web-2, web-3: web-3 }')
    expect(!r.available && r.error).toBe(`lessons/02-x/en.md:${line}: steps.next-pod.quiz.choices.web-0: missing en string`)
  })
  it('a missing question or why, and an unknown choice, are reported', () => {
    let l = quizCopy()
    l.edit('zh-CN.md', (s) => s.replace(/ {6}why: Scale-down[^\n]*\n/, ''))
    let r = loadLesson(l.dir)
    expect(!r.available && r.error).toMatch(/^lessons\/02-x\/zh-CN\.md:\d+: steps\.claims\.quiz\.why: missing zh-CN string$/)
    l = quizCopy()
    l.edit('en.md', (s) => s.replace('deleted: It is deleted', 'deleted: It is deleted, gone: Gone'))
    r = loadLesson(l.dir)
    expect(!r.available && r.error).toMatch(/^lessons\/02-x\/en\.md:\d+: steps\.claims\.quiz\.choices\.gone: unknown choice id \(not in lesson\.yaml\)$/)
  })
  it('#answer lines must name a choice, only in quiz steps, and a quiz solution must pick', () => {
    let l = quizCopy()
    l.edit('lesson.yaml', (s) => s.replace('- ["#answer web-3", kubectl', '- ["#answer web-7", kubectl'))
    let r = loadLesson(l.dir)
    expect(!r.available && r.error).toBe(`lessons/02-x/lesson.yaml:${lineOfText(l.read('lesson.yaml'), '#answer web-7')}: steps[0].wrongAttempts[0][0]: "#answer web-7": expected #answer followed by one of web-2, web-3, web-0`)
    l = quizCopy()
    l.edit('lesson.yaml', (s) => s.replace('      - "#answer kept"\n      - kubectl scale sts web --replicas=3', '      - kubectl scale sts web --replicas=3'))
    r = loadLesson(l.dir)
    expect(!r.available && r.error).toMatch(/lesson\.yaml:\d+: steps\[1\]\.solution: a quiz step's solution picks the right answer first \(#answer ID\)$/)
    l = copyLesson()
    l.edit('lesson.yaml', (s) => s.replace('      - kubectl get service nginx\n', '      - "#answer yes"\n      - kubectl get service nginx\n'))
    r = loadLesson(l.dir)
    expect(!r.available && r.error).toMatch(/steps\[1\]\.solution\[0\]: "#answer yes": #answer lines are only for quiz steps$/)
  })
  it('hostile quiz text renders inert in the view', async () => {
    const l = quizCopy()
    l.edit('en.md', (s) => s.replace('web-3: web-3,', 'web-3: "<img src=x onerror=alert(1)>web-3",').replace('why: Ordinals are created in order, from the lowest missing one.', 'why: "[why](javascript:alert(2))<script>alert(3)</script>"'))
    const quiz = loadLesson(l.dir)
    expect(quiz.available).toBe(true)
    const client = new FakeClient()
    const svc = createLessonService({ lessons: [quiz], client, commands: createMemoryCommandLog(), progress: createMemoryProgressStore(), workspaceRoot: mkdtempSync(join(tmpdir(), 'ordinal-q-')), locale: 'en', applier: { apply: async () => {} }, debounceMs: 5 })
    await svc.open('quiz')
    await svc.answer('quiz', 'next-pod', 'web-3')
    client.put(web(2))
    await settle()
    const q = svc.view()!.steps[0].quiz!
    expect(q.choices[1].label).toBe('web-3')
    expect(q.why).toBe('<a rel="noopener noreferrer" target="_blank">why</a>')
  })

  it('an answerFrom choice must be one of the choices', () => {
    const l = quizCopy()
    l.edit('lesson.yaml', (s) => s.replace('- choice: deleted', '- choice: removed'))
    const r = loadLesson(l.dir)
    expect(!r.available && r.error).toBe(`lessons/02-x/lesson.yaml:${lineOfText(l.read('lesson.yaml'), 'choice: removed')}: steps[1].quiz.answerFrom[0].choice: "removed" is not one of the choices (kept, deleted)`)
  })
})
