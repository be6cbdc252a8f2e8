// The "ns/<parent>" key and ordinal of a watched object's name (`<parent>-<ordinal>`), remembered per name while
// the object exists: a pod is written many times (created, bound, each status change) and every write re-ran the
// name regex and built (and hashed) a new key string. A pure function of (namespace, name), so it cannot go stale;
// the watch forgets a name on its DELETED event, which bounds the memo by the objects that exist.
import { nsKey } from '../queue'
import { parseName } from './identity'

export interface ParentKey {
  key: string
  ordinal: number
}

export class ParentKeys {
  private readonly byNs = new Map<string, Map<string, ParentKey | null>>()

  /** null: the name has no `-<ordinal>` suffix. */
  of(namespace: string | undefined, name: string | undefined): ParentKey | null {
    const ns = namespace ?? ''
    let names = this.byNs.get(ns)
    if (!names) this.byNs.set(ns, (names = new Map()))
    let k = names.get(name ?? '')
    if (k === undefined) {
      const p = parseName(name)
      k = p ? { key: nsKey(namespace, p.parent), ordinal: p.ordinal } : null
      names.set(name ?? '', k)
    }
    return k
  }

  forget(namespace: string | undefined, name: string | undefined): void {
    const names = this.byNs.get(namespace ?? '')
    names?.delete(name ?? '')
    if (names && !names.size) this.byNs.delete(namespace ?? '')
  }
}
