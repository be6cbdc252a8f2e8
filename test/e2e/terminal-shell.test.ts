// The workstation shell as the learner uses it, in Chromium against the real browser mode: the namespace prompt,
// Tab completion (files, kubectl verbs, types, live object names), ^C on `kubectl get pods -w` and on `watch`,
// the nano editor writing a file, and a window resize while nano is open.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launchChromium } from './helpers/chromium'
import { ensureRendererBuilt } from './helpers/renderer-build'
import { lastRow, saveFailure, SHOTS, terminalRows as rows, waitForLastRow, waitForRow } from './helpers/terminal'
import { startWebApp, type WebApp } from './helpers/web-app'

const missing = chromiumMissing()

let app: WebApp | null = null
let browser: Browser | null = null
let page: Page
const problems: string[] = []

const PROMPT = /^\(default\) learner@ordinal:~\/\S+\$/

async function run(p: Page, line: string, expectRow: (row: string) => boolean, what: string): Promise<void> {
  await p.keyboard.type(line)
  await p.keyboard.press('Enter')
  await waitForRow(p, expectRow, what)
}

describe.skipIf(missing !== null)(`terminal shell (Chromium)${missing ? `: skipped, ${missing}` : ''}`, { timeout: 90_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    await ensureRendererBuilt()
    app = await startWebApp()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    await page.goto(app.url)
    await page.locator('[data-testid="terminal"] .xterm-rows').waitFor()
    await waitForLastRow(page, (r) => PROMPT.test(r), 'the prompt with the namespace')
    await page.click('[data-testid="terminal"]')
  }, 180_000)

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return
    await saveFailure(page, 'shell-', ctx.task.name, app?.output() ?? '')
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('completes with Tab: files, kubectl verbs, resource types and live object names', async () => {
    await run(page, 'touch tab-demo.yaml', (r) => PROMPT.test(r) && r.endsWith('$ touch tab-demo.yaml'), 'touch')
    await page.keyboard.type('cat tab-d')
    await page.keyboard.press('Tab')
    await waitForLastRow(page, (r) => r.endsWith('$ cat tab-demo.yaml'), 'file completion')
    await page.keyboard.press('Control+U')
    await page.keyboard.type('kubectl ge')
    await page.keyboard.press('Tab')
    await waitForLastRow(page, (r) => r.endsWith('$ kubectl get'), 'verb completion')
    await page.keyboard.type('namesp')
    await page.keyboard.press('Tab')
    await waitForLastRow(page, (r) => r.endsWith('$ kubectl get namespaces'), 'type completion')
    await page.keyboard.type('kube-s')
    await page.keyboard.press('Tab') // asks the API server for the namespaces
    await waitForLastRow(page, (r) => r.endsWith('$ kubectl get namespaces kube-system'), 'live name completion')
    await page.keyboard.press('Enter')
    await waitForRow(page, (r) => /^kube-system +Active +\S+$/.test(r), 'kubectl get namespaces kube-system')
  })

  it('^C stops kubectl get pods -w and the shell reports 130', async () => {
    await waitForLastRow(page, (r) => PROMPT.test(r), 'a fresh prompt')
    await page.keyboard.type('kubectl get pods -w')
    await page.keyboard.press('Enter')
    await page.waitForTimeout(1500) // the watch is established and waiting: no new prompt
    expect(await lastRow(page)).toMatch(/\$ kubectl get pods -w$/)
    await page.keyboard.press('Control+C')
    await waitForLastRow(page, (r) => PROMPT.test(r) && r.endsWith('$'), 'the prompt after ^C')
    expect((await rows(page)).some((r) => r === '^C' || r.endsWith('^C'))).toBe(true)
    await run(page, 'echo status=$?', (r) => r === 'status=130', 'the status of the interrupted watch')
  })

  it('watch redraws full screen and ^C brings the prompt back', async () => {
    await page.keyboard.type("watch -n 1 'echo tick-$((6*7))'") // quoted: watch's shell expands it, the header shows it
    await page.keyboard.press('Enter')
    const header = await waitForRow(page, (r) => r.startsWith('Every 1.0s: echo tick-$((6*7))'), 'the watch header')
    expect(header).toMatch(/ordinal: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/)
    await waitForRow(page, (r) => r === 'tick-42', 'the watched output')
    await page.keyboard.press('Control+C')
    await waitForLastRow(page, (r) => PROMPT.test(r), 'the prompt after watch')
    expect((await rows(page)).some((r) => r.startsWith('Every 1.0s'))).toBe(false) // the alternate screen is gone
  })

  it('nano edits and saves a manifest, survives a resize, and returns to the prompt', async () => {
    await page.keyboard.type('nano web.yaml')
    await page.keyboard.press('Enter')
    await waitForRow(page, (r) => r.includes('[ New File ]'), 'nano opened a new file')
    await waitForRow(page, (r) => r.startsWith('^G Help') && r.includes('^O Write Out'), 'the help line')
    await page.keyboard.type('kind: Service')
    await page.keyboard.press('Enter')
    await page.keyboard.type('metadata: {name: 网页}')
    await waitForRow(page, (r) => r.includes('Modified'), 'the modified flag')
    await page.screenshot({ path: join(SHOTS, 'nano-1280x800.png') })

    // A smaller window: nano redraws with its help lines on the new bottom rows.
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.waitForTimeout(400)
    await expect.poll(async () => (await rows(page)).filter((r) => r !== '').pop() ?? '', { timeout: 5000 }).toMatch(/^\^X Exit/)
    expect((await rows(page)).some((r) => r === 'metadata: {name: 网页}')).toBe(true)

    await page.keyboard.press('Control+O')
    await waitForRow(page, (r) => r.startsWith('File Name to Write: web.yaml'), 'the write-out prompt')
    await page.keyboard.press('Enter')
    await waitForRow(page, (r) => r.includes('[ Wrote 2 lines ]'), 'the saved status')
    await page.screenshot({ path: join(SHOTS, 'nano-saved-1024x700.png') })
    await page.keyboard.press('Control+X')
    await waitForLastRow(page, (r) => PROMPT.test(r), 'the prompt after nano')
    await run(page, 'cat web.yaml; wc -l < web.yaml', (r) => r === '2', 'the file nano wrote')
    const all = await rows(page)
    expect(all).toContain('kind: Service')
    expect(all).toContain('metadata: {name: 网页}')
    expect(problems).toEqual([])
  })
})
