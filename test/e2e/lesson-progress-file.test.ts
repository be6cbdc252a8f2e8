// Progress export and import, clicked through in Chromium against the real browser mode: a learner finishes lesson 1's
// first step by typing its solution, exports (the downloaded JSON file says so), moves to a FRESH app (a new data
// folder) and imports the file there: the step shows done. Bad files (not JSON, the wrong shape, only lessons not
// installed here) each get a clear message on screen, and nothing is lost: the imported progress stays, and the
// window keeps working.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launchChromium, watchProblems } from './helpers/chromium'
import { ensureRendererBuilt } from './helpers/renderer-build'
import { saveFailure, SHOTS, terminalText } from './helpers/terminal'
import { startWebApp, type WebApp } from './helpers/web-app'

const missing = chromiumMissing() // throws under CI=true when Chromium is absent

const STEP1 = 'Deploy a stateless application with a Deployment'
const STEP2 = "Look at the pods' names"

interface Session {
  app: WebApp
  page: Page
  problems: string[]
}

describe.skipIf(missing !== null)(`progress export and import (Chromium)${missing ? `: skipped, ${missing}` : ''}`, { timeout: 180_000 }, () => {
  let browser: Browser | null = null
  const sessions: Session[] = []
  let current: Session | null = null
  const files = mkdtempSync(join(tmpdir(), 'ordinal-progress-files-'))
  let exported = '' // path of the downloaded progress file

  /** A fresh app (its own data folder) in its own browser context, in English, lesson 1 open. */
  async function openSession(): Promise<Session> {
    const app = await startWebApp()
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', acceptDownloads: true })
    const page = await context.newPage()
    const s: Session = { app, page, problems: [] }
    sessions.push(s)
    current = s
    watchProblems(page, s.problems)
    await page.goto(app.url)
    await page.locator('[data-testid="terminal"] .xterm-rows').waitFor()
    await page.locator('section.lesson h2').waitFor({ timeout: 30_000 })
    if ((await page.locator('html').getAttribute('lang')) !== 'en') await page.click('button[aria-label="Switch to English"]')
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    await expect.poll(() => page.locator('select.lesson-pick').inputValue(), { timeout: 20_000 }).toBe('stateless-vs-stateful')
    await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe(STEP1)
    return s
  }

  const dot = (p: Page, n: number) => p.locator(`ol.dots li:nth-child(${n}) button`)
  const message = (p: Page) => p.locator('section.lesson .progress-file [role="alert"], section.lesson .progress-file [role="status"]')

  /** Import a file through the panel's button and the file picker, as a learner does. */
  async function importFile(p: Page, path: string): Promise<void> {
    const chooser = p.waitForEvent('filechooser')
    await p.locator('section.lesson .progress-file button', { hasText: 'Import progress' }).click()
    await (await chooser).setFiles(path)
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    await ensureRendererBuilt()
    browser = await launchChromium()
  }, 180_000)

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && current) await saveFailure(current.page, 'progress-', ctx.task.name, current.app.output())
  })

  afterAll(async () => {
    await browser?.close()
    for (const s of sessions) await s.app.stop()
    rmSync(files, { recursive: true, force: true })
  })

  it('exports the progress of a finished step as a JSON download', async () => {
    const { page, problems } = await openSession()
    await page.click('button[data-speed="instant"]')
    await expect.poll(() => page.locator('button[data-speed="instant"]').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('learner@ordinal:~/lesson-1$')
    await page.click('[data-testid="terminal"]')
    await page.keyboard.type('kubectl apply -f hello-deployment.yaml')
    await page.keyboard.press('Enter')
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('deployment.apps/hello created')
    await expect.poll(() => dot(page, 1).getAttribute('class'), { timeout: 60_000 }).toMatch(/\bdone\b/)
    await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe(STEP2)
    // Step 2 is under way: one of its checks already holds on this cluster.
    await expect.poll(() => page.locator('section.lesson li.check[data-check="still-three"]').getAttribute('data-display'), { timeout: 30_000 }).toBe('done')

    const download = page.waitForEvent('download')
    await page.locator('section.lesson .progress-file button', { hasText: 'Export progress' }).click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^ordinal-progress.*\.json$/)
    exported = join(files, 'exported.json')
    await file.saveAs(exported)
    const data = JSON.parse(readFileSync(exported, 'utf8')) as {
      format: string
      version: number
      exportedAt: string
      lessons: Record<string, { currentStep: number; steps: Record<string, { done: boolean; assisted: boolean; passed: string[] }> }>
    }
    expect(data.format).toBe('ordinal-progress')
    expect(data.version).toBe(1)
    expect(Number.isNaN(Date.parse(data.exportedAt))).toBe(false)
    const l1 = data.lessons['stateless-vs-stateful']
    expect(l1.currentStep).toBe(1)
    expect(l1.steps.deploy).toMatchObject({ done: true, assisted: false })
    expect([...l1.steps.deploy.passed].sort()).toEqual(['deployment-hello', 'hello-pods-ready'])
    expect(l1.steps.names).toMatchObject({ done: false, passed: ['still-three'] })
    expect(problems).toEqual([])
  })

  it('imports it into a fresh app: the step shows done', async () => {
    expect(exported).not.toBe('')
    const { page, problems } = await openSession() // a new data folder: nothing done yet
    expect(await dot(page, 1).getAttribute('class')).not.toMatch(/\bdone\b/)
    await importFile(page, exported)
    await expect.poll(() => message(page).innerText(), { timeout: 20_000 }).toBe('Imported the progress of 1 lesson')
    expect(await message(page).getAttribute('role')).toBe('status')
    await expect.poll(() => dot(page, 1).getAttribute('class'), { timeout: 20_000 }).toMatch(/\bdone\b/)
    expect(await dot(page, 1).getAttribute('aria-label')).toMatch(/\(done\)$/)
    await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe(STEP2)
    expect(await dot(page, 2).getAttribute('class')).not.toMatch(/\bdone\b/)
    // Step 2 was under way over there ("3 app=hello pods" ✓ on that cluster); here the cluster is empty, so its
    // checks are evaluated afresh, not carried over.
    await page.waitForTimeout(500)
    expect(await page.locator('section.lesson li.check[data-check="still-three"]').getAttribute('data-display')).not.toBe('done')
    await page.screenshot({ path: join(SHOTS, 'progress-imported.png') })
    expect(problems).toEqual([])
  })

  const bad: [string, string, string, RegExp][] = [
    ['not JSON', 'not-json.json', 'this is not { json', /^Could not import: progress file: not JSON \(.+\)\. Your current progress is unchanged\.$/],
    [
      'JSON of the wrong shape',
      'wrong-shape.json',
      JSON.stringify({ format: 'ordinal-progress', version: 1, exportedAt: 'now', lessons: { 'stateless-vs-stateful': { currentStep: 'two' } } }),
      /^Could not import: progress file: lessons\.stateless-vs-stateful\.currentStep: .+\. Your current progress is unchanged\.$/,
    ],
    ['another program\'s JSON', 'other.json', JSON.stringify({ name: 'my-notes', items: [1, 2] }), /^Could not import: progress file: not an Ordinal progress file \(format must be "ordinal-progress"\)\. Your current progress is unchanged\.$/],
    [
      'a progress file for a lesson not installed here',
      'unknown-lesson.json',
      JSON.stringify({
        format: 'ordinal-progress',
        version: 1,
        exportedAt: new Date().toISOString(),
        lessons: { 'no-such-lesson': { currentStep: 1, steps: { a: { done: true, assisted: false, passed: [] } }, stepStart: { command: 0, audit: 0, factSeq: 0 }, setupDone: true } },
      }),
      /^Nothing imported: the file is for lessons not installed here \(no-such-lesson\)\. Your current progress is unchanged\.$/,
    ],
  ]
  for (const [what, name, content, expected] of bad) {
    it(`refuses ${what} with a clear message and keeps the progress`, async () => {
      const s = sessions[1]
      expect(s, 'the fresh app of the import test').toBeDefined()
      current = s
      const { page, problems } = s
      const path = join(files, name)
      writeFileSync(path, content)
      await importFile(page, path)
      await expect.poll(() => message(page).innerText(), { timeout: 20_000 }).toMatch(expected)
      expect(await message(page).getAttribute('role')).toBe('alert') // announced, and styled as an error
      expect(await message(page).evaluate((el) => el.classList.contains('error'))).toBe(true)
      // Nothing lost: step 1 still done, step 2 still current; no error banner, the window still works.
      await page.waitForTimeout(300)
      expect(await dot(page, 1).getAttribute('class')).toMatch(/\bdone\b/)
      expect(await page.locator('section.lesson h2').innerText()).toBe(STEP2)
      expect(await page.locator('.toast.error').count()).toBe(0)
      if (name === 'unknown-lesson.json') await page.screenshot({ path: join(SHOTS, 'progress-import-unknown-lesson.png') })
      if (name === 'not-json.json') await page.screenshot({ path: join(SHOTS, 'progress-import-not-json.png') })
      expect(problems).toEqual([])
    })
  }

  it('after the refused files, the imported progress is still what the app exports, and the shell still works', async () => {
    const s = sessions[1]
    current = s
    const { page, problems } = s
    const download = page.waitForEvent('download')
    await page.locator('section.lesson .progress-file button', { hasText: 'Export progress' }).click()
    const again = join(files, 'again.json')
    await (await download).saveAs(again)
    const data = JSON.parse(readFileSync(again, 'utf8')) as { lessons: Record<string, { currentStep: number; steps: Record<string, { done: boolean }> }> }
    expect(Object.keys(data.lessons)).toEqual(['stateless-vs-stateful'])
    expect(data.lessons['stateless-vs-stateful'].currentStep).toBe(1)
    expect(data.lessons['stateless-vs-stateful'].steps.deploy.done).toBe(true)
    await page.click('[data-testid="terminal"]')
    await page.keyboard.type('kubectl get deployments')
    await page.keyboard.press('Enter')
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('No resources found in default namespace.')
    expect(problems).toEqual([])
  })
})
