// Terminal measures: keystroke-to-echo latency and output throughput.
//  - floor: one byte written to a raw-mode pty running `cat`, until it is read back (no shell, no batching);
//  - pty host: a keystroke into the real workstation shell through startPtyHost (its batching included);
//  - Chromium: a key pressed in the browser-mode app until xterm has drawn the echo (WebSocket, host, shell, xterm);
//  - throughput: a large `cat` drawn by xterm in Chromium, and the same bytes through the pty host alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as pty from 'node-pty'
import { defaultShellCommand } from '../../src-main/terminal/shell-command'
import { startPtyHost } from '../../src-main/terminal/pty-host'
import { chromiumMissing, launchChromium } from '../e2e/helpers/chromium'
import { ensureRendererBuilt } from '../e2e/helpers/renderer-build'
import { startWebApp } from '../e2e/helpers/web-app'
import { describeSamples, median, progress, type Measure } from './stats'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Output watcher: `next(cond)` resolves in the very data callback where `cond` becomes true (no polling delay). */
function watcher() {
  let waiting: { cond: () => boolean; done: () => void } | null = null
  return {
    data(): void {
      if (waiting?.cond()) {
        const w = waiting
        waiting = null
        w.done()
      }
    },
    next(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
      if (cond()) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting = null
          reject(new Error(`timed out waiting for ${what}`))
        }, ms)
        waiting = {
          cond,
          done: () => {
            clearTimeout(timer)
            resolve()
          },
        }
      })
    },
  }
}

/** The floor: `cat` in a raw pty, one byte in, the same byte out. */
export async function measureRawCatEcho(runs: number): Promise<number[]> {
  const p = pty.spawn('/bin/sh', ['-c', 'stty raw -echo; echo READY; exec cat'], { name: 'xterm-256color', cols: 80, rows: 24, cwd: tmpdir(), env: process.env as Record<string, string> })
  let out = ''
  const w = watcher()
  p.onData((d) => {
    out += d
    w.data()
  })
  const until = w.next
  try {
    await until(() => out.includes('READY'), 'raw cat')
    await sleep(50)
    const samples: number[] = []
    for (let i = 0; i <= runs; i++) {
      out = ''
      const t0 = performance.now()
      p.write('x')
      await until(() => out.includes('x'), 'cat echo')
      if (i > 0) samples.push(performance.now() - t0)
      await sleep(5)
    }
    return samples
  } finally {
    p.kill()
  }
}

/** The throughput floor: /bin/cat of the same ~4 MB through the pty host (no shell of ours). */
export async function measureRawCatThroughput(mb: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-bench-cat-'))
  const line = '  - name: web-0\n    image: registry.k8s.io/nginx-slim:0.21  # 中文注释\n'
  writeFileSync(join(dir, 'big.yaml'), line.repeat(Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(line))))
  let total = 0
  let tail = ''
  const w = watcher()
  const t0 = performance.now()
  const host = startPtyHost({
    file: '/bin/sh',
    args: ['-c', 'cat big.yaml; echo CAT-DONE; sleep 5'],
    cwd: dir,
    onOutput: (d) => {
      total += d.length
      tail = (tail + d).slice(-64)
      host.ack(d.length)
      w.data()
    },
  })
  try {
    await w.next(() => tail.includes('CAT-DONE'), '/bin/cat', 120_000)
    return total / 1024 / 1024 / ((performance.now() - t0) / 1000)
  } finally {
    await host.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A keystroke into the real workstation shell through the pty host (8 ms batching), until its echo is emitted. */
export async function measureShellEcho(runs: number): Promise<{ echo: number[]; throughputMBs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ordinal-bench-term-'))
  const ws = join(dir, 'ws')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(ws)
  // ~4 MB of kubectl-yaml-like text for the throughput run.
  const line = '  - name: web-0\n    image: registry.k8s.io/nginx-slim:0.21  # 中文注释\n'
  writeFileSync(join(ws, 'big.yaml'), line.repeat(Math.ceil((Number(process.env.BENCH_TERM_MB ?? 4) * 1024 * 1024) / Buffer.byteLength(line))))
  let out = ''
  let total = 0
  const w = watcher()
  const until = w.next
  const host = startPtyHost({
    ...defaultShellCommand(),
    cwd: ws,
    env: { ORDINAL_WORKSPACE: ws, ORDINAL_DB: join(dir, 'db.sqlite'), KUBECONFIG: join(dir, 'kubeconfig') },
    onOutput: (d) => {
      // Keep only a tail: appending 4 MB and slicing it per chunk flattens the whole string each time (O(n²)),
      // which measured this harness rather than the shell.
      out = (out + d).slice(-4096)
      total += d.length
      host.ack(d.length) // a renderer that keeps up
      w.data()
    },
  })
  try {
    await until(() => out.includes('$ '), 'workstation prompt', 60_000)
    await sleep(300)
    const echo: number[] = []
    for (let i = 0; i <= runs; i++) {
      out = ''
      const t0 = performance.now()
      host.input('k')
      await until(() => out.includes('k'), 'shell echo')
      if (i > 0) echo.push(performance.now() - t0)
      await sleep(10)
    }
    host.input('\x15') // ^U: clear the typed line
    await sleep(100)
    out = ''
    total = 0
    const t0 = performance.now()
    host.input('cat big.yaml; echo THROUGHPUT-DONE\r')
    await until(() => /\nTHROUGHPUT-DONE\r*\n/.test(out.slice(-400)), 'cat big.yaml', 120_000)
    const secs = (performance.now() - t0) / 1000
    return { echo, throughputMBs: total / 1024 / 1024 / secs }
  } finally {
    await host.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The full path in the browser-mode app: key press in Chromium → xterm drew the echoed character. */
export async function measureBrowser(runs: number): Promise<{ echo: number[]; throughputMBs: number; bytes: number }> {
  await ensureRendererBuilt()
  const app = await startWebApp()
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(app.url)
    await page.locator('[data-testid="terminal"] .xterm-rows').waitFor()
    const rowsText = () => page.locator('[data-testid="terminal"] .xterm-rows').innerText()
    for (let i = 0; (await rowsText()).search(/learner@ordinal:\S*\$/) < 0; i++) {
      if (i > 600) throw new Error('no prompt in the browser terminal')
      await sleep(50)
    }
    await page.click('[data-testid="terminal"]')
    await sleep(300)
    // In the page: the key's time (keydown, capture phase) and the frame after the first change of the rows.
    // A string, not a function: the TypeScript loader's helpers do not exist in the page.
    await page.evaluate(`
      window.__arm = () => new Promise((resolve) => {
        const rows = document.querySelector('[data-testid="terminal"] .xterm-rows')
        let tKey = 0
        document.addEventListener('keydown', () => { tKey = performance.now() }, { capture: true, once: true })
        const before = rows.textContent
        const mo = new MutationObserver(() => {
          if (!tKey || rows.textContent === before) return
          mo.disconnect()
          requestAnimationFrame(() => resolve(performance.now() - tKey))
        })
        mo.observe(rows, { subtree: true, childList: true, characterData: true })
      })
    `)
    const echo: number[] = []
    for (let i = 0; i <= runs; i++) {
      const armed = page.evaluate('window.__arm()') as Promise<number>
      await sleep(5)
      await page.keyboard.press('k')
      const ms = await armed
      if (i > 0) echo.push(ms)
      await sleep(20)
    }
    await page.keyboard.press('Control+U')
    // Throughput: a few MB of output drawn by xterm (seq prints 1…N, ~6.9 bytes a line).
    const n = 200_000
    await page.keyboard.type(`seq 1 ${n} > big.txt; echo READY-FOR-CAT`)
    await page.keyboard.press('Enter')
    for (let i = 0; !(await rowsText()).includes('\nREADY-FOR-CAT'); i++) {
      if (i > 1200) throw new Error('seq did not finish')
      await sleep(50)
    }
    await page.keyboard.type('cat big.txt; echo CAT-DONE')
    const t0 = performance.now()
    await page.keyboard.press('Enter')
    for (let i = 0; !(await rowsText()).includes('\nCAT-DONE'); i++) {
      if (i > 6000) throw new Error('cat did not finish in the browser')
      await sleep(20)
    }
    const secs = (performance.now() - t0) / 1000
    let bytes = 0
    for (let k = 1; k <= n; k++) bytes += String(k).length + 2 // \r\n through the pty
    return { echo, throughputMBs: bytes / 1024 / 1024 / secs, bytes }
  } finally {
    await browser.close()
    await app.stop()
  }
}

export async function measureTerminal(opts: { runs: number }): Promise<Measure[]> {
  const floor = await measureRawCatEcho(opts.runs * 2)
  progress(`raw pty cat echo (floor): ${describeSamples(floor)}`)
  const rawCat = await measureRawCatThroughput(4)
  progress(`/bin/cat 4 MB through the pty host (throughput floor): ${rawCat.toFixed(1)} MB/s`)
  const shell = await measureShellEcho(opts.runs)
  progress(`workstation shell echo through the pty host: ${describeSamples(shell.echo)}; cat 4 MB: ${shell.throughputMBs.toFixed(1)} MB/s`)
  const out: Measure[] = [
    { name: 'terminal_echo_raw_cat_floor_ms', value: median(floor), unit: 'ms' },
    { name: 'terminal_echo_shell_pty_host_ms', value: median(shell.echo), unit: 'ms' },
    { name: 'terminal_throughput_raw_cat_pty_host_mb_s', value: rawCat, unit: 'mb' },
    { name: 'terminal_throughput_shell_pty_host_mb_s', value: shell.throughputMBs, unit: 'mb' },
  ]
  const missing = chromiumMissing()
  if (missing) {
    progress(`skipping the browser measures: ${missing}`)
    return out
  }
  const web = await measureBrowser(opts.runs)
  progress(`keystroke → xterm echo in Chromium: ${describeSamples(web.echo)}; cat ${(web.bytes / 1024 / 1024).toFixed(1)} MB into xterm: ${web.throughputMBs.toFixed(1)} MB/s`)
  out.push(
    { name: 'terminal_echo_chromium_xterm_ms', value: median(web.echo), unit: 'ms' },
    { name: 'terminal_echo_chromium_over_floor', value: median(web.echo) / Math.max(0.001, median(floor)), unit: 'x' },
    { name: 'terminal_throughput_xterm_mb_s', value: web.throughputMBs, unit: 'mb' },
  )
  return out
}
