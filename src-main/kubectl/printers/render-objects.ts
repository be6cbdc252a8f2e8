// Template outputs of get (jsonpath, jsonpath-as-json, go-template): one object as itself, several as a `List`,
// like kubectl; a JSONPath that fails to execute reports the template and the object it was given.
import type { ApiResource } from '../discovery'
import { ExitError } from '../errors'
import { executeJsonPath, JsonPathExecError } from './jsonpath'
import { executeGoTemplate } from './go-template'
import { goQuote, goSharpV } from './go-format'
import type { OutputSpec } from './output-format'

export function asListOrSingle(objects: any[], single: boolean): any {
  return single ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } }
}

/** `objects` as fetched, managedFields included: kubectl hides those only from its yaml/json printers. */
export function renderObjects(spec: OutputSpec, objects: any[], single: boolean): string {
  const data = asListOrSingle(objects, single)
  if (spec.kind === 'go-template') return executeGoTemplate(spec.goTemplate!, data)
  try {
    return executeJsonPath(spec.jsonpath!, data, spec.kind === 'jsonpath-as-json')
  } catch (e) {
    if (!(e instanceof JsonPathExecError)) throw e
    const t = spec.template ?? ''
    throw new ExitError(
      `error: error executing jsonpath ${goQuote(t)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${t}\n\tobject given to jsonpath engine was:\n\t\t${goSharpV(asListOrSingle(objects, single))}\n\n\n`,
    )
  }
}

/** List items come without apiVersion/kind; kubectl fills them in from the resource. */
export function withTypeMeta(o: any, r: ApiResource): any {
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version
  return { apiVersion: o.apiVersion ?? apiVersion, kind: o.kind ?? r.kind, ...o }
}

/** kubectl hides metadata.managedFields unless --show-managed-fields. */
export function stripManaged(o: any): any {
  if (!o?.metadata?.managedFields) return o
  const { managedFields: _drop, ...meta } = o.metadata
  return { ...o, metadata: meta }
}
