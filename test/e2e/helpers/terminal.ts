// Reading the xterm terminal as the learner sees it (its DOM rows), and leaving evidence when an e2e test fails.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ROOT } from './renderer-build'

export const SHOTS = join(ROOT, 'test', 'e2e', 'screenshots')

/** The terminal's rows, non-breaking spaces as spaces and trailing blanks trimmed. */
export async function terminalRows(p: Page): Promise<string[]> {
  return (await p.locator('[data-testid="terminal"] .xterm-rows > div').allInnerTexts()).map((r) => r.replace(/\u00a0/g, ' ').trimEnd())
}

/** The terminal's whole screen as one string. */
export async function terminalText(p: Page): Promise<string> {
  return p.locator('[data-testid="terminal"] .xterm-rows').innerText()
}

const pause = () => new Promise((r) => setTimeout(r, 50))

/** Waits for a row matching `match` anywhere on screen and returns it. */
export async function waitForRow(p: Page, match: (row: string) => boolean, what: string, timeout = 20_000): Promise<string> {
  const end = Date.now() + timeout
  for (;;) {
    const hit = (await terminalRows(p)).find(match)
    if (hit !== undefined) return hit
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; terminal:\n${(await terminalRows(p)).join('\n')}`)
    await pause()
  }
}

/** The last non-empty row (where the cursor's prompt line is). */
export async function lastRow(p: Page): Promise<string> {
  const all = (await terminalRows(p)).filter((r) => r !== '')
  return all[all.length - 1] ?? ''
}

export async function waitForLastRow(p: Page, match: (row: string) => boolean, what: string, timeout = 20_000): Promise<string> {
  const end = Date.now() + timeout
  for (;;) {
    const row = await lastRow(p)
    if (match(row)) return row
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; terminal:\n${(await terminalRows(p)).join('\n')}`)
    await pause()
  }
}

/** A failing test leaves a screenshot named after it, and prints the terminal rows and the host's log. */
export async function saveFailure(page: Page, prefix: string, testName: string, hostOutput: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `FAILED-${prefix}${testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}.png`) }).catch(() => {})
  console.error(`[e2e] terminal rows:\n${(await terminalRows(page).catch(() => [])).join('\n')}\n[e2e] host output:\n${hostOutput}`)
}
