// A scripted newcomer in the real browser mode (part 1 of 2: lessons 01–04, then the review quiz 08): opens each
// lesson from the header's list, switches the language with the header's toggle, sets the clock to instant and
// completes every step the way a learner does it, typing the lesson's own solution lines into the terminal (a quiz
// answer is picked in the panel). Each step must be seen done (every check ✓) and advance; each lesson's end state is
// saved as a screenshot per locale. One app per locale, the lessons in order on the same cluster, as a learner goes.
// Part 2 (lessons 05–07) is lesson-newcomer-2.test.ts, so vitest runs the two in separate workers.
import { describe, expect, it } from 'vitest'
import { chromiumMissing } from './helpers/chromium'
import { completeLesson, LOCALES, readLesson, useNewcomerSessions, type Locale } from './helpers/newcomer'

const missing = chromiumMissing() // throws under CI=true when Chromium is absent

describe.skipIf(missing !== null)(`a newcomer completes lessons 01–04 and 08 by typing (Chromium)${missing ? `: skipped, ${missing}` : ''}`, { timeout: 300_000 }, () => {
  const sessionFor = useNewcomerSessions()

  // Lessons in order on one cluster, and each starts from a clean namespace: 02 and 04 leave nginx and web behind,
  // so opening 03 and 08 removes them (the panel says so), no step is done on arrival, and the graph stays empty
  // until the learner applies. 01 ends by deleting what it made: 02 has nothing to remove.
  const removedWeb = (n: number) => ({
    en: new RegExp(`^Lesson ${n} starts from a clean namespace: removed statefulset/web, service/nginx(, .*)?\\.$`),
    'zh-CN': new RegExp(`^第 ${n} 课从干净的命名空间开始：已删除 statefulset/web、service/nginx(、.*)?。$`),
  })
  const plan: { folder: string; notice: Record<Locale, RegExp> | null }[] = [
    { folder: '01-stateless-vs-stateful', notice: null },
    { folder: '02-statefulset-basics', notice: null },
    { folder: '03-topology-state', notice: removedWeb(3) },
    { folder: '04-headless-dns', notice: removedWeb(4) },
  ]
  for (const locale of LOCALES) {
    for (const { folder, notice } of plan) {
      it(`completes ${folder.slice(3)} in ${locale}`, async () => {
        await completeLesson(await sessionFor(locale), readLesson(folder, locale), locale, { notice: notice ? notice[locale] : null })
      })
    }
    // The quiz: each answer is picked in the panel before its command runs; the cluster then decides.
    it(`completes review-quiz in ${locale}`, async () => {
      const s = await sessionFor(locale)
      await completeLesson(s, readLesson('08-review-quiz', locale), locale, { notice: removedWeb(8)[locale] })
      // Every question ended right, saying so.
      expect(s.views.filter((v) => v.id === 'review-quiz').at(-1)!.steps.every((st) => st.done)).toBe(true)
    })
  }
})
