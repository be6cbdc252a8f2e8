// The golden-diff harness: every command of a suite runs through the REAL kubectl (/usr/bin/kubectl) and through our
// runKubectl against the same harness cluster. Each runner gets its own namespace (ns-a for real, ns-b for ours, set
// as the context namespace) so mutating commands see identical state. Outputs must be identical after the explicit
// normalizers below; ours is also pinned to test/golden/kubectl/<suite>/*.txt (rewritten with UPDATE_GOLDEN=1).
// Without the real binary only the goldens are checked. Each suite (test/kubectl/golden/<suite>.cases.ts, run by
// <suite>.test.ts) gets its own cluster, so suites are independent and run in parallel.
// Help cases (`compare: 'structure'`) are the exception: our help is written in our own words, so instead of a byte
// diff they assert the same STRUCTURE as the real kubectl's help (see help-structure.ts); their golden files pin
// our text.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { startTestCluster, type TestCluster } from '../../helpers/cluster-harness'
import { runKubectl } from '../../../src-main/kubectl/index'
import { testContext, type Captured } from '../node-context'
import { expectSameHelpStructure } from './help-structure'

export interface Runners {
  ours(args: string[], stdin?: string): Promise<Captured>
  real(args: string[], stdin?: string): Promise<Captured>
  haveReal: boolean
  /** The test cluster both runners talk to (for waiting on state, advancing the clock...). */
  cluster: TestCluster
}

export interface GoldenCase {
  args: string[]
  stdin?: string
  /** Runs first for BOTH runners (e.g. wait for a rollout) so they start from the same state. */
  before?(r: Runners): Promise<void>
  /** Why this case exists, when it is not obvious (shown in the test name). */
  note?: string
  /** 'structure': help text, compared with the real kubectl's by structure only (see help-structure.ts). */
  compare?: 'exact' | 'structure'
}

const REAL = '/usr/bin/kubectl'
const HAVE_REAL = existsSync(REAL)
const GOLDEN_ROOT = new URL('../../golden/kubectl/', import.meta.url).pathname
const UPDATE = process.env.UPDATE_GOLDEN === '1'

/** Explicit, minimal normalizers: durations, generated ids/timestamps, pod IPs, and the per-runner namespace. */
export function normalize(s: string): string {
  let out = s
    .replace(/\bns-[ab]\b/g, 'ns-X')
    .replace(/v1\.32\.4-dispatcher/g, 'v1.32.4')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
    // `logs --timestamps` prefixes (RFC3339 with nanoseconds) and nginx's own log clock ("2026/01/01 09:01:37"):
    // each runner's containers start at a different sim time.
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, '<time>')
    .replace(/\b\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\b/g, '<log-time>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>')
    // The test API server listens on a random port (cluster-info, config view print its URL).
    .replace(/https:\/\/127\.0\.0\.1:\d+/g, 'https://127.0.0.1:<port>')
    // `kubectl diff` headers: random temp directory names and the files' write times (diff -u's mtime column).
    .replace(/\/tmp\/(LIVE|MERGED)-\d+\//g, '/tmp/$1-<n>/')
    .replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$/gm, '\t<mtime>')
    .replace(/\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, '<time>')
    // klog's header on errors kubectl logs instead of printing (time and pid): `E1126 21:49:27.931696   12291 `.
    .replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'E<klog-time> <pid> ')
    // The container runtime's random exec id in "failed to start exec" errors.
    .replace(/failed to start exec "[0-9a-f]{64}"/g, 'failed to start exec "<exec-id>"')
    // Each runner's kubeconfig file (config delete-cluster/delete-user print its path).
    .replace(/\/tmp\/kubectl-golden-\w+\/kubeconfig-[ab]\b/g, '<kubeconfig>')
    .replace(/resourceVersion: "\d+"/g, 'resourceVersion: "<rv>"')
    .replace(/"resourceVersion": "\d+"/g, '"resourceVersion": "<rv>"')
    // The compact form, as in kubectl's JSONPath failure dump (Go %#v of the object).
    .replace(/"resourceVersion":"\d+"/g, '"resourceVersion":"<rv>"')
    // And as describe's generic tree prints it (e.g. a ControllerRevision's metadata).
    .replace(/^(\s+Resource Version:\s+)\d+$/gm, '$1<rv>')
    // A ReplicaSet pod's random 5-character suffix after its pod-template-hash (k8s's consonant+digit alphabet),
    // e.g. hello-595757746-x9qqd: generated per runner. Same length, so column widths are unaffected.
    .replace(/\b([a-z0-9][-a-z0-9]*-[bcdfghjklmnpqrstvwxz2456789]{6,10})-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '$1-<sfx>')
    .replace(/\b10\.244\.\d+\.\d+\b/g, '<pod-ip>')
    // Generated suffixes and the scheduler's node choice (each runner's pods may land on another worker).
    .replace(/containerd:\/\/[0-9a-f]{64}/g, 'containerd://<id>')
    .replace(/kube-api-access-[a-z0-9]{5}\b/g, 'kube-api-access-<sfx>')
    .replace(/\bordinal-worker[23]?\/172\.18\.0\.\d+/g, '<node>/<node-ip>')
    .replace(/ to ordinal-worker[23]?$/gm, ' to <node>')
    .replace(/ in [\d.]+m?s \([\d.]+m?s including waiting\)/g, ' in <pull-time> (<pull-time> including waiting)')
  // AGE-like cells ("5s", "2m3s", "10s (x2 over 1m)"): replaced, and on those lines only, column padding is
  // collapsed, because a different duration width legitimately shifts later columns.
  out = out.split('\n').map((line) => {
    const re = /(?<=\s|^)(\d+[smhdy](\d+[smh])?|<invalid>)(?=\s|$)/g
    if (!re.test(line)) return line
    return line.replace(re, '<age>').replace(/ {2,}/g, '  ')
  }).join('\n')
  return out
}

/** Declares one golden suite: its cases run in order against a fresh cluster. */
export function goldenSuite(suite: string, CASES: GoldenCase[], FILES: Record<string, string> = {}): void {
  const GOLDEN_DIR = join(GOLDEN_ROOT, suite)
  let tc: TestCluster
  let work: string
  const kubeconfigs: Record<'a' | 'b', string> = { a: '', b: '' }
  const homes: Record<'a' | 'b', string> = { a: '', b: '' }

  /** Async on purpose: the API server lives in this process, so a blocking spawn would starve it. */
  function runReal(args: string[], stdin?: string): Promise<Captured> {
    return new Promise((resolve) => {
      const p = spawn(REAL, args, { cwd: work, env: { ...tc.env, KUBECONFIG: kubeconfigs.a, HOME: homes.a } })
      let stdout = ''
      let stderr = ''
      p.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
      p.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
      const timer = setTimeout(() => p.kill('SIGKILL'), 60_000)
      p.on('close', (code) => { clearTimeout(timer); resolve({ stdout, stderr, code: code ?? -1 }) })
      p.stdin.end(stdin ?? '')
    })
  }

  async function runOurs(args: string[], stdin?: string): Promise<Captured> {
    const { ctx, result } = testContext({ env: { ...tc.env, KUBECONFIG: kubeconfigs.b, HOME: homes.b }, cwd: work, stdin })
    const code = await runKubectl(args, ctx)
    return { ...result(), code }
  }

  function render(args: string[], c: Captured): string {
    return `$ kubectl ${args.join(' ')}\n--- stdout\n${c.stdout}--- stderr\n${c.stderr}--- exit ${c.code}\n`
  }

  beforeAll(async () => {
    tc = await startTestCluster({ speed: 'instant' })
    work = mkdtempSync(join(tmpdir(), 'kubectl-golden-'))
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(work, name), text)
    for (const who of ['a', 'b'] as const) {
      const cfg = parse(readFileSync(tc.kubeconfig, 'utf8'))
      for (const c of cfg.contexts) c.context.namespace = `ns-${who}`
      kubeconfigs[who] = join(work, `kubeconfig-${who}`)
      writeFileSync(kubeconfigs[who], stringify(cfg))
      homes[who] = join(work, `home-${who}`)
      mkdirSync(homes[who])
      writeFileSync(join(work, `ns-${who}.yaml`), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${who}\n`)
      const { ctx } = testContext({ env: { ...tc.env, KUBECONFIG: kubeconfigs[who] }, cwd: work })
      expect(await runKubectl(['apply', '-f', `ns-${who}.yaml`], ctx)).toBe(0)
    }
  }, 60_000)

  afterAll(async () => { await tc?.close() })

  describe(`kubectl golden outputs: ${suite} (real kubectl vs ours)`, () => {
    for (const [i, c] of CASES.entries()) {
      const slug = `${String(i + 1).padStart(2, '0')}-${c.args.join(' ').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 50)}`
      it(`${slug}`, async () => {
        if (c.before) await c.before({ ours: runOurs, real: runReal, haveReal: HAVE_REAL, cluster: tc })
        const ours = await runOurs(c.args, c.stdin)
        const oursText = render(c.args, ours)
        if (HAVE_REAL) {
          const real = await runReal(c.args, c.stdin)
          if (c.compare === 'structure') expectSameHelpStructure(ours, real)
          else expect(normalize(oursText)).toBe(normalize(render(c.args, real)))
        }
        const file = join(GOLDEN_DIR, `${slug}.txt`)
        if (UPDATE || !existsSync(file)) {
          mkdirSync(GOLDEN_DIR, { recursive: true })
          writeFileSync(file, normalize(oursText))
        } else {
          expect(normalize(oursText)).toBe(readFileSync(file, 'utf8'))
        }
      }, 90_000)
    }
  })
}
