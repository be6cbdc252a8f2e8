// Electron composition root: one window, the app service, IPC. Everything real lives in app/; this file only
// adapts it to Electron (paths, window, IPC, lifecycle), so it stays small enough to read at a glance.
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain } from 'electron'
import { createApp, type OrdinalApp } from './app'
import { sendEvent, wireIpc } from './desktop/ipc'
import { harden, windowOptions } from './desktop/security'

// ── Process setup ──────────────────────────────────────────────────────────────────────────────────────────
// Chromium refuses to start its sandbox as root (workshop machines, containers).
if (process.getuid?.() === 0) app.commandLine.appendSwitch('no-sandbox')
if (!app.requestSingleInstanceLock()) app.quit()

let ordinal: OrdinalApp | null = null
let win: BrowserWindow | null = null

// ── Window ─────────────────────────────────────────────────────────────────────────────────────────────────
function openWindow(): BrowserWindow {
  const w = new BrowserWindow(windowOptions(join(import.meta.dirname, '../preload/index.cjs')))
  const rendererUrl = process.env.ELECTRON_RENDERER_URL // set by electron-vite in dev
  const isAppUrl = (url: string) => (rendererUrl ? url.startsWith(rendererUrl) : url.startsWith('file://'))
  harden(w.webContents, w.webContents.session, isAppUrl)
  w.once('ready-to-show', () => w.show())
  if (rendererUrl) void w.loadURL(rendererUrl)
  else void w.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return w
}

// ── Lifecycle ──────────────────────────────────────────────────────────────────────────────────────────────
app
  .whenReady()
  .then(async () => {
    ordinal = await createApp({
      mode: 'electron',
      dataDir: app.getPath('userData'),
      lessonsDir: join(app.getAppPath(), 'lessons'),
      shell: {
        file: process.execPath,
        args: [join(import.meta.dirname, 'shell-child.js')],
        env: { ELECTRON_RUN_AS_NODE: '1' },
      },
      persistWorker: { file: join(import.meta.dirname, 'persist-worker.js') },
    })
    win = openWindow()
    wireIpc(ipcMain, ordinal, (e) => !!win && e.sender === win.webContents && e.senderFrame === win.webContents.mainFrame)
    ordinal.onEvent((name, payload) => sendEvent(win?.webContents ?? null, name, payload as never))
    app.on('second-instance', () => win?.focus())
  })
  .catch((err: unknown) => {
    // A start-up failure (a damaged data folder, no free port…) must say why, not leave a process with no window.
    dialog.showErrorBox('Ordinal could not start', err instanceof Error ? err.message : String(err))
    app.exit(1)
  })

app.on('window-all-closed', () => app.quit())
app.on('will-quit', (event) => {
  if (!ordinal) return
  // Flush SQLite and stop the cluster before the process goes away: closing the app loses nothing.
  event.preventDefault()
  const closing = ordinal
  ordinal = null
  void closing.close().finally(() => app.exit(0))
})
