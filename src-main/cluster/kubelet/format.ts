// Small formatting helpers for kubelet messages (Go duration strings, image references).

/** Go's time.Duration.String for a whole number of milliseconds: `500ms`, `1.2s`, `1m5s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  if (ms < 60_000) return `${trim((ms / 1000).toFixed(3))}s`
  const m = Math.floor(ms / 60_000)
  const s = (ms % 60_000) / 1000
  if (m < 60) return `${m}m${trim(s.toFixed(3))}s`
  return `${Math.floor(m / 60)}h${m % 60}m${trim(s.toFixed(3))}s`
}
function trim(x: string): string {
  return x.replace(/\.?0+$/, '') || '0'
}

/** `nginx` → `docker.io/library/nginx:latest`; used when the runtime can't resolve the image. */
export function normalizeImage(image: string): string {
  let ref = image
  const firstSlash = ref.indexOf('/')
  const first = firstSlash < 0 ? '' : ref.slice(0, firstSlash)
  if (firstSlash < 0) ref = `docker.io/library/${ref}`
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') ref = `docker.io/${ref}`
  const last = ref.slice(ref.lastIndexOf('/') + 1)
  if (!last.includes(':') && !last.includes('@')) ref += ':latest'
  return ref
}

/** `docker.io/library/nginx:1.25` + digest → `docker.io/library/nginx@sha256:…` (containerd's imageID). */
export function imageID(ref: string, digest: string): string {
  const at = ref.indexOf('@')
  if (at >= 0) return ref
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  const repo = colon > slash ? ref.slice(0, colon) : ref
  return `${repo}@${digest}`
}
