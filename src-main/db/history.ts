// Shell history for the workstation shell (the pty child). It opens its own connection to the app's SQLite file
// (WAL lets the app and the child write concurrently), so history survives shell restarts and app restarts.
import { openSqlite } from './open'
import { createRepositories } from './repositories'

export interface HistoryStore {
  load(): string[]
  append(line: string): void
  close(): void
}

export function openHistoryStore(file: string): HistoryStore {
  const sqlite = openSqlite(file)
  const repos = createRepositories(sqlite)
  let closed = false
  return {
    load: () => repos.history.load(),
    append(line: string) {
      // bash's HISTCONTROL=ignorespace habit: blank lines are never history.
      if (!line.trim() || closed) return
      repos.history.append(line)
    },
    close() {
      if (closed) return
      closed = true
      sqlite.close()
    },
  }
}
