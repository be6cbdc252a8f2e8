// The IPC wiring against a stubbed ipcMain: requests reach the dispatcher only from the trusted frame and only
// for names in the contract; events are dropped once the window is gone.
import { describe, expect, it } from 'vitest'
import { EVENT_CHANNEL, REQUEST_CHANNEL, sendEvent, wireIpc } from '../../src-main/desktop/ipc'

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>

function stubIpcMain() {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: (ch: string, h: Handler) => void handlers.set(ch, h),
    removeHandler: (ch: string) => void handlers.delete(ch),
  }
}

describe('desktop ipc', () => {
  it('dispatches contract requests from the trusted sender', async () => {
    const ipc = stubIpcMain()
    const calls: unknown[] = []
    const trusted = { id: 'main-frame' }
    wireIpc(ipc as never, { dispatch: async (name, arg) => (calls.push([name, arg]), 'ok') }, (e) => e === (trusted as never))
    const h = ipc.handlers.get(REQUEST_CHANNEL)!
    await expect(h(trusted, 'clock.set', { speed: 4 })).resolves.toBe('ok')
    expect(calls).toEqual([['clock.set', { speed: 4 }]])
  })

  it('refuses untrusted senders and unknown request names', async () => {
    const ipc = stubIpcMain()
    const trusted = {}
    wireIpc(ipc as never, { dispatch: async () => 'ok' }, (e) => e === (trusted as never))
    const h = ipc.handlers.get(REQUEST_CHANNEL)!
    await expect(h({}, 'clock.set', {})).rejects.toThrow(/untrusted/)
    await expect(h(trusted, 'fs.readAnything', {})).rejects.toThrow(/unknown request "fs.readAnything"/)
  })

  it('unwires its handler', () => {
    const ipc = stubIpcMain()
    const off = wireIpc(ipc as never, { dispatch: async () => null }, () => true)
    off()
    expect(ipc.handlers.size).toBe(0)
  })

  it('sends events to a live window only', () => {
    const sent: unknown[] = []
    const live = { isDestroyed: () => false, send: (...a: unknown[]) => sent.push(a) }
    const dead = { isDestroyed: () => true, send: () => sent.push('dead') }
    sendEvent(live as never, 'clock.view', { now: 1, speed: 1, pending: 0 })
    sendEvent(dead as never, 'clock.view', { now: 1, speed: 1, pending: 0 })
    sendEvent(null, 'clock.view', { now: 1, speed: 1, pending: 0 })
    expect(sent).toEqual([[EVENT_CHANNEL, 'clock.view', { now: 1, speed: 1, pending: 0 }]])
  })
})
