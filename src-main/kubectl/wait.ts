// Waiting like kubectl does: list with a name field selector, then watch from the list's resourceVersion until a
// condition holds. Used by delete (--wait) and run (Running, then a terminal phase).
import type { Invocation } from './command'
import { resourcePath, type ApiResource } from './discovery'
import { AbortedError } from './client'

/** Resolve with the first object state for which `done` returns true; `null` object = gone. */
export async function waitFor(inv: Invocation, r: ApiResource, ns: string | null, name: string,
  done: (obj: any | null) => boolean): Promise<any | null> {
  const path = resourcePath(r, ns)
  const query = { fieldSelector: `metadata.name=${name}` }
  for (;;) {
    if (inv.signal.aborted) throw new AbortedError('aborted')
    const list = await inv.client.request('GET', path, { query, signal: inv.signal })
    const current = (list.items ?? [])[0] ?? null
    if (done(current)) return current
    let result: { obj: any | null } | null = null
    const ac = new AbortController()
    const onAbort = () => ac.abort()
    inv.signal.addEventListener('abort', onAbort, { once: true })
    try {
      await inv.client.watch(path, {
        query: { ...query, resourceVersion: list.metadata?.resourceVersion, watch: 'true' }, signal: ac.signal,
      }, (ev) => {
        if (result) return
        if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return
        const obj = ev.type === 'DELETED' ? null : ev.object
        // A DELETED event for the name means "gone" even if a successor appears later.
        if (done(obj)) { result = { obj }; ac.abort() }
      })
    } finally {
      inv.signal.removeEventListener('abort', onAbort)
    }
    if (result) return (result as { obj: any | null }).obj
    if (inv.signal.aborted) throw new AbortedError('aborted')
    // Stream ended without the condition: re-list and re-watch, as informers do.
  }
}
