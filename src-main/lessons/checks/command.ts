// `command`: a command from the learner's command log, for "observe" steps (watch the pods, look at the service).
// kubectl lines are parsed and normalized, so `kubectl get sts web`, `kubectl get statefulsets.apps web` and
// `kubectl get statefulset/web` all match `kubectl: [get, statefulset, web]`.
import type { CommandCheck } from '../schema'
import { parseKubectl, splitCommands, type KubectlCommand } from './command-line'
import { words } from './messages'
import type { CheckContext, CheckResult } from './types'

const SHORT_TO_LONG: Record<string, string> = { w: 'watch', l: 'selector', f: 'filename', n: 'namespace', o: 'output', i: 'stdin', t: 'tty', A: 'all-namespaces', c: 'container', p: 'patch' }

function normSelector(s: string): string {
  return s.split(',').map((p) => p.replace(/\s+/g, '').replace('==', '=')).filter(Boolean).sort().join(',')
}

function normImage(s: string): string {
  return s.replace(/^docker\.io\/(library\/)?/, '')
}

function flagMatches(name: string, want: unknown, got: string | boolean | undefined): boolean {
  if (want === false) return got === undefined || got === false
  if (want === true) return got !== undefined && got !== false
  if (got === undefined || typeof got === 'boolean') return false
  if (typeof want === 'object' && want && 're' in want) return new RegExp((want as { re: string }).re).test(got)
  if (name === 'selector') return normSelector(got) === normSelector(String(want))
  if (name === 'image') return normImage(got) === normImage(String(want))
  return got === String(want)
}

export function kubectlMatches(spec: CommandCheck, cmd: KubectlCommand): boolean {
  const want = parseKubectl(spec.kubectl!)
  if (!want || want.verb !== cmd.verb) return false
  if (!want.resources.every((r) => cmd.resources.includes(r))) return false
  if (!want.names.every((n) => cmd.names.includes(n))) return false
  if (spec.exactNames && cmd.names.length !== want.names.length) return false
  for (const [k, v] of Object.entries(spec.flags ?? {})) {
    const name = SHORT_TO_LONG[k] ?? k
    if (!flagMatches(name, v, cmd.flags[name])) return false
  }
  if (spec.args && (spec.args.length !== cmd.args.length || spec.args.some((a, i) => a !== cmd.args[i]))) return false
  return true
}

function lineMatches(spec: CommandCheck, line: string): boolean {
  if (spec.shell !== undefined && !spec.kubectl) return new RegExp(spec.shell).test(line)
  return splitCommands(line).some((argv) => {
    const bin = argv[0]?.split('/').pop()
    if (bin !== 'kubectl') return false
    const cmd = parseKubectl(argv.slice(1))
    return !!cmd && kubectlMatches(spec, cmd) && (spec.shell === undefined || new RegExp(spec.shell).test(line))
  })
}

/** A readable form of what the check wants, e.g. `kubectl get pods --watch --selector=app=nginx`. */
export function describeCommand(spec: CommandCheck): string {
  if (!spec.kubectl) return `/${spec.shell}/`
  const flags = Object.entries(spec.flags ?? {}).map(([k, v]) => {
    const name = SHORT_TO_LONG[k] ?? k
    if (v === true) return `--${name}`
    if (v === false) return `(no --${name})`
    return `--${name}=${typeof v === 'object' ? `/${v.re}/` : v}`
  })
  return ['kubectl', ...spec.kubectl, ...flags, ...(spec.args?.length ? ['--', ...spec.args] : [])].join(' ')
}

export async function evalCommand(spec: CommandCheck, ctx: CheckContext): Promise<CheckResult> {
  const w = words(ctx.locale)
  const records = ctx.commands.slice(spec.since === 'lesson' ? (ctx.lessonStart?.command ?? 0) : ctx.stepStart.command)
  const wantCode = spec.exitCode ?? 0
  const expected = `\`${describeCommand(spec)}\`${wantCode === 'any' ? ` (${w.anyExit})` : ''}`
  const hits = records.filter((r) => lineMatches(spec, r.line))
  const good = hits.find((r) => wantCode === 'any' || r.exitCode === wantCode)
  if (good) return { state: 'passed', explanation: null, expected, actual: `\`${good.line}\`` }
  let actual: string
  if (hits.length) {
    const h = hits[hits.length - 1]
    actual = w.exited(h.line, h.exitCode)
  } else if (records.length) {
    const last = records[records.length - 1]
    actual = w.last(last.line, last.exitCode)
  } else actual = w.noCommands
  // The right command ran and failed: say so (✗). Other commands just mean this one has not been run yet.
  return { state: 'failed', explanation: w.explain(expected, actual), expected, actual, ...(hits.length ? { contradicted: true } : {}) }
}
