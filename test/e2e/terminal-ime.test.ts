// Chinese input through an IME into the terminal, in Chromium against the real browser mode: composition events
// (CDP Input.imeSetComposition, as a pinyin IME sends them while the learner picks characters) must not leak the
// pinyin into the shell, and the committed text (Input.insertText) reaches the pty as UTF-8 and comes back
// echoed, drawn double-width by xterm. Also: a resize of the window reaches the shell (its `ls` relays out).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launchChromium } from './helpers/chromium'
import { ensureRendererBuilt } from './helpers/renderer-build'
import { saveFailure, SHOTS, terminalRows as rows, waitForRow } from './helpers/terminal'
import { startWebApp, type WebApp } from './helpers/web-app'

const missing = chromiumMissing()

let app: WebApp | null = null
let browser: Browser | null = null
let page: Page
let cdp: CDPSession
const problems: string[] = []

describe.skipIf(missing !== null)(`terminal IME input (Chromium)${missing ? `: skipped, ${missing}` : ''}`, { timeout: 60_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    await ensureRendererBuilt()
    app = await startWebApp()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    cdp = await page.context().newCDPSession(page)
    await page.goto(app.url)
    await page.locator('[data-testid="terminal"] .xterm-rows').waitFor()
    await waitForRow(page, (r) => /learner@ordinal:~\/\S+\$$/.test(r), 'the prompt')
  }, 180_000)

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return
    await saveFailure(page, 'ime-', ctx.task.name, app?.output() ?? '')
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('echo 你好 typed through pinyin composition is echoed back', async () => {
    await page.click('[data-testid="terminal"]')
    await page.keyboard.type('echo ')
    // The IME shows pinyin while composing; nothing may reach the shell until the learner commits.
    for (const text of ['n', 'ni', 'ni h', 'ni ha', 'ni hao', '你好']) {
      await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length })
    }
    await page.waitForTimeout(150)
    const during = (await rows(page)).join('\n')
    expect(during).not.toContain('echo ni')
    await cdp.send('Input.insertText', { text: '你好' })
    await waitForRow(page, (r) => r.endsWith('$ echo 你好'), 'the committed command line')
    await page.keyboard.press('Enter')
    await waitForRow(page, (r) => r === '你好', 'the echoed output')
    // The shell got exactly the committed characters: the line editor placed the cursor by display width.
    await page.keyboard.type('echo ${#x} "中文输入"')
    await waitForRow(page, (r) => r.endsWith('$ echo ${#x} "中文输入"'), 'a second line with CJK')
    await page.keyboard.press('Enter')
    await waitForRow(page, (r) => r === '0 中文输入', 'the second output')
    expect(problems).toEqual([])
  })

  it('composition can be cancelled (Escape/empty) without sending anything', async () => {
    await cdp.send('Input.imeSetComposition', { text: 'zhong', selectionStart: 5, selectionEnd: 5 })
    await cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 })
    await page.keyboard.type('echo done-$((40+2))')
    await page.keyboard.press('Enter')
    await waitForRow(page, (r) => r === 'done-42', 'the command after a cancelled composition')
    expect((await rows(page)).some((r) => r.includes('zhong'))).toBe(false)
  })

  it('a window resize reaches the shell: ls lays its columns out for the new width', async () => {
    /** Runs `ls` in a folder of 40 files; returns the rows it printed (between its command line and the next prompt). */
    const listing = async (tag: string): Promise<string[]> => {
      await page.keyboard.type(`echo begin-${tag}; ls; echo end-${tag}`)
      await page.keyboard.press('Enter')
      await waitForRow(page, (r) => r === `end-${tag}`, `ls at ${tag}`)
      const all = await rows(page)
      return all.slice(all.lastIndexOf(`begin-${tag}`) + 1, all.lastIndexOf(`end-${tag}`))
    }
    const xtermCols = () =>
      page.evaluate(() => {
        const screen = document.querySelector('[data-testid="terminal"] .xterm-screen') as HTMLElement
        const measure = document.querySelector('[data-testid="terminal"] .xterm-char-measure-element') as HTMLElement
        const cell = measure.getBoundingClientRect().width / (measure.textContent?.length || 1)
        return Math.round(screen.getBoundingClientRect().width / cell)
      })
    await page.click('[data-testid="terminal"]')
    await page.keyboard.type('mkdir cols; cd cols; for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40; do touch item-$i.yaml; done')
    await page.keyboard.press('Enter')
    const wide = await listing('wide')
    const wideCols = await xtermCols()
    await page.setViewportSize({ width: 1024, height: 700 })
    await expect.poll(xtermCols, { timeout: 5000 }).toBeLessThan(wideCols)
    const narrowCols = await xtermCols()
    await page.waitForTimeout(300) // the resize message reaches the pty
    const narrow = await listing('narrow')
    expect(narrow.join(' ').split(/\s+/).filter(Boolean)).toHaveLength(40)
    expect(narrow.length).toBeGreaterThan(wide.length)
    for (const row of narrow) expect(row.length).toBeLessThanOrEqual(narrowCols)
    expect(Math.max(...wide.map((r) => r.length))).toBeGreaterThan(narrowCols)
    await page.screenshot({ path: join(SHOTS, 'terminal-ime-1024x700.png') })
  })
})
