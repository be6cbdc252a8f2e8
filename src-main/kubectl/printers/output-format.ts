// `-o` as kubectl's PrintFlags read it: a format name, optionally `=TEMPLATE` (or --template), validated up front
// so a bad template fails before any request, with kubectl's wording.
import type { CommandContext } from '../../shell/io'
import { parseJsonPath, JsonPathParseError, type JpNode } from './jsonpath'
import { columnsFromFile, columnsFromSpec, type Column } from './custom-columns'
import { parseGoTemplate, type GoTemplate } from './go-template'

export type OutputKind = 'table' | 'wide' | 'yaml' | 'json' | 'name' | 'jsonpath' | 'jsonpath-as-json' | 'custom-columns' | 'go-template'

export interface OutputSpec {
  kind: OutputKind
  /** The template text as the user gave it (for error messages). */
  template?: string
  jsonpath?: JpNode[]
  columns?: Column[]
  goTemplate?: GoTemplate
}

export const ALLOWED_FORMATS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml'

/** An -o problem, already worded; printed after `error: `. */
export class OutputError extends Error {}

function readTemplateFile(ctx: CommandContext, file: string): string | null {
  const abs = file.startsWith('/') ? file : `${ctx.cwd.replace(/\/$/, '')}/${file}`
  const st = ctx.fs.stat(abs)
  if (!st || st.type !== 'file') return null
  return ctx.fs.readFile(abs)
}

export function parseOutput(ctx: CommandContext, output: string, templateFlag: string): OutputSpec {
  const eq = output.indexOf('=')
  const format = eq >= 0 ? output.slice(0, eq) : output
  let tmpl = eq >= 0 ? output.slice(eq + 1) : templateFlag
  switch (format) {
    case '': return { kind: 'table' }
    case 'wide': case 'yaml': case 'json': case 'name':
      if (eq < 0) return { kind: format }
      break
    case 'jsonpath': case 'jsonpath-as-json': case 'jsonpath-file': {
      if (tmpl === '') throw new OutputError('template format specified but no template given')
      if (format === 'jsonpath-file') {
        const text = readTemplateFile(ctx, tmpl)
        if (text === null) throw new OutputError(`error reading --template ${tmpl}, open ${tmpl}: no such file or directory`)
        tmpl = text
      }
      try {
        return { kind: format === 'jsonpath-as-json' ? 'jsonpath-as-json' : 'jsonpath', template: tmpl, jsonpath: parseJsonPath(tmpl) }
      } catch (e) {
        if (e instanceof JsonPathParseError) throw new OutputError(`error parsing jsonpath ${tmpl}, ${e.message}`)
        throw e
      }
    }
    case 'custom-columns':
      return { kind: 'custom-columns', columns: columnsFromSpec(tmpl) }
    case 'custom-columns-file': {
      const text = readTemplateFile(ctx, tmpl)
      if (text === null) throw new OutputError(`error reading template ${tmpl}, open ${tmpl}: no such file or directory`)
      return { kind: 'custom-columns', columns: columnsFromFile(text) }
    }
    case 'go-template': case 'template': case 'go-template-file': case 'templatefile': {
      if (tmpl === '') throw new OutputError('template format specified but no template given')
      if (format.endsWith('file')) {
        const text = readTemplateFile(ctx, tmpl)
        if (text === null) throw new OutputError(`error reading --template ${tmpl}, open ${tmpl}: no such file or directory`)
        tmpl = text
      }
      try {
        return { kind: 'go-template', template: tmpl, goTemplate: parseGoTemplate(tmpl) }
      } catch (e) {
        if (e instanceof OutputError) throw new OutputError(`error parsing template ${tmpl}, ${e.message}`)
        throw e
      }
    }
  }
  throw new OutputError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED_FORMATS}`)
}
