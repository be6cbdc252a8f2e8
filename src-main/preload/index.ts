// Preload (sandboxed, CommonJS output): exposes the contract as two narrow functions on window.ordinal.
// ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron'
import { REQUEST_NAMES, type OrdinalApi } from '../shared/contract'

const REQUEST_CHANNEL = 'ordinal:request'
const EVENT_CHANNEL = 'ordinal:event'

const api: OrdinalApi = {
  request(name, arg) {
    if (!REQUEST_NAMES.includes(name)) return Promise.reject(new Error(`unknown request ${String(name)}`))
    return ipcRenderer.invoke(REQUEST_CHANNEL, name, arg)
  },
  on(name, cb) {
    const listener = (_e: unknown, evName: string, payload: unknown) => {
      if (evName === name) cb(payload as never)
    }
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener)
    }
  },
}

contextBridge.exposeInMainWorld('ordinal', api)
