// One resource's objects per namespace, exactly as `listRefs` returns them, listed again only after one of them
// changed: for in-process readers that list the same namespace over and over while it rarely changes (the
// StatefulSet controller's ControllerRevisions, the runtime's Services for service links).
import type { GVR, KObject } from '../api-types'
import { listRefs, onChangeRefs } from './refs'
import type { Store } from './types'

export class NamespaceLists {
  private readonly lists = new Map<string, readonly Readonly<KObject>[]>()
  /** Changes to this resource delivered so far, in any namespace. */
  changes = 0
  // The resourceVersion of the newest change delivered here. Deliveries are queued (a write made while listeners
  // run is delivered after them), so a change can be committed before it reaches us: only while the store's
  // resourceVersion is this one has every committed change been seen, and only then is a kept list current.
  private seen: number
  private readonly off: () => void

  constructor(
    private readonly store: Store,
    private readonly gvr: GVR,
  ) {
    this.seen = Number(store.resourceVersion())
    this.off = onChangeRefs(store, (c) => {
      this.seen = c.resourceVersion
      if (c.gvr.resource === gvr.resource && c.gvr.group === gvr.group) {
        this.changes++
        this.lists.delete(c.object.metadata.namespace ?? '')
      }
    })
  }

  in(namespace: string): readonly Readonly<KObject>[] {
    if (Number(this.store.resourceVersion()) !== this.seen) return listRefs(this.store, this.gvr, { namespace })
    let l = this.lists.get(namespace)
    if (!l) this.lists.set(namespace, (l = listRefs(this.store, this.gvr, { namespace })))
    return l
  }

  dispose(): void {
    this.off()
    this.lists.clear()
  }
}
