// Reset, clicked through in Chromium against the real browser mode, the way a learner recovers from a mess:
// - the sandbox (lesson 7): apply a manifest, write and edit workspace files, click Reset, cancel once, then confirm:
//   the cluster is back at the lesson's start (graph empty, `kubectl get pods` and `get pvc` say so), the workspace
//   holds exactly the lesson's files again (the learner's file gone, the edited one restored), and the shell goes on;
// - "Reset step" in a normal lesson (lesson 2, step 2): objects made since the step began go, ones deleted come back,
//   the step's checks start over, and the workspace files are left as they are (as the dialog says);
// - ← Previous to a finished step shows it (it does not restart and bounce forward), and its Reset step returns to
//   that step's own start.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launchChromium, watchProblems } from './helpers/chromium'
import { ensureRendererBuilt } from './helpers/renderer-build'
import { saveFailure, SHOTS, terminalText } from './helpers/terminal'
import { startWebApp, type WebApp } from './helpers/web-app'

const missing = chromiumMissing() // throws under CI=true when Chromium is absent

const SANDBOX_FILES = ['hello-deployment.yaml', 'nginx-vip.yaml', 'parallel-demo.yaml', 'statefulset-demo.yaml']

describe.skipIf(missing !== null)(`Reset, clicked through (Chromium)${missing ? `: skipped, ${missing}` : ''}`, { timeout: 180_000 }, () => {
  let app: WebApp | null = null
  let browser: Browser | null = null
  let page: Page
  const problems: string[] = []

  const screen = async () => (await terminalText(page)).replace(/\u00a0/g, ' ')
  const lastLine = async () => (await screen()).split('\n').map((l) => l.trimEnd()).filter(Boolean).at(-1) ?? ''

  /** Clears the screen, types `line`, runs it and waits for the prompt; returns what it printed. */
  async function run(line: string, dir: string, timeout = 60_000): Promise<string> {
    const prompt = `learner@ordinal:~/${dir}$`
    await page.click('[data-testid="terminal"]')
    await page.keyboard.type('clear')
    await page.keyboard.press('Enter')
    await expect.poll(lastLine, { timeout, message: 'a cleared screen with the prompt' }).toMatch(new RegExp(`^\\(default\\) ${prompt.replace(/[$~/]/g, '\\$&')}$`))
    await page.keyboard.type(line)
    await expect.poll(async () => (await screen()).replace(/\n/g, ''), { timeout }).toContain(line)
    await page.keyboard.press('Enter')
    // Done: the screen holds more than the command line and ends with the prompt again.
    await expect
      .poll(async () => { const rows = (await screen()).split('\n').map((l) => l.trimEnd()).filter(Boolean); return rows.length >= 2 && rows.at(-1)!.endsWith(prompt) }, { timeout, message: `${line} finished` })
      .toBe(true)
    const rows = (await screen()).split('\n').map((l) => l.trimEnd()).filter(Boolean)
    const start = rows.findIndex((r) => r.endsWith(`${prompt} ${line.slice(0, 20)}`) || r.includes(`${prompt} ${line.slice(0, 20)}`))
    return rows.slice(start + 1, -1).join('\n')
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    await ensureRendererBuilt()
    app = await startWebApp()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
    watchProblems(page, problems)
    await page.goto(app.url)
    await page.locator('[data-testid="terminal"] .xterm-rows').waitFor()
    await page.locator('section.lesson h2').waitFor({ timeout: 30_000 })
  }, 180_000)

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await saveFailure(page, 'reset-', ctx.task.name, app?.output() ?? '')
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('sandbox: Reset (after a Cancel) brings the cluster and the workspace back to the start; the shell goes on', async () => {
    if ((await page.locator('html').getAttribute('lang')) !== 'en') await page.click('button[aria-label="Switch to English"]')
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    await page.click('button[data-speed="instant"]')
    await expect.poll(() => page.locator('button[data-speed="instant"]').getAttribute('aria-pressed')).toBe('true')
    await page.locator('select.lesson-pick').selectOption('sandbox')
    await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe('Sandbox: free play')
    await expect.poll(screen, { timeout: 30_000 }).toContain('learner@ordinal:~/lesson-7$')
    expect((await run('ls', 'lesson-7')).split(/\s+/).sort()).toEqual(SANDBOX_FILES)

    // Make a mess: a StatefulSet with its pods and claims, a file of the learner's own, an edited and a deleted file.
    expect(await run('kubectl apply -f statefulset-demo.yaml', 'lesson-7')).toContain('statefulset.apps/web created')
    const graph = page.locator('[data-testid="pod-graph"]')
    for (const pod of ['web-0', 'web-1']) await expect.poll(() => graph.locator(`[data-pod="${pod}"]`).getAttribute('data-phase'), { timeout: 60_000 }).toBe('Running')
    await run('echo my notes > notes.txt', 'lesson-7')
    await run('echo "# broken by me" >> statefulset-demo.yaml', 'lesson-7')
    await run('rm nginx-vip.yaml', 'lesson-7')
    expect((await run('ls', 'lesson-7')).split(/\s+/).sort()).toEqual(['hello-deployment.yaml', 'notes.txt', 'parallel-demo.yaml', 'statefulset-demo.yaml'])
    expect(await run('kubectl get pvc', 'lesson-7')).toMatch(/www-web-1\s+Bound/)

    // Reset asks first; Cancel changes nothing.
    const reset = page.locator('section.lesson .actions button', { hasText: /^Reset$/ })
    await reset.click()
    const dialog = page.locator('dialog[open]')
    await expect.poll(() => dialog.count()).toBe(1)
    expect(await dialog.locator('p').innerText()).toBe(
      'Return the cluster and workspace to the start of this lesson? Your files in the workspace and the objects you created will be deleted.',
    )
    await page.screenshot({ path: join(SHOTS, 'reset-sandbox-confirm.png') })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0)
    await page.waitForTimeout(500)
    expect(await graph.locator('[data-pod="web-0"]').count()).toBe(1)
    expect((await run('ls', 'lesson-7')).split(/\s+/)).toContain('notes.txt')

    // Now for real.
    await reset.click()
    await page.locator('dialog[open]').getByRole('button', { name: 'Reset' }).click()
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0)
    // The graph empties as the controllers and the kubelet converge (pods terminate, claims are reclaimed).
    await expect.poll(() => graph.innerText(), { timeout: 60_000 }).toContain('Nothing here yet')
    expect(await page.locator('section.lesson h2').innerText()).toBe('Sandbox: free play')
    await page.screenshot({ path: join(SHOTS, 'reset-sandbox-cleared.png') })
    // The terminal agrees, and keeps working in the same folder.
    await expect.poll(() => run('kubectl get pods', 'lesson-7'), { timeout: 60_000 }).toBe('No resources found in default namespace.')
    await expect.poll(() => run('kubectl get statefulsets,services', 'lesson-7'), { timeout: 60_000 }).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP.*\nservice\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s/)
    await expect.poll(() => run('kubectl get pvc', 'lesson-7'), { timeout: 60_000 }).toBe('No resources found in default namespace.')
    // The workspace is the lesson's again: the learner's file gone, the deleted one back, the edited one restored.
    expect((await run('ls', 'lesson-7')).split(/\s+/).sort()).toEqual(SANDBOX_FILES)
    expect(await run('grep -c "broken by me" statefulset-demo.yaml', 'lesson-7')).toBe('0')
    expect(await run('grep -c "kind: StatefulSet" statefulset-demo.yaml', 'lesson-7')).toBe('1')
    // And it can all be done again.
    expect(await run('kubectl apply -f statefulset-demo.yaml', 'lesson-7')).toContain('statefulset.apps/web created')
    await expect.poll(() => graph.locator('[data-pod="web-0"]').getAttribute('data-phase'), { timeout: 60_000 }).toBe('Running')
    await page.screenshot({ path: join(SHOTS, 'reset-sandbox-after.png') })
    expect(problems).toEqual([])
  })

  it('Reset step in lesson 2: back to the step\'s start (cluster and checks), workspace files kept', async () => {
    // A clean cluster first (what the sandbox left would complete lesson 2's first step by itself).
    const graph = page.locator('[data-testid="pod-graph"]')
    await run('kubectl delete -f statefulset-demo.yaml', 'lesson-7')
    // The StatefulSet's claims outlive it (and keep their data): the graph still shows them, apart.
    const loose = graph.locator('[data-testid="loose-claims"]')
    for (const c of ['www-web-0', 'www-web-1']) await expect.poll(() => loose.locator(`[data-claim="${c}"]`).count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => graph.locator('[data-pod]').count(), { timeout: 60_000 }).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'reset-claims-left-behind.png') })
    expect(await run('kubectl delete pvc --all', 'lesson-7')).toMatch(/persistentvolumeclaim "www-web-0" deleted/)
    await expect.poll(() => graph.innerText(), { timeout: 60_000 }).toContain('Nothing here yet')
    await page.locator('select.lesson-pick').selectOption('statefulset-basics')
    await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe('Create the headless Service and the StatefulSet')
    await expect.poll(screen, { timeout: 30_000 }).toContain('learner@ordinal:~/lesson-2$')
    // Step 1 done by its solution: step 2 ("Look at the headless Service") starts with nginx and web in place.
    expect(await run('kubectl create -f statefulset-demo.yaml', 'lesson-2')).toContain('statefulset.apps/web created')
    await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 60_000 }).toBe('Look at the headless Service')
    await expect.poll(() => page.locator('ol.dots li:first-child button').getAttribute('class'), { timeout: 30_000 }).toMatch(/\bdone\b/)

    // A mess within step 2 (not finishing it): nginx deleted, an extra Deployment, a file of the learner's own.
    const looked = page.locator('section.lesson li.check[data-check="looked-at-service"]')
    expect(await looked.getAttribute('data-display')).toBe('pending')
    expect(await run('kubectl delete service nginx', 'lesson-2')).toBe('service "nginx" deleted')
    expect(await run('kubectl create deployment extra --image=nginx', 'lesson-2')).toBe('deployment.apps/extra created')
    await run('echo mine > mine.txt', 'lesson-2')
    await expect.poll(() => graph.locator('section[aria-label="deploy/extra"] [data-pod]').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => graph.locator('[data-testid="service-nginx"]').count(), { timeout: 60_000 }).toBe(0)

    await page.locator('section.lesson .actions button', { hasText: 'Reset step' }).click()
    const dialog = page.locator('dialog[open]')
    await expect.poll(() => dialog.count()).toBe(1)
    const words = await dialog.locator('p').innerText()
    expect(words).toMatch(/start of this step/)
    expect(words).toMatch(/workspace files are kept/)
    await page.screenshot({ path: join(SHOTS, 'reset-step-confirm.png') })
    await dialog.getByRole('button', { name: 'Reset' }).click()

    // The Service is back, the Deployment and its pod go, web stays; still step 2 (step 1 still done), not yet done.
    await expect.poll(() => graph.locator('section[aria-label="deploy/extra"]').count(), { timeout: 60_000 }).toBe(0)
    await expect.poll(() => graph.locator('[data-testid="service-nginx"]').count(), { timeout: 60_000 }).toBe(1)
    expect(await page.locator('section.lesson h2').innerText()).toBe('Look at the headless Service')
    await expect.poll(() => looked.getAttribute('data-display'), { timeout: 30_000 }).toBe('pending')
    expect(await page.locator('ol.dots li:nth-child(2) button').getAttribute('aria-current')).toBe('step')
    expect(await page.locator('ol.dots li:nth-child(2) button').getAttribute('class')).not.toMatch(/\bdone\b/)
    expect(await page.locator('ol.dots li:first-child button').getAttribute('class')).toMatch(/\bdone\b/)
    await expect.poll(() => run('kubectl get deployments', 'lesson-2'), { timeout: 60_000 }).toBe('No resources found in default namespace.')
    // (Not `kubectl get service nginx` yet: that is what finishes this step.)
    await expect.poll(() => graph.locator('[data-testid="service-nginx"]').innerText(), { timeout: 60_000 }).toMatch(/web-1\.nginx\S* → \d+\.\d+\.\d+\.\d+/)
    expect(await run('kubectl get statefulset web', 'lesson-2')).toMatch(/^NAME\s+READY\s+AGE\nweb\s+2\/2\s/)
    expect((await run('ls', 'lesson-2')).split(/\s+/).sort()).toEqual(['mine.txt', 'statefulset-demo.yaml'])

    // The step can be done after the reset, and the Service is headless again.
    expect(await run('kubectl get service nginx', 'lesson-2')).toMatch(/\nnginx\s+ClusterIP\s+None\s/)
    await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 60_000 }).toBe('Look at the StatefulSet')
    await page.screenshot({ path: join(SHOTS, 'reset-step-after.png') })
    expect(problems).toEqual([])
  })

  it('← Previous shows a finished step (it stays, all ✓), and its Reset step goes back to that step\'s own start', async () => {
    const h2 = page.locator('section.lesson h2')
    const previous = page.locator('section.lesson nav.nav button', { hasText: 'Previous' })
    await previous.click()
    await expect.poll(() => h2.innerText()).toBe('Look at the headless Service')
    await previous.click()
    await expect.poll(() => h2.innerText()).toBe('Create the headless Service and the StatefulSet')
    // It stays there (its state still holds: restarting it would complete it at once and bounce forward).
    await page.waitForTimeout(1500)
    expect(await h2.innerText()).toBe('Create the headless Service and the StatefulSet')
    for (const li of await page.locator('section.lesson li.check').all()) expect(await li.getAttribute('data-display')).toBe('done')
    expect(await page.locator('ol.dots li:first-child button').getAttribute('aria-current')).toBe('step')
    expect(await page.locator('ol.dots button.done').count()).toBe(2) // nothing undone by looking

    // Reset step here: back to how step 1 began, an empty cluster; every step from here on is to do again.
    await page.locator('section.lesson .actions button', { hasText: 'Reset step' }).click()
    await page.locator('dialog[open]').getByRole('button', { name: 'Reset' }).click()
    const graph = page.locator('[data-testid="pod-graph"]')
    await expect.poll(() => graph.innerText(), { timeout: 60_000 }).toContain('Nothing here yet')
    await expect.poll(() => page.locator('ol.dots button.done').count(), { timeout: 30_000 }).toBe(0)
    expect(await h2.innerText()).toBe('Create the headless Service and the StatefulSet')
    for (const li of await page.locator('section.lesson li.check').all()) await expect.poll(() => li.getAttribute('data-display')).toBe('pending')
    await expect.poll(() => run('kubectl get statefulsets,pvc', 'lesson-2'), { timeout: 60_000 }).toBe('No resources found in default namespace.')
    // And it can be done again.
    expect(await run('kubectl create -f statefulset-demo.yaml', 'lesson-2')).toContain('statefulset.apps/web created')
    await expect.poll(() => h2.innerText(), { timeout: 60_000 }).toBe('Look at the headless Service')
    expect(problems).toEqual([])
  })
})
