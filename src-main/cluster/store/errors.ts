// API errors as the Kubernetes API server words them. Thrown by the store, serialized as-is by the API server,
// and rendered by kubectl. Pure: no node imports.
import type { Status, StatusCause } from '../api-types'

export class StatusError extends Error {
  readonly status: Status
  constructor(status: Status) {
    super(status.message ?? status.reason ?? 'error')
    this.status = status
  }
  get code(): number {
    return this.status.code ?? 500
  }
  get reason(): string {
    return this.status.reason ?? ''
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError
}

function failure(code: number, reason: string, message: string, details?: Status['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code })
}

/** `qualified` is the resource with its group: `pods`, `statefulsets.apps`. */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource
}

export const errors = {
  notFound: (group: string, resource: string, name: string) =>
    failure(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource }),
  alreadyExists: (group: string, resource: string, name: string) =>
    failure(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, group: group || undefined, kind: resource }),
  conflict: (group: string, resource: string, name: string) =>
    failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: group || undefined, kind: resource },
    ),
  /** kind: `StatefulSet`; causes carry field + message; message is `StatefulSet.apps "web" is invalid: a, b`. */
  invalid: (group: string, kind: string, name: string, causes: StatusCause[]) => {
    const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : `${c.message}`))
    const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`
    return failure(422, 'Invalid', `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${joined}`, {
      name,
      group: group || undefined,
      kind,
      causes,
    })
  },
  forbidden: (message: string, details?: Status['details']) => failure(403, 'Forbidden', message, details),
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  gone: (message: string) => failure(410, 'Expired', message),
  methodNotAllowed: (message: string) => failure(405, 'MethodNotAllowed', message),
  unsupportedMediaType: (message: string) => failure(415, 'UnsupportedMediaType', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  internal: (message: string) => failure(500, 'InternalError', `Internal error occurred: ${message}`),
}
