// Bad check definitions in a lesson file: `lessons lint` (and the app's "unavailable" lesson) say file, line and
// reason, for the check kinds that observe what the learner's commands saw (dns seen, file) and the rest.
import { describe, expect, it } from 'vitest'
import { lintLessons } from '../../src-main/lessons/lint'
import { copyLesson, lineOfText } from './helpers'

/** Put `check` (YAML lines, 6-space indent) first in the basics lesson's `headless` step and lint. */
function lintWith(check: string, marker: string): { out: string[]; line: number } {
  const c = copyLesson('02-x')
  c.edit('lesson.yaml', (s) => s.replace('  - id: headless\n    checks:\n', `  - id: headless\n    checks:\n${check}`))
  return { out: lintLessons(c.lessons), line: lineOfText(c.read('lesson.yaml'), marker) }
}

describe('lint: bad check definitions say file, line and reason', () => {
  it('dns without an image, when it asks the server itself', () => {
    const { out, line } = lintWith('      - id: bad-dns\n        dns: { name: web-0.nginx }\n', 'dns: { name: web-0.nginx }')
    expect(out).toEqual([`lessons/02-x/lesson.yaml:${line}: steps[1].checks[0].dns.image: image is required (the pod the lookup runs from), unless the check judges lookups pods made (seen)`])
  })

  it('dns seen with a window that is not a fact', () => {
    const { out, line } = lintWith('      - id: bad-dns\n        dns:\n          name: web-1.nginx\n          seen:\n            after: web-1 deleted\n', 'after: web-1 deleted')
    expect(out).toEqual([`lessons/02-x/lesson.yaml:${line}: steps[1].checks[0].dns.seen.after: "web-1 deleted" is not a fact (Kind/name What, Kind[selector] What, optionally followed by new-name or same-name)`])
  })

  it('dns seen with an unknown `which` and an unknown key', () => {
    let r = lintWith('      - id: bad-dns\n        dns:\n          name: web-1.nginx\n          seen:\n            which: second\n', 'which: second')
    expect(r.out).toHaveLength(1)
    expect(r.out[0]).toMatch(new RegExp(`^lessons/02-x/lesson\\.yaml:${r.line}: steps\\[1\\]\\.checks\\[0\\]\\.dns\\.seen\\.which: .*"first"`))
    r = lintWith('      - id: bad-dns\n        dns:\n          name: web-1.nginx\n          seen: { during: x }\n', 'seen: { during: x }')
    expect(r.out).toEqual([`lessons/02-x/lesson.yaml:${r.line}: steps[1].checks[0].dns.seen: unknown field "during"`])
  })

  it('dns ipOf with expect: fails', () => {
    const { out, line } = lintWith('      - id: bad-dns\n        dns: { name: web-1.nginx, image: busybox, expect: fails, ipOf: web-1 }\n', 'dns: { name: web-1.nginx')
    expect(out).toEqual([`lessons/02-x/lesson.yaml:${line}: steps[1].checks[0].dns.ipOf: ipOf needs expect: resolves (a failed lookup has no address)`])
  })

  it('file with a relative path, or exists: false with content', () => {
    let r = lintWith('      - id: bad-file\n        file:\n          pod: web-0\n          path: tmp/x\n', 'path: tmp/x')
    expect(r.out).toEqual([`lessons/02-x/lesson.yaml:${r.line}: steps[1].checks[0].file.path: path must be absolute (as the container sees it)`])
    r = lintWith('      - id: bad-file\n        file: { pod: web-0, path: /tmp/x, exists: false, equals: hi }\n', 'file: { pod: web-0')
    expect(r.out).toEqual([`lessons/02-x/lesson.yaml:${r.line}: steps[1].checks[0].file: exists: false cannot be combined with equals or contains`])
    r = lintWith('      - id: bad-file\n        file: { path: /tmp/x }\n', 'file: { path: /tmp/x }')
    expect(r.out).toHaveLength(1)
    expect(r.out[0]).toMatch(new RegExp(`^lessons/02-x/lesson\\.yaml:${r.line}: steps\\[1\\]\\.checks\\[0\\]\\.file\\.pod: `))
  })

  it('two kinds in one check name both', () => {
    const { out, line } = lintWith('      - id: two\n        file: { pod: web-0, path: /x }\n        volume: { claim: www-web-0, path: /x }\n', '      - id: two')
    expect(out).toHaveLength(1)
    expect(out[0]).toMatch(new RegExp(`^lessons/02-x/lesson\\.yaml:(${line}|${line + 1}): steps\\[1\\]\\.checks\\[0\\]: a check has exactly one kind, found volume, file$`))
  })

  it('a seen check nested in a quiz source is checked too', () => {
    const c = copyLesson('02-x')
    c.edit('lesson.yaml', (s) =>
      s.replace(
        '  - id: headless\n    checks:\n',
        '  - id: headless\n    quiz:\n      choices: [a, b]\n      answerFrom:\n        - choice: a\n          check: { dns: { name: web-1.nginx, seen: { before: "Pod/web-1" } } }\n    checks:\n',
      ),
    )
    const out = lintLessons(c.lessons)
    expect(out).toEqual([`lessons/02-x/lesson.yaml:${lineOfText(c.read('lesson.yaml'), 'check: { dns:')}: steps[1].quiz.answerFrom[0].check.dns.seen.before: "Pod/web-1" is not a fact (Kind/name What, Kind[selector] What, optionally followed by new-name or same-name)`])
  })
})
