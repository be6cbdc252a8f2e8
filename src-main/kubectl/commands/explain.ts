// kubectl explain TYPE[.field.path] [--recursive]: walks the server's /openapi/v3 schema for the kind and prints
// the field's type, description and sub-fields in kubectl 1.32's plaintext layout.
import type { KubectlCommand, Invocation } from '../command'
import { ResourceTypeError } from '../discovery'
import { ExitError } from '../errors'

export const explainCommand: KubectlCommand = {
  name: 'explain',
  group: 'Basic Commands (Intermediate)',
  summary: 'Get documentation for a resource',
  usage: 'kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [options]',
  description: 'Describe the fields of a kind, read from the schema the API server publishes. Name a field with dots.',
  examples: `  # What can go in a StatefulSet's updateStrategy?
  kubectl explain sts.spec.updateStrategy

  # Every field under spec, as a tree
  kubectl explain sts.spec --recursive`,
  flags: [
    { name: 'recursive', type: 'bool', usage: 'Print every nested field name and type, without descriptions.' },
    { name: 'api-version', type: 'string', usage: 'The group/version of the kind to explain.' },
    { name: 'output', short: 'o', type: 'string', default: 'plaintext', usage: 'plaintext (the only format here).' },
  ],
  run: runExplain,
}

type Schema = Record<string, any>

function deref(doc: any, s: Schema | undefined): Schema {
  let cur = s ?? {}
  for (let i = 0; i < 10; i++) {
    const ref = cur.$ref ?? cur.allOf?.[0]?.$ref
    if (!ref) return cur
    const target = doc.components?.schemas?.[String(ref).split('/').pop()!] ?? {}
    // A property's own description wins over its type's; kubectl shows both, property first.
    cur = { ...target, _refName: String(ref).split('.').pop(), _ownDescription: cur.description ?? cur._ownDescription }
  }
  return cur
}

function typeName(doc: any, s: Schema): string {
  const d = deref(doc, s)
  if (d._refName) return d._refName
  if (s['x-kubernetes-int-or-string'] || d['x-kubernetes-int-or-string']) return 'Object'
  if (d.type === 'array') return `[]${typeName(doc, d.items ?? {})}`
  if (d.type === 'object' && d.additionalProperties) return `map[string]${typeName(doc, d.additionalProperties)}`
  if (d.type === 'object' || !d.type) return 'Object'
  return d.type
}

/** The schema under an array or map type: what `.field` walks into. */
function element(doc: any, s: Schema): Schema {
  let d = deref(doc, s)
  while (d.type === 'array') d = deref(doc, d.items)
  return d
}

/** DESCRIPTION of a field: its own text, then its type's (arrays: the element type's). */
function describe(doc: any, prop: Schema): string[] {
  const d = element(doc, prop)
  const lines: string[] = []
  const own = prop.description
  if (own) lines.push(...String(own).split('\n'))
  if (d.description && d.description !== own) lines.push(...String(d.description).split('\n'))
  return lines
}

function fieldLines(doc: any, s: Schema, indent: string, recursive: boolean, depth = 0): string {
  const d = element(doc, s)
  const required = new Set<string>(d.required ?? [])
  let out = ''
  for (const name of Object.keys(d.properties ?? {}).sort()) {
    const p = d.properties[name]
    out += `${indent}${name}\t<${typeName(doc, p)}>${required.has(name) ? ' -required-' : ''}\n`
    if (recursive) {
      if (depth < 15) out += fieldLines(doc, p, indent + '  ', true, depth + 1)
      continue
    }
    // In a FIELDS list only the property's own description is shown.
    const desc = p.description ? String(p.description).split('\n') : []
    out += desc.length ? desc.map((l) => `${indent}  ${l}\n`).join('') : `${indent}  <no description>\n`
    out += '\n'
  }
  return out
}

async function runExplain(inv: Invocation): Promise<number> {
  if (inv.args.length === 0) {
    throw new ExitError('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.')
  }
  const [typed, ...path] = inv.args[0].split('.')
  let r
  try {
    r = await inv.discovery.resolve(typed)
  } catch (e) {
    // explain words this one without the usual "error: " prefix.
    if (e instanceof ResourceTypeError) throw new ExitError(e.message)
    throw e
  }
  const gv = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`
  const doc = await inv.client.request('GET', `/openapi/v3/${gv}`, { signal: inv.signal })
  const schemas = doc.components?.schemas ?? {}
  const rootKey = Object.keys(schemas).find((k) => (schemas[k]['x-kubernetes-group-version-kind'] ?? []).some((g: any) => g.kind === r.kind && (g.group ?? '') === r.group && g.version === r.version))
    ?? Object.keys(schemas).find((k) => k.endsWith(`.${r.version}.${r.kind}`))
  if (!rootKey) throw new ExitError(`error: couldn't find resource for "${r.group ? `${r.group}/` : ''}${r.version}, Kind=${r.kind}"`)
  let header = `GROUP:      ${r.group}\nKIND:       ${r.kind}\nVERSION:    ${r.version}\n\n`
  if (!r.group) header = `KIND:       ${r.kind}\nVERSION:    ${r.version}\n\n`
  let cur: Schema = schemas[rootKey]
  let prop: Schema | null = null
  for (const field of path) {
    const el = element(doc, prop ?? cur)
    const next = el.properties?.[field]
    if (!next) {
      inv.out(header)
      throw new ExitError(`error: field "${field}" does not exist`)
    }
    prop = next
    cur = next
  }
  let out = header
  if (prop) out += `FIELD: ${path[path.length - 1]} <${typeName(doc, prop)}>\n\n\n`
  const desc = prop ? describe(doc, prop) : String(cur.description ?? '').split('\n').filter(Boolean)
  out += `DESCRIPTION:\n${desc.length ? desc.map((l) => `    ${l}\n`).join('') : '    <empty>\n'}    \n`
  const el = element(doc, prop ?? cur)
  if (el.properties && Object.keys(el.properties).length) {
    out += `FIELDS:\n${fieldLines(doc, prop ?? cur, '  ', inv.flags.bool('recursive'))}`
    if (!inv.flags.bool('recursive')) out += '\n'
  }
  if (inv.flags.bool('recursive')) out += '\n'
  else if (!(el.properties && Object.keys(el.properties).length)) out += '\n'
  inv.out(out)
  return 0
}
