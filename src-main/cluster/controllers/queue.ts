// A deduplicating work queue driven by the sim clock. Watch handlers only enqueue keys; the reconcile function
// re-reads the store, so dropping duplicate keys is safe. Failed reconciles are retried with back-off.
import type { Clock, TimerHandle } from '../clock'
import { isStatusError } from '../store/errors'

export interface WorkQueue {
  add(key: string): void
  /** Reconcile `key` again after `ms` of simulated time (minReadySeconds, back-off…). */
  addAfter(key: string, ms: number): void
  dispose(): void
}

export function createQueue(clock: Clock, name: string, reconcile: (key: string) => void): WorkQueue {
  const pending = new Set<string>()
  const failures = new Map<string, number>()
  const delayed = new Map<string, TimerHandle>()
  let scheduled: TimerHandle | undefined
  let disposed = false
  const label = `${name} queue`

  function drain(): void {
    scheduled = undefined
    // Keys added while draining run in a later tick, so one reconcile can't starve the clock.
    const keys = [...pending]
    pending.clear()
    for (const key of keys) {
      if (disposed) return
      try {
        reconcile(key)
        failures.delete(key)
      } catch (e) {
        // Conflicts are expected under concurrency; anything else is retried too, with growing back-off.
        const n = (failures.get(key) ?? 0) + 1
        failures.set(key, n)
        if (n <= 15) q.addAfter(key, isStatusError(e) && e.code === 409 ? 0 : Math.min(5000, 100 * 2 ** n))
      }
    }
  }

  const q: WorkQueue = {
    add(key) {
      if (disposed) return
      pending.add(key)
      if (!scheduled) scheduled = clock.schedule(0, drain, label)
    },
    addAfter(key, ms) {
      if (disposed) return
      if (ms <= 0) return q.add(key)
      delayed.get(key)?.cancel()
      delayed.set(
        key,
        clock.schedule(
          ms,
          () => {
            delayed.delete(key)
            q.add(key)
          },
          `${name} requeue ${key}`,
        ),
      )
    },
    dispose() {
      disposed = true
      scheduled?.cancel()
      for (const t of delayed.values()) t.cancel()
      delayed.clear()
      pending.clear()
    },
  }
  return q
}

export function nsKey(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/')
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) }
}
