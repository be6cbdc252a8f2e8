// mysqld as the official image's docker-entrypoint.sh runs it: refuse an uninitialized data directory without a
// password option (the real error, exit 1 → CrashLoopBackOff), otherwise initialize /var/lib/mysql once (a
// re-created pod on the same claim skips that), then `ready for connections`. Logs are worded like 5.7 / 8.0.
import type { Clock } from '../../clock'
import type { Fs, Output } from '../../../shell/io'
import type { HttpRequest, HttpResponse } from '../nginx-server'
import { DATADIR, SqlSession } from './sql'

export interface MysqlImage {
  /** '5.7.44', '8.0.41', '9.2.0' */
  version: string
  /** The package release the entrypoint prints: '5.7.44-1.el7'. */
  release: string
}

export interface MysqldOptions {
  image: MysqlImage
  fs: Fs
  env: Map<string, string>
  clock: Clock
  random: () => number
  hostname: () => string
  stdout: Output
  stderr: Output
  /** The main process ended by itself (the missing-password error). */
  exit(code: number): void
}

const USERS = `${DATADIR}/mysql/user.json`

type Users = Record<string, { password: string }>

const p2 = (n: number) => String(n).padStart(2, '0')

/** `2026-11-26 20:00:00+00:00`, the entrypoint's own timestamps. */
function noteTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}+00:00`
}

/** `2026-11-26T20:00:00.123456Z`, mysqld's error-log timestamps. */
function serverTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, f: string) => `.${f}000Z`)
}

export class MysqlServer {
  readonly protocol = 'mysql' as const
  ready = false
  private stopped = false
  private timers: { cancel(): void }[] = []
  private readonly v8: boolean

  constructor(private readonly o: MysqldOptions) {
    this.v8 = !o.image.version.startsWith('5.')
  }

  get version(): string {
    return this.o.image.version
  }

  private note(msg: string): void {
    this.o.stdout.write(`${noteTime(this.o.clock.now())} [Note] [Entrypoint]: ${msg}\n`)
  }

  /** One mysqld error-log line: 8.0 `[System] [MY-010931] [Server] …`, 5.7 `[Note] …`. */
  private log(thread: number, level: 'System' | 'Warning' | 'Note', code: string, sub: string, msg: string): void {
    const t = serverTime(this.o.clock.now())
    if (this.v8) this.o.stderr.write(`${t} ${thread} [${level}] [${code}] [${sub}] ${msg}\n`)
    else this.o.stderr.write(`${t} ${thread} [${level === 'System' ? 'Note' : level}] ${msg}\n`)
  }

  private after(ms: number, fn: () => void): void {
    this.timers.push(this.o.clock.schedule(ms, () => !this.stopped && fn(), 'mysqld'))
  }

  initialized(): boolean {
    return this.o.fs.stat(`${DATADIR}/mysql`)?.type === 'dir'
  }

  start(): void {
    const { env } = this.o
    const entry = `Entrypoint script for MySQL Server ${this.o.image.release} started.`
    this.note(entry)
    this.note("Switching to dedicated user 'mysql'")
    this.note(entry)
    if (!this.initialized()) {
      const pw = env.get('MYSQL_ROOT_PASSWORD')
      const allowEmpty = env.has('MYSQL_ALLOW_EMPTY_PASSWORD')
      const randomPw = env.has('MYSQL_RANDOM_ROOT_PASSWORD')
      if (!pw && !allowEmpty && !randomPw) {
        this.o.stderr.write(
          `${noteTime(this.o.clock.now())} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n` +
            '    You need to specify one of the following as an environment variable:\n' +
            '    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
        )
        this.after(0, () => this.o.exit(1))
        return
      }
      this.note('Initializing database files')
      this.log(0, 'System', 'MY-013169', 'Server', `/usr/sbin/mysqld (mysqld ${this.version}) initializing of server in progress as process 80`)
      this.after(4000, () => {
        let root = pw ?? ''
        if (!pw && randomPw) {
          root = Array.from({ length: 32 }, () => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(this.o.random() * 57)]).join('')
        }
        this.initDatadir(root)
        this.note('Database files initialized')
        this.note('Starting temporary server')
        this.note('Temporary server started.')
        if (!pw && randomPw) this.note(`GENERATED ROOT PASSWORD: ${root}`)
        const db = env.get('MYSQL_DATABASE')
        if (db) {
          this.note(`Creating database ${db}`)
          if (this.o.fs.stat(`${DATADIR}/${db}`) === null) this.o.fs.mkdir(`${DATADIR}/${db}`)
        }
        const user = env.get('MYSQL_USER')
        if (user && user !== 'root') {
          this.note(`Creating user ${user}`)
          this.setUser(user, env.get('MYSQL_PASSWORD') ?? '')
          if (db) this.note(`Giving user ${user} access to schema ${db}`)
        }
        this.after(2000, () => {
          this.note('Stopping temporary server')
          this.after(2000, () => {
            this.note('Temporary server stopped')
            this.o.stdout.write('\n')
            this.note('MySQL init process done. Ready for start up.')
            this.o.stdout.write('\n')
            this.serve(500)
          })
        })
      })
      return
    }
    // A data directory from an earlier pod (same claim): no init, no password needed.
    this.serve(1500)
  }

  private initDatadir(rootPassword: string): void {
    const fs = this.o.fs
    if (!fs.stat(DATADIR)) fs.mkdir(DATADIR, { recursive: true })
    const uuid = Array.from({ length: 32 }, () => Math.floor(this.o.random() * 16).toString(16)).join('')
    fs.writeFile(`${DATADIR}/auto.cnf`, `[auto]\nserver-uuid=${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}\n`)
    for (const f of ['ibdata1', 'ib_buffer_pool', ...(this.v8 ? ['mysql.ibd', 'undo_001', 'undo_002'] : ['ib_logfile0', 'ib_logfile1'])]) fs.writeFile(`${DATADIR}/${f}`, '')
    for (const d of ['mysql', 'performance_schema', 'sys']) if (!fs.stat(`${DATADIR}/${d}`)) fs.mkdir(`${DATADIR}/${d}`)
    fs.writeFile(USERS, JSON.stringify({ root: { password: rootPassword } } satisfies Users))
  }

  private setUser(user: string, password: string): void {
    const users = this.users()
    users[user] = { password }
    this.o.fs.writeFile(USERS, JSON.stringify(users))
  }

  private users(): Users {
    try {
      return JSON.parse(this.o.fs.readFile(USERS)) as Users
    } catch {
      return { root: { password: '' } }
    }
  }

  private serve(delay: number): void {
    this.log(0, 'System', 'MY-010116', 'Server', `/usr/sbin/mysqld (mysqld ${this.version}) starting as process 1`)
    this.after(delay, () => {
      if (this.v8) {
        this.log(1, 'System', 'MY-013576', 'InnoDB', 'InnoDB initialization has started.')
        this.log(1, 'System', 'MY-013577', 'InnoDB', 'InnoDB initialization has ended.')
        this.log(0, 'Warning', 'MY-010068', 'Server', 'CA certificate ca.pem is self signed.')
        this.log(0, 'System', 'MY-011323', 'Server', "X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock")
        this.log(0, 'System', 'MY-010931', 'Server', `/usr/sbin/mysqld: ready for connections. Version: '${this.version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`)
      } else {
        this.log(0, 'Note', '', '', 'InnoDB: Buffer pool(s) load completed')
        this.log(0, 'Note', '', '', "Server hostname (bind-address): '*'; port: 3306")
        this.log(0, 'Note', '', '', 'mysqld: ready for connections.')
        this.o.stderr.write(`Version: '${this.version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)\n`)
      }
      this.ready = true
    })
  }

  /** null when the credentials are accepted, else the `Access denied` message. */
  authenticate(user: string, password: string | null, clientHost: string): string | null {
    const u = this.users()[user]
    if (u && u.password === (password ?? '')) return null
    return `Access denied for user '${user}'@'${clientHost}' (using password: ${password ? 'YES' : 'NO'})`
  }

  session(): SqlSession {
    return new SqlSession(this.o.fs, { version: this.version, hostname: this.o.hostname(), user: 'root', now: () => noteTime(this.o.clock.now()).slice(0, 19) })
  }

  /** An HTTP client (or an httpGet probe) talking to port 3306 gets mysql's binary greeting, not HTTP. */
  handle(_req: HttpRequest): HttpResponse {
    return { status: 0, reason: '', headers: [], body: `J\0\0\0\n${this.version}\0` }
  }

  /** SIGTERM: mysqld shuts down cleanly and exits 0. */
  shutdown(done: () => void): void {
    this.ready = false
    if (this.v8) {
      this.log(0, 'System', 'MY-013172', 'Server', `Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: ${this.version}).`)
      this.after(1000, () => {
        this.log(0, 'System', 'MY-010910', 'Server', `/usr/sbin/mysqld: Shutdown complete (mysqld ${this.version})  MySQL Community Server - GPL.`)
        this.stop()
        done()
      })
    } else {
      this.log(0, 'Note', '', '', 'Giving 0 client threads a chance to die gracefully')
      this.after(1000, () => {
        this.log(0, 'Note', '', '', 'mysqld: Shutdown complete')
        this.o.stderr.write('\n')
        this.stop()
        done()
      })
    }
  }

  stop(): void {
    this.ready = false
    this.stopped = true
    for (const t of this.timers.splice(0)) t.cancel()
  }
}
