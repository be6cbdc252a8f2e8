// Request bodies: JSON (what kubectl sends) or YAML, plus the fieldValidation check for unknown fields.
import type { ServerResponse } from 'node:http'
import { parse as parseYaml } from 'yaml'
import type { KObject } from '../cluster/api-types'
import { errors } from '../cluster/store/errors'
import { findUnknownFields } from './openapi/strict'
import { decodeKubernetesProtobuf, isProtobuf } from './protobuf/decode'

const ACCEPTED = 'accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf'

export function decodeBody(raw: string | Buffer, contentType: string | undefined): any {
  const ct = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase()
  if (isProtobuf(ct)) {
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw
    if (!bytes.length) throw errors.badRequest('the body of the request was empty')
    return decodeKubernetesProtobuf(bytes, (why) => errors.unsupportedMediaType(`the body of the request was in an unknown format - ${ACCEPTED} (${why})`))
  }
  if (ct.includes('protobuf') || ct.includes('cbor')) throw errors.unsupportedMediaType(`the body of the request was in an unknown format - ${ACCEPTED}`)
  const text = typeof raw === 'string' ? raw : raw.toString('utf8')
  if (!text.trim()) throw errors.badRequest('the body of the request was empty')
  try {
    if (ct.includes('yaml')) return parseYaml(text)
    return JSON.parse(text)
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    throw errors.badRequest(`couldn't decode the request body: ${msg}`)
  }
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore'

export function fieldValidationMode(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation')
  if (v === null || v === '') return 'Warn'
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v
  throw errors.badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got: "${v}"`)
}

/** Strict → 400 with the real server's wording; Warn → `Warning:` headers kubectl prints; Ignore → nothing. */
export function checkFields(obj: KObject, kind: string, version: string, mode: FieldValidation, res: ServerResponse): void {
  if (mode === 'Ignore') return
  const unknown = findUnknownFields(obj.apiVersion ?? version, kind, obj)
  if (!unknown.length) return
  const list = unknown.map((p) => `unknown field "${p}"`)
  if (mode === 'Strict') {
    const v = (obj.apiVersion ?? version).split('/').pop()
    throw errors.badRequest(`${kind} in version "${v}" cannot be handled as a ${kind}: strict decoding error: ${list.join(', ')}`)
  }
  res.setHeader(
    'Warning',
    list.map((w) => `299 - ${JSON.stringify(w)}`),
  )
}
