// Loads the kubeconfig the way client-go does for the common cases: $KUBECONFIG (first file that exists among
// ':'-separated paths), else $HOME/.kube/config; `--context` overrides current-context; `-n` overrides the namespace.
import { readFileSync, existsSync } from 'node:fs'
import { parse } from 'yaml'

export interface RestConfig {
  server: string
  token?: string
  namespace: string
  insecure: boolean
  caData?: string
  certData?: string
  keyData?: string
}

export class ConfigError extends Error {}

interface Named<T> { name: string; [k: string]: unknown; cluster?: T; user?: T; context?: T }

export function loadRestConfig(env: Map<string, string>, overrides: { kubeconfig?: string; context?: string; namespace?: string }): RestConfig {
  const paths = overrides.kubeconfig
    ? [overrides.kubeconfig]
    : env.get('KUBECONFIG')
      ? env.get('KUBECONFIG')!.split(':').filter(Boolean)
      : [`${env.get('HOME') ?? ''}/.kube/config`]
  if (overrides.kubeconfig && !existsSync(overrides.kubeconfig)) {
    throw new ConfigError(`stat ${overrides.kubeconfig}: no such file or directory`)
  }
  let doc: any = null
  for (const p of paths) {
    if (!existsSync(p)) continue
    doc = parse(readFileSync(p, 'utf8')) ?? {}
    break
  }
  // kubectl without any config falls back to http://localhost:8080.
  if (!doc) return { server: 'http://localhost:8080', namespace: overrides.namespace || 'default', insecure: false }
  const ctxName = overrides.context || doc['current-context'] || ''
  const find = (list: Named<any>[] | undefined, name: string) => (list ?? []).find((e) => e.name === name)
  const context = find(doc.contexts, ctxName)?.context
  if (overrides.context && !context) throw new ConfigError(`context "${overrides.context}" does not exist`)
  if (!context) return { server: 'http://localhost:8080', namespace: overrides.namespace || 'default', insecure: false }
  const cluster = find(doc.clusters, context.cluster)?.cluster ?? {}
  const user = find(doc.users, context.user)?.user ?? {}
  const b64 = (s: unknown) => (typeof s === 'string' ? Buffer.from(s, 'base64').toString('utf8') : undefined)
  return {
    server: String(cluster.server ?? 'http://localhost:8080').replace(/\/+$/, ''),
    token: user.token ?? (user.tokenFile ? readFileSync(user.tokenFile, 'utf8').trim() : undefined),
    namespace: overrides.namespace || context.namespace || 'default',
    insecure: cluster['insecure-skip-tls-verify'] === true,
    caData: b64(cluster['certificate-authority-data']) ?? (cluster['certificate-authority'] ? readFileSync(cluster['certificate-authority'], 'utf8') : undefined),
    certData: b64(user['client-certificate-data']),
    keyData: b64(user['client-key-data']),
  }
}
