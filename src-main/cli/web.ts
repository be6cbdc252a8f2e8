// `npm run web [-- --port N] [--data-dir DIR] [--lessons-dir DIR]`: Ordinal in a browser. The app (cluster, API, lessons, terminal)
// runs here; the built renderer (out/renderer) is served on 127.0.0.1 with a per-run token.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApp } from '../app/index'
import { startWebServer } from '../web/server'

const ROOT = resolve(import.meta.dirname, '..', '..')
const USAGE = 'Usage: npm run web -- [--port N] [--data-dir DIR] [--lessons-dir DIR]'

function parseArgs(argv: string[]): { port: number; dataDir: string; lessonsDir: string } {
  const out = { port: 0, dataDir: process.env.ORDINAL_DATA_DIR || join(homedir(), '.ordinal'), lessonsDir: join(ROOT, 'lessons') }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined]
    const value = inline ?? argv[++i]
    if (flag === '--port') {
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) fail(`invalid port "${value ?? ''}": expected a number from 0 to 65535`)
      out.port = Number(value)
    } else if (flag === '--data-dir') {
      if (!value) fail('flag needs an argument: --data-dir')
      out.dataDir = value
    } else if (flag === '--lessons-dir') {
      if (!value) fail('flag needs an argument: --lessons-dir')
      out.lessonsDir = checkLessonsDir(resolve(value))
    } else fail(`unknown flag: ${argv[i]}`)
  }
  return out
}

/** A lessons folder (an instructor's own, or a test's) must exist and hold NN-name lesson folders: a typo would
 *  otherwise start an app with no lessons and no word why. */
function checkLessonsDir(dir: string): string {
  if (!existsSync(dir)) fail(`lessons directory ${dir}: no such directory`)
  if (!statSync(dir).isDirectory()) fail(`lessons directory ${dir}: not a directory`)
  let lessons: string[]
  try {
    lessons = readdirSync(dir).filter((n) => /^\d+-/.test(n) && statSync(join(dir, n)).isDirectory())
  } catch (e) {
    fail(`lessons directory ${dir}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  if (!lessons.length) fail(`lessons directory ${dir}: holds no lessons (expected folders named like 01-name)`)
  return dir
}

function fail(msg: string): never {
  process.stderr.write(`error: ${msg}\n${USAGE}\n`)
  process.exit(2)
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const app = await createApp({ mode: 'web', dataDir: resolve(args.dataDir), lessonsDir: args.lessonsDir })
  const server = await startWebServer({
    dispatcher: app,
    staticDir: join(ROOT, 'out', 'renderer'),
    port: args.port,
    token: randomBytes(24).toString('hex'),
  }).catch(async (err) => {
    await app.close()
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(`error: port ${args.port} on 127.0.0.1 is already in use (use another --port, or --port 0 for any free one)\n`)
      process.exit(1)
    }
    throw err
  })
  process.stdout.write(`Ordinal is running at ${server.url}\n`)

  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    Promise.allSettled([server.close(), app.close()]).then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  process.stderr.write(`error: ${(err as Error).message}\n`)
  process.exit(1)
})
