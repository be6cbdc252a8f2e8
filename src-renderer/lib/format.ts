// Small display formatters shared by the panels. Pure, unit-tested.

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

/** kubectl-style age ('0s', '42s', '3m10s', '2h5m', '3d') of `then` at `now`, both sim epoch ms. */
export function formatAge(then: number, now: number): string {
  const s = Math.max(0, Math.floor((now - then) / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 24) return m % 60 ? `${h}h${m % 60}m` : `${h}h`
  return `${Math.floor(h / 24)}d`
}

/** A sim timestamp as the learner's local time of day. A new cluster starts at the wall-clock now, so the header
 *  clock reads like the clock on the wall (until the learner pauses or speeds it up). */
export function formatClock(ms: number): string {
  const d = new Date(ms)
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}

/** The last characters of a uid: enough to tell two incarnations of web-0 apart. */
export function shortUid(uid: string): string {
  return uid.replace(/-/g, '').slice(-4)
}

/** 'pvc-3f2a9c1e-…' → 'pvc-3f2a9c' for the graph, where space is tight. */
export function shortVolume(name: string): string {
  return name.length > 14 ? `${name.slice(0, 10)}…` : name
}

/** A+/A- steps of 0.1 between 0.8 and 1.8 (projector-ready without breaking the layout). */
export function clampScale(s: number): number {
  return Math.round(Math.min(1.8, Math.max(0.8, s)) * 10) / 10
}
