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
