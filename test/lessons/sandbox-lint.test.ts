// Lint rules for sandbox lessons and for what a graded step still needs now that checks/solution/wrongAttempts
// parse with defaults (each reported with file and line).
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLesson } from '../../src-main/lessons/loader'
import { copyLesson, FIXTURES_DIR, lineOfText } from './helpers'

const sandboxCopy = () => {
  const l = copyLesson()
  cpSync(join(FIXTURES_DIR, 'engine', '03-sandbox'), l.dir, { recursive: true })
  return l
}
const error = (dir: string) => {
  const r = loadLesson(dir)
  return r.available ? null : r.error
}

describe('sandbox and step lint', () => {
  it('the sandbox fixture loads with no steps', () => {
    const r = loadLesson(sandboxCopy().dir)
    expect(r.available && r.def).toMatchObject({ sandbox: true, steps: [] })
  })

  it('a sandbox needs its free-play text', () => {
    const l = sandboxCopy()
    l.write('en.md', '---\ntitle: sandbox\n---\n')
    expect(error(l.dir)).toBe('lessons/02-x/en.md:4: body: a sandbox lesson needs its free-play text (the Markdown before any step section)')
  })

  it('a sandbox has no checks', () => {
    const l = sandboxCopy()
    l.write('lesson.yaml', `${l.read('lesson.yaml')}steps:\n  - id: look\n    checks:\n      - id: x\n        state: { kind: Pod, name: web-0 }\n`)
    expect(error(l.dir)).toBe(`lessons/02-x/lesson.yaml:${lineOfText(l.read('lesson.yaml'), '    checks:')}: steps[0].checks: a sandbox lesson has no checks or quizzes`)
  })

  it('a graded lesson needs steps, and each step a check, a line to type and 2 wrong attempts', () => {
    let l = sandboxCopy()
    l.edit('lesson.yaml', (s) => s.replace('sandbox: true\n', ''))
    // No steps key: the line of the lesson's first key (after the comment).
    expect(error(l.dir)).toBe(`lessons/02-x/lesson.yaml:${lineOfText(l.read('lesson.yaml'), 'id: sandbox')}: steps: at least 1 step (or sandbox: true)`)
    l = copyLesson()
    l.edit('lesson.yaml', (s) => s.replace('      - [kubectl get service kubernetes]\n      - [kubectl get pods]\n', '      - [kubectl get pods]\n'))
    expect(error(l.dir)).toBe(`lessons/02-x/lesson.yaml:${lineOfText(l.read('lesson.yaml'), '    wrongAttempts:\n      - [kubectl get pods]')}: steps[1].wrongAttempts: at least 2 wrong attempts per step`)
    l = copyLesson()
    l.edit('lesson.yaml', (s) => s.replace('    solution:\n      - kubectl get service nginx\n', ''))
    expect(error(l.dir)).toMatch(/^lessons\/02-x\/lesson\.yaml:\d+: steps\[1\]\.solution: at least 1 line to type$/)
  })
})
