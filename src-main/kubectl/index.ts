// Entry point: find the command in the table, parse flags pflag-style (global flags allowed anywhere), run it,
// and turn any failure into kubectl's wording and exit code.
import type { CommandContext } from '../shell/io'
import { FlagError, Flags, parseFlags } from './flags'
import { GLOBAL_FLAGS, Invocation, type KubectlCommand } from './command'
import { renderError } from './errors'
import { AbortedError } from './client'
import { ResourceTypeError } from './discovery'
import { UsageError } from './targets'
import { PathError } from './manifests'
import { ConfigError } from './kubeconfig'
import { commandHelp, rootHelp, rootUsage, optionsHelp } from './help'
import { COMMANDS } from './commands/table'

export { COMMANDS }

/** Every real kubectl command, in kubectl's own order: used for "Did you mean this?" suggestions. */
const REAL_COMMANDS = ['create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec',
  'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label',
  'annotate', 'completion', 'api-resources', 'api-versions', 'config', 'plugin', 'version', 'options']

function findCommand(name: string): KubectlCommand | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name))
}

/** Index of the first argument that is not a flag or a global flag's value (cobra's stripFlags). */
function commandIndex(argv: string[]): number {
  // Like cobra, any flag before the command that is not a known bool and has no `=` swallows the next word.
  const bools = new Set(['--help', '-h'])
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1
    if (!a.startsWith('-') || a === '-') return i
    if (a.includes('=') || bools.has(a)) continue
    if (a.startsWith('--') || a.length === 2) i++
  }
  return -1
}

/** The first word of `argv` that is not a flag or a flag's value, if it names one of `cmd`'s subcommands. */
function subcommandOf(argv: string[], cmd: KubectlCommand): string | undefined {
  const bools = new Set<string>()
  for (const d of [...cmd.flags, ...GLOBAL_FLAGS]) {
    if (d.type !== 'bool') continue
    bools.add(`--${d.name}`)
    if (d.short) bools.add(`-${d.short}`)
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') return undefined
    if (!a.startsWith('-') || a === '-') return Object.hasOwn(cmd.subcommands ?? {}, a) ? a : undefined
    if (a.includes('=') || bools.has(a)) continue
    if (a.startsWith('--') || a.length === 2) i++
  }
  return undefined
}

function levenshtein(a: string, b: string): number {
  a = a.toLowerCase()
  b = b.toLowerCase()
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
  return d[a.length][b.length]
}

export async function runKubectl(argv: string[], ctx: CommandContext): Promise<number> {
  const err = (s: string) => ctx.stderr.write(s)
  const ci = commandIndex(argv)
  if (ci < 0) {
    // Only global flags: validate them like cobra does for the root command, then print help.
    try {
      const p = parseFlags(argv, GLOBAL_FLAGS)
      void p
    } catch (e) {
      if (e instanceof FlagError) { err(`Error: ${e.message}\nSee 'kubectl --help' for usage.\n`); return 1 }
      throw e
    }
    ctx.stdout.write(rootHelp(COMMANDS))
    return 0
  }
  const name = argv[ci]
  const rest = [...argv.slice(0, ci), ...argv.slice(ci + 1)]
  if (name === 'help') {
    const target = rest.find((a) => !a.startsWith('-'))
    const c = target ? findCommand(target) : undefined
    if (target && !c) ctx.stderr.write(`Unknown help topic [\`${target}\`]\n\n\n${rootUsage(COMMANDS)}`)
    else ctx.stdout.write(c ? commandHelp(c) : rootHelp(COMMANDS))
    return 0
  }
  if (name === 'options') {
    ctx.stdout.write(optionsHelp(GLOBAL_FLAGS))
    return 0
  }
  const cmd = findCommand(name)
  if (!cmd) {
    if (REAL_COMMANDS.includes(name)) {
      err(`error: "kubectl ${name}" is not available in Ordinal's kubectl yet\n`)
      return 1
    }
    const suggestions = REAL_COMMANDS.filter((c) => levenshtein(name, c) <= 2 || c.startsWith(name.toLowerCase()))
    let msg = `Error: unknown command "${name}" for "kubectl"\n`
    if (suggestions.length) msg += `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}\n`
    err(msg)
    return 1
  }
  let flags: Flags
  // A subcommand word (found like cobra finds it, before flags are parsed) narrows the accepted flags.
  const sub = cmd.subcommands ? subcommandOf(rest, cmd) : undefined
  const defs = sub ? cmd.flags.filter((d) => cmd.subcommands![sub].includes(d.name)) : cmd.flags
  try {
    flags = new Flags(parseFlags(rest, [...defs, ...GLOBAL_FLAGS]))
  } catch (e) {
    if (e instanceof FlagError) { err(`Error: ${e.message}\nSee 'kubectl ${sub ? `${cmd.name} ${sub}` : cmd.name} --help' for usage.\n`); return 1 }
    throw e
  }
  if (flags.bool('help')) {
    ctx.stdout.write(commandHelp(cmd))
    return 0
  }
  const inv = new Invocation(ctx, cmd, flags)
  try {
    return await cmd.run(inv)
  } catch (e) {
    if (e instanceof AbortedError || ctx.signal.aborted) return 130
    if (e instanceof ResourceTypeError || e instanceof UsageError || e instanceof PathError || e instanceof ConfigError) {
      err(`error: ${e.message}\n`)
      return 1
    }
    const r = renderError(e)
    err(r.text)
    return r.code
  }
}
