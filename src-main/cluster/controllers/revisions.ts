// ControllerRevisions for StatefulSets: the stored patch of the pod template, its hash (FNV-32 rendered as
// decimal digits mapped through the k8s "safe" alphabet) and the revision history bookkeeping.
import type { KObject } from '../api-types'
import { NAME_ALPHABET } from '../store/ids'
import { stableJSON } from '../stable-json'

/** FNV-1 32-bit, like Go's hash/fnv New32. */
function fnv32(data: string): number {
  let h = 0x811c9dc5
  const bytes = new TextEncoder().encode(data)
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0
    h = (h ^ b) >>> 0
  }
  return h >>> 0
}

/** rand.SafeEncodeString: each character picks from the vowel-free alphabet by its byte value. */
export function safeEncode(s: string): string {
  let out = ''
  for (const ch of s) out += NAME_ALPHABET[ch.charCodeAt(0) % NAME_ALPHABET.length]
  return out
}

export function templatePatch(sts: KObject): unknown {
  return { spec: { template: { ...structuredClone(sts.spec.template), $patch: 'replace' } } }
}

// Renderings of stored (frozen) pod templates: a status write shares the set's spec, so every reconcile of an
// unchanged StatefulSet finds its template here instead of rendering it again.
const patchJSON = new WeakMap<object, string>()

/** stableJSON(templatePatch(sts)) without the deep copy (stableJSON only reads); cached for a frozen template. */
export function templatePatchJSON(sts: Readonly<KObject>): string {
  const t = sts.spec?.template
  const cacheable = t !== null && typeof t === 'object' && Object.isFrozen(t)
  let s = cacheable ? patchJSON.get(t) : undefined
  if (s === undefined) {
    s = stableJSON({ spec: { template: { ...t, $patch: 'replace' } } })
    if (cacheable) patchJSON.set(t, s)
  }
  return s
}

export function revisionHash(patch: unknown, collisionCount = 0): string {
  return revisionHashOfJSON(stableJSON(patch), collisionCount)
}

/** revisionHash of a patch already rendered with stableJSON. */
export function revisionHashOfJSON(patchJSON: string, collisionCount = 0): string {
  const h = fnv32(patchJSON + (collisionCount ? String(collisionCount) : ''))
  return safeEncode(String(h))
}

// A stored revision's data never changes in place (stored objects are frozen), so its rendering is kept per object:
// every StatefulSet reconcile compares the template with each revision of the namespace.
const dataJSON = new WeakMap<object, string>()

/** stableJSON of a revision's data; cached for frozen (stored) data objects. */
export function revisionDataJSON(data: unknown): string {
  if (data === null || typeof data !== 'object' || !Object.isFrozen(data)) return stableJSON(data)
  let s = dataJSON.get(data)
  if (s === undefined) dataJSON.set(data, (s = stableJSON(data)))
  return s
}

export function revisionName(sts: KObject, hash: string): string {
  return `${sts.metadata.name}-${hash}`
}

export function sameRevisionData(a: unknown, b: unknown): boolean {
  return stableJSON(a) === stableJSON(b)
}

/** The pod template a revision stores. */
export function templateOf(rev: KObject): any {
  const t = structuredClone((rev.data as any)?.spec?.template ?? {})
  delete t.$patch
  return t
}
