// POST /api/v1/namespaces/<ns>/pods/<name>/eviction (policy/v1 Eviction): what `kubectl drain` uses. The pod is
// marked with the DisruptionTarget condition and deleted with the eviction's deleteOptions (graceful, so the kubelet
// stops it). There are no PodDisruptionBudgets in the simulator, so an eviction is never refused with 429.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Cluster } from '../cluster/cluster-types'
import { errors } from '../cluster/store/errors'
import { rfc3339 } from '../cluster/store/ids'
import type { DeleteOptions } from '../cluster/store/types'
import { readBody, sendJson } from './http-util'

const PODS = { group: '', version: 'v1', resource: 'pods' }

export async function handleEviction(cluster: Cluster, req: IncomingMessage, res: ServerResponse, query: URLSearchParams, namespace: string, name: string): Promise<void> {
  if ((req.method ?? 'GET') !== 'POST') throw errors.methodNotAllowed('the server does not allow this method on the requested resource')
  let body: any
  try {
    body = JSON.parse((await readBody(req)) || '{}')
  } catch {
    throw errors.badRequest("couldn't get version/kind; json parse error: invalid character")
  }
  if (!body || typeof body !== 'object' || (body.kind !== undefined && body.kind !== 'Eviction')) {
    throw errors.badRequest(`not an Eviction: kind ${JSON.stringify(body?.kind ?? '')}`)
  }
  if (body.metadata?.name && body.metadata.name !== name) throw errors.badRequest('name in URL does not match name in Eviction object')
  const dryRun = query.getAll('dryRun').includes('All') || (Array.isArray(body.deleteOptions?.dryRun) && body.deleteOptions.dryRun.includes('All'))
  const pod = cluster.store.get(PODS, namespace, name) // 404 `pods "x" not found`
  const d = body.deleteOptions ?? {}
  const opts: DeleteOptions = { dryRun }
  if (typeof d.gracePeriodSeconds === 'number') opts.gracePeriodSeconds = d.gracePeriodSeconds
  if (d.propagationPolicy) opts.propagationPolicy = d.propagationPolicy
  if (d.preconditions) opts.preconditions = d.preconditions
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
  if (!dryRun && !pod.metadata.deletionTimestamp && !terminal) {
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c: any) => c.type !== 'DisruptionTarget'),
      { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(cluster.clock.now()), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' },
    ]
    cluster.store.update(PODS, namespace, name, { ...pod, status: { ...pod.status, conditions } }, { subresource: 'status' })
  }
  cluster.store.delete(PODS, namespace, name, opts)
  sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 })
}
