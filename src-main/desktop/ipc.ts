// IPC between the renderer and the app: one invoke channel for requests (no sendSync anywhere), one push channel
// for events. The sender is checked on every request: only our own window's main frame may call.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { REQUEST_NAMES, type EventName, type Events, type RequestName } from '../shared/contract'

export const REQUEST_CHANNEL = 'ordinal:request'
export const EVENT_CHANNEL = 'ordinal:event'

export interface Dispatcher {
  dispatch(name: RequestName, arg: unknown): Promise<unknown>
}

export function wireIpc(ipcMain: IpcMain, dispatcher: Dispatcher, isTrustedSender: (e: IpcMainInvokeEvent) => boolean): () => void {
  ipcMain.handle(REQUEST_CHANNEL, async (event, name: unknown, arg: unknown) => {
    if (!isTrustedSender(event)) throw new Error('ordinal: request from an untrusted frame was refused')
    if (typeof name !== 'string' || !(REQUEST_NAMES as readonly string[]).includes(name)) {
      throw new Error(`ordinal: unknown request ${JSON.stringify(name)}`)
    }
    return dispatcher.dispatch(name as RequestName, arg)
  })
  return () => ipcMain.removeHandler(REQUEST_CHANNEL)
}

/** Forward an app event to the window, if it is still there. */
export function sendEvent<K extends EventName>(contents: WebContents | null, name: K, payload: Events[K]): void {
  if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload)
}
