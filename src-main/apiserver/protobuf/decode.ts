// Decodes `application/vnd.kubernetes.protobuf` request bodies (what client-go's typed clients, and so the real
// kubectl's `create deployment|configmap|secret|service|namespace|serviceaccount|job|cronjob` generators, send) into
// the JSON object a real API server would see. Envelope: the magic `k8s\0`, then a runtime.Unknown message
// {1: typeMeta{1: apiVersion, 2: kind}, 2: raw object bytes}. The object is walked with the generated field table
// (schema-data.ts); the few hand-encoded apimachinery types (Time, Quantity, IntOrString, RawExtension…) are
// converted here. Scalars that Go would omit from JSON (`omitempty`, not a pointer, zero value) are dropped, so the
// result equals what the same object sent as JSON would be.
import { SCHEMA, type FieldRow } from './schema-data'
import { WireReader, WireType, malformed, signed, type WireField } from './wire'

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf'
const MAGIC = [0x6b, 0x38, 0x73, 0x00]

const GROUP_PACKAGES: Record<string, string> = { v1: 'core', 'apps/v1': 'apps', 'batch/v1': 'batch' }

const text = new TextDecoder('utf-8')

function str(f: WireField): string {
  if (f.wire !== WireType.Bytes) malformed(`field ${f.n}: expected a string`)
  return text.decode(f.bytes!)
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

function rfc3339(seconds: number, nanos: number, micro: boolean): string {
  const d = new Date(seconds * 1000)
  const iso = d.toISOString().slice(0, 19)
  if (!micro) return `${iso}Z`
  return `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`
}

function goDuration(ns: number): string {
  if (ns === 0) return '0s'
  const neg = ns < 0
  let s = Math.abs(ns) / 1e9
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  const secs = `${Number(s.toFixed(9))}s`
  return `${neg ? '-' : ''}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${secs}`
}

/** Hand-encoded apimachinery types: undefined = "the zero value, absent in JSON". */
function special(type: string, bytes: Uint8Array): { value: unknown } | undefined {
  const fields = WireReader.fields(bytes)
  const num = (n: number) => {
    const f = fields.find((x) => x.n === n)
    return f?.varint !== undefined ? signed(f.varint) : 0
  }
  const s = (n: number) => {
    const f = fields.find((x) => x.n === n)
    return f ? str(f) : ''
  }
  switch (type) {
    case 'meta.Time':
    case 'meta.MicroTime': {
      const seconds = num(1)
      const nanos = num(2)
      return { value: seconds === 0 && nanos === 0 ? undefined : rfc3339(seconds, nanos, type === 'meta.MicroTime') }
    }
    case 'meta.Duration':
      return { value: goDuration(num(1)) }
    case 'resource.Quantity':
      return { value: s(1) }
    case 'intstr.IntOrString':
      return { value: num(1) === 1 ? s(3) : num(2) }
    case 'runtime.RawExtension':
    case 'meta.FieldsV1': {
      const raw = fields.find((x) => x.n === 1)?.bytes
      if (!raw?.length) return { value: undefined }
      try {
        return { value: JSON.parse(text.decode(raw)) }
      } catch {
        return malformed(`${type} does not hold JSON`)
      }
    }
  }
  return undefined
}

const SPECIAL = new Set(['meta.Time', 'meta.MicroTime', 'meta.Duration', 'resource.Quantity', 'intstr.IntOrString', 'runtime.RawExtension', 'meta.FieldsV1'])

function scalar(type: string, f: WireField): unknown {
  switch (type) {
    case 'string':
      return str(f)
    case 'bytes':
      return base64(f.bytes ?? new Uint8Array())
    case 'bool':
      return f.varint !== undefined && f.varint !== 0n
    case 'int32':
    case 'int64':
      if (f.varint === undefined) malformed(`field ${f.n}: expected a varint`)
      return signed(f.varint)
    case 'double':
      if (f.bytes?.length !== 8) malformed(`field ${f.n}: expected a double`)
      return Buffer.from(f.bytes).readDoubleLE(0)
    case 'float':
      if (f.bytes?.length !== 4) malformed(`field ${f.n}: expected a float`)
      return Buffer.from(f.bytes).readFloatLE(0)
  }
  return malformed(`unknown scalar type ${type}`)
}

function value(type: string, f: WireField): unknown {
  if (SPECIAL.has(type)) {
    if (f.wire !== WireType.Bytes) malformed(`field ${f.n}: expected a message`)
    return special(type, f.bytes!)!.value
  }
  if (SCHEMA[type]) {
    if (f.wire !== WireType.Bytes) malformed(`field ${f.n}: expected a message`)
    return message(type, f.bytes!)
  }
  return scalar(type, f)
}

/** Repeated scalar numbers may arrive packed (one length-delimited run of varints). */
function unpack(type: string, f: WireField): WireField[] {
  if (f.wire !== WireType.Bytes || !['int32', 'int64', 'bool'].includes(type)) return [f]
  const r = new WireReader(f.bytes!)
  const out: WireField[] = []
  while (!r.done) out.push({ n: f.n, wire: WireType.Varint, varint: r.varint() })
  return out
}

const isZero = (v: unknown) => v === '' || v === 0 || v === false

export function message(type: string, bytes: Uint8Array): Record<string, unknown> {
  const rows = SCHEMA[type]
  if (!rows) malformed(`no schema for ${type}`)
  const byNumber = new Map<number, FieldRow>(rows.map((r) => [r[0], r]))
  const out: Record<string, unknown> = {}
  for (const f of WireReader.fields(bytes)) {
    const row = byNumber.get(f.n)
    if (!row) continue // a field newer than our table: ignore, as an old server would
    const [, json, ftype, flags] = row
    if (ftype.startsWith('map:')) {
      const [, k, ...rest] = ftype.split(':')
      const vtype = rest.join(':')
      const entry = WireReader.fields(f.bytes ?? malformed(`field ${f.n}: expected a map entry`))
      const kf = entry.find((x) => x.n === 1)
      const vf = entry.find((x) => x.n === 2)
      const key = kf ? String(value(k, kf)) : ''
      const map = (out[json] ??= {}) as Record<string, unknown>
      map[key] = vf ? value(vtype, vf) : vtype === 'string' || vtype === 'bytes' ? '' : SCHEMA[vtype] ? {} : 0
      continue
    }
    if (flags.includes('r')) {
      const list = (out[json] ??= []) as unknown[]
      for (const item of unpack(ftype, f)) list.push(value(ftype, item))
      continue
    }
    const v = value(ftype, f)
    if (flags.includes('i') && v && typeof v === 'object') {
      Object.assign(out, v)
      continue
    }
    if (v === undefined) continue
    if (isZero(v) && flags.includes('o') && !flags.includes('p')) continue
    if (ftype === 'intstr.IntOrString' && v === 0 && !flags.includes('p')) continue
    out[json] = v
  }
  return out
}

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === PROTOBUF_MEDIA_TYPE
}

/** The JSON object of a Kubernetes protobuf body. Throws 400 (malformed) or 415 (a kind we have no table for). */
export function decodeKubernetesProtobuf(body: Uint8Array, unsupported: (why: string) => Error): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) malformed('missing the k8s\\0 prefix')
  const envelope = WireReader.fields(body.subarray(4))
  const typeMeta = envelope.find((f) => f.n === 1)
  const raw = envelope.find((f) => f.n === 2)
  const tm = typeMeta ? WireReader.fields(typeMeta.bytes ?? new Uint8Array()) : []
  const apiVersion = tm.find((f) => f.n === 1)
  const kind = tm.find((f) => f.n === 2)
  const av = apiVersion ? str(apiVersion) : ''
  const k = kind ? str(kind) : ''
  const pkg = GROUP_PACKAGES[av]
  const type = pkg && `${pkg}.${k}`
  if (!type || !SCHEMA[type]) throw unsupported(`no protobuf decoding for ${av || '<none>'}, Kind=${k || '<none>'}`)
  const obj = message(type, raw?.bytes ?? new Uint8Array())
  return { apiVersion: av, kind: k, ...obj }
}
