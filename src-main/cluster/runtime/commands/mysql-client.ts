// The `mysql` client: `-e` statements, a script on stdin (`kubectl exec -i … mysql < schema.sql`), or the
// interactive monitor on a TTY. Connects over the container's socket (no -h / -h localhost) or TCP to a pod or
// Service on port 3306, with the client's real error numbers and wording.
import type { CommandContext } from '../../../shell/io'
import { LineEditor } from '../../../shell/line-editor'
import { readOrAbort } from '../../../shell/pipe'
import type { MysqlServer } from '../mysql/server'
import { formatBatch, formatTable, type Outcome, splitStatements, SqlError, type SqlSession } from '../mysql/sql'
import { type ContainerTools, line, signalStatus } from './tools'

interface ClientOpts {
  user: string
  password: string | null
  askPassword: boolean
  host: string | null
  port: number
  execute: string | null
  database: string | null
  columnNames: boolean
  table: boolean | null // null: decide by whether stdout is a terminal
  force: boolean
}

function parseArgs(argv: string[]): ClientOpts | { error: string } {
  const o: ClientOpts = { user: 'root', password: null, askPassword: false, host: null, port: 3306, execute: null, database: null, columnNames: true, table: null, force: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const val = (short: string, long: string): string | null | undefined => {
      if (a === short || a === long) return argv[++i] ?? null
      if (a.startsWith(long + '=')) return a.slice(long.length + 1)
      if (short && a.startsWith(short) && a.length > 2 && !a.startsWith('--')) return a.slice(2)
      return undefined
    }
    let v: string | null | undefined
    if (a === '-p' || a === '--password') o.askPassword = true
    else if (a.startsWith('--password=')) o.password = a.slice(11)
    else if (a.startsWith('-p') && !a.startsWith('--')) o.password = a.slice(2)
    else if ((v = val('-u', '--user')) !== undefined) o.user = v ?? ''
    else if ((v = val('-h', '--host')) !== undefined) o.host = v
    else if ((v = val('-P', '--port')) !== undefined) o.port = Number(v)
    else if ((v = val('-e', '--execute')) !== undefined) {
      if (v === null) return { error: 'mysql: option \'-e\' requires an argument.' }
      o.execute = v
    } else if ((v = val('-D', '--database')) !== undefined) o.database = v
    else if (a === '-N' || a === '--skip-column-names') o.columnNames = false
    else if (a === '-t' || a === '--table') o.table = true
    else if (a === '-B' || a === '--batch' || a === '-s' || a === '--silent') o.table = false
    else if (a === '-f' || a === '--force') o.force = true
    else if (a.startsWith('-')) return { error: `mysql: [ERROR] unknown option '${a}'.` }
    else o.database = a
    if (v === null) return { error: `mysql: option '${a}' requires an argument.` }
  }
  return o
}

function fmtError(e: SqlError, lineNo: number | null): string {
  return `ERROR ${e.errno} (${e.sqlstate})${lineNo !== null ? ` at line ${lineNo}` : ''}: ${e.message}`
}

const SOCKET = '/var/run/mysqld/mysqld.sock'

export function mysqlCommand(t: ContainerTools) {
  return async (ctx: CommandContext): Promise<number> => {
    const args = ctx.argv.slice(1)
    if (args.includes('--version') || args.includes('-V')) {
      const v = t.image.mysqlVersion ?? '8.0.41'
      line(ctx.stdout, v.startsWith('5.') ? `mysql  Ver 14.14 Distrib ${v}, for Linux (x86_64) using  EditLine wrapper` : `mysql  Ver ${v} for Linux on x86_64 (MySQL Community Server - GPL)`)
      return 0
    }
    const parsed = parseArgs(args)
    if ('error' in parsed) {
      line(ctx.stderr, parsed.error)
      return 1
    }
    const o = parsed
    let pending = '' // input read ahead of the password prompt's Enter
    const v8 = !(t.image.mysqlVersion ?? '8').startsWith('5.')
    if (o.password !== null) line(ctx.stderr, 'mysql: [Warning] Using a password on the command line interface can be insecure.')
    if (o.askPassword) {
      ctx.stderr.write('Enter password: ')
      // Read without echo up to Enter: a raw TTY sends \r, a pipe \n. Keys typed past Enter stay for the monitor.
      let answer = ''
      for (;;) {
        const c = pending || (await readOrAbort(ctx.stdin, ctx.signal))
        pending = ''
        if (c === null) break
        const end = c.search(/[\r\n]/)
        if (end < 0) {
          answer += c
          continue
        }
        answer += c.slice(0, end)
        pending = c.slice(end + 1).replace(/^\n/, '')
        break
      }
      if (ctx.signal.aborted) return signalStatus(ctx)
      if (ctx.tty) ctx.stdout.write('\n')
      o.password = answer.replace(/\x7f/g, '')
    }

    // Connect: the socket when no host (or localhost) is given, else TCP through the pod network.
    const client = t.netClient()
    let server: MysqlServer | null = null
    let clientHost = 'localhost'
    if (!o.host || o.host === 'localhost') {
      const r = t.net.route(client, '127.0.0.1', 3306)
      if (r.kind === 'ok' && r.server.protocol === 'mysql' && r.server.ready) server = r.server
      if (!server) {
        line(ctx.stderr, `ERROR 2002 (HY000): Can't connect to local MySQL server through socket '${SOCKET}' (2)`)
        return 1
      }
    } else {
      const res = t.net.resolve(client, o.host)
      if (!res) {
        line(ctx.stderr, `ERROR 2005 (HY000): Unknown MySQL server host '${o.host}' (-2)`)
        return 1
      }
      const r = t.net.route(client, res.ips[0], o.port)
      if (r.kind === 'ok' && r.server.protocol === 'mysql' && r.server.ready) {
        server = r.server
        clientHost = res.ips[0].startsWith('127.') ? 'localhost' : client.podIP
      } else {
        const errno = r.kind === 'unreachable' ? 113 : 111
        line(ctx.stderr, `ERROR 2003 (HY000): Can't connect to MySQL server on '${o.host}${v8 ? `:${o.port}` : ''}' (${errno})`)
        return 1
      }
    }
    const denied = server.authenticate(o.user, o.password, clientHost)
    if (denied) {
      line(ctx.stderr, `ERROR 1045 (28000): ${denied}`)
      return 1
    }
    const session = server.session()
    if (o.database) {
      try {
        session.execute(`USE \`${o.database.replace(/`/g, '``')}\``)
      } catch (e) {
        if (!(e instanceof SqlError)) throw e
        line(ctx.stderr, fmtError(e, null))
        return 1
      }
    }
    const table = o.table ?? !!ctx.tty
    const print = (out: Outcome) => {
      if (out.kind === 'rows') ctx.stdout.write(table ? (out.result.rows.length ? formatTable(out.result, o.columnNames) : '') : formatBatch(out.result, o.columnNames))
    }

    if (o.execute !== null) return runScript(o.execute, session, ctx, print, o.force)
    if (ctx.tty) return monitor(server, session, ctx, pending)
    // A script on stdin, executed as it arrives line by line, like the real batch mode.
    let text = pending
    for (;;) {
      const c = await readOrAbort(ctx.stdin, ctx.signal)
      if (c === null) break
      text += c
    }
    if (ctx.signal.aborted) return signalStatus(ctx)
    return runScript(text, session, ctx, print, o.force)
  }
}

/** Batch execution: stop at the first error (unless --force) with `ERROR … at line N`. */
function runScript(text: string, session: SqlSession, ctx: CommandContext, print: (o: Outcome) => void, force: boolean): number {
  let rc = 0
  let lineNo = 1
  let consumed = 0
  for (const stmt of splitStatements(text)) {
    const at = text.indexOf(stmt, consumed)
    lineNo = text.slice(0, at).split('\n').length
    consumed = at + stmt.length
    try {
      print(session.execute(stmt))
    } catch (e) {
      if (!(e instanceof SqlError)) throw e
      line(ctx.stderr, fmtError(e, lineNo))
      rc = 1
      if (!force) return 1
    }
  }
  return rc
}

/** The interactive monitor: banner, `mysql>` prompt, `->` continuation, tables with row counts and timings. */
function monitor(server: MysqlServer, session: SqlSession, ctx: CommandContext, typedAhead: string): Promise<number> {
  const v = server.version
  const v8 = !v.startsWith('5.')
  ctx.stdout.write(
    [
      'Welcome to the MySQL monitor.  Commands end with ; or \\g.',
      'Your MySQL connection id is 8',
      `Server version: ${v} MySQL Community Server ${v8 ? '- GPL' : '(GPL)'}`,
      '',
      `Copyright (c) 2000, ${v8 ? '2025' : '2023'}, Oracle and/or its affiliates.`,
      '',
      'Oracle is a registered trademark of Oracle Corporation and/or its',
      'affiliates. Other names may be trademarks of their respective',
      'owners.',
      '',
      "Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.",
      '',
      '',
    ].join('\n'),
  )
  const isClientCommand = (s: string) => /^\s*(exit|quit|\\q|use\s+\S+|\\c)\s*;?\s*$/i.test(s) || /\\c\s*$/.test(s)
  return new Promise<number>((resolve) => {
    let done = false
    const history: string[] = []
    const editor = new LineEditor({
      write: (s) => ctx.stdout.write(s),
      prompt: () => 'mysql> ',
      continuationPrompt: () => '    -> ',
      history,
      needsMore: (text) => !isClientCommand(text) && text.trim() !== '' && !/(;|\\g|\\G)\s*$/.test(text.trim()),
      cols: ctx.tty?.cols(),
    })
    const finish = (code: number) => {
      if (done) return
      done = true
      resolve(code)
    }
    editor.onLine((raw) => {
      const text = raw.trim()
      if (/^(exit|quit|\\q);?$/i.test(text)) {
        ctx.stdout.write('Bye\n')
        return finish(0)
      }
      if (/\\c$/.test(text)) return editor.start()
      if (text) {
        const stmts = /^use\s/i.test(text) ? [text.replace(/;$/, '')] : splitStatements(text.replace(/\\[gG]$/, ';'))
        for (const stmt of stmts) {
          try {
            const out = session.execute(stmt)
            if (out.kind === 'use') ctx.stdout.write('Database changed\n')
            else if (out.kind === 'ok') ctx.stdout.write(`Query OK, ${out.affected} row${out.affected === 1 ? '' : 's'} affected (0.01 sec)\n\n`)
            else if (!out.result.rows.length) ctx.stdout.write('Empty set (0.00 sec)\n\n')
            else ctx.stdout.write(formatTable(out.result) + `${out.result.rows.length} row${out.result.rows.length === 1 ? '' : 's'} in set (0.00 sec)\n\n`)
          } catch (e) {
            if (!(e instanceof SqlError)) throw e
            ctx.stdout.write(fmtError(e, null) + '\n')
          }
        }
      }
      editor.start()
    })
    editor.onEof(() => {
      ctx.stdout.write('Bye\n')
      finish(0)
    })
    editor.onInterrupt(() => {
      /* the editor shows ^C and a fresh prompt, like mysql's "^C" clearing the statement */
    })
    if (ctx.tty) ctx.tty.onResize((cols) => editor.setCols(cols))
    ctx.signal.addEventListener('abort', () => finish(signalStatus(ctx)), { once: true })
    editor.start()
    if (typedAhead) editor.feed(typedAhead)
    void (async () => {
      for (;;) {
        const chunk = await readOrAbort(ctx.stdin, ctx.signal)
        if (done) return
        if (chunk === null) return finish(0)
        editor.feed(chunk)
      }
    })()
  })
}
