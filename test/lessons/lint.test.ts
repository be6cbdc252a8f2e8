import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintLessons } from '../../src-main/lessons/lint'
import { copyLesson, LESSONS_DIR } from './helpers'

const ROOT = new URL('../..', import.meta.url).pathname
const cli = (args: string[]) => spawnSync('npx', ['tsx', 'src-main/cli/lessons.ts', ...args], { cwd: ROOT, encoding: 'utf8' })

describe('lessons lint', () => {
  it('the shipped lessons are clean', () => {
    expect(lintLessons(LESSONS_DIR)).toEqual([])
  })

  it('flags a missing locale, an unknown placeholder and a duplicate lesson id', () => {
    const c = copyLesson('02-x')
    c.edit('lesson.yaml', (s) => s.replace('locales: [zh-CN, en]', 'locales: [zh-CN]'))
    c.edit('zh-CN.md', (s) => s.replace('fail: "Service nginx 还不对。', 'fail: "{{oops}} Service nginx 还不对。'))
    cpSync(c.dir, join(c.lessons, '03-y'), { recursive: true })
    const out = lintLessons(c.lessons)
    expect(out).toContain('lessons/02-x/lesson.yaml:3: locales: en is missing (every lesson ships zh-CN and en)')
    expect(out).toContain('lessons/02-x/zh-CN.md:1: steps.create.checks.headless-service.fail: unknown placeholder {{oops}} (use {{expected}} or {{actual}})')
    expect(out.some((l) => /id "statefulset-basics" is also used by 02-x/.test(l))).toBe(true)
  })

  it('the CLI prints file:line: reason and exits 1 on problems, 0 when clean', () => {
    const c = copyLesson('02-x')
    c.edit('en.md', (s) => s.replace('      looked-at-statefulset:\n', '      looked-at-sts:\n'))
    const bad = cli(['lint', c.lessons])
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/^lessons\/02-x\/en\.md:\d+: steps\.statefulset\.checks\.looked-at-sts: unknown check id \(not in lesson\.yaml\)$/m)
    const good = execFileSync('npx', ['tsx', 'src-main/cli/lessons.ts', 'lint'], { cwd: ROOT, encoding: 'utf8' })
    expect(good).toBe('lessons: ok\n')
    expect(cli(['frobnicate']).status).toBe(2)
  })
})
