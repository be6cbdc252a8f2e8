// Runs before `npm test`: better-sqlite3 may have been rebuilt for Electron by `npm start`; tests run under Node,
// so rebuild it for Node when it no longer loads here.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
try {
  new (require('better-sqlite3'))(':memory:').close()
} catch (e) {
  if (!/NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|invalid ELF|was compiled against/.test(String(e?.message ?? e))) throw e
  console.error('[ordinal] better-sqlite3 was built for another runtime; rebuilding it for Node…')
  const r = spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}
