// Content negotiation: kubectl asks for Tables / aggregated discovery through Accept parameters.
export interface MediaRange {
  type: string
  params: Record<string, string>
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return []
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim())
    const p: Record<string, string> = {}
    for (const kv of params) {
      const i = kv.indexOf('=')
      if (i > 0) p[kv.slice(0, i).trim()] = kv.slice(i + 1).trim()
    }
    return { type: type.toLowerCase(), params: p }
  })
}

const jsonish = (t: string) => t === 'application/json' || t === '*/*' || t === 'application/*'

/** The Table version wanted (first acceptable range wins), or undefined for plain objects. */
export function wantsTable(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  for (const r of parseAccept(accept)) {
    if (!jsonish(r.type)) continue
    if (r.params.as === 'Table' && r.params.g === 'meta.k8s.io' && (r.params.v === 'v1' || r.params.v === 'v1beta1')) return r.params.v
    if (!r.params.as) return undefined
  }
  return undefined
}

/** Metadata-only responses (PartialObjectMetadata / PartialObjectMetadataList), used by metadata informers. */
export function wantsPartialMetadata(accept: string | undefined): boolean {
  for (const r of parseAccept(accept)) {
    if (!jsonish(r.type)) continue
    if (r.params.g === 'meta.k8s.io' && (r.params.as === 'PartialObjectMetadata' || r.params.as === 'PartialObjectMetadataList')) return true
    if (!r.params.as) return false
  }
  return false
}

/** Aggregated discovery version wanted for /api and /apis. */
export function wantsAggregatedDiscovery(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const r of parseAccept(accept)) {
    if (!jsonish(r.type)) continue
    if (r.params.as === 'APIGroupDiscoveryList' && r.params.g === 'apidiscovery.k8s.io' && (r.params.v === 'v2' || r.params.v === 'v2beta1'))
      return r.params.v
    if (!r.params.as) return undefined
  }
  return undefined
}

export function tableContentType(v: 'v1' | 'v1beta1'): string {
  return `application/json;as=Table;v=${v};g=meta.k8s.io`
}
