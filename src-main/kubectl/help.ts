// Help text generated from the command table, laid out like kubectl's (cobra's templates): the root lists commands
// under kubectl's groups in kubectl's order; a command's help is its description, Aliases, Examples, Options (its
// own flags, sorted), Usage and the pointer to `kubectl options`. The words are ours; the structure is kubectl's.
import type { KubectlCommand } from './command'
import type { FlagDef } from './flags'

/** kubectl 1.32's command groups and the order of commands in them (the help layout we follow). */
export const KUBECTL_GROUPS: [string, string[]][] = [
  ['Basic Commands (Beginner)', ['create', 'expose', 'run', 'set']],
  ['Basic Commands (Intermediate)', ['explain', 'get', 'edit', 'delete']],
  ['Deploy Commands', ['rollout', 'scale', 'autoscale']],
  ['Cluster Management Commands', ['certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint']],
  ['Troubleshooting and Debugging Commands', ['describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events']],
  ['Advanced Commands', ['diff', 'apply', 'patch', 'replace', 'wait', 'kustomize']],
  ['Settings Commands', ['label', 'annotate', 'completion']],
  ['Subcommands provided by plugins', []],
  ['Other Commands', ['api-resources', 'api-versions', 'config', 'plugin', 'version']],
]

function groupOf(c: KubectlCommand): string {
  return KUBECTL_GROUPS.find(([, names]) => names.includes(c.name))?.[0] ?? c.group
}

/** The part of root help after the introduction (also what `kubectl help <unknown>` prints). */
export function rootUsage(commands: KubectlCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2
  const order = KUBECTL_GROUPS.flatMap(([, names]) => names)
  const rank = (c: KubectlCommand) => (order.includes(c.name) ? order.indexOf(c.name) : order.length)
  const groups = [...KUBECTL_GROUPS.map(([g]) => g)]
  for (const c of commands) if (!groups.includes(groupOf(c))) groups.push(groupOf(c))
  let s = ''
  for (const g of groups) {
    const members = commands.filter((c) => groupOf(c) === g).sort((a, b) => rank(a) - rank(b))
    // kubectl always shows the plugins heading, even with no plugins installed.
    if (members.length === 0 && g !== 'Subcommands provided by plugins') continue
    s += `${g}:\n`
    for (const c of members) s += `  ${c.name.padEnd(width)} ${c.summary}\n`
    s += '\n'
  }
  s += 'Usage:\n  kubectl [flags] [options]\n\n'
  s += 'Use "kubectl <command> --help" for more information about a given command.\n'
  s += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
  return s
}

export function rootHelp(commands: KubectlCommand[]): string {
  return 'kubectl talks to a Kubernetes API server: it reads, creates, changes and deletes the objects of a cluster.\n\n' +
    ' This is Ordinal\'s own kubectl; what it prints follows kubectl 1.32, so what you learn here works on a real cluster.\n\n' +
    rootUsage(commands)
}

function defaultText(f: FlagDef): string {
  if (f.type === 'bool') return String(f.default ?? false)
  if (f.type === 'int') return String(f.default ?? 0)
  if (f.type === 'stringArray') return `[${((f.default as string[]) ?? []).join(',')}]`
  return `'${f.default ?? ''}'`
}

export function flagList(flags: FlagDef[]): string {
  return [...flags]
    .filter((f) => !f.hidden)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `    ${f.short ? `-${f.short}, ` : ''}--${f.name}=${defaultText(f)}:\n\t${f.usage}\n`)
    .join('\n')
}

/** cobra keeps the two-space indent on the blank lines between examples. */
function indentBlankLines(examples: string): string {
  return examples.split('\n').map((l) => (l === '' ? '  ' : l)).join('\n')
}

export function commandHelp(c: KubectlCommand): string {
  let s = `${c.description ?? c.summary}\n\n`
  if (c.aliases?.length) s += `Aliases:\n${[c.name, ...c.aliases].join(', ')}\n\n`
  if (c.examples) s += `Examples:\n${indentBlankLines(c.examples)}\n\n`
  const own = c.flags.filter((f) => !f.hidden)
  if (own.length) s += `Options:\n${flagList(own)}\n`
  s += `Usage:\n  ${c.usage}\n\n`
  s += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
  return s
}

export function optionsHelp(globals: FlagDef[]): string {
  return `The following options can be passed to any command:\n\n${flagList(globals.filter((f) => f.name !== 'help'))}`
}
