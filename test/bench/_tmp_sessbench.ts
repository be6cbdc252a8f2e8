import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WorkstationSession } from '../../src-main/shell/workstation/session'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
const root = mkdtempSync(join(tmpdir(), 'sb-'))
const line = '  - name: web-0\n    image: registry.k8s.io/nginx-slim:0.21  # 中文注释\n'
writeFileSync(join(root, 'big.yaml'), line.repeat(Math.ceil((4 * 1024 * 1024) / Buffer.byteLength(line))))
const fs = createWorkspaceFs(root)
let total = 0
let tail = ''
let done: () => void = () => {}
const s = new WorkstationSession({ fs, home: fs.root, write: (x) => { const y = x.replace(/\r\n/g, '\n'); total += y.length; tail = (tail + y).slice(-20); if (tail.includes('\nDONE\n')) { tail = ''; done() } } })
s.start()
for (let i = 0; i < 3; i++) {
  const t0 = performance.now()
  const p = new Promise<void>((r) => (done = r))
  s.feed('cat big.yaml; echo DONE\r')
  await p
  console.log('in-process', ((performance.now() - t0)).toFixed(1), 'ms')
}
process.exit(0)
