// Shared bits for the pod/kubelet/node tests: a bare pod manifest, STATUS rows as `kubectl get pods -w` prints them
// (via the server's own pod printer), and event lookups.
import type { KObject } from '../../src-main/cluster/api-types'
import { summarizePod } from '../../src-main/apiserver/tables/pod-summary'
import { GVRS } from '../../src-main/cluster/store/registry'
import type { Store } from '../../src-main/cluster/store/types'

export function pod(name: string, spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/nginx-slim:0.21', ...container }], ...spec },
  }
}

/** One `READY STATUS RESTARTS` string per watch event of pod `name` (consecutive duplicates kept, like -w). */
export function watchRows(store: Store, clock: { now(): number }, name: string): string[] {
  const rows: string[] = []
  store.watch(GVRS.pods, { fieldSelector: `metadata.name=${name}`, resourceVersion: store.resourceVersion() }, (e) => {
    const s = summarizePod(e.object, clock.now())
    rows.push(`${s.ready} ${s.status} ${s.restarts}`)
  })
  return rows
}

export function statusOf(store: Store, now: number, name: string): string {
  const s = summarizePod(store.get(GVRS.pods, 'default', name), now)
  return `${s.ready} ${s.status} ${s.restarts}`
}

/** Collapse consecutive duplicates (for comparing sequences of distinct states). */
export function distinct(rows: string[]): string[] {
  return rows.filter((r, i) => i === 0 || rows[i - 1] !== r)
}

export function events(store: Store, name: string, reason?: string): KObject[] {
  const sel = `involvedObject.name=${name}` + (reason ? `,reason=${reason}` : '')
  return store.list(GVRS.events, { namespace: 'default', fieldSelector: sel }).items
}
