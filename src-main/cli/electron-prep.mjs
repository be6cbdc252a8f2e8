// Runs before `npm start`: make sure Electron's binary is present and better-sqlite3 is built for Electron's ABI.
// Plain JS on purpose: it must run before anything is built. Offline (no Electron binary, no headers) it exits 1
// with a short message naming browser mode, and never breaks `npm install` or `npm test`.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = join(dirname(new URL(import.meta.url).pathname), '..', '..')
const offline = '[ordinal] Electron could not be downloaded or prepared (offline?). Use browser mode instead: npm run web'

// npm passes npm_config_nodedir=/usr on these machines; node-gyp would then build against Node's headers while
// claiming success for Electron. Drop it for every child we start.
const env = { ...process.env }
for (const k of Object.keys(env)) if (k.toLowerCase() === 'npm_config_nodedir') delete env[k]

function fail(detail) {
  // One line of cause (the first error line), not a stack trace.
  const cause = String(detail ?? '').split('\n').find((l) => /error/i.test(l) && !/^\s+at /.test(l))
  if (cause) console.error(cause.trim())
  console.error(offline)
  process.exit(1)
}

let electronDir
try {
  electronDir = dirname(require.resolve('electron/package.json'))
} catch {
  fail('electron is not installed (run npm install)')
}

// 1. The binary: electron's own installer does nothing when it is already there.
const pathTxt = join(electronDir, 'path.txt')
if (!existsSync(pathTxt) || !existsSync(join(electronDir, 'dist'))) {
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { env, encoding: 'utf8', timeout: 300_000 })
  if (r.status !== 0 || !existsSync(pathTxt)) fail(r.stderr || r.error)
}
const electronBin = join(electronDir, 'dist', readFileSync(pathTxt, 'utf8').trim())

// 2. better-sqlite3 must load inside Electron (a different ABI from Node's). node-pty is N-API and needs nothing.
const probe = () =>
  spawnSync(electronBin, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  })
if (probe().status !== 0) {
  const cli = join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js')
  const r = spawnSync(process.execPath, [cli, '-f', '-o', 'better-sqlite3'], { env, cwd: root, stdio: 'inherit', timeout: 600_000 })
  if (r.status !== 0 || probe().status !== 0) fail('better-sqlite3 could not be rebuilt for Electron')
}
