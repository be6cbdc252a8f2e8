// The learner's workstation shell as a process: `npm run shell`, and the child the app spawns in a pty.
// Env: KUBECONFIG (for kubectl), ORDINAL_WORKSPACE (the confined workspace root, default cwd), ORDINAL_DB (optional:
// history persisted in the app's SQLite file). Every command line is reported to POST <server>/ordinal/v1/commands.
import { realpathSync } from 'node:fs'
import { sep } from 'node:path'
import type { Env } from '../shell/io'
import { CaptureOutput, emptyInput } from '../shell/pipe'
import { WorkstationSession, type CommandRecord } from '../shell/workstation/session'
import { createWorkspaceFs } from '../shell/workstation/node-fs'
import type { Builtin } from '../shell/io'
import type { KubectlVerb } from '../shell/workstation/completion'
import { loadRestConfig } from '../kubectl/kubeconfig'
import { RestClient } from '../kubectl/client'

type KubectlModule = typeof import('../shell/workstation/node-kubectl') & { runKubectl: typeof import('../kubectl/index').runKubectl }

/** kubectl loaded lazily: if it fails to load, the shell still starts and `kubectl` says why. */
async function loadKubectl(): Promise<{ builtin: Builtin; verbs: KubectlVerb[]; run: KubectlModule['runKubectl'] | null; namespace?: (env: Env) => string | null }> {
  try {
    const [m, k] = await Promise.all([import('../shell/workstation/node-kubectl'), import('../kubectl/index')])
    return { builtin: m.kubectlBuiltin, verbs: m.kubectlVerbs(), run: k.runKubectl, namespace: m.currentNamespace }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    const builtin: Builtin = {
      name: 'kubectl',
      summary: 'control the (simulated) Kubernetes cluster',
      run: async (ctx) => {
        ctx.stderr.write(`kubectl: unavailable: ${why}\n`)
        return 1
      },
    }
    return { builtin, verbs: [], run: null }
  }
}

type History = { load(): string[]; append(line: string): void; close?(): void }

/** History in the app's database when ORDINAL_DB is set; the shell still works if the db layer can't load. */
async function openHistory(file: string | undefined): Promise<History | undefined> {
  if (!file) return undefined
  try {
    const db = await import('../db/index')
    return db.openHistoryStore(file)
  } catch (e) {
    process.stderr.write(`ordinal: shell history not persisted (${e instanceof Error ? e.message : String(e)})\r\n`)
    return undefined
  }
}

/** Fire-and-forget: lessons read the command log, but the prompt never waits for (or fails on) the report.
 *  Sent with kubectl's own REST client so it trusts the kubeconfig's pinned certificate, as kubectl does. */
function reporter(env: Env): (rec: CommandRecord) => void {
  return (rec) => {
    let client: RestClient
    try {
      client = new RestClient(loadRestConfig(env, {}))
    } catch {
      return
    }
    client.request('POST', '/ordinal/v1/commands', { body: rec, signal: AbortSignal.timeout(5000) }).catch(() => {})
  }
}

async function listNames(run: KubectlModule['runKubectl'] | null, env: Env, type: string): Promise<string[]> {
  if (!run) return []
  const out = new CaptureOutput()
  const signal = AbortSignal.timeout(3000)
  const code = await run(['get', type, '-o', 'name'], {
    argv: ['kubectl', 'get', type, '-o', 'name'],
    env,
    cwd: env.get('PWD') ?? '/',
    fs: null as never,
    stdin: emptyInput,
    stdout: out,
    stderr: new CaptureOutput(),
    tty: null,
    signal,
    sleep: () => Promise.resolve(),
  })
  if (code !== 0) return []
  return out.text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(l.indexOf('/') + 1))
}

function startDir(fs: ReturnType<typeof createWorkspaceFs>): string {
  let here: string
  try {
    here = realpathSync(process.cwd())
  } catch {
    return fs.root
  }
  return here === fs.root || here.startsWith(fs.root + sep) ? here : fs.root
}

async function main(): Promise<void> {
  const root = process.env.ORDINAL_WORKSPACE || process.cwd()
  const fs = createWorkspaceFs(root)
  // The workspace root is HOME (`~`); the shell starts in the folder it was started in when that is inside it (the
  // app starts it in the lesson's folder: `learner@ordinal:~/lesson-1$`), else at HOME.
  const start = startDir(fs)
  const history = await openHistory(process.env.ORDINAL_DB)
  const kubectl = await loadKubectl()
  const env: Record<string, string | undefined> = {
    LANG: process.env.LANG ?? 'C.UTF-8',
    KUBECONFIG: process.env.KUBECONFIG,
  }
  const stdin = process.stdin
  const stdout = process.stdout
  let session: WorkstationSession | null = null
  const exit = (code: number) => {
    if (stdin.isTTY) stdin.setRawMode(false)
    history?.close?.()
    stdout.write('', () => process.exit(code))
  }
  session = new WorkstationSession({
    fs,
    home: fs.root,
    cwd: start,
    env,
    // libuv's raw mode keeps the tty's ONLCR, which turns every \n into \r\n: hand it bare \n so the
    // terminal does not receive \r\r\n (harmless on screen, but it breaks anything matching the output).
    write: (s) => stdout.write(stdout.isTTY ? s.replace(/\r\n/g, '\n') : s),
    cols: stdout.columns || 80,
    rows: stdout.rows || 24,
    history,
    onCommand: reporter(new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))),
    onExit: exit,
    listNames: (type) => listNames(kubectl.run, session!.interpreter.env, type),
    extraBuiltins: [kubectl.builtin],
    kubectlVerbs: kubectl.verbs,
    kubeNamespace: kubectl.namespace,
  })
  if (stdin.isTTY) stdin.setRawMode(true)
  stdin.setEncoding('utf8')
  stdin.on('data', (d: string) => session!.feed(d))
  stdin.on('end', () => exit(session!.interpreter.lastStatus))
  stdout.on('resize', () => session!.resize(stdout.columns, stdout.rows))
  process.on('SIGWINCH', () => session!.resize(stdout.columns || 80, stdout.rows || 24))
  if (!process.env.KUBECONFIG) stdout.write('ordinal: KUBECONFIG is not set; kubectl will look for ~/.kube/config\n')
  stdout.write('Welcome to Ordinal. Try `kubectl get pods`; `help` lists the other commands.\n')
  session.start()
}

main().catch((e) => {
  process.stderr.write(`ordinal shell: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
