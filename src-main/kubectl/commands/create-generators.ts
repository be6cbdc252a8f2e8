// kubectl create deployment|service clusterip|configmap|secret generic|namespace|serviceaccount NAME …: build the
// object the way kubectl's generators do, then print it (--dry-run=client) or POST it (as JSON; kubectl itself
// sends protobuf, which the server also accepts).
import type { Invocation } from '../command'
import type { FlagDef } from '../flags'
import { kindGroup, type ApiResource } from '../discovery'
import { resourcePath } from '../discovery'
import { ExitError, requiredFlagsError } from '../errors'
import { toStructJson } from '../struct-order'
import { toJson, toYaml } from '../yaml-output'
import { dryRunMode, dryRunSuffix, writeQuery, readLocalFile } from './resource-args'
import { stripManaged } from '../printers/render-objects'

export const GENERATOR_FLAGS: FlagDef[] = [
  { name: 'image', type: 'stringArray', usage: 'deployment: the image(s) to run.' },
  { name: 'replicas', short: 'r', type: 'int', default: 1, usage: 'deployment: number of replicas.' },
  { name: 'port', type: 'int', default: -1, usage: 'deployment: the port the container exposes.' },
  { name: 'tcp', type: 'stringArray', usage: 'service: port pairs PORT[:TARGET_PORT].' },
  { name: 'clusterip', type: 'string', usage: 'service clusterip: the address, or None for a headless service.' },
  { name: 'from-literal', type: 'stringArray', usage: 'configmap/secret: a KEY=VALUE entry.' },
  { name: 'from-file', type: 'stringArray', usage: 'configmap/secret: a file whose name is the key and content the value.' },
  { name: 'type', type: 'string', usage: 'secret generic: the Secret type.' },
]

export const GENERATORS = ['deployment', 'deploy', 'service', 'svc', 'configmap', 'cm', 'secret', 'namespace', 'ns', 'serviceaccount', 'sa']

function nameArg(inv: Invocation, rest: string[], sub: string): string {
  if (rest.length !== 1) throw new ExitError(`error: exactly one NAME is required, got ${rest.length}\nSee 'kubectl create ${sub} -h' for help and examples`)
  return rest[0]
}

function literals(inv: Invocation, encode: boolean): Record<string, string> {
  const data: Record<string, string> = {}
  for (const kv of inv.flags.list('from-literal')) {
    const eq = kv.indexOf('=')
    if (eq <= 0) throw new ExitError(`error: invalid literal source ${kv}, expected key=value`)
    const v = kv.slice(eq + 1)
    data[kv.slice(0, eq)] = encode ? Buffer.from(v, 'utf8').toString('base64') : v
  }
  for (const spec of inv.flags.list('from-file')) {
    const eq = spec.indexOf('=')
    const path = eq >= 0 ? spec.slice(eq + 1) : spec
    const key = eq >= 0 ? spec.slice(0, eq) : path.split('/').pop()!
    const text = readLocalFile(inv, path)
    if (text === null) throw new ExitError(`error: error reading ${path}: no such file or directory`)
    data[key] = encode ? Buffer.from(text, 'utf8').toString('base64') : text
  }
  return data
}

function build(inv: Invocation, args: string[]): { obj: any; apiVersion: string; kind: string } {
  const [sub, ...rest] = args
  const f = inv.flags
  switch (sub) {
    case 'deployment': case 'deploy': {
      if (!f.changed('image')) throw requiredFlagsError(['image'])
      const name = nameArg(inv, rest, 'deployment')
      const images = f.list('image')
      const labels = { app: name }
      const containers = images.map((img) => {
        // kubectl names each container after its image's last path segment, without tag or digest.
        const base = img.split('/').pop()!.split('@')[0].split(':')[0]
        const c: any = { image: img, name: base, resources: {} }
        if (f.int('port') >= 0) c.ports = [{ containerPort: f.int('port') }]
        return c
      })
      return {
        apiVersion: 'apps/v1', kind: 'Deployment',
        obj: {
          apiVersion: 'apps/v1', kind: 'Deployment', metadata: { creationTimestamp: null, labels, name },
          spec: { replicas: f.int('replicas'), selector: { matchLabels: labels }, strategy: {}, template: { metadata: { creationTimestamp: null, labels }, spec: { containers } } },
          status: {},
        },
      }
    }
    case 'service': case 'svc': {
      const kind = rest[0]
      if (kind !== 'clusterip') throw new ExitError(kind ? `error: unknown command "${kind}"\nSee 'kubectl create service -h' for help and examples` : "error: must specify a service type: clusterip\nSee 'kubectl create service -h' for help and examples")
      const name = nameArg(inv, rest.slice(1), 'service clusterip')
      const tcp = f.list('tcp')
      const headless = f.str('clusterip') === 'None'
      if (tcp.length === 0 && !headless) throw new ExitError('error: at least one tcp port specifier must be provided')
      const ports = tcp.map((t) => {
        const [p, target] = t.split(':')
        const port = Number(p)
        const tp = target === undefined ? port : /^\d+$/.test(target) ? Number(target) : target
        return { name: `${p}-${target ?? p}`, port, protocol: 'TCP', targetPort: tp }
      })
      const spec: any = { ports, selector: { app: name }, type: 'ClusterIP' }
      if (f.str('clusterip')) spec.clusterIP = f.str('clusterip')
      if (ports.length === 0) delete spec.ports
      return { apiVersion: 'v1', kind: 'Service', obj: { apiVersion: 'v1', kind: 'Service', metadata: { creationTimestamp: null, labels: { app: name }, name }, spec, status: { loadBalancer: {} } } }
    }
    case 'configmap': case 'cm': {
      const name = nameArg(inv, rest, 'configmap')
      const data = literals(inv, false)
      const obj: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { creationTimestamp: null, name } }
      if (Object.keys(data).length) obj.data = data
      return { apiVersion: 'v1', kind: 'ConfigMap', obj }
    }
    case 'secret': {
      if (rest[0] !== 'generic') throw new ExitError(rest[0] ? `error: unknown command "${rest[0]}"\nSee 'kubectl create secret -h' for help and examples` : "error: must specify a secret type: generic\nSee 'kubectl create secret -h' for help and examples")
      const name = nameArg(inv, rest.slice(1), 'secret generic')
      const data = literals(inv, true)
      const obj: any = { apiVersion: 'v1', kind: 'Secret', metadata: { creationTimestamp: null, name } }
      if (Object.keys(data).length) obj.data = data
      if (f.str('type')) obj.type = f.str('type')
      return { apiVersion: 'v1', kind: 'Secret', obj }
    }
    case 'namespace': case 'ns': {
      const name = nameArg(inv, rest, 'namespace')
      return { apiVersion: 'v1', kind: 'Namespace', obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null, name }, spec: {}, status: {} } }
    }
    default: { // serviceaccount, sa
      const name = nameArg(inv, rest, 'serviceaccount')
      return { apiVersion: 'v1', kind: 'ServiceAccount', obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { creationTimestamp: null, name } } }
    }
  }
}

export async function runCreateGenerator(inv: Invocation): Promise<number> {
  const mode = dryRunMode(inv)
  const output = inv.flags.str('output')
  if (output && !['yaml', 'json', 'name'].includes(output)) {
    throw new ExitError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`)
  }
  const { obj, apiVersion, kind } = build(inv, inv.args)
  let result = obj
  let r: ApiResource | null
  if (mode === 'client') {
    const [group] = apiVersion.includes('/') ? apiVersion.split('/') : ['']
    r = { group, version: '', resource: '', kind, namespaced: false, singular: '', shortNames: [], verbs: [], subresources: [], preferred: true }
    if (inv.explicitNamespace && kind !== 'Namespace') obj.metadata.namespace = inv.namespace
  } else {
    r = await inv.discovery.forKind(apiVersion, kind)
    if (!r) throw new ExitError(`error: the server doesn't have a resource type "${kind.toLowerCase()}s"`)
    const ns = r.namespaced ? inv.namespace : null
    if (ns) obj.metadata.namespace = ns
    result = await inv.client.request('POST', resourcePath(r, ns), { body: obj, query: writeQuery(mode, 'kubectl-create'), signal: inv.signal })
  }
  if (output === 'yaml') inv.out(toYaml(stripManaged(result)))
  else if (output === 'json') inv.out(mode === 'client' ? toStructJson(result) : toJson(stripManaged(result)))
  else if (output === 'name') inv.out(`${kindGroup(r)}/${obj.metadata.name}\n`)
  else inv.out(`${kindGroup(r)}/${obj.metadata.name} created${dryRunSuffix(mode)}\n`)
  return 0
}
