// Strategies for kinds the store serves that the main table (../strategies.ts) does not cover yet. The main table
// wins when it has an entry; these keep such kinds from being stored unvalidated.
import type { KObject } from '../api-types'
import { validateMeta } from '../validate'
import type { StrategyTable } from './strategy'

const base64 = (s: string) => btoa(Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join(''))

/** Secrets: `stringData` is a write-only convenience folded into base64 `data`; `type` defaults to Opaque. */
function foldStringData(o: KObject): void {
  if (o.stringData && typeof o.stringData === 'object') {
    o.data = { ...(o.data ?? {}) }
    for (const [k, v] of Object.entries(o.stringData as Record<string, unknown>)) o.data[k] = base64(String(v))
  }
  delete o.stringData
}

export const FALLBACK_STRATEGIES: StrategyTable = {
  '/secrets': {
    prepareForCreate: (o) => {
      foldStringData(o)
      o.type ||= 'Opaque'
    },
    validate: (o) => validateMeta(o, 'subdomain'),
    prepareForUpdate: (next, old) => {
      foldStringData(next)
      next.type ||= old.type
    },
    validateUpdate: (n, o) => [
      ...validateMeta(n, 'subdomain'),
      ...(n.type !== o.type ? [{ reason: 'FieldValueInvalid', field: 'type', message: `Invalid value: ${JSON.stringify(n.type)}: field is immutable` }] : []),
    ],
  },
}
