// Window hardening against stubbed webContents/session objects.
import { describe, expect, it } from 'vitest'
import { CSP, harden, windowOptions } from '../../src-main/desktop/security'

describe('desktop security', () => {
  it('creates a sandboxed, isolated window with no node integration', () => {
    const o = windowOptions('/x/preload.cjs')
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: '/x/preload.cjs' })
    expect(o.width).toBe(1280)
    expect(o.minWidth).toBe(1024)
  })

  it('blocks foreign navigation, window.open and permissions, and sets the CSP', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }, url: string) => void>()
    let openHandler: (() => { action: string }) | undefined
    let headers: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined
    const contents = {
      on: (ev: string, l: never) => void listeners.set(ev, l),
      setWindowOpenHandler: (h: never) => void (openHandler = h),
    }
    const session = {
      webRequest: { onHeadersReceived: (h: never) => void (headers = h) },
      setPermissionRequestHandler: (h: never) => void (permission = h),
    }
    harden(contents as never, session as never, (url) => url.startsWith('file://'))

    let prevented = 0
    const ev = { preventDefault: () => void prevented++ }
    listeners.get('will-navigate')!(ev, 'https://example.com/')
    listeners.get('will-navigate')!(ev, 'file:///app/index.html')
    expect(prevented).toBe(1)
    expect(openHandler!()).toEqual({ action: 'deny' })

    let result: { responseHeaders: Record<string, string[]> } | undefined
    headers!({ responseHeaders: { 'X-A': ['1'] } }, (r) => void (result = r as never))
    expect(result!.responseHeaders['Content-Security-Policy']).toEqual([CSP])
    expect(result!.responseHeaders['X-A']).toEqual(['1'])
    expect(CSP).toContain("script-src 'self'")
    expect(CSP).not.toContain('unsafe-eval')

    let granted: boolean | undefined
    permission!({}, 'media', (ok) => void (granted = ok))
    expect(granted).toBe(false)
  })
})
