// Help text generated from the command table, laid out like kubectl's (groups, Examples, Options, Usage).
import type { KubectlCommand } from './command'
import type { FlagDef } from './flags'

export function rootHelp(commands: KubectlCommand[]): string {
  let s = 'kubectl talks to a Kubernetes API server: it creates, reads, changes and deletes cluster objects.\n\n'
  s += ' This is Ordinal\'s own kubectl; the commands below behave like kubectl 1.32.\n\n'
  const groups: string[] = []
  for (const c of commands) if (!groups.includes(c.group)) groups.push(c.group)
  const width = Math.max(...commands.map((c) => c.name.length)) + 3
  for (const g of groups) {
    s += `${g}:\n`
    for (const c of commands.filter((x) => x.group === g)) s += `  ${c.name.padEnd(width)}${c.summary}\n`
    s += '\n'
  }
  s += 'Usage:\n  kubectl [flags] [options]\n\n'
  s += 'Use "kubectl <command> --help" for more information about a given command.\n'
  s += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
  return s
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
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((f) => `    ${f.short ? `-${f.short}, ` : ''}--${f.name}=${defaultText(f)}:\n\t${f.usage}\n`)
    .join('\n')
}

export function commandHelp(c: KubectlCommand): string {
  let s = `${c.description ?? c.summary}\n\n`
  if (c.aliases?.length) s += `Aliases:\n${[c.name, ...c.aliases].join(', ')}\n\n`
  if (c.examples) s += `Examples:\n${c.examples}\n\n`
  if (c.flags.length) s += `Options:\n${flagList(c.flags)}\n`
  s += `Usage:\n  ${c.usage}\n\n`
  s += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
  return s
}
