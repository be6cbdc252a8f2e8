// The kubeconfig Ordinal writes for the learner's kubectl: one cluster, one user (bearer token), one context.
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs'
import { dirname } from 'node:path'
import { stringify } from 'yaml'

// kubectl only sends a bearer token over TLS, so the server is HTTPS with a self-signed certificate made at startup.
// startApiServer records it here so writeKubeconfig(path, url, token) can pin it as the cluster's CA.
const knownCas = new Map<string, string>()

export function rememberServerCa(url: string, caPem: string): void {
  knownCas.set(url, caPem)
}

export function kubeconfigText(url: string, token: string, caPem = knownCas.get(url)): string {
  const cluster: Record<string, unknown> = { server: url }
  if (caPem) cluster['certificate-authority-data'] = Buffer.from(caPem).toString('base64')
  else if (url.startsWith('https:')) cluster['insecure-skip-tls-verify'] = true
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'ordinal', cluster }],
    users: [{ name: 'learner', user: { token } }],
    contexts: [{ name: 'ordinal', context: { cluster: 'ordinal', user: 'learner', namespace: 'default' } }],
    'current-context': 'ordinal',
    preferences: {},
  })
}

export function writeKubeconfig(path: string, url: string, token: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, kubeconfigText(url, token), { mode: 0o600 })
  chmodSync(path, 0o600) // writeFileSync keeps the old mode of an existing file
}
