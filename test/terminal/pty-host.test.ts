import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPtyHost, type PtyHost } from '../../src-main/terminal/pty-host'

const CHILD = join(import.meta.dirname, 'fixtures', 'tty-child.mjs')

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('pty host', () => {
  let host: PtyHost | null = null
  let dir = ''
  afterEach(async () => {
    await host?.close()
    host = null
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  function start(extra: Partial<Parameters<typeof startPtyHost>[0]> = {}) {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'ordinal-pty-')))
    const chunks: string[] = []
    const exits: { code: number; restarting: boolean }[] = []
    host = startPtyHost({
      file: process.execPath,
      args: [CHILD],
      cwd: dir,
      env: { KUBECONFIG: '/tmp/kc-test' },
      onOutput: (d) => chunks.push(d),
      onExit: (e) => exits.push(e),
      ...extra,
    })
    const text = () => chunks.join('')
    return { chunks, exits, text }
  }

  it('runs the child in a real tty in the workspace with the env, and echoes input', async () => {
    const { text } = start()
    await until(() => text().includes('READY'), 'READY')
    expect(text()).toContain(`READY tty=true term=xterm-256color cwd=${dir} kc=/tmp/kc-test`)
    host!.input('echo hello wörld\r')
    await until(() => text().includes('OUT:hello wörld'), 'echo')
  })

  it('never splits a UTF-8 character across output chunks', async () => {
    const { chunks, text } = start({ batchMs: 1 })
    await until(() => text().includes('READY'), 'READY')
    const from = chunks.length
    host!.input('split\r')
    await until(() => text().includes(' Z'), 'split output')
    const mine = chunks.slice(from)
    expect(mine.length).toBeGreaterThan(1) // it really arrived in pieces
    expect(mine.some((c) => c.includes('\uFFFD'))).toBe(false)
    expect(text()).toContain('A é 世 Z')
  })

  it('batches a burst of output into few chunks', async () => {
    const { chunks, text } = start()
    await until(() => text().includes('READY'), 'READY')
    const from = chunks.length
    host!.input('flood 2000\r')
    await until(() => text().includes('FLOOD-DONE'), 'flood')
    expect(text()).toContain('line 1999 ')
    expect(chunks.length - from).toBeLessThan(200)
  })

  it('resizes reach the child', async () => {
    const { text } = start({ cols: 100, rows: 30 })
    await until(() => text().includes('READY'), 'READY')
    host!.input('size\r')
    await until(() => text().includes('SIZE 100x30'), 'initial size')
    host!.resize(132, 50)
    await until(() => text().includes('RESIZED 132x50'), 'resize')
  })

  it('restarts a crashed shell with a clear notice', async () => {
    const { text, exits } = start()
    await until(() => text().includes('READY'), 'READY')
    const firstPid = host!.pid
    host!.input('crash 3\r')
    await until(() => exits.length === 1, 'exit')
    expect(exits[0]).toEqual({ code: 3, restarting: true })
    await until(() => text().split('READY').length === 3, 'second READY')
    expect(text()).toContain('[Ordinal] The shell stopped unexpectedly (code 3); starting a new one…')
    expect(host!.pid).not.toBe(firstPid)
    host!.input('echo again\r')
    await until(() => text().includes('OUT:again'), 'echo after restart')
  })

  it('stops restarting a crash loop, and says so', async () => {
    const { text, exits } = start({ maxRestarts: 1 })
    await until(() => text().includes('READY'), 'READY')
    host!.input('crash 4\r')
    await until(() => text().split('READY').length === 3, 'restart')
    host!.input('crash 4\r')
    await until(() => exits.length === 2, 'second exit')
    expect(exits[1]).toEqual({ code: 4, restarting: false })
    await until(() => text().includes('keeps stopping'), 'notice')
    expect(() => host!.input('x')).toThrow('the shell is not running')
  })

  it('pauses the pty when the renderer lags and resumes on ack', async () => {
    const { text } = start({ highWaterMark: 2000, lowWaterMark: 500 })
    await until(() => text().includes('READY'), 'READY')
    host!.ack(0) // the renderer acks: flow control on
    host!.input('flood 3000\r')
    await until(() => host!.paused, 'pause')
    await new Promise((r) => setTimeout(r, 100))
    expect(text()).not.toContain('FLOOD-DONE')
    // Ack everything we have, repeatedly, as a renderer drawing frames would.
    await until(() => {
      host!.ack(text().length)
      return text().includes('FLOOD-DONE')
    }, 'flood done after acks')
  })

  it('restart() starts a fresh shell in a new folder without a crash notice', async () => {
    const { text, exits } = start()
    await until(() => text().includes('READY'), 'READY')
    const other = realpathSync(mkdtempSync(join(tmpdir(), 'ordinal-pty2-')))
    try {
      host!.restart({ cwd: other })
      await until(() => text().includes(`cwd=${other}`), 'new cwd')
      expect(exits).toEqual([])
      expect(text()).not.toContain('stopped unexpectedly')
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
  })
})

describe('pty host flow control under a 1,000-pod sized flood', () => {
  let host: PtyHost | null = null
  let dir = ''
  afterEach(async () => {
    await host?.close()
    host = null
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('messages stay small, the unacked backlog stays bounded, and ^C gets through while paused', async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'ordinal-pty-flood-')))
    const chunks: string[] = []
    const high = 64 * 1024
    const maxChunk = 16 * 1024
    let acked = 0
    let received = 0
    let worstBacklog = 0
    host = startPtyHost({
      file: process.execPath,
      args: [CHILD],
      cwd: dir,
      highWaterMark: high,
      lowWaterMark: 8 * 1024,
      maxChunk,
      onOutput: (d) => {
        chunks.push(d)
        received += d.length
        worstBacklog = Math.max(worstBacklog, received - acked)
      },
    })
    const text = () => chunks.join('')
    await until(() => text().includes('READY'), 'READY')
    const ack = (n: number) => {
      acked += n
      host!.ack(n)
    }
    ack(received) // the renderer acks: flow control on
    const from = chunks.length
    host.input('stream 100000\r')
    // A slow renderer: draws (acks) 8 KiB every 10 ms, far slower than the child writes.
    const drawer = setInterval(() => ack(Math.min(8 * 1024, received - acked)), 10)
    try {
      // It pauses and resumes as the renderer catches up; a few cycles in, ^C is typed while paused.
      let pauses = 0
      let was = false
      await until(() => {
        if (host!.paused && !was) pauses++
        was = host!.paused
        return pauses >= 3 && host!.paused
      }, 'three pause cycles')
      host.input('\x03') // input still flows to the child while its output is held back
      await until(() => text().includes('STOPPED'), 'interrupted', 20_000)
    } finally {
      clearInterval(drawer)
    }
    const mine = chunks.slice(from)
    expect(Math.max(...mine.map((c) => c.length))).toBeLessThanOrEqual(maxChunk)
    // Whatever the child wrote (~11 MB), the renderer never had more than the high-water mark plus a message or two
    // waiting, plus what had been read from the pty before the pause took effect: libuv reads up to 64 KiB at a time,
    // and can read more than once in the turn the pause comes in (CI once saw 172 KiB against a 160 KiB bound that
    // allowed one read).
    expect(worstBacklog).toBeLessThan(high + 2 * maxChunk + 2 * 64 * 1024)
    expect(text()).not.toContain('STREAM-DONE')
    expect(mine.some((c) => c.includes('\uFFFD'))).toBe(false)
    expect(text()).toContain('note: 中文 ')
  })
})

describe('pty host batching', () => {
  let host: PtyHost | null = null
  let dir = ''
  afterEach(async () => {
    await host?.close()
    host = null
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('an echo after a quiet spell is not held for the batch window', async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'ordinal-pty-echo-')))
    let out = ''
    let seenAt = 0
    host = startPtyHost({
      file: process.execPath,
      args: [CHILD],
      cwd: dir,
      batchMs: 200, // a long window makes a trailing-edge-only batcher obvious
      onOutput: (d) => {
        out += d
        if (d.includes('OUT:quick')) seenAt = performance.now()
      },
    })
    await until(() => out.includes('READY'), 'READY')
    await new Promise((r) => setTimeout(r, 300)) // quiet
    const t0 = performance.now()
    host.input('echo quick\r')
    await until(() => seenAt > 0, 'echo')
    expect(seenAt - t0).toBeLessThan(150)
  })
})
