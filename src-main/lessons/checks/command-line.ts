// Parse a command line from the command log into simple commands, and a kubectl argv into a normalized shape
// (aliases resolved: sts = statefulset = statefulsets; -w = --watch; -l = --selector; -it = -i -t).
// Our own small word splitter: quotes, backslashes, and the operators | ; && || & between commands.

export function splitCommands(line: string): string[][] {
  const out: string[][] = []
  let words: string[] = []
  let word = ''
  let inWord = false
  const endWord = () => {
    if (inWord) words.push(word)
    word = ''
    inWord = false
  }
  const endCmd = () => {
    endWord()
    if (words.length) out.push(words)
    words = []
  }
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === "'") {
      const j = line.indexOf("'", i + 1)
      word += j < 0 ? line.slice(i + 1) : line.slice(i + 1, j)
      inWord = true
      i = j < 0 ? line.length : j
    } else if (c === '"') {
      i++
      for (; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) i++
        word += line[i]
      }
      inWord = true
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i]
      inWord = true
    } else if (c === ' ' || c === '\t' || c === '\n') endWord()
    else if (c === '#' && !inWord) break
    else if (c === '|' || c === ';' || c === '&') {
      endCmd()
      if ((c === '|' || c === '&') && line[i + 1] === c) i++
    } else {
      word += c
      inWord = true
    }
  }
  endCmd()
  // Strip leading VAR=value assignments and `sudo`/`time`/`command` wrappers.
  return out.map((w) => {
    let k = 0
    while (k < w.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[k])) k++
    while (k < w.length && ['sudo', 'time', 'command', 'exec'].includes(w[k])) k++
    return w.slice(k)
  })
}

const RESOURCE_ALIASES: Record<string, string> = {}
function alias(canonical: string, ...names: string[]) {
  for (const n of [canonical, ...names]) RESOURCE_ALIASES[n] = canonical
}
alias('statefulsets', 'statefulset', 'sts', 'statefulsets.apps', 'statefulset.apps')
alias('services', 'service', 'svc')
alias('pods', 'pod', 'po')
alias('persistentvolumeclaims', 'persistentvolumeclaim', 'pvc')
alias('persistentvolumes', 'persistentvolume', 'pv')
alias('deployments', 'deployment', 'deploy', 'deployments.apps', 'deployment.apps')
alias('replicasets', 'replicaset', 'rs')
alias('endpoints', 'endpoint', 'ep')
alias('endpointslices', 'endpointslice')
alias('namespaces', 'namespace', 'ns')
alias('nodes', 'node', 'no')
alias('events', 'event', 'ev')
alias('configmaps', 'configmap', 'cm')
alias('secrets', 'secret')
alias('storageclasses', 'storageclass', 'sc')
alias('controllerrevisions', 'controllerrevision')
alias('serviceaccounts', 'serviceaccount', 'sa')
alias('all')

export function normalizeResource(r: string): string {
  const k = r.toLowerCase()
  return RESOURCE_ALIASES[k] ?? k
}

// Flags: canonical long name, whether it takes a value, short forms.
const FLAG_DEFS: { name: string; value: boolean; short?: string; aliases?: string[] }[] = [
  { name: 'watch', value: false, short: 'w' },
  { name: 'watch-only', value: false },
  { name: 'selector', value: true, short: 'l' },
  { name: 'filename', value: true, short: 'f' },
  { name: 'namespace', value: true, short: 'n' },
  { name: 'output', value: true, short: 'o' },
  { name: 'stdin', value: false, short: 'i' },
  { name: 'tty', value: false, short: 't' },
  { name: 'all-namespaces', value: false, short: 'A' },
  { name: 'container', value: true, short: 'c' },
  { name: 'patch', value: true, short: 'p' },
  { name: 'recursive', value: false, short: 'R' },
  { name: 'image', value: true },
  { name: 'restart', value: true },
  { name: 'rm', value: false },
  { name: 'replicas', value: true },
  { name: 'port', value: true },
  { name: 'tcp', value: true },
  { name: 'type', value: true },
  { name: 'cascade', value: true },
  { name: 'grace-period', value: true },
  { name: 'force', value: false },
  { name: 'show-labels', value: false },
  { name: 'context', value: true },
  { name: 'kubeconfig', value: true },
  { name: 'field-selector', value: true },
  { name: 'dry-run', value: true },
  { name: 'timeout', value: true },
  { name: 'for', value: true },
  { name: 'follow', value: false },
  { name: 'tail', value: true },
  { name: 'previous', value: false },
  // Value-taking flags a learner may write with a space (`-L app`, `--sort-by .metadata.name`): without them here the
  // value would be taken for a resource name.
  { name: 'label-columns', value: true, short: 'L' },
  { name: 'kustomize', value: true, short: 'k' },
  { name: 'server', value: true, short: 's' },
  { name: 'v', value: true, short: 'v' },
  { name: 'sort-by', value: true },
  { name: 'template', value: true },
  { name: 'chunk-size', value: true },
  { name: 'user', value: true },
  { name: 'cluster', value: true },
  { name: 'token', value: true },
  { name: 'request-timeout', value: true },
  { name: 'since', value: true },
  { name: 'since-time', value: true },
  { name: 'limit-bytes', value: true },
  { name: 'max-log-requests', value: true },
  { name: 'to-revision', value: true },
  { name: 'revision', value: true },
  { name: 'overrides', value: true },
  { name: 'env', value: true },
  { name: 'labels', value: true },
  { name: 'annotations', value: true },
  { name: 'serviceaccount', value: true },
  { name: 'field-manager', value: true },
  { name: 'pod-running-timeout', value: true },
  { name: 'target-port', value: true },
  { name: 'protocol', value: true },
  { name: 'name', value: true },
  { name: 'min', value: true },
  { name: 'max', value: true },
  { name: 'current-replicas', value: true },
  { name: 'resource-version', value: true },
  { name: 'subresource', value: true },
  { name: 'all-containers', value: false },
  { name: 'quiet', value: false, short: 'q' },
]
const BY_LONG = new Map(FLAG_DEFS.map((d) => [d.name, d]))
const BY_SHORT = new Map(FLAG_DEFS.filter((d) => d.short).map((d) => [d.short!, d]))

export interface KubectlCommand {
  verb: string // 'get', 'create', 'run', 'rollout status'…
  resources: string[] // normalized plurals; [] when the verb takes none
  names: string[]
  flags: Record<string, string | boolean>
  args: string[] // after `--` or the container command of `kubectl run NAME CMD…`
}

const RESOURCE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'scale', 'patch', 'explain', 'expose', 'wait', 'set', 'autoscale'])
const NAME_VERBS = new Set(['run', 'exec', 'logs', 'attach', 'port-forward', 'cp'])
const CREATE_KINDS = new Set(['deployment', 'service', 'configmap', 'secret', 'namespace', 'job', 'cronjob', 'serviceaccount', 'role', 'rolebinding', 'clusterrole', 'clusterrolebinding', 'quota', 'ingress', 'poddisruptionbudget', 'priorityclass'])

/** Parse argv (without the leading `kubectl`). Returns null for an empty command line. */
export function parseKubectl(argv: string[]): KubectlCommand | null {
  const flags: Record<string, string | boolean> = {}
  const pos: string[] = []
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      args.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      const def = BY_LONG.get(name)
      if (eq >= 0) flags[name] = def && !def.value ? a.slice(eq + 1) !== 'false' : a.slice(eq + 1)
      else if (def?.value && i + 1 < argv.length) flags[name] = argv[++i]
      else flags[name] = true
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      // Short flags: -it, -w, -lapp=nginx, -l app=nginx, -n=default
      for (let j = 1; j < a.length; j++) {
        // -p is --previous (no value) for logs, --patch (a value) elsewhere.
        const def = a[j] === 'p' && pos[0] === 'logs' ? BY_LONG.get('previous') : BY_SHORT.get(a[j])
        const name = def?.name ?? a[j]
        if (def?.value) {
          const rest = a.slice(j + 1).replace(/^=/, '')
          flags[name] = rest || (i + 1 < argv.length ? argv[++i] : '')
          break
        }
        flags[name] = true
      }
    } else if (pos.length >= 2 && pos[0] === 'run') {
      // `kubectl run NAME --image=x CMD ARGS…`: everything after the command starts is the container's argv.
      args.push(...argv.slice(i))
      break
    } else pos.push(a)
  }
  if (!pos.length) return Object.keys(flags).length ? { verb: '', resources: [], names: [], flags, args } : null
  let verb = pos[0]
  let rest = pos.slice(1)
  if ((verb === 'rollout' || verb === 'config' || verb === 'auth') && rest.length) {
    verb = `${verb} ${rest[0]}`
    rest = rest.slice(1)
  }
  let resources: string[] = []
  let names: string[] = []
  const takesResource = RESOURCE_VERBS.has(verb) || verb.startsWith('rollout ') || (verb === 'create' && rest.length > 0 && CREATE_KINDS.has(rest[0]))
  if (takesResource && rest.length) {
    const first = rest[0]
    if (first.includes('/')) {
      // kind/name forms: `kubectl get pod/web-0 svc/nginx`
      for (const r of rest) {
        const [kind, name] = r.split('/', 2)
        if (!resources.includes(normalizeResource(kind))) resources.push(normalizeResource(kind))
        if (name) names.push(name)
      }
    } else {
      resources = first.split(',').filter(Boolean).map(normalizeResource)
      names = rest.slice(1)
      if (verb === 'create' && first === 'service' && names.length) names = names.slice(1) // create service clusterip NAME
    }
  } else if (NAME_VERBS.has(verb) && rest.length) {
    const [first, ...more] = rest
    if (first.includes('/')) {
      const [kind, name] = first.split('/', 2)
      resources = [normalizeResource(kind)]
      names = [name]
    } else names = [first]
    args.unshift(...more)
  } else names = rest
  return { verb, resources, names, flags, args }
}
