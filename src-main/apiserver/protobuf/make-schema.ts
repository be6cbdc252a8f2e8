// Developer tool, not loaded by the app: regenerates schema-data.ts, the field-number table the protobuf decoder
// uses, from upstream's generated.proto (message structure and field numbers) and types.go (which scalar fields are
// pointers and which JSON names are `omitempty` or `inline`, i.e. how a real server turns the message into JSON).
// Usage: npx tsx src-main/apiserver/protobuf/make-schema.ts <dir> > src-main/apiserver/protobuf/schema-data.ts
// where <dir>/{core,apps,batch,meta}/{generated.proto,types.go} come from k8s.io/api and k8s.io/apimachinery.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const PACKAGES: Record<string, string> = {
  'k8s.io.api.core.v1': 'core',
  'k8s.io.api.apps.v1': 'apps',
  'k8s.io.api.batch.v1': 'batch',
  'k8s.io.apimachinery.pkg.apis.meta.v1': 'meta',
  'k8s.io.apimachinery.pkg.api.resource': 'resource',
  'k8s.io.apimachinery.pkg.util.intstr': 'intstr',
  'k8s.io.apimachinery.pkg.runtime': 'runtime',
}
const SCALARS = new Set(['string', 'int32', 'int64', 'bool', 'bytes', 'double', 'float'])

interface ProtoField {
  n: number
  name: string
  type: string // scalar, or a qualified short message name like core.Container
  repeated?: boolean
  map?: [string, string]
}

function qualify(type: string, pkg: string): string {
  if (SCALARS.has(type)) return type
  const t = type.replace(/^\./, '')
  for (const [full, short] of Object.entries(PACKAGES)) if (t.startsWith(full + '.')) return `${short}.${t.slice(full.length + 1)}`
  if (t.includes('.')) return `other.${t.split('.').pop()}`
  return `${pkg}.${t}`
}

function parseProto(text: string, pkg: string, out: Record<string, ProtoField[]>): void {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'))
  let current: string | undefined
  for (const l of lines) {
    const m = /^message (\w+) \{$/.exec(l)
    if (m) {
      current = `${pkg}.${m[1]}`
      out[current] = []
      continue
    }
    if (l === '}') {
      current = undefined
      continue
    }
    if (!current) continue
    const mp = /^map<([\w.]+), ([\w.]+)> (\w+) = (\d+);/.exec(l)
    if (mp) {
      out[current].push({ n: Number(mp[4]), name: mp[3], type: 'map', map: [qualify(mp[1], pkg), qualify(mp[2], pkg)] })
      continue
    }
    const f = /^(optional|repeated) ([\w.]+) (\w+) = (\d+);/.exec(l)
    if (f) out[current].push({ n: Number(f[4]), name: f[3], type: qualify(f[2], pkg), repeated: f[1] === 'repeated' || undefined })
  }
}

interface GoFlags {
  pointer: boolean
  omitempty: boolean
  inline: boolean
  json: string
}

/** struct name → protobuf field name → flags, from the Go struct tags. */
function parseGoTypes(text: string): Map<string, Map<string, GoFlags>> {
  const out = new Map<string, Map<string, GoFlags>>()
  let current: Map<string, GoFlags> | undefined
  for (const raw of text.split('\n')) {
    const l = raw.trim()
    const s = /^type (\w+) struct \{/.exec(l)
    if (s) {
      current = new Map()
      out.set(s[1], current)
      continue
    }
    if (l === '}') {
      current = undefined
      continue
    }
    if (!current) continue
    const tag = /`(.*)`/.exec(l)?.[1]
    const pb = tag && /protobuf:"[^"]*name=(\w+)/.exec(tag)?.[1]
    if (!tag || !pb) continue
    const json = /json:"([^"]*)"/.exec(tag)?.[1] ?? ''
    const before = l.slice(0, l.indexOf('`')).trim().split(/\s+/)
    const goType = before.length >= 2 ? before[1] : before[0]
    current.set(pb, {
      pointer: goType.startsWith('*'),
      omitempty: json.split(',').includes('omitempty'),
      inline: json.split(',')[0] === '' && (before.length === 1 || json.split(',').includes('inline')),
      json: json.split(',')[0],
    })
  }
  return out
}

function main(dir: string): void {
  const messages: Record<string, ProtoField[]> = {}
  const flags = new Map<string, Map<string, GoFlags>>()
  for (const pkg of ['core', 'apps', 'batch', 'meta']) {
    parseProto(readFileSync(join(dir, pkg, 'generated.proto'), 'utf8'), pkg, messages)
    for (const [name, fields] of parseGoTypes(readFileSync(join(dir, pkg, 'types.go'), 'utf8'))) flags.set(`${pkg}.${name}`, fields)
  }
  // Compact rows: [number, jsonName, type, flags] where flags: r repeated, p pointer (keep zero values),
  // o omitempty (drop zero scalars), i inline (merge into the parent object); maps have type `map:<key>:<value>`.
  const rows: Record<string, [number, string, string, string][]> = {}
  for (const [msg, fields] of Object.entries(messages)) {
    const goFields = flags.get(msg)
    rows[msg] = fields.map((f) => {
      const g = goFields?.get(f.name)
      let fl = ''
      if (f.repeated) fl += 'r'
      if (g?.pointer) fl += 'p'
      if (g?.omitempty) fl += 'o'
      if (g?.inline) fl += 'i'
      const json = g && g.json && !g.inline ? g.json : f.name
      return [f.n, json, f.map ? `map:${f.map[0]}:${f.map[1]}` : f.type, fl]
    })
  }
  const body = Object.entries(rows)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([m, r]) => `  ${JSON.stringify(m)}: ${JSON.stringify(r)},`)
    .join('\n')
  process.stdout.write(
    `// GENERATED by make-schema.ts from upstream generated.proto + types.go (field numbers, JSON names, pointer /\n` +
      `// omitempty / inline flags). Do not edit by hand. Row: [fieldNumber, jsonName, type, flags].\n` +
      `export type FieldRow = [number, string, string, string]\n` +
      `export const SCHEMA: Record<string, FieldRow[]> = {\n${body}\n}\n`,
  )
}

main(process.argv[2] ?? '.')
