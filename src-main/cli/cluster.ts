// `npm run cluster`: the simulated cluster and its Kubernetes API on 127.0.0.1, headless, for any kubectl.
//   --port N             API port (0 = any free port; default 0)
//   --kubeconfig PATH    where to write the kubeconfig (default .ordinal/kubeconfig)
//   --data-dir DIR       SQLite + state (default: a fresh temp dir; reusing one resumes that cluster)
//   --speed F|instant    clock speed: paused, 0.25, 1, 4, 20 or instant (default 1)
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isClockSpeed } from '../app/clock-driver'
import { startCore } from '../app/core'
import type { ClockSpeed } from '../shared/view-models'

const USAGE = `Usage: npm run cluster -- [--port N] [--kubeconfig PATH] [--data-dir DIR] [--speed paused|0.25|1|4|20|instant]`

export interface ClusterCliOptions {
  port: number
  kubeconfig: string
  dataDir: string | null
  speed: ClockSpeed
}

export class UsageError extends Error {}

export function parseClusterArgs(argv: string[]): ClusterCliOptions {
  const out: ClusterCliOptions = { port: 0, kubeconfig: '.ordinal/kubeconfig', dataDir: null, speed: 1 }
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i]
    let value: string | undefined
    const eq = flag.indexOf('=')
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1)
      flag = flag.slice(0, eq)
    }
    const need = (): string => {
      if (value !== undefined) return value
      const v = argv[++i]
      if (v === undefined || v === '') throw new UsageError(`flag needs an argument: ${flag}`)
      return v
    }
    switch (flag) {
      case '--port': {
        const v = need()
        const n = Number(v)
        if (!/^\d+$/.test(v) || n > 65535) throw new UsageError(`invalid port "${v}": expected a number from 0 to 65535`)
        out.port = n
        break
      }
      case '--kubeconfig':
        out.kubeconfig = need()
        break
      case '--data-dir':
        out.dataDir = need()
        break
      case '--speed': {
        const v = need()
        const s = v === 'paused' || v === 'instant' ? v : Number(v)
        if (!isClockSpeed(s)) throw new UsageError(`invalid speed "${v}": expected paused, 0.25, 1, 4, 20 or instant`)
        out.speed = s
        break
      }
      case '-h':
      case '--help':
        throw new UsageError('')
      default:
        throw new UsageError(`unknown flag: ${argv[i]}`)
    }
  }
  return out
}

async function main(): Promise<void> {
  let opts: ClusterCliOptions
  try {
    opts = parseClusterArgs(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    if (err.message) process.stderr.write(`error: ${err.message}\n`)
    process.stderr.write(USAGE + '\n')
    process.exit(err.message ? 2 : 0)
  }
  const dataDir = resolve(opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ordinal-cluster-')))
  let core: Awaited<ReturnType<typeof startCore>>
  try {
    core = await startCore({ dataDir, port: opts.port, speed: opts.speed, kubeconfig: opts.kubeconfig })
  } catch (err) {
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(`error: port ${opts.port} on 127.0.0.1 is already in use (use another --port, or --port 0 for any free one)\n`)
      process.exit(1)
    }
    throw err
  }
  process.stderr.write(`Ordinal cluster ${core.restored ? 'resumed' : 'started'}: API ${core.api.url}, data ${dataDir}\n`)
  process.stdout.write(`export KUBECONFIG=${core.kubeconfig}\n`)

  let stopping = false
  const stop = (sig: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`\n${sig}: saving and stopping…\n`)
    core.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`error while stopping: ${(err as Error).message}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

// Run only as a program (tests import parseClusterArgs).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`error: ${(err as Error).message}\n`)
    process.exit(1)
  })
}
