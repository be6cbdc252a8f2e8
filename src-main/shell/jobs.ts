// Background jobs (`cmd &`): started in a subshell with its own signal (^C at the prompt does not reach them, as
// with bash's process groups), announced as `[1] 4242` on an interactive shell, and reported as
// `[1]+  Done                    cmd` before the next prompt.
import type { AndOr } from './ast'
import type { Output } from './io'
import { emptyInput } from './pipe'
import { statusOf, subshellOf, type Io, type State } from './shell-state'

interface Job {
  id: number
  pid: number
  text: string
  done: Promise<number>
  status: number | null
  abort: AbortController
}

export class Jobs {
  private jobs: Job[] = []
  private notices: string[] = []
  private nextPid: number

  constructor(shellPid: number) {
    this.nextPid = shellPid + 1
  }

  /** Starts `item` in the background; returns the status the shell continues with (0). */
  start(item: AndOr, st: State, io: Io, exec: (st: State, io: Io) => Promise<number>): number {
    const id = this.jobs.length ? Math.max(...this.jobs.map((j) => j.id)) + 1 : 1
    const pid = this.nextPid++
    const abort = new AbortController()
    const text = item.text ?? ''
    const job: Job = { id, pid, text, status: null, abort, done: Promise.resolve(0) }
    const jio: Io = { ...io, stdin: emptyInput, ttyIn: false, signal: abort.signal }
    job.done = exec(subshellOf(st), jio)
      .catch((e: unknown) => statusOf(e))
      .then((status) => {
        job.status = status
        this.notices.push(this.line(job, status === 0 ? 'Done' : `Exit ${status}`))
        this.jobs = this.jobs.filter((j) => j !== job)
        return status
      })
    this.jobs.push(job)
    st.lastBg = pid
    if (io.tty) io.stderr.write(`[${id}] ${pid}\n`)
    return 0
  }

  private line(job: Job, state: string): string {
    const marker = job === this.jobs[this.jobs.length - 1] ? '+' : job === this.jobs[this.jobs.length - 2] ? '-' : ' '
    return `[${job.id}]${marker}  ${state.padEnd(24)}${job.text}`
  }

  takeNotices(): string[] {
    return this.notices.splice(0)
  }

  list(out: Output): void {
    for (const j of this.jobs) out.write(this.line(j, 'Running') + ' &\n')
  }

  /** `wait`: resolves with the last job's status once all have ended; their Done notices are then not repeated. */
  async waitAll(): Promise<number> {
    let status = 0
    while (this.jobs.length) status = await this.jobs[this.jobs.length - 1]!.done
    this.notices = []
    return status
  }

  /** Stops every job (the shell is exiting). */
  killAll(): void {
    for (const j of this.jobs) j.abort.abort()
  }
}
