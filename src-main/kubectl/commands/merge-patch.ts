// RFC 7386 JSON merge patch, applied client-side (patch --dry-run=client): objects merge key by key, null deletes,
// everything else (lists included) replaces.
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch
  const base: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {}
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k]
    else base[k] = applyMergePatch(base[k], v)
  }
  return base
}
