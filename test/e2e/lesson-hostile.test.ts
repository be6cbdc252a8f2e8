// Lesson files are untrusted data (an instructor's folder, a download): in the real browser mode, served from a
// temp lessons folder (`--lessons-dir`), hostile Markdown in a lesson (scripts, event handlers, javascript:/data:
// links, iframes, forms, inline styles; in the body, the intro, a step title, a check label, a hint and a quiz)
// renders inert in Chromium, even when the learner clicks everything, while its safe text still shows. Broken lessons
// (invalid YAML, a schema error) are listed as unavailable with their reason, and the others keep working.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { chromiumMissing, launchChromium, watchProblems } from './helpers/chromium'
import { ensureRendererBuilt, ROOT } from './helpers/renderer-build'
import { saveFailure, SHOTS, terminalText } from './helpers/terminal'
import { startWebApp, type WebApp } from './helpers/web-app'

const missing = chromiumMissing() // throws under CI=true when Chromium is absent

// Each payload would set window.__pwned (or open a dialog, or navigate) if it ran. Markers around it prove the
// safe text of the same section still renders.
const HOSTILE_BODY = `SAFE-BEFORE: this paragraph must still render.

<script>window.__pwned = 1</script>

<img src=x onerror="window.__pwned = 3; alert('img')">

[js link](javascript:window.__pwned=2)

[mixed case link](JaVaScRiPt:window.__pwned=12)

[entity link](&#106;avascript:window.__pwned=24)

<a href="javascript:window.__pwned=13">raw js link</a>

<a href="data:text/html,<script>alert(1)</script>">data link</a>

<a href="vbscript:msgbox(1)">vb link</a>

<iframe src="javascript:parent.__pwned=4"></iframe>

<iframe srcdoc="<script>parent.__pwned=5</script>"></iframe>

<p style="position:fixed;inset:0;z-index:99;background:red" onclick="window.__pwned=6" onmouseover="window.__pwned=7">Styled paragraph text</p>

<form action="javascript:window.__pwned=8"><input name="q" value="x"><button type="submit" formaction="javascript:window.__pwned=9">Send form</button></form>

<svg onload="window.__pwned=14"><circle r="5"></circle></svg>

<details open ontoggle="window.__pwned=15">toggle text</details>

<object data="data:text/html,<script>parent.__pwned=16</script>"></object>

<base href="javascript:window.__pwned=17//">

<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=18">

<style>body { display: none }</style>

Type this: \`kubectl get pods"><img src=x onerror="window.__pwned=19">\`

SAFE-AFTER: and so must this one.
`

// The safe text the learner still gets (what sanitizing keeps of the payload).
const SAFE_TEXTS = ['SAFE-BEFORE: this paragraph must still render.', 'SAFE-AFTER: and so must this one.', 'Send form', 'js link', 'mixed case link', 'entity link', 'raw js link', 'data link', 'vb link', 'Styled paragraph text', 'toggle text']
const CLICK_TEXTS = ['js link', 'mixed case link', 'entity link', 'raw js link', 'data link', 'vb link', 'Styled paragraph text']

const HOSTILE_TITLE = 'Deploy <img src=x onerror="window.__pwned=30"> it'
const HOSTILE_LABEL = 'Deployment hello <img src=x onerror="window.__pwned=31">'
const HOSTILE_HINT = 'Hint <img src=x onerror="window.__pwned=33"> [hint link](javascript:window.__pwned=34)'
const HOSTILE_QUESTION = 'Which pod first? <img src=x onerror="window.__pwned=20"> [quiz link](javascript:window.__pwned=21)'
const HOSTILE_CHOICE = '<span onmouseover="window.__pwned=22" style="color:red">web-2</span> <script>window.__pwned=23</script>'

type Front = { title: string; steps: Record<string, { title: string; hints?: string[]; checks?: Record<string, { label: string }>; quiz?: { question: string; choices: Record<string, string> } }> }

/** Rewrites a locale file: front matter through `edit`, the body through `body`. */
function rewriteLocale(file: string, edit: (fm: Front) => void, body: (md: string) => string): void {
  const src = readFileSync(file, 'utf8')
  const m = /^---\n([\s\S]*?)\n---\n/.exec(src)
  if (!m) throw new Error(`${file}: no front matter`)
  const fm = parse(m[1]) as Front
  edit(fm)
  writeFileSync(file, `---\n${stringify(fm, { lineWidth: 0 })}---\n${body(src.slice(m[0].length))}`)
}

/** A lessons folder: lesson 1 and the quiz made hostile, lesson 2 as shipped, and two broken lessons. */
function makeLessonsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-hostile-lessons-'))
  const copy = (from: string, to = from) => cpSync(join(ROOT, 'lessons', from), join(dir, to), { recursive: true })
  copy('01-stateless-vs-stateful')
  copy('02-statefulset-basics')
  copy('08-review-quiz')
  for (const loc of ['en', 'zh-CN']) {
    rewriteLocale(
      join(dir, '01-stateless-vs-stateful', `${loc}.md`),
      (fm) => {
        fm.title = `${fm.title} <script>window.__pwned=32</script>`
        fm.steps.deploy.title = HOSTILE_TITLE
        fm.steps.deploy.checks!['deployment-hello'].label = HOSTILE_LABEL
        fm.steps.deploy.hints = [HOSTILE_HINT, ...fm.steps.deploy.hints!]
      },
      // In the intro (shown in "About this lesson") and at the top of the first step's section.
      (md) => `${HOSTILE_BODY}\n${md.replace('## deploy\n', `## deploy\n\n${HOSTILE_BODY}\n`)}`,
    )
    rewriteLocale(
      join(dir, '08-review-quiz', `${loc}.md`),
      (fm) => {
        fm.steps['next-pod'].quiz!.question = HOSTILE_QUESTION
        fm.steps['next-pod'].quiz!.choices['web-2'] = HOSTILE_CHOICE
      },
      (md) => md,
    )
  }
  // Broken: lesson.yaml is not YAML (an unclosed flow sequence).
  copy('02-statefulset-basics', '09-broken-yaml')
  writeFileSync(join(dir, '09-broken-yaml', 'lesson.yaml'), 'id: broken-yaml\nlocales: [zh-CN, en\nsteps:\n  - id: x\n')
  // Broken: valid YAML that fails the schema (a field no check has).
  copy('02-statefulset-basics', '10-broken-schema')
  const yamlFile = join(dir, '10-broken-schema', 'lesson.yaml')
  const y = readFileSync(yamlFile, 'utf8').replace(/^id: .*$/m, 'id: broken-schema').replace('state: { kind: ', 'state: { colour: blue, kind: ')
  if (!y.includes('colour: blue')) throw new Error('fixture: 02-statefulset-basics has no state check to break')
  writeFileSync(yamlFile, y)
  return dir
}

/** Everything in the lesson panel that could run, navigate or restyle the window. */
async function dangerousMarkup(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const out: string[] = []
    const panel = document.querySelector('section.lesson')
    if (!panel) return ['no lesson panel']
    const urlAttrs = ['href', 'src', 'action', 'formaction', 'srcdoc', 'data', 'xlink:href', 'background', 'poster']
    for (const el of panel.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase()
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) out.push(`<${tag} ${a.name}>`)
        if (urlAttrs.includes(a.name.toLowerCase()) && /^\s*(javascript|data|vbscript):/i.test(a.value)) out.push(`<${tag} ${a.name}="${a.value}">`)
        if (a.name === 'srcdoc') out.push(`<${tag} srcdoc>`)
      }
    }
    // What lesson authors wrote (Markdown bodies, intro, quiz text): no active or restyling elements, no inline style.
    for (const el of panel.querySelectorAll('.body *, fieldset.quiz .question *, fieldset.quiz label > span *')) {
      if (el.matches('details.intro, details.intro > summary')) continue // the panel's own "About this lesson"
      const tag = el.tagName.toLowerCase()
      if (['script', 'iframe', 'frame', 'form', 'input', 'button', 'img', 'svg', 'object', 'embed', 'style', 'link', 'meta', 'base', 'details', 'textarea', 'select'].includes(tag)) out.push(`<${tag}> in lesson text`)
      if (el.hasAttribute('style')) out.push(`<${tag} style> in lesson text`)
    }
    for (const a of panel.querySelectorAll('a[href]')) {
      const href = a.getAttribute('href')!
      if (!/^(https?:|mailto:)/i.test(href)) out.push(`<a href="${href}">`)
    }
    if (document.querySelector('base, meta[http-equiv="refresh" i]')) out.push('a <base> or a <meta> refresh reached the document')
    return out
  })
}

describe.skipIf(missing !== null)(`hostile and broken lessons (Chromium)${missing ? `: skipped, ${missing}` : ''}`, { timeout: 120_000 }, () => {
  let lessonsDir = ''
  let app: WebApp | null = null
  let browser: Browser | null = null
  let page: Page
  const problems: string[] = [] // page errors, console errors (a CSP violation lands here too), dialogs, popups

  const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)
  async function setLocale(locale: 'en' | 'zh-CN'): Promise<void> {
    const toggle = page.locator('button[aria-label="Switch to English"], button[aria-label="Switch to Chinese"]')
    if ((await page.locator('html').getAttribute('lang')) !== locale) await toggle.click()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    lessonsDir = makeLessonsDir()
    await ensureRendererBuilt()
    app = await startWebApp({ lessonsDir })
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
    page = await context.newPage()
    context.on('page', (p) => problems.push(`a new window opened: ${p.url()}`)) // after our own page
    watchProblems(page, problems)
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.type()} ${d.message()}`)
      void d.dismiss()
    })
    page.on('framenavigated', (f) => {
      if (f !== page.mainFrame() || !f.url().startsWith(app!.url.replace(/\?.*$/, ''))) problems.push(`navigated: ${f.url()}`)
    })
    await page.goto(app.url)
    await page.locator('[data-testid="terminal"] .xterm-rows').waitFor()
    await page.locator('section.lesson h2').waitFor({ timeout: 30_000 })
  }, 180_000)

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await saveFailure(page, 'hostile-', ctx.task.name, app?.output() ?? '')
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    if (lessonsDir) rmSync(lessonsDir, { recursive: true, force: true })
  })

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`renders lesson 1's hostile Markdown inert in ${locale}, and clicking everything runs nothing`, async () => {
      await setLocale(locale)
      // The hostile lesson is the first one, so a first start opens it; its first step title is shown as text.
      await expect.poll(() => page.locator('select.lesson-pick').inputValue(), { timeout: 20_000 }).toBe('stateless-vs-stateful')
      await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe(HOSTILE_TITLE)
      const body = page.locator('section.lesson .body')
      // The intro too ("About this lesson" on the first step).
      const intro = page.locator('section.lesson details.intro')
      if ((await intro.getAttribute('open')) === null) await intro.locator('summary').click()
      await expect.poll(() => intro.getAttribute('open')).not.toBeNull()

      const text = await body.innerText()
      const lines = text.split('\n').map((l) => l.trim())
      for (const safe of SAFE_TEXTS) expect(lines.filter((l) => l === safe).length, `"${safe}" twice (intro and step)`).toBe(2)
      // No script or handler source leaks out as text either (the code snippet shows its text on purpose).
      expect(lines.filter((l) => l.includes('window.__pwned') && !l.startsWith('Type this: kubectl get pods'))).toEqual([])
      expect(text).not.toContain('display: none')
      expect(await dangerousMarkup(page)).toEqual([])

      // The check label and the step title are plain text: the tags show, nothing loads.
      await expect.poll(() => page.locator('section.lesson li.check[data-check="deployment-hello"]').innerText()).toContain(HOSTILE_LABEL)
      // The lesson title in the picker is text too.
      expect(await page.locator('select.lesson-pick option[value="stateless-vs-stateful"]').textContent()).toContain('<script>window.__pwned=32</script>')

      // Click and hover everything a learner could, in the intro and the step.
      for (const what of CLICK_TEXTS) {
        const targets = await body.getByText(what, { exact: true }).all()
        expect(targets.length, `"${what}" in the intro and the step`).toBe(2)
        for (const el of targets) {
          await el.hover()
          await el.click()
        }
      }
      // The first hint (hints are text).
      await page.locator('section.lesson button.hint').click()
      await expect.poll(() => page.locator('section.lesson ol.hints li').first().innerText()).toContain(HOSTILE_HINT)
      await page.locator('section.lesson ol.hints li').first().hover()
      // The command snippet with markup in it: a click types it as text (not run), Ctrl-C drops it.
      const cmd = body.locator('code.cmd').filter({ hasText: 'kubectl get pods"><img' }).first()
      expect(await cmd.getAttribute('data-command')).toBe('kubectl get pods"><img src=x onerror="window.__pwned=19">')
      await cmd.click()
      await expect.poll(() => terminalText(page)).toContain('kubectl get pods"><img src=x onerror="window.__pwned=19">')
      await page.keyboard.press('Control+C')

      // Give anything that was going to fire (image errors, a late navigation) a moment, then check nothing did.
      await page.waitForTimeout(500)
      expect(await pwned()).toBeNull()
      expect(await dangerousMarkup(page)).toEqual([])
      expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none')
      expect(problems).toEqual([])
      await page.screenshot({ path: join(SHOTS, `hostile-lesson-${locale}.png`) })
    })
  }

  it("renders a quiz's hostile question and choices inert", async () => {
    await setLocale('en')
    await page.locator('select.lesson-pick').selectOption('review-quiz')
    await expect.poll(() => page.locator('select.lesson-pick').inputValue(), { timeout: 20_000 }).toBe('review-quiz')
    // The question is the second step: the learner may look ahead with Next.
    await page.locator('section.lesson nav.nav button').last().click()
    const quiz = page.locator('fieldset.quiz')
    await expect.poll(() => quiz.count(), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => quiz.locator('.question').innerText()).toContain('Which pod first?')
    expect(await quiz.locator('.question').innerText()).toContain('quiz link')
    const choice = quiz.locator('label').filter({ has: page.locator('input[value="web-2"]') })
    expect((await choice.innerText()).trim()).toBe('web-2')
    await choice.hover()
    await quiz.locator('.question').getByText('quiz link').click()
    await page.waitForTimeout(300)
    expect(await pwned()).toBeNull()
    expect(await dangerousMarkup(page)).toEqual([])
    expect(problems).toEqual([])
  })

  it('lists the broken lessons as unavailable with their reason, and the other lessons still work', async () => {
    const pick = page.locator('select.lesson-pick')
    const yamlOpt = pick.locator('option[value="09-broken-yaml"]')
    const schemaOpt = pick.locator('option[value="10-broken-schema"]')
    for (const opt of [yamlOpt, schemaOpt]) {
      expect(await opt.isDisabled()).toBe(true)
      expect(await opt.textContent()).toMatch(/\(This lesson cannot be opened\)$/)
    }
    // The reason says which file, which line and what is wrong.
    expect(await yamlOpt.getAttribute('title')).toMatch(/09-broken-yaml\/lesson\.yaml:3: .*Flow sequence.*\]/)
    expect(await schemaOpt.getAttribute('title')).toMatch(/10-broken-schema\/lesson\.yaml:\d+: steps\[0\]\.checks\[0\]\.state: unknown field "colour"$/)
    // The lesson panel says so too, and the reasons can be read there (a disabled option's tooltip rarely shows).
    const notice = page.locator('section.lesson [data-testid="broken-lessons"]')
    await expect.poll(() => notice.locator('summary').innerText()).toBe('⚠ 2 lessons cannot be opened (see why)')
    expect(await notice.getAttribute('open')).toBeNull() // out of the learner's way until asked
    await notice.locator('summary').click()
    const reasons = await notice.locator('li').allInnerTexts()
    expect(reasons).toHaveLength(2)
    expect(reasons[0]).toMatch(/^9 · 09-broken-yaml\n.*09-broken-yaml\/lesson\.yaml:3: .*Flow sequence/)
    expect(reasons[1]).toMatch(/^10 · 10-broken-schema\n.*10-broken-schema\/lesson\.yaml:\d+: steps\[0\]\.checks\[0\]\.state: unknown field "colour"$/)
    await page.screenshot({ path: join(SHOTS, 'hostile-broken-lessons.png') })
    await notice.locator('summary').click()

    // The available lessons are the others, in order.
    expect(await pick.locator('option:not([disabled])').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([
      'stateless-vs-stateful',
      'statefulset-basics',
      'review-quiz',
    ])

    // Lesson 2 opens and works: its first step, its own folder, a shell that runs kubectl.
    await pick.selectOption('statefulset-basics')
    await expect.poll(() => page.locator('section.lesson h2').innerText(), { timeout: 20_000 }).toBe('Create the headless Service and the StatefulSet')
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('learner@ordinal:~/lesson-2$')
    await page.click('[data-testid="terminal"]')
    await page.keyboard.type('kubectl get pods')
    await page.keyboard.press('Enter')
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('No resources found in default namespace.')
    expect(await page.locator('[role="alert"]').count()).toBe(0) // no error banner
    await page.screenshot({ path: join(SHOTS, 'hostile-lessons-lesson2.png') })
    expect(await pwned()).toBeNull()
    expect(problems).toEqual([])
  })
})
