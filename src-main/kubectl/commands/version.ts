// kubectl version: client version (and the server's from GET /version unless --client).
import type { KubectlCommand, Invocation } from '../command'
import { toJson, toYaml } from '../yaml-output'
import { ExitError } from '../errors'

export const CLIENT_VERSION = {
  major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: 'ordinal', gitTreeState: 'clean',
  buildDate: '2025-04-22T00:00:00Z', goVersion: 'go1.23.8', compiler: 'gc', platform: 'linux/amd64',
}
const KUSTOMIZE = 'v5.5.0'

export const versionCommand: KubectlCommand = {
  name: 'version',
  group: 'Other Commands',
  summary: 'Print the client and server version information',
  usage: 'kubectl version [flags] [options]',
  description: 'Print the version of this kubectl and, unless --client is given, of the API server it talks to.',
  examples: `  # Only the client version, no server needed
  kubectl version --client`,
  flags: [
    { name: 'client', type: 'bool', usage: 'Only print the client version.' },
    { name: 'output', short: 'o', type: 'string', usage: "One of 'yaml' or 'json'." },
  ],
  run: async (inv: Invocation) => {
    const output = inv.flags.str('output')
    if (inv.args.length) throw new ExitError(`error: extra arguments: [${inv.args.join(' ')}]`)
    if (output && output !== 'yaml' && output !== 'json') throw new ExitError(`error: --output must be 'yaml' or 'json'`)
    let server: any = null
    let serverErr: unknown = null
    if (!inv.flags.bool('client')) {
      try { server = await inv.client.request('GET', '/version', { signal: inv.signal }) } catch (e) { serverErr = e }
    }
    if (output) {
      const v: any = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE }
      if (server) v.serverVersion = server
      inv.out(output === 'json' ? toJson(v) : toYaml(v))
    } else {
      inv.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE}\n`)
      if (server) inv.out(`Server Version: ${server.gitVersion}\n`)
    }
    if (serverErr) throw serverErr
    return 0
  },
}
