// Which runtime the StatefulSet measure runs on besides the system Node: the desktop app's (Electron as Node, or a
// Node binary named by ORDINAL_BENCH_RUNTIME), and a clear reason on stderr when there is none.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appRuntime, measureStatefulSetsOnAppRuntime, measureStatefulSetsViaApiOnAppRuntime } from './measures-sts'

describe('the desktop app runtime for the StatefulSet measure', () => {
  const dirs: string[] = []
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('ORDINAL_BENCH_RUNTIME names a Node binary: it is used, labelled with its version', () => {
    const rt = appRuntime({ ...process.env, ORDINAL_BENCH_RUNTIME: process.execPath })
    expect(rt).toMatchObject({ bin: process.execPath, label: `node ${process.version}` })
  })

  it('an ORDINAL_BENCH_RUNTIME that is missing or does not run as Node is refused with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordinal-bench-rt-'))
    dirs.push(dir)
    const notNode = join(dir, 'not-node')
    writeFileSync(notNode, '#!/bin/sh\nexit 3\n')
    chmodSync(notNode, 0o755)
    for (const bin of [join(dir, 'absent'), notNode]) {
      expect(appRuntime({ ...process.env, ORDINAL_BENCH_RUNTIME: bin })).toEqual({ missing: `ORDINAL_BENCH_RUNTIME=${bin} does not run as Node` })
    }
  })

  it('without an override and without Electron binary (as on this machine), the app-runtime measures are skipped and say why', async () => {
    const env = { ...process.env }
    delete env.ORDINAL_BENCH_RUNTIME
    const rt = appRuntime(env)
    // Where `npm install` could download Electron, its binary is the runtime; here it cannot.
    if ('missing' in rt) expect(rt.missing).toMatch(/^Electron's binary is not (installed|at )/)
    else expect(rt.label).toMatch(/^electron \d+\.\d+\.\d+ \(node v\d+/)
    if (!('missing' in rt) || process.env.ORDINAL_BENCH_RUNTIME) return
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await measureStatefulSetsOnAppRuntime({ processes: 1 })).toEqual([])
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain(`[bench] skipped: ${rt.missing}`)
  })

  it('through the app core, a runtime that cannot load better-sqlite3 (built for another ABI) is skipped with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordinal-bench-rt-'))
    dirs.push(dir)
    // Answers the version probe as Node, then fails to start a child the way a wrong-ABI native module does.
    const wrongAbi = join(dir, 'wrong-abi-node')
    writeFileSync(wrongAbi, `#!/bin/sh\nif [ "$1" = "-p" ]; then exec "${process.execPath}" "$@"; fi\necho "was compiled against a different Node.js version using NODE_MODULE_VERSION 1" >&2\nexit 1\n`)
    chmodSync(wrongAbi, 0o755)
    vi.stubEnv('ORDINAL_BENCH_RUNTIME', wrongAbi)
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await measureStatefulSetsViaApiOnAppRuntime({ processes: 1 })).toEqual([])
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain(`[bench] skipped on node ${process.version}: better-sqlite3 is built for another runtime (npm start builds it for Electron)`)
  })
})
