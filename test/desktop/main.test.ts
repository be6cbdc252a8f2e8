// The Electron composition root against a stubbed `electron` module and a stubbed app service: it opens one
// hardened window, wires IPC to the app, forwards events, and flushes the app before quitting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const h = vi.hoisted(() => ({ state: {} as Record<string, any> }))

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  const s = h.state
  class BrowserWindow extends EventEmitter {
    webContents: any
    constructor(readonly options: any) {
      super()
      const mainFrame = { id: 'main' }
      this.webContents = Object.assign(new EventEmitter(), {
        mainFrame,
        session: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn() },
        setWindowOpenHandler: vi.fn(),
        isDestroyed: () => false,
        send: vi.fn(),
      })
      s.windows.push(this)
    }
    loadFile = vi.fn(async () => {})
    loadURL = vi.fn(async () => {})
    show = vi.fn()
    focus = vi.fn()
  }
  const app = Object.assign(new EventEmitter(), {
    commandLine: { appendSwitch: vi.fn() },
    requestSingleInstanceLock: () => true,
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: () => s.ready,
    getPath: (n: string) => `/user/${n}`,
    getAppPath: () => '/app',
  })
  const ipcMain = { handle: vi.fn((ch: string, fn: any) => s.handlers.set(ch, fn)), removeHandler: vi.fn() }
  const dialog = { showErrorBox: vi.fn() }
  return { app, BrowserWindow, ipcMain, dialog, default: { app, BrowserWindow, ipcMain, dialog } }
})

vi.mock('../../src-main/app', () => ({ createApp: (opts: unknown) => h.state.createApp(opts) }))

function fakeApp() {
  const listeners: ((n: string, p: unknown) => void)[] = []
  return {
    dispatch: vi.fn(async (name: string) => `result of ${name}`),
    onEvent: (cb: (n: string, p: unknown) => void) => (listeners.push(cb), () => {}),
    emit: (n: string, p: unknown) => listeners.forEach((l) => l(n, p)),
    close: vi.fn(async () => {}),
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('Electron main (stubbed electron)', () => {
  beforeEach(() => {
    vi.resetModules()
    Object.assign(h.state, { windows: [], handlers: new Map(), ready: Promise.resolve() })
  })
  afterEach(() => vi.clearAllMocks())

  it('opens one hardened window on the app service and wires IPC and events', async () => {
    const svc = fakeApp()
    h.state.createApp = vi.fn(async () => svc)
    await import('../../src-main/index')
    await flush()
    const opts = h.state.createApp.mock.calls[0][0]
    expect(opts).toMatchObject({ mode: 'electron', dataDir: '/user/userData', lessonsDir: '/app/lessons' })
    expect(opts.shell.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' })
    expect(opts.shell.args[0]).toMatch(/shell-child\.js$/)
    // The SQLite writer thread is the built entry next to it (electron.vite.config.ts builds both into out/main).
    expect(opts.persistWorker.file).toBe(opts.shell.args[0].replace(/shell-child\.js$/, 'persist-worker.js'))

    expect(h.state.windows).toHaveLength(1)
    const w = h.state.windows[0]
    expect(w.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(w.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/)
    expect(w.loadFile.mock.calls[0][0]).toMatch(/renderer[/\\]index\.html$/)
    expect(w.webContents.setWindowOpenHandler).toHaveBeenCalled()

    const handler = h.state.handlers.get('ordinal:request')
    const trusted = { sender: w.webContents, senderFrame: w.webContents.mainFrame }
    await expect(handler(trusted, 'clock.step', undefined)).resolves.toBe('result of clock.step')
    await expect(handler({ sender: w.webContents, senderFrame: { id: 'iframe' } }, 'clock.step')).rejects.toThrow(/untrusted/)

    svc.emit('clock.view', { now: 1, speed: 1, pending: 0 })
    expect(w.webContents.send).toHaveBeenCalledWith('ordinal:event', 'clock.view', { now: 1, speed: 1, pending: 0 })
  })

  it('flushes the app service before quitting', async () => {
    const svc = fakeApp()
    h.state.createApp = vi.fn(async () => svc)
    const { app } = await import('electron')
    await import('../../src-main/index')
    await flush()
    const event = { preventDefault: vi.fn() }
    app.emit('will-quit', event)
    expect(event.preventDefault).toHaveBeenCalled()
    expect(svc.close).toHaveBeenCalled()
    await flush()
    expect(app.exit).toHaveBeenCalledWith(0)
  })

  it('says why when the app cannot start, and exits', async () => {
    h.state.createApp = vi.fn(async () => {
      throw new Error('the data folder is not writable')
    })
    const { app, dialog } = await import('electron')
    await import('../../src-main/index')
    await flush()
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Ordinal could not start', 'the data folder is not writable')
    expect(app.exit).toHaveBeenCalledWith(1)
    expect(h.state.windows).toHaveLength(0)
  })
})
