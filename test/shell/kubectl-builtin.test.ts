// The workstation's kubectl row runs our kubectl in-process against a real (simulated) API server.
import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestCluster } from '../helpers/cluster-harness'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
import { kubectlBuiltin } from '../../src-main/shell/workstation/node-kubectl'
import { WorkstationSession } from '../../src-main/shell/workstation/session'

describe('kubectl builtin in the workstation session', () => {
  it('kubectl get nodes | grep -c ordinal-worker counts the kube-* namespaces', async () => {
    const tc = await startTestCluster({ speed: 'instant' })
    try {
      const fs = createWorkspaceFs(mkdtempSync(join(tmpdir(), 'ordinal-k-')))
      let out = ''
      const s = new WorkstationSession({ fs, home: fs.root, env: { KUBECONFIG: tc.kubeconfig }, write: (d) => (out += d), extraBuiltins: [kubectlBuiltin] })
      s.start()
      s.feed('kubectl get namespaces | grep -c "^kube-"\r')
      for (let i = 0; i < 200 && (s.busy || !out.endsWith('$ ')); i++) await new Promise((r) => setTimeout(r, 25))
      expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/\r\n3\r\nlearner@ordinal:~\$ $/)
    } finally {
      await tc.close()
    }
  })
})
