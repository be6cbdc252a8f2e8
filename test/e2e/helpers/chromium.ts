// Debian's Chromium through playwright-core. Missing Chromium fails under CI=true (a missing install must not hide
// as a skip); elsewhere the caller may skip with the reason.
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** null: Chromium is available. Otherwise why not; throws instead under CI. */
export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): string | null {
  if (existsSync(CHROMIUM)) return null
  const why = `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`
  if (env.CI === 'true') throw new Error(`${why}; the e2e tests cannot run in CI without it`)
  return why
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

/** Collects what a learner would never see but a broken page shows: uncaught errors and console errors. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
}
