import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request as httpRequest } from 'node:http'
import { WebSocket } from 'ws'
import { startWebServer, resolveStatic, type WebDispatcher, type WebServer } from '../../src-main/web/server'
import { connectWebApi, wsUrlFromLocation, type WebSocketLike } from '../../src-main/web/client'
import type { EventName } from '../../src-main/shared/contract'

const TOKEN = 'tok-' + 'x'.repeat(20)

function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ code: number; headers: Record<string, any>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ code: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function fakeDispatcher() {
  const listeners = new Set<(n: EventName, p: unknown) => void>()
  const calls: { name: string; arg: unknown }[] = []
  const d: WebDispatcher & { emit(n: EventName, p: unknown): void; calls: typeof calls; listenerCount(): number } = {
    calls,
    async dispatch(name, arg) {
      calls.push({ name, arg })
      if (name === 'clock.step') throw new Error('nothing to step')
      if (name === 'app.info') return { version: '0.1.0', mode: 'web', locale: 'en', apiUrl: 'https://127.0.0.1:1' }
      return undefined
    },
    onEvent(cb) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    emit(n, p) {
      for (const l of listeners) l(n, p)
    },
    listenerCount: () => listeners.size,
  }
  return d
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('web server', () => {
  let dir: string
  let server: WebServer
  let disp: ReturnType<typeof fakeDispatcher>

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-web-'))
    const root = join(dir, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Ordinal</title>')
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(root, 'assets', 'app.css'), 'body{}')
    writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET')
    disp = fakeDispatcher()
    server = await startWebServer({ dispatcher: disp, staticDir: root, port: 0, token: TOKEN })
  })
  afterEach(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('binds to 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`)
  })

  it('refuses the page without the token or with a wrong one (401 page)', async () => {
    const none = await rawGet(server.port, '/')
    expect(none.code).toBe(401)
    expect(none.body).toContain('Unauthorized')
    const wrong = await rawGet(server.port, '/?token=nope')
    expect(wrong.code).toBe(401)
    const asset = await rawGet(server.port, '/assets/app.js')
    expect(asset.code).toBe(401)
  })

  it('serves index.html at / with the token, sets a cookie, then serves assets with correct MIME types', async () => {
    const page = await rawGet(server.port, `/?token=${TOKEN}`)
    expect(page.code).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<title>Ordinal</title>')
    const cookie = String(page.headers['set-cookie']).split(';')[0]
    expect(cookie).toBe(`ordinal_token=${TOKEN}`)
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly')
    const js = await rawGet(server.port, '/assets/app.js', { cookie })
    expect(js.code).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const css = await rawGet(server.port, '/assets/app.css', { cookie })
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
    const missing = await rawGet(server.port, '/assets/nope.js', { cookie })
    expect(missing.code).toBe(404)
  })

  it('refuses directory traversal', async () => {
    const cookie = `ordinal_token=${TOKEN}`
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const r = await rawGet(server.port, p, { cookie })
      expect(r.code, p).toBe(404)
      expect(r.body).not.toContain('TOP SECRET')
    }
    expect(resolveStatic('/srv/r', '/../x')).toBeNull()
    expect(resolveStatic('/srv/r', '/a%00b')).toBeNull()
    expect(resolveStatic('/srv/r', '/%E0%A4%A')).toBeNull()
    expect(resolveStatic('/srv/r', '/')).toBe('/srv/r/index.html')
  })

  it('rejects a WebSocket without the token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=bad`)
    const code = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('error', () => resolve(-1))
    })
    expect(code).toBe(401)
  })

  it('refuses a cross-origin WebSocket even with the token; accepts our own origin', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`, { headers })
        ws.on('open', () => {
          ws.close()
          resolve(101)
        })
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('error', () => resolve(-1))
      })
    expect(await status({ Origin: 'http://evil.example' })).toBe(403)
    expect(await status({ Origin: `http://127.0.0.1:${server.port}` })).toBe(101)
  })

  it('carries requests, responses, errors and events over a real WebSocket (client.ts)', async () => {
    const api = connectWebApi({
      url: `ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`,
      WebSocketImpl: WebSocket as unknown as new (url: string) => WebSocketLike,
    })
    try {
      // Sent before the socket is open: queued, then delivered.
      const info = await api.request('app.info', undefined)
      expect(info.mode).toBe('web')
      expect(api.connected).toBe(true)
      await api.request('terminal.input', { data: 'ls\r' })
      expect(disp.calls.at(-1)).toEqual({ name: 'terminal.input', arg: { data: 'ls\r' } })
      await expect(api.request('clock.step', undefined)).rejects.toThrow('nothing to step')
      await expect(api.request('bogus' as 'clock.step', undefined)).rejects.toThrow('unknown request "bogus"')

      const got: string[] = []
      const off = api.on('terminal.output', (p) => got.push(p.data))
      await until(() => disp.listenerCount() === 1)
      disp.emit('terminal.output', { data: 'hello' })
      disp.emit('clock.view', { now: 1, speed: 1, pending: 0 })
      await until(() => got.length === 1)
      expect(got).toEqual(['hello'])
      off()
    } finally {
      api.close()
    }
    await until(() => disp.listenerCount() === 0)
  })

  it('client reconnects after the server restarts and rejects in-flight requests', async () => {
    const port = server.port
    let slowResolve: (() => void) | null = null
    const d2 = fakeDispatcher()
    d2.dispatch = (name) => (name === 'clock.step' ? new Promise((r) => (slowResolve = () => r(undefined))) : Promise.resolve(null))
    await server.close()
    server = await startWebServer({ dispatcher: d2, staticDir: join(dir, 'renderer'), port, token: TOKEN })
    const states: boolean[] = []
    const api = connectWebApi({
      url: `ws://127.0.0.1:${port}/ws?token=${TOKEN}`,
      WebSocketImpl: WebSocket as unknown as new (url: string) => WebSocketLike,
      reconnectDelayMs: () => 20,
    })
    api.onConnection((c) => states.push(c))
    try {
      await api.request('app.setLocale', { locale: 'en' })
      const pending = api.request('clock.step', undefined)
      await until(() => slowResolve !== null)
      await server.close()
      await expect(pending).rejects.toThrow('connection to the app was lost')
      server = await startWebServer({ dispatcher: d2, staticDir: join(dir, 'renderer'), port, token: TOKEN })
      await api.request('app.setLocale', { locale: 'zh-CN' })
      expect(states).toEqual([true, false, true])
    } finally {
      api.close()
    }
  })

  it('refuses other methods with 405', async () => {
    const code = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path: `/?token=${TOKEN}`, method: 'POST' }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end('x')
    })
    expect(code).toBe(405)
  })

  it('client errors: no WebSocket implementation, requests after close', async () => {
    const g = globalThis as { WebSocket?: unknown }
    const saved = g.WebSocket
    delete g.WebSocket
    try {
      expect(() => connectWebApi({ url: 'ws://127.0.0.1:1/ws' })).toThrow('no WebSocket implementation available')
    } finally {
      if (saved) g.WebSocket = saved
    }
    const api = connectWebApi({ url: `ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`, WebSocketImpl: WebSocket as unknown as new (url: string) => WebSocketLike })
    const queued = api.request('app.info', undefined)
    api.close()
    await expect(queued).rejects.toThrow('the connection is closed')
    await expect(api.request('app.info', undefined)).rejects.toThrow('the connection is closed')
  })

  it('derives the WebSocket URL from the page location', () => {
    expect(wsUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:5000/ws?token=a%2Bb')
    expect(wsUrlFromLocation({ protocol: 'http:', host: 'h:1', search: '' })).toBe('ws://h:1/ws')
  })

  it('says the renderer is not built instead of a bare 404', async () => {
    const s2 = await startWebServer({ dispatcher: disp, staticDir: join(dir, 'nothing'), port: 0, token: TOKEN })
    try {
      const r = await rawGet(s2.port, `/?token=${TOKEN}`)
      expect(r.code).toBe(503)
      expect(r.body).toContain('npm run build')
    } finally {
      await s2.close()
    }
  })
})
