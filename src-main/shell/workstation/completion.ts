// Tab completion for the workstation: command names, files, and kubectl verbs, flags, resource types and live names.
import type { Fs } from '../io'
import { resolvePath } from '../path'

export interface KubectlVerb {
  name: string
  aliases?: string[]
  flags: { name: string; short?: string }[]
}

export interface CompletionDeps {
  fs: Fs
  cwd(): string
  home(): string
  commands(): string[]
  /** `-x`/`--xx` flags of a table command, for `ls -<Tab>`. */
  commandFlags?(name: string): string[]
  kubectlVerbs?: KubectlVerb[]
  /** Names of live objects of a resource type (`pods`, `statefulsets`…), in the current namespace. */
  listNames?(type: string): Promise<string[]>
}

const FALLBACK_VERBS = ['annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'cluster-info', 'config', 'cp', 'create', 'delete', 'describe',
  'diff', 'edit', 'events', 'exec', 'explain', 'expose', 'get', 'label', 'logs', 'patch', 'port-forward', 'replace', 'rollout', 'run', 'scale', 'set',
  'top', 'version', 'wait']
const GLOBAL_FLAGS = ['--namespace', '--kubeconfig', '--context', '--help', '--all-namespaces', '--output', '--selector', '--watch', '--filename']
const TYPES = ['all', 'configmaps', 'controllerrevisions', 'deployments', 'endpoints', 'events', 'namespaces', 'nodes', 'persistentvolumeclaims',
  'persistentvolumes', 'pods', 'replicasets', 'serviceaccounts', 'services', 'statefulsets', 'storageclasses',
  'cm', 'deploy', 'ep', 'ev', 'ns', 'no', 'po', 'pv', 'pvc', 'rs', 'sa', 'sc', 'sts', 'svc']
/** Verbs whose first operand is a pod name rather than a type. */
const POD_VERBS = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp'])
const ROLLOUT = ['history', 'pause', 'restart', 'resume', 'status', 'undo']

export function createCompleter(deps: CompletionDeps): (line: string, cursor: number) => Promise<{ replaceFrom: number; candidates: string[] }> {
  return async (line, cursor) => {
    const before = line.slice(0, cursor)
    const m = /[^\s|;&<>]*$/.exec(before)!
    const word = m[0]
    const replaceFrom = cursor - word.length
    const segment = before.slice(0, replaceFrom).split(/\|\||&&|[|;&]/).pop()!
    const tokens = segment.trim() === '' ? [] : segment.trim().split(/\s+/)
    const prev = tokens[tokens.length - 1] ?? ''
    const filter = (xs: string[]) => xs.filter((x) => x.startsWith(word))
    if (tokens.length === 0 && !word.includes('/')) return { replaceFrom, candidates: filter(deps.commands()) }
    if (/[<>]$/.test(before.slice(0, replaceFrom).trimEnd())) return { replaceFrom, candidates: files(deps, word) }
    if (tokens[0] === 'kubectl') return { replaceFrom, candidates: await kubectl(deps, tokens.slice(1), prev, word) }
    if (tokens[0] === 'help' || tokens[0] === 'which' || tokens[0] === 'type') return { replaceFrom, candidates: filter(deps.commands()) }
    if (word.startsWith('-') && deps.commandFlags) return { replaceFrom, candidates: filter(deps.commandFlags(tokens[0]!)) }
    if (tokens[0] === 'watch' && tokens.length === 1 && !word.includes('/')) return { replaceFrom, candidates: filter(deps.commands()) }
    if (tokens[0] === 'watch' && tokens[1] === 'kubectl') return { replaceFrom, candidates: await kubectl(deps, tokens.slice(2), prev, word) }
    return { replaceFrom, candidates: files(deps, word) }
  }
}

function files(deps: CompletionDeps, word: string): string[] {
  const slash = word.lastIndexOf('/')
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : ''
  const base = word.slice(slash + 1)
  const dirPath = resolvePath(deps.cwd(), (dirPart.startsWith('~/') ? deps.home() + dirPart.slice(1) : dirPart) || '.')
  try {
    return deps.fs
      .readdir(dirPath)
      .filter((n) => n.startsWith(base) && (base.startsWith('.') || !n.startsWith('.')))
      .map((n) => dirPart + n + (deps.fs.stat(`${dirPath}/${n}`)?.type === 'dir' ? '/' : ''))
  } catch {
    return []
  }
}

async function kubectl(deps: CompletionDeps, args: string[], prev: string, word: string): Promise<string[]> {
  const verbs = deps.kubectlVerbs
  const filter = (xs: string[]) => [...new Set(xs)].filter((x) => x.startsWith(word))
  const names = async (type: string) => {
    try {
      return (await deps.listNames?.(type)) ?? []
    } catch {
      return []
    }
  }
  if (prev === '-f' || prev === '--filename') return files(deps, word)
  if (prev === '-n' || prev === '--namespace') return filter(await names('namespaces'))
  if (prev === '-o' || prev === '--output') return filter(['json', 'yaml', 'wide', 'name', 'jsonpath=', 'custom-columns='])
  const positional = args.filter((a, i) => !a.startsWith('-') && !['-n', '--namespace', '-o', '--output', '-f', '--filename', '-l', '--selector', '-c', '--container'].includes(args[i - 1] ?? ''))
  const verb = positional[0]
  if (word.startsWith('-')) {
    const row = verbs?.find((v) => v.name === verb || v.aliases?.includes(verb ?? ''))
    const flags = row ? row.flags.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]) : []
    return filter([...flags, ...GLOBAL_FLAGS])
  }
  if (!verb) return filter(verbs?.length ? verbs.map((v) => v.name).concat(FALLBACK_VERBS) : FALLBACK_VERBS)
  if (verb === 'apply' || verb === 'create' || verb === 'replace') return files(deps, word)
  if (verb === 'rollout' && positional.length === 1) return filter(ROLLOUT)
  const rest = positional.slice(verb === 'rollout' ? 2 : 1)
  if (POD_VERBS.has(verb)) return rest.length === 0 ? filter(await names('pods')) : []
  if (rest.length === 0) {
    const slash = word.indexOf('/')
    if (slash > 0) {
      const type = word.slice(0, slash)
      return filter((await names(type)).map((n) => `${type}/${n}`))
    }
    return filter(TYPES)
  }
  if (rest[0]!.includes('/')) return []
  return filter(await names(rest[0]!.split(',')[0]!))
}
