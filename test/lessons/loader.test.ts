import { describe, expect, it } from 'vitest'
import { loadLessons } from '../../src-main/lessons/loader'
import { copyLesson, BASICS_DIR, lineOfText } from './helpers'

function only(lessons: string) {
  const all = loadLessons(lessons)
  expect(all).toHaveLength(1)
  return all[0]
}

describe('loadLessons', () => {
  it('loads lesson 1 completely in both locales', () => {
    const [l] = loadLessons(BASICS_DIR)
    expect(l.available).toBe(true)
    if (!l.available) return
    expect(l.id).toBe('statefulset-basics')
    expect(l.number).toBe(1)
    expect(l.problems).toEqual([])
    expect(Object.keys(l.locales).sort()).toEqual(['en', 'zh-CN'])
    for (const loc of ['en', 'zh-CN'] as const)
      for (const s of l.def.steps) expect(l.locales[loc]!.stepHtml.get(s.id)!.length, `${loc} ${s.id}`).toBeGreaterThan(20)
    expect(l.locales['zh-CN']!.strings.title).toContain('拓扑状态')
    for (const s of l.def.steps) expect(s.wrongAttempts.length).toBeGreaterThanOrEqual(2)
  })

  it('reports a YAML syntax error with file and line', () => {
    const c = copyLesson()
    c.edit('lesson.yaml', (s) => s.replace('  - id: headless\n', '  - id: headless\n    checks: [unclosed\n'))
    const l = only(c.lessons)
    expect(l.available).toBe(false)
    expect(l.error).toMatch(/^lessons\/02-x\/lesson\.yaml:\d+: /)
  })

  it('reports a missing required field as file:line: path: Required', () => {
    const c = copyLesson()
    c.edit('lesson.yaml', (s) => s.replace('state: { kind: StatefulSet', 'state: {').replace('        state:\n          kind: StatefulSet\n', '        state:\n'))
    const src = c.read('lesson.yaml')
    const l = only(c.lessons)
    expect(l.available).toBe(false)
    // the second check of the first step lost its kind; the line is where its `state` map starts
    expect(l.error).toBe(`lessons/02-x/lesson.yaml:${lineOfText(src, '          name: web')}: steps[0].checks[1].state.kind: Required`)
  })

  it('reports an unknown field at its own line', () => {
    const c = copyLesson()
    c.edit('lesson.yaml', (s) => s.replace('    solution:\n      - kubectl get service nginx', '    solutoin: []\n    solution:\n      - kubectl get service nginx'))
    const l = only(c.lessons)
    expect(l.error).toBe(`lessons/02-x/lesson.yaml:${lineOfText(c.read('lesson.yaml'), 'solutoin')}: steps[1]: unknown field "solutoin"`)
  })

  it('rejects a check with two kinds and a step with fewer than 2 wrong attempts', () => {
    const c = copyLesson()
    c.edit('lesson.yaml', (s) => s.replace('      - [kubectl get pods]\n', ''))
    expect(only(c.lessons).error).toMatch(/lesson\.yaml:\d+: steps\[1\]\.wrongAttempts: at least 2 wrong attempts per step$/)
    const d = copyLesson()
    d.edit('lesson.yaml', (s) => s.replace('command: { kubectl: [get, statefulset, web] }', 'command: { kubectl: [get, statefulset, web] }\n        dns: { name: x, image: busybox }'))
    expect(only(d.lessons).error).toMatch(/steps\[2\]\.checks\[0\]: a check has exactly one kind, found dns, command$/)
  })

  it('reports an unknown check id in a locale file at its line', () => {
    const c = copyLesson()
    c.edit('en.md', (s) => s.replace('      looked-at-statefulset:\n', '      looked-at-sts:\n'))
    const l = only(c.lessons)
    expect(l.available).toBe(false)
    expect(l.error).toBe(`lessons/02-x/en.md:${lineOfText(c.read('en.md'), 'looked-at-sts')}: steps.statefulset.checks.looked-at-sts: unknown check id (not in lesson.yaml)`)
  })

  it('reports a missing string of a declared locale', () => {
    const c = copyLesson()
    c.edit('en.md', (s) => s.replace('        label: Looked at StatefulSet web\n', '        fail: x\n'))
    const l = only(c.lessons)
    expect(l.available).toBe(false)
    expect(l.error).toMatch(/^lessons\/02-x\/en\.md:\d+: steps\.statefulset\.checks\.looked-at-statefulset\.label: missing en string$/)
  })

  it('reports a missing body section and a missing workspace file', () => {
    const c = copyLesson()
    c.edit('zh-CN.md', (s) => s.replace('## nxdomain\n', '## not-a-step\n'))
    expect(only(c.lessons).error).toMatch(/^lessons\/02-x\/zh-CN\.md:\d+: body: missing section "## nxdomain"$/)
    const d = copyLesson()
    d.edit('lesson.yaml', (s) => s.replace('workspace: [statefulset-demo.yaml]', 'workspace: [nope.yaml]'))
    expect(only(d.lessons).error).toBe(`lessons/02-x/lesson.yaml:${lineOfText(d.read('lesson.yaml'), 'nope.yaml')}: setup.workspace[0]: files/nope.yaml not found`)
  })

  it('a lesson that does not declare en still loads, with a lint problem (falls back to zh-CN)', () => {
    const c = copyLesson()
    c.edit('lesson.yaml', (s) => s.replace('locales: [zh-CN, en]', 'locales: [zh-CN]'))
    const l = only(c.lessons)
    expect(l.available).toBe(true)
    if (l.available) expect(l.problems[0]).toMatch(/lesson\.yaml:\d+: locales: en is missing/)
  })

  it('a missing lesson.yaml is an unavailable lesson, not a crash', () => {
    const c = copyLesson('03-empty')
    c.edit('lesson.yaml', () => '')
    const l = only(c.lessons)
    expect(l.available).toBe(false)
    expect(l.error).toMatch(/^lessons\/03-empty\/lesson\.yaml:1: /)
  })
})
