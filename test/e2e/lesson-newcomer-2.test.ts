// A scripted newcomer in the real browser mode (part 2 of 2: lessons 05–07, see lesson-newcomer.test.ts for part 1):
// storage state and updating completed by typing each step's solution into the terminal, then free play in the
// sandbox, which grades nothing. One app per locale, the lessons in order on the same cluster; a screenshot of each
// lesson's end state per locale.
import { describe, it } from 'vitest'
import { chromiumMissing } from './helpers/chromium'
import { completeLesson, LOCALES, playSandbox, readLesson, useNewcomerSessions } from './helpers/newcomer'

const missing = chromiumMissing() // throws under CI=true when Chromium is absent

describe.skipIf(missing !== null)(`a newcomer completes lessons 05–07 by typing (Chromium)${missing ? `: skipped, ${missing}` : ''}`, { timeout: 300_000 }, () => {
  const sessionFor = useNewcomerSessions()

  for (const locale of LOCALES) {
    // 05 opens on a fresh cluster (nothing to remove); 06 starts clean, removing what 05 left (the panel says so).
    const plan: [string, RegExp | null][] = [
      ['05-storage-state', null],
      ['06-updating', locale === 'en' ? /^Lesson 6 starts from a clean namespace: removed statefulset\/web, service\/nginx(, .*)?\.$/ : /^第 6 课从干净的命名空间开始：已删除 statefulset\/web、service\/nginx(、.*)?。$/],
    ]
    for (const [folder, notice] of plan) {
      it(`completes ${folder.slice(3)} in ${locale}`, async () => {
        await completeLesson(await sessionFor(locale), readLesson(folder, locale), locale, { notice })
      })
    }
    it(`plays in the sandbox in ${locale}, graded by nothing`, async () => {
      await playSandbox(await sessionFor(locale), readLesson('07-sandbox', locale), locale)
    })
  }
})
