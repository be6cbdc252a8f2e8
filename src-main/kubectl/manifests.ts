// Reading `-f` arguments like kubectl's resource builder: files, directories (.yaml/.yml/.json), `-` for stdin,
// multi-document YAML split on `---` lines, and YAML errors worded the way go-yaml words them (line numbers are
// relative to the document, as kubectl reports them).
import { parseAllDocuments, type YAMLError } from 'yaml'
import type { CommandContext } from '../shell/io'
import type { KObject } from '../cluster/api-types'

export interface ManifestObject {
  source: string
  object: KObject
}

export interface ManifestResult {
  objects: ManifestObject[]
  errors: string[]
}

export class PathError extends Error {}

function resolvePath(ctx: CommandContext, p: string): string {
  if (p.startsWith('/')) return p
  const base = ctx.cwd.endsWith('/') ? ctx.cwd : ctx.cwd + '/'
  return base + p.replace(/^\.\//, '')
}

async function readStdin(ctx: CommandContext): Promise<string> {
  let s = ''
  for (;;) {
    const chunk = await ctx.stdin.read()
    if (chunk === null) return s
    s += chunk
  }
}

/** Expand and read every `-f` argument. A missing path throws PathError (kubectl stops before talking to the server). */
export async function readManifests(ctx: CommandContext, filenames: string[], recursive = false, validate = true): Promise<ManifestResult> {
  const sources: { name: string; text: string }[] = []
  for (const f of filenames) {
    if (f === '-') { sources.push({ name: 'STDIN', text: await readStdin(ctx) }); continue }
    const abs = resolvePath(ctx, f)
    const st = ctx.fs.stat(abs)
    if (!st) throw new PathError(`the path "${f}" does not exist`)
    if (st.type === 'dir') {
      const walk = (dir: string, shown: string) => {
        for (const name of [...ctx.fs.readdir(dir)].sort()) {
          const child = `${dir.replace(/\/$/, '')}/${name}`
          const childShown = `${shown.replace(/\/$/, '')}/${name}`
          const cst = ctx.fs.stat(child)
          if (cst?.type === 'dir') { if (recursive) walk(child, childShown); continue }
          if (/\.(ya?ml|json)$/.test(name)) sources.push({ name: childShown, text: ctx.fs.readFile(child) })
        }
      }
      walk(abs, f)
    } else {
      sources.push({ name: f, text: ctx.fs.readFile(abs) })
    }
  }
  const result: ManifestResult = { objects: [], errors: [] }
  for (const src of sources) {
    for (const chunk of splitDocuments(src.text)) {
      const r = decodeChunk(chunk, src.name, validate)
      if (r === null) continue
      if (typeof r === 'string') result.errors.push(r)
      else result.objects.push({ source: src.name, object: r })
    }
  }
  return result
}

/** Split on lines that start with `---` (kubectl's YAMLReader); the separator line belongs to no document. */
export function splitDocuments(text: string): string[] {
  const docs: string[] = []
  let cur: string[] = []
  for (const line of text.split(/(?<=\n)/)) {
    if (line.startsWith('---') && (line.slice(3).trim() === '' || line.slice(3).trim().startsWith('#'))) {
      if (cur.length) docs.push(cur.join(''))
      cur = []
      continue
    }
    cur.push(line)
  }
  if (cur.length) docs.push(cur.join(''))
  return docs
}

/** Decode one document: an object, an error message, or null when the document is empty. */
export function decodeChunk(chunk: string, source: string, validate = false): KObject | string | null {
  if (chunk.trim().startsWith('{')) {
    try {
      const v = JSON.parse(chunk)
      return checkObject(v, source, validate)
    } catch {
      // not JSON after all: fall through to YAML, which is a superset
    }
  }
  const docs = parseAllDocuments(chunk, { version: '1.1', uniqueKeys: false })
  const list = Array.isArray(docs) ? docs : [docs]
  for (const d of list) {
    if (d.errors.length) return `error parsing ${source}: error converting YAML to JSON: yaml: ${goYamlMessage(d.errors, chunk)}`
  }
  if (list.length === 0) return null
  const value = list[0].toJS({ maxAliasCount: 100 })
  if (value === null || value === undefined) return null
  return checkObject(value, source, validate)
}

function checkObject(v: unknown, source: string, validate: boolean): KObject | string {
  if (validate) {
    // kubectl's schema validation runs before decoding and words these cases itself.
    const tail = '; if you choose to ignore these errors, turn validation off with --validate=false'
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `error validating "${source}": error validating data: invalid object to validate${tail}`
    const missing = [!(v as any).apiVersion && 'apiVersion not set', !(v as any).kind && 'kind not set'].filter(Boolean)
    if (missing.length === 1) return `error validating "${source}": error validating data: ${missing[0]}${tail}`
    if (missing.length > 1) return `error validating "${source}": error validating data: [${missing.join(', ')}]${tail}`
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    const t = Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string'
    return `unable to decode "${source}": json: cannot unmarshal ${t} into Go value of type unstructured.detector`
  }
  const o = v as KObject
  if (!o.kind) return `unable to decode "${source}": Object 'Kind' is missing in '${JSON.stringify(v)}'`
  return o
}

/** Translate the yaml library's first error into go-yaml's wording and line numbering. */
function goYamlMessage(errs: YAMLError[], chunk: string): string {
  const e = errs[0]
  const line = e.linePos?.[0].line ?? 1
  const lines = chunk.split('\n')
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return `line ${line}: found a tab character that violates indentation`
    case 'BAD_SCALAR_START':
      return `line ${line}: found character that cannot start any token`
    case 'MISSING_CHAR':
      if (/quote/.test(e.message)) return `line ${line}: found unexpected end of stream`
      return `line ${line}: could not find expected ':'`
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (/Nested mappings/.test(e.message)) return `line ${line + 1}: mapping values are not allowed in this context`
      return `line ${line - 1}: did not find expected key`
    case 'MULTILINE_IMPLICIT_KEY':
      return `line ${line + 1}: could not find expected ':'`
    case 'BAD_INDENT':
      if (/Flow sequence|Flow map/.test(e.message)) return `line ${Math.max(1, line - 1)}: did not find expected node content`
      return `line ${line - 1}: did not find expected key`
    case 'UNEXPECTED_TOKEN':
      return `line ${line}: did not find expected <document start>`
    default:
      void lines
      return `line ${line}: did not find expected key`
  }
}
