// THE one place the renderer touches the contract's transport: Electron's preload (window.ordinal) when present,
// otherwise the browser-mode WebSocket client. Everything else talks to the OrdinalApi this returns.
import type { OrdinalApi } from '../../src-main/shared/contract'
import { connectWebApi } from '../../src-main/web/client'

export interface RendererApi {
  api: OrdinalApi
  mode: 'electron' | 'web'
  /** Connection changes; Electron IPC never drops, so there it is never called. */
  onConnection(cb: (connected: boolean) => void): () => void
}

export function getApi(): RendererApi {
  const preload = (window as unknown as { ordinal?: OrdinalApi }).ordinal
  if (preload && typeof preload.request === 'function' && typeof preload.on === 'function') {
    return { api: preload, mode: 'electron', onConnection: () => () => {} }
  }
  // connects to ws://<location.host>/ws?token=<token from location.search>
  const web = connectWebApi()
  return { api: web, mode: 'web', onConnection: (cb) => web.onConnection(cb) }
}
