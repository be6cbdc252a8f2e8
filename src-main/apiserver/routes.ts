// Parses Kubernetes REST paths into (group, version, namespace, resource, name, subresource).
export interface ResourcePath {
  group: string
  version: string
  namespace?: string
  resource: string
  name?: string
  subresource?: string
  /** Legacy `/api/v1/watch/...` form. */
  legacyWatch: boolean
}

/** `isResource(group, plural)` tells namespaced paths (`namespaces/<ns>/pods`) from the namespaces resource itself. */
export function parseResourcePath(path: string, isResource: (group: string, resource: string) => boolean): ResourcePath | undefined {
  const segs = path.split('/').filter(Boolean).map(decodeURIComponent)
  let group: string
  let version: string
  let rest: string[]
  if (segs[0] === 'api' && segs.length >= 3) {
    group = ''
    version = segs[1]
    rest = segs.slice(2)
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1]
    version = segs[2]
    rest = segs.slice(3)
  } else return undefined
  let legacyWatch = false
  if (rest[0] === 'watch') {
    legacyWatch = true
    rest = rest.slice(1)
  }
  let namespace: string | undefined
  if (rest[0] === 'namespaces' && rest.length >= 3 && isResource(group, rest[2])) {
    namespace = rest[1]
    rest = rest.slice(2)
  }
  if (rest.length < 1 || rest.length > 3) return undefined
  return { group, version, namespace, resource: rest[0], name: rest[1], subresource: rest[2], legacyWatch }
}
