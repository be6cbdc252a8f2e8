// Resource arguments as kubectl accepts them: `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME …`.
import { ResourceTypeError, type ApiResource } from './discovery'
import type { Invocation } from './command'

export interface Target {
  resource: ApiResource
  /** Empty = every object of the type (list). */
  names: string[]
}

export class UsageError extends Error {}

export async function resolveTargets(inv: Invocation, args: string[]): Promise<Target[]> {
  if (args.length === 0) return []
  const slashed = args.filter((a) => a.includes('/'))
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new UsageError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`)
    }
    const out: Target[] = []
    for (const a of args) {
      const [type, name] = [a.slice(0, a.indexOf('/')), a.slice(a.indexOf('/') + 1)]
      if (!name) throw new UsageError(`arguments in resource/name form must have a single resource and name`)
      const resource = await inv.discovery.resolve(type)
      const prev = out.find((t) => t.resource === resource)
      if (prev) prev.names.push(name)
      else out.push({ resource, names: [name] })
    }
    return out
  }
  const [types, ...names] = args
  const out: Target[] = []
  for (const t of types.split(',').filter(Boolean)) {
    let resources: ApiResource[]
    try {
      resources = [await inv.discovery.resolve(t)]
    } catch (e) {
      // Not a resource: maybe a category (`kubectl get all` = pods, services, statefulsets…).
      if (!(e instanceof ResourceTypeError)) throw e
      resources = await inv.discovery.category(t)
      if (resources.length === 0) throw e
    }
    for (const resource of resources) {
      if (!out.some((o) => o.resource === resource)) out.push({ resource, names: [...names] })
    }
  }
  return out
}
