// Browser mode end to end, minus the browser: createApp behind startWebServer, driven by client.ts over a real
// WebSocket, with a real child in a real pty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { createApp, type OrdinalApp } from '../../src-main/app/index'
import { startWebServer, type WebServer } from '../../src-main/web/server'
import { connectWebApi, type WebOrdinalApi, type WebSocketLike } from '../../src-main/web/client'

const CHILD = join(import.meta.dirname, '..', 'terminal', 'fixtures', 'tty-child.mjs')

describe('browser mode over a real WebSocket', () => {
  let dir: string
  let app: OrdinalApp
  let server: WebServer
  let api: WebOrdinalApi
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-webapp-'))
    mkdirSync(join(dir, 'renderer'))
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>')
    app = await createApp({ dataDir: join(dir, 'data'), lessonsDir: join(dir, 'none'), shell: { file: process.execPath, args: [CHILD] }, speed: 'instant', mode: 'web' })
    server = await startWebServer({ dispatcher: app, staticDir: join(dir, 'renderer'), port: 0, token: 'secret-token' })
    api = connectWebApi({ url: `ws://127.0.0.1:${server.port}/ws?token=secret-token`, WebSocketImpl: WebSocket as unknown as new (u: string) => WebSocketLike })
  })
  afterAll(async () => {
    api?.close()
    await server?.close()
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers requests and pushes terminal output and clock views', async () => {
    let out = ''
    api.on('terminal.output', (p) => (out += p.data))
    const clockViews: unknown[] = []
    api.on('clock.view', (v) => clockViews.push(v))
    const info = await api.request('app.info', undefined)
    expect(info.mode).toBe('web')
    // The child may have printed READY before we subscribed; a resize report proves it is listening.
    const end = Date.now() + 10_000
    for (let i = 0; !out.includes('RESIZED') && Date.now() < end; i++) {
      await api.request('terminal.resize', { cols: 90 + (i % 2), rows: 30 }) // a change each time: SIGWINCH
      await new Promise((r) => setTimeout(r, 50))
    }
    await api.request('terminal.input', { data: 'echo over-ws\r' })
    while (!out.includes('OUT:over-ws') && Date.now() < end) await new Promise((r) => setTimeout(r, 10))
    expect(out).toContain('OUT:over-ws')
    const v = await api.request('clock.set', { speed: 'paused' })
    expect(v.speed).toBe('paused')
    await expect(api.request('lessons.list', undefined)).rejects.toThrow('lessons are unavailable')
  })
})
