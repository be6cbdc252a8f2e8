// kubectl cluster-info (the control plane URL and every kube-system service labelled as a cluster service) and
// kubectl api-versions (every group/version discovery lists). Colours only on a terminal, as kubectl does.
import type { KubectlCommand, Invocation } from '../command'
import { DISCOVERY_ACCEPT } from '../discovery'
import { ExitError } from '../errors'

const GREEN = '\x1b[0;32m'
const YELLOW = '\x1b[0;33m'
const RESET = '\x1b[0m'

export const clusterInfoCommand: KubectlCommand = {
  name: 'cluster-info',
  group: 'Cluster Management Commands',
  summary: 'Display cluster information',
  usage: 'kubectl cluster-info [flags] [options]',
  description: 'Print the address of the control plane and of the services labelled kubernetes.io/cluster-service=true.',
  examples: `  # Where is the API server?
  kubectl cluster-info`,
  flags: [],
  run: runClusterInfo,
}

async function runClusterInfo(inv: Invocation): Promise<number> {
  // kubectl ignores other arguments; only the dump subcommand is a different command.
  if (inv.args[0] === 'dump') throw new ExitError('error: "kubectl cluster-info dump" is not available in Ordinal\'s kubectl yet')
  const color = inv.ctx.tty !== null && !inv.ctx.env.get('NO_COLOR')
  const line = (name: string, url: string) => color
    ? `${GREEN}${name}${RESET} is running at ${YELLOW}${url}${RESET}\n`
    : `${name} is running at ${url}\n`
  const host = inv.config.server
  const list = await inv.client.request('GET', '/api/v1/namespaces/kube-system/services', {
    query: { labelSelector: 'kubernetes.io/cluster-service=true' }, signal: inv.signal,
  })
  let out = line('Kubernetes control plane', host)
  for (const svc of list.items ?? []) {
    let link: string
    const ingress = svc.status?.loadBalancer?.ingress ?? []
    if (ingress.length > 0) {
      const ip = ingress[0].ip || ingress[0].hostname
      link = `http://${ip}${svc.spec?.ports?.[0]?.port ? `:${svc.spec.ports[0].port}` : ''}`
    } else {
      let name = svc.metadata.name
      const port = svc.spec?.ports?.[0]
      if (port) {
        const scheme = port.name === 'https' || port.port === 443 ? 'https' : ''
        name = [scheme, name, port.name ?? ''].filter((x, i) => i === 1 || x).join(':')
      }
      link = `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`
    }
    out += line(svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name, link)
  }
  inv.out(`${out}\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`)
  return 0
}

export const apiVersionsCommand: KubectlCommand = {
  name: 'api-versions',
  group: 'Other Commands',
  summary: 'Print the supported API versions on the server, in the form of "group/version"',
  usage: 'kubectl api-versions [options]',
  description: 'Print every API group/version the server serves, one per line, sorted.',
  examples: `  # Which API versions does the cluster serve?
  kubectl api-versions`,
  flags: [],
  run: async (inv) => {
    const gvs = new Set<string>()
    for (const root of ['/api', '/apis']) {
      const body = await inv.client.request('GET', root, { accept: DISCOVERY_ACCEPT, signal: inv.signal })
      if (body?.kind === 'APIGroupDiscoveryList') {
        for (const g of body.items ?? []) for (const v of g.versions ?? []) gvs.add(g.metadata?.name ? `${g.metadata.name}/${v.version}` : v.version)
      } else if (root === '/api') for (const v of body?.versions ?? []) gvs.add(v)
      else for (const g of body?.groups ?? []) for (const v of g.versions ?? []) gvs.add(v.groupVersion)
    }
    inv.out([...gvs].sort().map((s) => `${s}\n`).join(''))
    return 0
  },
}
