// A LabelSelector ({matchLabels, matchExpressions}) as the `labelSelector` query string the API accepts.
export function formatSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  if (!sel) return ''
  const parts: string[] = []
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push(`${k}=${v}`)
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',')
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}
