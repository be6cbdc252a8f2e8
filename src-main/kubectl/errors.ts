// How kubectl words a failure on stderr (cmdutil.CheckErr): API errors as `Error from server (Reason): …`,
// Invalid with causes as `The Kind "name" is invalid: …`, everything else prefixed with `error: `.
import { ApiError, ConnectionError } from './client'

/** An error whose message is printed verbatim (already formatted), with an exit code. */
export class ExitError extends Error {
  constructor(message: string, readonly code = 1) {
    super(message)
  }
}

/** Several errors from one command, printed one per line like kubectl's MultipleErrors. */
export class MultiError extends Error {
  constructor(readonly errors: unknown[]) {
    super(errors.map(String).join('\n'))
  }
}

export function standardMessage(e: unknown): string {
  if (e instanceof ApiError) {
    const s = e.status
    if (s.reason === 'Unauthorized') return `error: You must be logged in to the server (${s.message})`
    if (s.reason) return `Error from server (${s.reason}): ${s.message}`
    return `Error from server: ${s.message}`
  }
  if (e instanceof ConnectionError || e instanceof ExitError) return e.message
  const msg = e instanceof Error ? e.message : String(e)
  return msg.startsWith('error: ') ? msg : `error: ${msg}`
}

/** Render a command failure as kubectl's CheckErr would; returns text ending in a newline, and the exit code. */
export function renderError(e: unknown): { text: string; code: number } {
  if (e instanceof MultiError) {
    if (e.errors.length === 1) return renderError(e.errors[0])
    const lines = e.errors.map((x) => (x instanceof ApiError || x instanceof ConnectionError || x instanceof ExitError ? standardMessage(x) : x instanceof Error ? x.message : String(x)))
    return { text: withNewline(lines.join('\n')), code: 1 }
  }
  if (e instanceof ExitError) return { text: withNewline(e.message), code: e.code }
  if (e instanceof ApiError && e.reason === 'Invalid' && e.status.details) {
    const d = e.status.details
    let prefix = 'The request is invalid'
    if (d.kind || d.name) prefix = `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid`
    const causes = d.causes ?? []
    if (causes.length === 1) return { text: withNewline(`${prefix}: ${causeText(causes[0])}`), code: 1 }
    if (causes.length > 1) return { text: `${prefix}: \n` + causes.map((c) => `* ${causeText(c)}\n`).join(''), code: 1 }
  }
  return { text: withNewline(standardMessage(e)), code: 1 }
}

function causeText(c: { field?: string; message?: string }): string {
  return c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '')
}

function withNewline(s: string): string {
  return s.endsWith('\n') ? s : s + '\n'
}

/** kubectl's AddSourceToErr: `error when creating "web.yaml": <server message>`, keeping the API status. */
export function addSource(verb: string, source: string, e: unknown): unknown {
  if (e instanceof ApiError && source) {
    return new ApiError({ ...e.status, message: `error when ${verb} "${source}": ${e.status.message ?? ''}` })
  }
  return e
}

/**
 * A missing required flag: cobra's error is not printed by kubectl 1.32 but logged through klog, header and all
 * (`E1126 21:49:27.931696   12291 run.go:72] "command failed" err="required flag(s) \"image\" not set"`).
 */
export function requiredFlagsError(names: string[], now = new Date(), pid = process.pid): ExitError {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const stamp = `${p(now.getMonth() + 1)}${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds() * 1000, 6)}`
  const msg = `required flag(s) ${names.map((n) => `"${n}"`).join(', ')} not set`
  const quoted = JSON.stringify(msg)
  return new ExitError(`E${stamp} ${String(pid).padStart(7)} run.go:72] "command failed" err=${quoted}`)
}
