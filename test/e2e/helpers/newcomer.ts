// The scripted newcomer shared by the lesson-newcomer e2e files: one browser page and one real browser-mode app per
// locale, lessons opened from the header's list and completed by typing each step's own solution lines into the
// terminal (a quiz answer is picked in the panel), every step seen done with all its checks ✓, and a screenshot of
// each lesson's end state. The files split the lessons so vitest runs them in separate workers.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { parse } from 'yaml'
import { launchChromium, watchProblems } from './chromium'
import { ensureRendererBuilt, ROOT } from './renderer-build'
import { startWebApp, type WebApp } from './web-app'
import { SHOTS, terminalText } from './terminal'

export type Locale = 'en' | 'zh-CN'
export const LOCALES: readonly Locale[] = ['en', 'zh-CN']

interface Step {
  id: string
  solution: string[]
  title: string
}

export interface Lesson {
  id: string
  number: number
  title: string
  sandbox: boolean
  /** The lesson's setup creates objects (its graph is not empty when it opens). */
  setupApplies: boolean
  steps: Step[]
}

/** The lesson as its files say it: the step ids and solution lines (lesson.yaml), the titles in `locale` (<locale>.md). */
export function readLesson(folder: string, locale: Locale): Lesson {
  const dir = join(ROOT, 'lessons', folder)
  const def = parse(readFileSync(join(dir, 'lesson.yaml'), 'utf8')) as {
    id: string
    sandbox?: boolean
    setup?: { apply?: string[] }
    steps?: { id: string; solution?: string[] }[]
  }
  const md = readFileSync(join(dir, `${locale}.md`), 'utf8')
  const front = /^---\n([\s\S]*?)\n---/.exec(md)
  if (!front) throw new Error(`${folder}/${locale}.md has no front matter`)
  const words = parse(front[1]) as { title: string; steps?: Record<string, { title: string }> }
  return {
    id: def.id,
    number: Number(folder.slice(0, 2)),
    title: words.title,
    sandbox: def.sandbox === true,
    setupApplies: (def.setup?.apply ?? []).length > 0,
    steps: (def.steps ?? []).map((s) => ({ id: s.id, solution: s.solution ?? [], title: words.steps![s.id].title })),
  }
}

interface LessonViewFrame {
  id: string
  currentStep: number
  steps: { id: string; done: boolean; checks: { id: string; state: string }[] }[]
}

export interface Session {
  app: WebApp
  page: Page
  problems: string[]
  views: LessonViewFrame[] // every lesson view main sent to the window, in order
}

const ATTACH_HINT = "If you don't see a command prompt, try pressing enter."
const PROMPT = /(learner@ordinal:\S*\$|^\/ #)$/

async function screenLines(p: Page): Promise<string[]> {
  return (await terminalText(p)).split('\n').map((l) => l.replace(/\u00a0/g, ' ').trimEnd())
}

async function lastScreenLine(p: Page): Promise<string> {
  return (await screenLines(p)).filter(Boolean).at(-1) ?? ''
}

/** A shell is back at its prompt: the last non-empty screen line is the workstation's `…$` or a container's `/ #`.
 *  Attached to a container whose prompt went out before the attach, kubectl says to press Enter: the newcomer does. */
async function waitForPrompt(p: Page, timeout = 60_000): Promise<void> {
  await expect
    .poll(async () => { const l = await lastScreenLine(p); return PROMPT.test(l) || l === ATTACH_HINT }, { timeout, message: 'a shell prompt comes back' })
    .toBe(true)
  if ((await lastScreenLine(p)) === ATTACH_HINT) {
    await p.keyboard.press('Enter')
    await expect.poll(() => lastScreenLine(p), { timeout, message: "the container's prompt after Enter" }).toMatch(PROMPT)
  }
}

/** The screen has not changed for `quietMs` (what a learner waits for before pressing Ctrl-C on a watch). */
async function waitForQuietScreen(p: Page, quietMs = 1500, timeout = 60_000): Promise<void> {
  const end = Date.now() + timeout
  let last = await terminalText(p)
  let since = Date.now()
  for (;;) {
    await new Promise((r) => setTimeout(r, 200))
    const now = await terminalText(p)
    if (now !== last) {
      last = now
      since = Date.now()
    } else if (Date.now() - since >= quietMs) return
    if (Date.now() > end) throw new Error(`the terminal kept changing for ${timeout} ms:\n${now}`)
  }
}

const state: { browser: Browser | null; sessions: Session[]; current: Session | null; byLocale: Map<Locale, Session> } = {
  browser: null,
  sessions: [],
  current: null,
  byLocale: new Map(),
}

async function openSession(locale: Locale): Promise<Session> {
  const app = await startWebApp()
  const page = await state.browser!.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
  const s: Session = { app, page, problems: [], views: [] }
  state.sessions.push(s)
  state.current = s
  watchProblems(page, s.problems)
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      try {
        const frame = JSON.parse(String(f.payload)) as { t: string; name?: string; payload?: unknown; result?: unknown }
        const v = (frame.t === 'evt' ? frame.payload : frame.t === 'res' ? frame.result : null) as LessonViewFrame | null
        if (v && typeof v === 'object' && Array.isArray(v.steps) && typeof v.currentStep === 'number') s.views.push(v)
      } catch {
        // not JSON: not ours to judge here
      }
    }),
  )
  await page.goto(app.url)
  await page.locator('[data-testid="terminal"] .xterm-rows').waitFor()
  await expect.poll(() => page.locator('section.lesson h2').count(), { timeout: 20_000 }).toBe(1)
  // The header's language toggle, as a learner would use it (a first start is in Chinese).
  const toggle = page.locator('button[aria-label="Switch to English"], button[aria-label="Switch to Chinese"]')
  if ((await page.locator('html').getAttribute('lang')) !== locale) await toggle.click()
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
  // Record what the checklist actually showed, step by step (the window moves to the next step as soon as one is done).
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {}
    ;(window as unknown as { __seenChecks: typeof seen }).__seenChecks = seen
    const record = () => {
      const step = document.querySelector('section.lesson h2')?.textContent ?? ''
      for (const li of document.querySelectorAll<HTMLElement>('section.lesson li.check')) {
        const key = `${step}|${li.dataset.check}`
        const d = `${li.dataset.display}:${li.querySelector('.icon')?.textContent ?? ''}`
        if (!(seen[key] ??= []).includes(d)) seen[key].push(d)
      }
    }
    record()
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
  })
  await page.click('button[data-speed="instant"]')
  await expect.poll(() => page.locator('button[data-speed="instant"]').getAttribute('aria-pressed')).toBe('true')
  return s
}

/**
 * Registers the hooks of a newcomer file (renderer build, one Chromium, a failing test's screenshot and host log,
 * teardown) and returns `sessionFor(locale)`: the page and app of that locale, opened on first use and reused after.
 */
export function useNewcomerSessions(): (locale: Locale) => Promise<Session> {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    await ensureRendererBuilt()
    state.browser = await launchChromium()
  }, 180_000)

  afterEach(async (ctx) => {
    const s = state.current
    if (ctx.task.result?.state !== 'fail' || !s) return
    const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)
    await s.page.screenshot({ path: join(SHOTS, `FAILED-${name}.png`) }).catch(() => {})
    console.error(`[e2e] terminal:\n${await terminalText(s.page).catch(() => '')}\n[e2e] host output:\n${s.app.output()}`)
  })

  afterAll(async () => {
    await state.browser?.close()
    for (const s of state.sessions) await s.app.stop()
  })

  return async (locale) => {
    state.current = null
    if (!state.byLocale.has(locale)) state.byLocale.set(locale, await openSession(locale))
    return (state.current = state.byLocale.get(locale)!)
  }
}

/** Opens the lesson from the header's lesson list (unless it is already open) and waits for the page it lands on (`heading`)
 *  and its shell. What the checklist showed is recorded afresh for each lesson. */
async function openLesson(s: Session, lesson: Lesson, heading: string): Promise<void> {
  await s.page.evaluate(() => {
    const seen = (window as unknown as { __seenChecks: Record<string, string[]> }).__seenChecks
    for (const k of Object.keys(seen)) delete seen[k]
  })
  const pick = s.page.locator('select.lesson-pick')
  if ((await pick.inputValue()) !== lesson.id) await pick.selectOption(lesson.id)
  await expect.poll(() => s.page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe(heading)
  await expect.poll(() => pick.inputValue()).toBe(lesson.id)
  await expect.poll(() => terminalText(s.page), { timeout: 20_000 }).toContain(`learner@ordinal:~/lesson-${lesson.number}$`)
}

/** Types a line and presses Enter once it is echoed (a long line wraps onto the next screen row). */
async function typeLine(page: Page, line: string): Promise<void> {
  await page.click('[data-testid="terminal"]')
  await page.keyboard.type(line)
  await expect.poll(async () => (await terminalText(page)).replace(/\n/g, '')).toContain(line.slice(-30))
  await page.keyboard.press('Enter')
}

/**
 * One line as the newcomer does it: a quiz answer is a click on its radio; `^C` is Ctrl-C once the running command's
 * output has gone quiet (`beforeInterrupt` runs first); anything else is typed and run. A line followed by `^C` (a watch)
 * never returns a prompt by itself: it is only seen to start printing.
 */
async function doLine(s: Session, line: string, next: string | undefined, beforeInterrupt: () => Promise<void>): Promise<void> {
  const { page } = s
  const answer = /^#answer (\S+)$/.exec(line)
  if (answer) {
    const radio = page.locator(`fieldset.quiz input[type="radio"][value="${answer[1]}"]`)
    await radio.check()
    await expect.poll(() => radio.isChecked()).toBe(true)
    await expect.poll(() => page.locator('fieldset.quiz label.picked input').getAttribute('value')).toBe(answer[1])
    return
  }
  if (line === '^C') {
    await waitForQuietScreen(page)
    await beforeInterrupt()
    await page.keyboard.press('Control+C')
    await waitForPrompt(page)
    return
  }
  await typeLine(page, line)
  if (next === '^C') {
    // Running: its first output is below the echoed command.
    await expect.poll(async () => (await lastScreenLine(page)).includes(line.slice(-20)), { timeout: 60_000, message: `output of ${line}` }).toBe(false)
    return
  }
  await waitForPrompt(page)
}

/** What the learner saw of each step's checklist, for the report when something is off. */
async function logSeenChecks(page: Page, tag: string): Promise<void> {
  const seen = await page.evaluate(() => (window as unknown as { __seenChecks: Record<string, string[]> }).__seenChecks)
  console.log(`[newcomer ${tag}] checklist states seen on screen:\n${Object.entries(seen).map(([k, v]) => `  ${k}: ${v.join(' → ')}`).join('\n')}`)
}

/** Every check of step `i` was ✓ in a view main sent the window with the step done. */
function expectStepPassed(s: Session, lesson: Lesson, i: number): void {
  const doneView = s.views.find((v) => v.id === lesson.id && v.steps[i]?.done)
  expect(doneView, `a lesson view with step ${lesson.steps[i].id} done`).toBeDefined()
  expect(doneView!.steps[i].checks.map((c) => `${c.id}:${c.state}`)).toEqual(doneView!.steps[i].checks.map((c) => `${c.id}:passed`))
}

/** The panel's clean-start line: what opening the lesson removed from the namespace. */
async function expectCleanStart(s: Session, lesson: Lesson, notice: RegExp | null): Promise<void> {
  const line = s.page.locator('section.lesson p.notice')
  if (notice) await expect.poll(() => line.innerText(), { message: `${lesson.id}: the clean-start notice` }).toMatch(notice)
  else expect(await line.count(), `${lesson.id}: nothing to clean, no notice`).toBe(0)
  // Lessons start clean: nothing an earlier lesson made is in the graph until the learner (or the setup) makes it.
  if (!lesson.setupApplies) await expect.poll(() => s.page.locator('[data-testid="pod-graph"] > p.muted').count(), { message: `${lesson.id}: empty graph on arrival` }).toBe(1)
}

/**
 * Completes every step of a lesson by typing its solution, then checks and photographs the end state. Every lesson
 * starts from a clean namespace: no step is done on arrival. `notice`: what the panel must say the clean start
 * removed (null: nothing was there to remove, and no notice).
 */
export async function completeLesson(s: Session, lesson: Lesson, locale: Locale, opts: { notice?: RegExp | null } = {}): Promise<void> {
  const { page } = s
  await openLesson(s, lesson, lesson.steps[0].title)
  if (opts.notice !== undefined) await expectCleanStart(s, lesson, opts.notice)
  for (const [i, step] of lesson.steps.entries()) {
    const dot = page.locator(`ol.dots li:nth-child(${i + 1}) button`)
    await expect.poll(() => page.locator('section.lesson h2').innerText()).toBe(step.title)
    expect(await dot.getAttribute('aria-current')).toBe('step')
    expect(await dot.getAttribute('class'), `step ${step.id} is not done before the newcomer acts`).not.toMatch(/\bdone\b/)
    const stepDone = () =>
      expect.poll(() => dot.getAttribute('class'), { timeout: 60_000, message: `step ${step.id} done` }).toMatch(/\bdone\b/)
    // A watch ended by the step's last line: its checks only need it to have started, so the learner presses Ctrl-C
    // once the step says done (a press before the watch request reached the API server would leave it undone).
    for (const [j, line] of step.solution.entries()) {
      const lastLine = j === step.solution.length - 1
      const t0 = Date.now()
      await doLine(s, line, step.solution[j + 1], lastLine ? stepDone : async () => {})
      if (process.env.NEWCOMER_TIMING) console.log(`[newcomer timing] ${lesson.id} ${step.id} ${Date.now() - t0} ms: ${line.slice(0, 60)}`)
    }

    // The step is done: its dot fills and says so, and main moves on to the next step (or the lesson is complete).
    await stepDone()
    expect(await dot.getAttribute('aria-label')).toMatch(locale === 'en' ? /\(done\)$/ : /\(已完成\)$/)
    expectStepPassed(s, lesson, i)
    if (i < lesson.steps.length - 1) {
      // The panel keeps the finished step on screen a moment with "✓ Step complete — Next"; the newcomer clicks it.
      const next = page.locator('section.lesson button.step-done')
      if (await next.isVisible()) await next.click().catch(() => {}) // it may go by itself meanwhile
      await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe(lesson.steps[i + 1].title)
    }
  }

  // The end: the last step stays on screen with its checklist all ✓, every dot filled, "Lesson complete".
  const checks = page.locator('section.lesson li.check')
  await expect.poll(() => checks.count()).toBeGreaterThan(0)
  for (const li of await checks.all()) {
    await expect.poll(() => li.getAttribute('data-display')).toBe('done')
    expect(await li.locator('.icon').innerText()).toBe('✓')
  }
  expect(await page.locator('ol.dots button.done').count()).toBe(lesson.steps.length)
  if ((await page.locator('fieldset.quiz').count()) > 0) {
    // A quiz lesson ends on a question: the prediction was right and the panel says so.
    await expect.poll(() => page.locator('fieldset.quiz .result.right').innerText()).toMatch(/^✓/)
  }
  await expect.poll(() => page.locator('section.lesson .done-all').innerText()).toContain(locale === 'en' ? 'Lesson complete' : '本课全部完成')
  await logSeenChecks(page, `${lesson.id} ${locale}`)
  await page.waitForTimeout(300) // let the last transition end before the picture
  await page.screenshot({ path: join(SHOTS, `newcomer-${lesson.id}-${locale}.png`) })
  expect(s.problems).toEqual([])
}

/**
 * The sandbox: no steps and no checks. The newcomer plays a short realistic session (the StatefulSet and the
 * Deployment from the workspace, a rollout wait, a look at the pods); the graph shows them, and nothing in the panel
 * grades the learner (no checklist, no ✗, no step dots).
 */
export async function playSandbox(s: Session, lesson: Lesson, locale: Locale): Promise<void> {
  const { page } = s
  expect(lesson.sandbox && lesson.steps.length === 0, `${lesson.id} is a sandbox without steps`).toBe(true)
  await openLesson(s, lesson, lesson.title)
  const panel = page.locator('section.lesson')
  await expect.poll(() => panel.locator('.badge').first().innerText()).toBe(locale === 'en' ? 'Sandbox' : '沙盒')
  const session = [
    'ls',
    'kubectl apply -f statefulset-demo.yaml',
    'kubectl apply -f hello-deployment.yaml',
    'kubectl rollout status sts/web',
    'kubectl rollout status deployment/hello',
    'kubectl get pods',
  ]
  for (const line of session) await doLine(s, line, undefined, async () => {})
  const screen = await terminalText(page)
  expect(screen).toMatch(/statefulset "web" rolling update complete|partitioned roll out complete|roll out complete/)
  expect(screen).toMatch(/web-1\s+1\/1\s+Running/)

  // The graph: web-0 and web-1 in their ordinal lanes, Running; hello's three pods in its loose group.
  for (const n of [0, 1]) {
    const pod = page.locator(`[data-testid="sts-web"] [data-ordinal="${n}"] [data-pod="web-${n}"]`)
    await expect.poll(() => pod.getAttribute('data-phase'), { timeout: 30_000, message: `web-${n} in the graph` }).toBe('Running')
  }
  const hello = page.locator('section.group[aria-label="deploy/hello"] [data-pod]')
  await expect.poll(() => hello.count(), { timeout: 30_000, message: "hello's pods in the graph" }).toBe(3)
  await expect.poll(async () => (await hello.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.phase))).join(','), { timeout: 30_000 }).toBe(
    'Running,Running,Running',
  )

  // Nothing graded: no checklist, no dots, no ✗, no "step n of m"; the Reset button is there.
  expect(await panel.locator('li.check').count()).toBe(0)
  expect(await page.locator('ol.dots button').count()).toBe(0)
  expect(await panel.innerText()).not.toContain('✗')
  expect(await panel.getByRole('button', { name: locale === 'en' ? 'Reset' : '重置', exact: true }).count()).toBe(1)
  await logSeenChecks(page, `${lesson.id} ${locale}`)
  await page.waitForTimeout(300) // let the last transition end before the picture
  await page.screenshot({ path: join(SHOTS, `newcomer-${lesson.id}-${locale}.png`) })
  expect(s.problems).toEqual([])
}
