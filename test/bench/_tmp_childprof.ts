import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultShellCommand } from '../../src-main/terminal/shell-command'
import { startPtyHost } from '../../src-main/terminal/pty-host'
const dir = mkdtempSync(join(tmpdir(), 'cp-'))
const ws = join(dir, 'ws'); mkdirSync(ws)
const line = '  - name: web-0\n    image: registry.k8s.io/nginx-slim:0.21  # 中文注释\n'
writeFileSync(join(ws, 'big.yaml'), line.repeat(Math.ceil((4 * 1024 * 1024) / Buffer.byteLength(line))))
const cmd = defaultShellCommand()
let out = ''
let total = 0
const host = startPtyHost({ file: cmd.file, args: process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof2', ...cmd.args] : cmd.args, cwd: ws,
  env: { ORDINAL_WORKSPACE: ws, ORDINAL_DB: join(dir, 'db.sqlite'), KUBECONFIG: join(dir, 'kubeconfig') },
  onOutput: (d) => { out = (out + d).slice(-400); total += d.length; host.ack(d.length) } })
const until = async (f: () => boolean) => { while (!f()) await new Promise((r) => setTimeout(r, 5)) }
await until(() => out.includes('$ '))
await new Promise((r) => setTimeout(r, 300))
out = ''; total = 0
const t0 = performance.now()
host.input('cat big.yaml; echo THROUGHPUT-DONE\r')
await until(() => /\nTHROUGHPUT-DONE\r*\n/.test(out))
const secs = (performance.now() - t0) / 1000
console.log('MB/s', (total / 1024 / 1024 / secs).toFixed(2), 'secs', secs.toFixed(2))
host.input('exit\r')
await new Promise((r) => setTimeout(r, 1500))
await host.close()
process.exit(0)
