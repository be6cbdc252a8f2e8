// Per-StatefulSet index of its pods, keyed by ordinal, kept exact by the pod watch: the watch only marks an ordinal
// dirty; the next reconcile re-reads exactly those pods from the store and updates the running totals. A pass over
// a 1,000-replica set therefore costs the pods that changed, not every pod (upstream lists them all each sync).
import type { KObject } from '../../api-types'
import { finished, readySince, REVISION_LABEL, terminating } from './identity'

export interface Facts {
  pod: Readonly<KObject>
  uid: string
  created: boolean // status.phase set (upstream's isCreated)
  ready: boolean // Running + Ready
  since: number | undefined // Ready since (sim ms); undefined when not ready
  terminating: boolean
  finished: boolean
  pending: boolean
  revision: string
}

export function factsOf(pod: Readonly<KObject>): Facts {
  const since = readySince(pod)
  return {
    pod,
    uid: pod.metadata.uid!,
    created: !!pod.status?.phase,
    ready: since !== undefined,
    since,
    terminating: terminating(pod),
    finished: finished(pod),
    pending: pod.status?.phase === 'Pending',
    revision: pod.metadata.labels?.[REVISION_LABEL] ?? '',
  }
}

export class SetState {
  uid = ''
  generation = -1
  /** Ordinals that have a pod object named `<sts>-<k>` in the namespace, whoever owns it. */
  readonly names = new Set<number>()
  /** Ordinals whose pod changed since the last reconcile. */
  readonly dirty = new Set<number>()
  allDirty = true
  /** Ordinals still owed an identity / retention check (kept until a pass actually reaches them). */
  readonly needsCheck = new Set<number>()
  /** Owned, selector-matching pods. */
  readonly facts = new Map<number, Facts>()
  created = 0
  ready = 0
  /** Non-terminating created pods per revision label. */
  readonly byRevision = new Map<string, number>()
  /** Every owned pod's revision label (live revisions are never pruned). */
  readonly anyRevision = new Map<string, number>()
  private rangeStart = 0
  private rangeEnd = 0 // exclusive
  inRange = 0
  /** Pod templates of revisions by name (revision data never changes). */
  readonly templates = new Map<string, unknown>()

  setRange(start: number, replicas: number): void {
    if (start === this.rangeStart && start + replicas === this.rangeEnd) return
    this.rangeStart = start
    this.rangeEnd = start + replicas
    this.inRange = 0
    for (const ord of this.facts.keys()) if (this.within(ord)) this.inRange++
  }

  within(ord: number): boolean {
    return ord >= this.rangeStart && ord < this.rangeEnd
  }

  set(ord: number, f: Facts | undefined): void {
    const old = this.facts.get(ord)
    if (old) this.count(ord, old, -1)
    if (f) {
      this.facts.set(ord, f)
      this.count(ord, f, 1)
    } else this.facts.delete(ord)
  }

  reset(): void {
    for (const ord of [...this.facts.keys()]) this.set(ord, undefined)
    this.allDirty = true
    this.templates.clear()
  }

  private count(ord: number, f: Facts, d: number): void {
    if (this.within(ord)) this.inRange += d
    if (f.created) this.created += d
    if (f.ready) this.ready += d
    bump(this.anyRevision, f.revision, d)
    if (f.created && !f.terminating) bump(this.byRevision, f.revision, d)
  }
}

function bump(m: Map<string, number>, k: string, d: number): void {
  const n = (m.get(k) ?? 0) + d
  if (n) m.set(k, n)
  else m.delete(k)
}
