// The whole app end to end in browser mode: real backend (cluster, API server, lessons, pty shell) + the built
// renderer in Chromium. The learner opens the StatefulSet basics lesson from the header, then: click the command, run it, watch web-0 and web-1 come
// up in the graph and their claims bind in the volume inspector, at the window sizes ui.md promises.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launchChromium, watchProblems } from './helpers/chromium'
import { ensureRendererBuilt, ROOT } from './helpers/renderer-build'
import { startWebApp, type WebApp } from './helpers/web-app'
import { terminalText } from './helpers/terminal'

const SHOTS = join(ROOT, 'test', 'e2e', 'screenshots')
const missing = chromiumMissing() // throws under CI=true when Chromium is absent

let app: WebApp | null = null
let browser: Browser | null = null
let page: Page
const problems: string[] = [] // page errors and console errors (a CSP violation shows up here)

async function waitForTerminal(p: Page, text: string, timeout = 20_000): Promise<void> {
  await expect.poll(() => terminalText(p), { timeout, message: `terminal shows ${JSON.stringify(text)}` }).toContain(text)
}

/** Nothing scrolls at window level and each region is on screen with a usable size. */
async function layoutProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const out: string[] = []
    const { innerWidth: w, innerHeight: h } = window
    const doc = document.documentElement
    if (doc.scrollHeight > h + 1 || doc.scrollWidth > w + 1) out.push(`window scrolls: ${doc.scrollWidth}x${doc.scrollHeight} in ${w}x${h}`)
    const regions: [string, string][] = [
      ['header', 'header'],
      ['lesson', 'section.lesson'],
      ['cluster', 'section.cluster'],
      ['terminal', 'section.terminal'],
    ]
    for (const [name, sel] of regions) {
      const el = document.querySelector(sel)
      if (!el) {
        out.push(`${name} missing`)
        continue
      }
      const r = el.getBoundingClientRect()
      if (r.bottom > h + 1 || r.right > w + 1 || r.top < 0 || r.left < 0) out.push(`${name} off screen: ${JSON.stringify(r)}`)
      if (r.height < 30 || r.width < 200) out.push(`${name} too small: ${Math.round(r.width)}x${Math.round(r.height)}`)
    }
    // Nothing is wider than its panel (clipped check explanations, a table pushed past the edge).
    for (const sel of ['section.lesson .body', 'section.lesson .checks', 'section.cluster .panel']) {
      const el = document.querySelector(sel)
      if (el && el.scrollWidth > el.clientWidth + 1) out.push(`${sel} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`)
    }
    return out
  })
}

// Outside CI a machine without Chromium skips, saying why; under CI=true chromiumMissing() has already thrown.
describe.skipIf(missing !== null)(`browser mode end to end (Chromium)${missing ? `: skipped, ${missing}` : ''}`, { timeout: 60_000 }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    await ensureRendererBuilt()
    app = await startWebApp()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
    watchProblems(page, problems)
  }, 180_000)

  // A failing step leaves a picture of what the learner would have seen, and the host's log.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return
    const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)
    await page.screenshot({ path: join(SHOTS, `FAILED-${name}.png`) }).catch(() => {})
    console.error(`[e2e] host output:\n${app?.output() ?? ''}`)
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('loads the window with the lesson, the cluster and a live shell', async () => {
    await page.goto(app!.url)
    await page.locator('[data-testid="terminal"] .xterm-rows').waitFor()
    // The lesson first (opening it may move the shell to the lesson's workspace), then the shell's prompt.
    await expect.poll(() => page.locator('section.lesson h2').count(), { timeout: 15_000 }).toBe(1)
    // The shell starts in the lesson's folder below HOME (the workspace root), and the prompt says so. A first start
    // opens lesson 1 (stateless versus stateful).
    await waitForTerminal(page, 'learner@ordinal:~/lesson-1$')
    expect(await page.locator('select.lesson-pick').inputValue()).toBe('stateless-vs-stateful')
    // The UI strings switch live; lessons follow from main. (English also keeps screenshots legible on machines
    // without a CJK font.)
    if ((await page.locator('html').getAttribute('lang')) !== 'en') await page.click('button[aria-label="Switch to English"]')
    await expect.poll(() => page.locator('#tab-volumes').innerText()).toBe('Volumes')
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    // The learner picks the StatefulSet basics lesson from the header's lesson list, as a user would; its steps and
    // its own folder (a fresh shell there) come with it.
    await page.locator('select.lesson-pick').selectOption('statefulset-basics')
    await expect.poll(() => page.locator('section.lesson h2').innerText()).toBe('Create the headless Service and the StatefulSet')
    await expect.poll(() => page.locator('select.lesson-pick').inputValue()).toBe('statefulset-basics')
    await waitForTerminal(page, 'learner@ordinal:~/lesson-2$')
    // The host sends the current snapshot on connect: a fresh cluster is drawn as empty, not "Connecting…".
    await expect.poll(() => page.locator('[data-testid="pod-graph"]').innerText()).toContain('Nothing here yet')
    // A new cluster runs on today's clock: the header time is the learner's wall-clock time (give or take).
    const skew = await page.evaluate(() => {
      const m = /(\d\d):(\d\d):(\d\d)$/.exec(document.querySelector('section.cluster .ns')?.textContent?.trim() ?? '')
      if (!m) return null
      const now = new Date()
      const diff = Math.abs(+m[1] * 3600 + +m[2] * 60 + +m[3] - (now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds()))
      return Math.min(diff, 86_400 - diff)
    })
    expect(skew).not.toBeNull()
    expect(skew!).toBeLessThan(120)
  })

  it('shows checks that have not happened yet as neutral "not yet", with details on request', async () => {
    const checks = page.locator('section.lesson li.check')
    await expect.poll(() => checks.count()).toBe(2)
    for (const li of await checks.all()) {
      expect(await li.getAttribute('data-display')).toBe('pending')
      expect(await li.locator('.icon').innerText()).toBe('○')
      expect(await li.locator('.state').innerText()).toBe('not yet')
      // Not in alarm red: compare with what the theme's --red resolves to.
      const [icon, red] = await li.evaluate((el) => {
        const probe = document.body.appendChild(Object.assign(document.createElement('span'), { style: 'color: var(--red)' }))
        const out = [getComputedStyle(el.querySelector('.icon')!).color, getComputedStyle(probe).color]
        probe.remove()
        return out
      })
      expect(icon).not.toBe(red)
    }
    expect(await page.locator('section.lesson li.check .why').count()).toBe(0) // explanation one click away
    const first = checks.first()
    await first.locator('button.more').click()
    await expect.poll(() => first.locator('.why').innerText()).toMatch(/expected .*; found /i)
    expect(await first.locator('button.more').getAttribute('aria-expanded')).toBe('true')
    await first.locator('button.more').click()
    expect(await page.locator('section.lesson li.check .why').count()).toBe(0)
  })

  it('types a clicked lesson command without running it, then runs it on Enter at instant speed', async () => {
    await page.click('button[data-speed="instant"]')
    await expect.poll(() => page.locator('button[data-speed="instant"]').getAttribute('aria-pressed')).toBe('true')

    const cmd = page.locator('code.cmd[data-command="kubectl create -f statefulset-demo.yaml"]').first()
    await cmd.click()
    await waitForTerminal(page, 'kubectl create -f statefulset-demo.yaml')
    await page.waitForTimeout(400)
    expect(await terminalText(page)).not.toContain('created') // typed, not run

    await page.keyboard.press('Enter') // typeCommand focused the terminal
    await waitForTerminal(page, 'statefulset.apps/web created')
    expect(await terminalText(page)).toContain('service/nginx created')
  })

  it('shows web-0 and web-1 Running in their ordinal lanes, and the step checks pass', async () => {
    const web0 = page.locator('[data-testid="sts-web"] [data-ordinal="0"] [data-pod="web-0"]')
    const web1 = page.locator('[data-testid="sts-web"] [data-ordinal="1"] [data-pod="web-1"]')
    await expect.poll(() => web0.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Running')
    await expect.poll(() => web1.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Running')
    expect(await web0.innerText()).toContain('Running')
    await expect.poll(() => page.locator('[data-testid="service-nginx"]').innerText()).toMatch(/web-1\.nginx\S* → \d+\.\d+\.\d+\.\d+/)
    // The lesson saw the state: step 1 ("create") is done (main then moves on to step 2).
    await expect.poll(() => page.locator('ol.dots li:first-child button.done').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.locator('ol.dots li:first-child button').getAttribute('aria-label')).toMatch(/\(done\)$/)

    // The real kubectl-compatible output in the terminal agrees with the picture.
    await page.click('[data-testid="terminal"]')
    await page.keyboard.type('kubectl get pods -l app=nginx')
    await page.keyboard.press('Enter')
    await waitForTerminal(page, 'web-1   1/1     Running')
    await page.waitForTimeout(300) // let the last transition end before the picture
    expect(await layoutProblems(page)).toEqual([])
    await page.screenshot({ path: join(SHOTS, 'graph-1280x800.png') })
  })

  it('shows both claims Bound in the volume inspector, with the volume and its history', async () => {
    await page.click('#tab-volumes')
    const inspector = page.locator('[data-testid="volume-inspector"]')
    for (const name of ['www-web-0', 'www-web-1']) {
      await expect.poll(() => inspector.locator(`button[data-claim="${name}"]`).getAttribute('data-phase'), { timeout: 15_000 }).toBe('Bound')
    }
    await inspector.locator('button[data-claim="www-web-0"]').click()
    await expect.poll(() => inspector.locator('.detail').innerText()).toMatch(/pvc-[0-9a-f-]+/)
    await expect.poll(() => inspector.locator('.detail').innerText()).toContain('web-0 (uid …')
    expect(await layoutProblems(page)).toEqual([])
    await page.screenshot({ path: join(SHOTS, 'volumes-1280x800.png') })
  })

  it('stays usable at 1024×768 (projector)', async () => {
    await page.setViewportSize({ width: 1024, height: 768 })
    await page.waitForTimeout(300)
    expect(await layoutProblems(page)).toEqual([])
    await page.screenshot({ path: join(SHOTS, 'volumes-1024x768.png') })
    await page.click('#tab-graph')
    await page.locator('[data-pod="web-1"]').waitFor()
    expect(await layoutProblems(page)).toEqual([])
    await page.screenshot({ path: join(SHOTS, 'graph-1024x768.png') })
    await page.click('#tab-events')
    await page.locator('[data-testid="events-table"]').waitFor()
    expect(await layoutProblems(page)).toEqual([])
    await page.click('#tab-graph')
  })

  it('redraws the same window after a reload: state is asked for, not waited for', async () => {
    const asked: string[] = []
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const m = /"t":"req","id":\d+,"name":"([\w.]+)"/.exec(String(f.payload))
        if (m) asked.push(m[1])
      }),
    )
    await page.reload()
    await page.locator('[data-testid="sts-web"] [data-pod="web-1"]').waitFor({ timeout: 15_000 })
    await waitForTerminal(page, 'statefulset.apps/web created')
    // The screen comes back once (the replay starts with a reset), the lesson and the language with it.
    expect((await terminalText(page)).split('statefulset.apps/web created').length - 1).toBe(1)
    expect(asked).toContain('app.snapshot') // Electron's window may load after the first events were sent
    await expect.poll(() => page.locator('section.lesson h2').innerText()).toBe('Look at the headless Service')
    expect(problems).toEqual([])
  })
})
