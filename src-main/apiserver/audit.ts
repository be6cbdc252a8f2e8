// A record of every API request (lessons check e.g. "did the learner scale with kubectl?").
import { dropOldest } from '../shared/bounded'

export interface AuditEntry {
  time: number // sim clock ms
  verb: string // get, list, watch, create, update, patch, delete, deletecollection, or the HTTP method lowercased
  method: string
  path: string
  query: string
  userAgent: string
  code: number
}

export class AuditLog {
  readonly entries: AuditEntry[] = []
  private listeners = new Set<(e: AuditEntry) => void>()
  /** Keep the most recent entries only: the app runs for hours and kubectl -w is chatty. */
  constructor(private readonly max = 10_000) {}

  add(e: AuditEntry): void {
    this.entries.push(e)
    dropOldest(this.entries, this.max)
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // A broken listener must not break the API.
      }
    }
  }

  on(cb: (e: AuditEntry) => void): () => void {
    this.listeners.add(cb)
    return () => this.listeners.delete(cb)
  }
}
