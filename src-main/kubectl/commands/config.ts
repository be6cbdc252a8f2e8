// kubectl config view|current-context|get-contexts|get-clusters|get-users|use-context|set-context|delete-context|
// rename-context: reads and rewrites the kubeconfig file (written back the way kubectl writes it: sorted keys).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { KubectlCommand, Invocation } from '../command'
import { ExitError } from '../errors'
import { TabWriter } from '../tabwriter'
import { toJson, toYaml } from '../yaml-output'
import { parseOutput, OutputError } from '../printers/output-format'
import { renderObjects } from '../printers/render-objects'

interface Named { name: string; [k: string]: any }
interface KubeConfig {
  apiVersion?: string; kind?: string; preferences?: any
  clusters?: Named[] | null; contexts?: Named[] | null; users?: Named[] | null
  'current-context'?: string
  [k: string]: unknown
}

const SUBS: Record<string, string> = {
  'current-context': 'Display the current-context',
  'delete-cluster': 'Delete the specified cluster from the kubeconfig',
  'delete-context': 'Delete the specified context from the kubeconfig',
  'delete-user': 'Delete the specified user from the kubeconfig',
  'get-clusters': 'Display clusters defined in the kubeconfig',
  'get-contexts': 'Describe one or many contexts',
  'get-users': 'Display users defined in the kubeconfig',
  'rename-context': 'Rename a context from the kubeconfig file',
  set: 'Set an individual value in a kubeconfig file',
  'set-cluster': 'Set a cluster entry in kubeconfig',
  'set-context': 'Set a context entry in kubeconfig',
  'set-credentials': 'Set a user entry in kubeconfig',
  unset: 'Unset an individual value in a kubeconfig file',
  'use-context': 'Set the current-context in a kubeconfig file',
  view: 'Display merged kubeconfig settings or a specified kubeconfig file',
}

const CONFIG_HELP = `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.

Available Commands:
${Object.entries(SUBS).map(([n, s]) => `  ${n.padEnd(18)}${s}\n`).join('')}
Usage:
  kubectl config SUBCOMMAND [options]

Use "kubectl config <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`

const USE_CONTEXT_HELP = `Set the current-context in a kubeconfig file.

Aliases:
use-context, use

Examples:
  # Use the context for the minikube cluster
  kubectl config use-context minikube

Usage:
  kubectl config use-context CONTEXT_NAME [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`

export const configCommand: KubectlCommand = {
  name: 'config',
  group: 'Settings Commands',
  summary: 'Modify kubeconfig files',
  usage: 'kubectl config SUBCOMMAND [options]',
  description: 'Show and change the kubeconfig file: which cluster, user and namespace kubectl uses.',
  examples: `  # Which context is in use
  kubectl config current-context

  # Work in the namespace lab by default
  kubectl config set-context --current --namespace=lab`,
  flags: [
    { name: 'minify', type: 'bool', usage: 'view: only what the current context uses.' },
    { name: 'raw', type: 'bool', usage: 'view: show certificates and tokens instead of hiding them.' },
    { name: 'flatten', type: 'bool', usage: 'view: inline referenced files.' },
    { name: 'output', short: 'o', type: 'string', default: '', usage: 'view: yaml, json or jsonpath=…; get-contexts: name.' },
    { name: 'current', type: 'bool', usage: 'set-context: change the current context.' },
    { name: 'cluster', type: 'string', usage: 'set-context: the cluster of the context.' },
    { name: 'user', type: 'string', usage: 'set-context: the user of the context.' },
    { name: 'no-headers', type: 'bool', usage: 'get-contexts: no header line.' },
    { name: 'server', type: 'string', usage: 'set-cluster: the API server URL.' },
    { name: 'certificate-authority', type: 'string', usage: 'set-cluster: path to the CA certificate file.' },
    { name: 'insecure-skip-tls-verify', type: 'bool', usage: 'set-cluster: do not verify the server certificate.' },
    { name: 'tls-server-name', type: 'string', usage: 'set-cluster: server name to check the certificate against.' },
    { name: 'proxy-url', type: 'string', usage: 'set-cluster: proxy URL for this cluster.' },
    { name: 'embed-certs', type: 'bool', usage: 'set-cluster, set-credentials: embed the files\' contents.' },
    { name: 'token', type: 'string', usage: 'set-credentials: bearer token.' },
    { name: 'username', type: 'string', usage: 'set-credentials: basic auth user name.' },
    { name: 'password', type: 'string', usage: 'set-credentials: basic auth password.' },
    { name: 'client-certificate', type: 'string', usage: 'set-credentials: path to the client certificate file.' },
    { name: 'client-key', type: 'string', usage: 'set-credentials: path to the client key file.' },
    { name: 'set-raw-bytes', type: 'bool', usage: 'set: write the value as raw bytes.' },
  ],
  // Each subcommand's own flags (the global ones are always accepted), as kubectl declares them.
  subcommands: {
    view: ['minify', 'raw', 'flatten', 'output'],
    'current-context': [],
    'get-contexts': ['output', 'no-headers'],
    'get-clusters': [],
    'get-users': [],
    'use-context': [],
    use: [],
    'set-context': ['current', 'cluster', 'user'],
    'delete-context': [],
    'rename-context': [],
    'set-cluster': ['server', 'certificate-authority', 'insecure-skip-tls-verify', 'tls-server-name', 'proxy-url', 'embed-certs'],
    'set-credentials': ['token', 'username', 'password', 'client-certificate', 'client-key', 'embed-certs'],
    set: ['set-raw-bytes'],
    unset: [],
    'delete-cluster': [],
    'delete-user': [],
  },
  run: runConfig,
}

/** The file to read and write, as client-go picks it. */
function configPath(inv: Invocation): string {
  const flag = inv.flags.str('kubeconfig')
  if (flag) return flag
  const env = inv.ctx.env.get('KUBECONFIG')
  if (env) {
    const paths = env.split(':').filter(Boolean)
    return paths.find((p) => existsSync(p)) ?? paths[paths.length - 1]
  }
  return `${inv.ctx.env.get('HOME') ?? ''}/.kube/config`
}

function load(path: string): KubeConfig {
  if (!existsSync(path)) return {}
  return (parse(readFileSync(path, 'utf8')) as KubeConfig) ?? {}
}

/** kubectl writes the whole file back: lists sorted by name, keys sorted, empty lists as null. */
function save(path: string, cfg: KubeConfig): void {
  writeFileSync(path, toYaml(normalized(cfg)), { mode: 0o600 })
}

function normalized(cfg: KubeConfig): KubeConfig {
  const byName = (l: Named[] | null | undefined) => (l && l.length ? [...l].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : null)
  return {
    apiVersion: cfg.apiVersion ?? 'v1',
    clusters: byName(cfg.clusters),
    contexts: byName(cfg.contexts),
    'current-context': cfg['current-context'] ?? '',
    kind: cfg.kind ?? 'Config',
    preferences: cfg.preferences ?? {},
    users: byName(cfg.users),
  }
}

function redact(cfg: KubeConfig): KubeConfig {
  const clone: KubeConfig = JSON.parse(JSON.stringify(cfg))
  for (const c of clone.clusters ?? []) {
    if (c.cluster?.['certificate-authority-data']) c.cluster['certificate-authority-data'] = 'DATA+OMITTED'
  }
  for (const u of clone.users ?? []) {
    const user = u.user ?? {}
    for (const k of ['client-certificate-data', 'client-key-data']) if (user[k]) user[k] = 'DATA+OMITTED'
    for (const k of ['token', 'password']) if (user[k]) user[k] = 'REDACTED'
  }
  return clone
}

async function runConfig(inv: Invocation): Promise<number> {
  const [sub, ...args] = inv.args
  // kubectl prints the group's help on stderr here (cobra's default for a command without Run), exit 1.
  if (!sub) { inv.err(CONFIG_HELP); return 1 }
  const path = configPath(inv)
  const cfg = load(path)
  const contexts = cfg.contexts ?? []
  const current = inv.flags.str('context') || cfg['current-context'] || ''
  switch (sub) {
    case 'view': {
      let view = normalized(cfg)
      if (inv.flags.bool('minify')) {
        if (!current) throw new ExitError('error: current-context must exist in order to minify')
        const ctx = contexts.find((c) => c.name === current)
        if (!ctx) throw new ExitError(`error: cannot locate context ${current}`)
        view = normalized({
          ...cfg, 'current-context': current, contexts: [ctx],
          clusters: (cfg.clusters ?? []).filter((c) => c.name === ctx.context?.cluster),
          users: (cfg.users ?? []).filter((u) => u.name === ctx.context?.user),
        })
      }
      if (!inv.flags.bool('raw')) view = redact(view)
      const o = inv.flags.str('output') || 'yaml'
      const format = o.split('=')[0]
      if (!['json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'yaml'].includes(format)) {
        throw new ExitError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml`)
      }
      let spec
      try {
        spec = parseOutput(inv.ctx, o, '')
      } catch (e) {
        if (e instanceof OutputError) throw new ExitError(`error: ${e.message}`)
        throw e
      }
      if (spec.kind === 'yaml') inv.out(toYaml(view))
      else if (spec.kind === 'json') inv.out(toJson(view))
      else inv.out(renderObjects(spec, [view], true))
      return 0
    }
    case 'current-context': {
      if (!cfg['current-context']) throw new ExitError('error: current-context is not set')
      inv.out(`${cfg['current-context']}\n`)
      return 0
    }
    case 'get-contexts': {
      const nameOnly = inv.flags.str('output') === 'name'
      if (inv.flags.str('output') && !nameOnly) throw new ExitError(`error: output must be one of '' or 'name': ${inv.flags.str('output')}`)
      const wanted = args.length ? args : contexts.map((c) => c.name).sort()
      const rows: string[][] = []
      const missing: string[] = []
      for (const n of wanted) {
        const c = contexts.find((x) => x.name === n)
        if (!c) { missing.push(n); continue }
        if (nameOnly) rows.push([n])
        else rows.push([n === cfg['current-context'] ? '*' : '', n, c.context?.cluster ?? '', c.context?.user ?? '', c.context?.namespace ?? ''])
      }
      if (nameOnly) inv.out(rows.map((r) => `${r[0]}\n`).join(''))
      else {
        const header = inv.flags.bool('no-headers') ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']]
        inv.out(new TabWriter().format([...header, ...rows]))
      }
      if (missing.length) throw new ExitError(missing.map((m) => `error: context ${m} not found`).join('\n'))
      return 0
    }
    case 'get-clusters':
      inv.out(['NAME', ...(cfg.clusters ?? []).map((c) => c.name)].map((s) => `${s}\n`).join(''))
      return 0
    case 'get-users':
      inv.out(['NAME', ...(cfg.users ?? []).map((c) => c.name)].map((s) => `${s}\n`).join(''))
      return 0
    case 'use-context': case 'use': {
      if (args.length !== 1) {
        inv.out(USE_CONTEXT_HELP)
        throw new ExitError(`error: Unexpected args: [${args.join(' ')}]`)
      }
      if (!contexts.some((c) => c.name === args[0])) throw new ExitError(`error: no context exists with the name: "${args[0]}"`)
      cfg['current-context'] = args[0]
      save(path, cfg)
      inv.out(`Switched to context "${args[0]}".\n`)
      return 0
    }
    case 'set-context': {
      let name = args[0] ?? ''
      if (inv.flags.bool('current')) {
        if (name) throw new ExitError('error: you cannot specify both a context name and --current')
        name = cfg['current-context'] ?? ''
        if (!name) throw new ExitError('error: no current context is set')
      }
      if (!name) throw new ExitError('error: you must specify a non-empty context name or --current')
      const list = [...contexts]
      let entry = list.find((c) => c.name === name)
      const created = !entry
      if (!entry) { entry = { name, context: {} }; list.push(entry) }
      entry.context = { ...(entry.context ?? {}) }
      if (inv.flags.changed('namespace')) entry.context.namespace = inv.flags.str('namespace')
      if (inv.flags.changed('cluster')) entry.context.cluster = inv.flags.str('cluster')
      if (inv.flags.changed('user')) entry.context.user = inv.flags.str('user')
      for (const k of Object.keys(entry.context)) if (entry.context[k] === '') delete entry.context[k]
      cfg.contexts = list
      save(path, cfg)
      inv.out(`Context "${name}" ${created ? 'created' : 'modified'}.\n`)
      return 0
    }
    case 'delete-context': {
      if (args.length !== 1) throw new ExitError(`error: Unexpected args: [${args.join(' ')}]`)
      if (!contexts.some((c) => c.name === args[0])) throw new ExitError(`error: cannot delete context ${args[0]}, not in ${path}`)
      if (cfg['current-context'] === args[0]) inv.err('warning: this removed your active context, use "kubectl config use-context" to select a different one\n')
      cfg.contexts = contexts.filter((c) => c.name !== args[0])
      save(path, cfg)
      inv.out(`deleted context ${args[0]} from ${path}\n`)
      return 0
    }
    case 'rename-context': {
      if (args.length !== 2) throw new ExitError(`error: Unexpected args: [${args.join(' ')}]`)
      const [from, to] = args
      const c = contexts.find((x) => x.name === from)
      if (!c) throw new ExitError(`error: cannot rename the context "${from}", it's not in ${path}`)
      if (contexts.some((x) => x.name === to)) throw new ExitError(`error: cannot rename the context "${from}", the context "${to}" already exists in ${path}`)
      c.name = to
      if (cfg['current-context'] === from) cfg['current-context'] = to
      save(path, cfg)
      inv.out(`Context "${from}" renamed to "${to}".\n`)
      return 0
    }
    case 'set-cluster': case 'set-credentials': {
      const isCluster = sub === 'set-cluster'
      if (args.length !== 1 || !args[0]) throw new ExitError(`error: Unexpected args: [${args.join(' ')}]`)
      const key = isCluster ? 'clusters' : 'users'
      const field = isCluster ? 'cluster' : 'user'
      const list = [...(cfg[key] ?? [])]
      let entry = list.find((c) => c.name === args[0])
      if (!entry) { entry = { name: args[0], [field]: {} }; list.push(entry) }
      const body: Record<string, unknown> = { ...(entry[field] ?? {}) }
      const names = isCluster
        ? ['server', 'certificate-authority', 'insecure-skip-tls-verify', 'tls-server-name', 'proxy-url']
        : ['token', 'username', 'password', 'client-certificate', 'client-key']
      for (const n of names) {
        if (!inv.flags.changed(n)) continue
        body[n] = n === 'insecure-skip-tls-verify' ? inv.flags.bool(n) : inv.flags.str(n)
      }
      entry[field] = body
      cfg[key] = list
      save(path, cfg)
      inv.out(`${isCluster ? 'Cluster' : 'User'} "${args[0]}" set.\n`)
      return 0
    }
    case 'set': case 'unset': {
      const want = sub === 'set' ? 2 : 1
      if (args.length !== want) throw new ExitError(`error: Unexpected args: [${args.join(' ')}]`)
      setProperty(cfg, args[0], sub === 'set' ? args[1] : undefined)
      save(path, cfg)
      inv.out(`Property "${args[0]}" ${sub}.\n`)
      return 0
    }
    case 'delete-cluster': case 'delete-user': {
      const what = sub === 'delete-cluster' ? 'cluster' : 'user'
      const key = sub === 'delete-cluster' ? 'clusters' : 'users'
      if (args.length !== 1) throw new ExitError(`error: Unexpected args: [${args.join(' ')}]`)
      const list = cfg[key] ?? []
      if (!list.some((c) => c.name === args[0])) throw new ExitError(`error: cannot delete ${what} ${args[0]}, not in ${path}`)
      cfg[key] = list.filter((c) => c.name !== args[0])
      save(path, cfg)
      inv.out(`deleted ${what} ${args[0]} from ${path}\n`)
      return 0
    }
    default:
      if (SUBS[sub]) throw new ExitError(`error: "kubectl config ${sub}" is not available in Ordinal's kubectl yet`)
      throw new ExitError(`error: unknown command "${sub}"\nSee 'kubectl config -h' for help and examples`)
  }
}

const BOOL_PROPERTIES = new Set(['insecure-skip-tls-verify', 'embed-certs'])

/**
 * `config set|unset clusters.NAME.server …`: a dotted path into the file, where the first two segments of
 * clusters/users/contexts pick a named entry (created by set when missing).
 */
function setProperty(cfg: KubeConfig, property: string, value: string | undefined): void {
  const parts = property.split('.')
  if (parts.some((p) => p === '')) throw new ExitError(`error: can't set a map to a value: ${property}`)
  let target: Record<string, any> = cfg
  let i = 0
  const field: Record<string, string> = { clusters: 'cluster', users: 'user', contexts: 'context' }
  if (field[parts[0]] && parts.length > 1) {
    const list: Named[] = [...((cfg[parts[0]] as Named[] | null) ?? [])]
    let entry = list.find((e) => e.name === parts[1])
    if (!entry) {
      if (value === undefined) throw new ExitError(`error: current map key \`${parts[1]}\` is invalid`)
      entry = { name: parts[1], [field[parts[0]]]: {} }
      list.push(entry)
      cfg[parts[0]] = list
    }
    if (parts.length === 2) {
      if (value !== undefined) throw new ExitError(`error: can't set a map to a value: ${property}`)
      cfg[parts[0]] = list.filter((e) => e !== entry)
      return
    }
    entry[field[parts[0]]] = { ...(entry[field[parts[0]]] ?? {}) }
    target = entry[field[parts[0]]]
    i = 2
  }
  for (; i < parts.length - 1; i++) {
    if (target[parts[i]] === undefined || target[parts[i]] === null) {
      if (value === undefined) throw new ExitError(`error: current map key \`${parts[i]}\` is invalid`)
      target[parts[i]] = {}
    }
    target = target[parts[i]]
  }
  const last = parts[parts.length - 1]
  if (value === undefined) {
    if (!(last in target)) throw new ExitError(`error: current map key \`${last}\` is invalid`)
    delete target[last]
    return
  }
  if (BOOL_PROPERTIES.has(last)) {
    const b = ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value) ? true : ['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value) ? false : null
    if (b === null) throw new ExitError(`error: strconv.ParseBool: parsing "${value}": invalid syntax`)
    target[last] = b
  } else target[last] = value
}
