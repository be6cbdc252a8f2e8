// `-o yaml` / `-o json` for get: one object as itself, several as a `kind: List`; managedFields hidden by default.
import type { Invocation } from './command'
import { toJson, toYaml } from './yaml-output'

const printedCount = new WeakMap<Invocation, number>()

export function printObjects(inv: Invocation, objects: any[], format: 'yaml' | 'json', single: boolean, stream = false): void {
  const keepManaged = inv.flags.bool('show-managed-fields')
  const clean = objects.map((o) => (keepManaged ? o : stripManaged(o)))
  if (stream) {
    for (const o of clean) {
      const n = printedCount.get(inv) ?? 0
      printedCount.set(inv, n + 1)
      // The YAML printer separates documents after the first one, as kubectl does when watching.
      if (format === 'yaml') inv.out((n > 0 ? '---\n' : '') + toYaml(o))
      else inv.out(toJson(o))
    }
    return
  }
  const value = single && clean.length === 1 ? clean[0] : { apiVersion: 'v1', items: clean, kind: 'List', metadata: { resourceVersion: '' } }
  inv.out(format === 'yaml' ? toYaml(value) : toJson(value))
}

function stripManaged(o: any): any {
  if (!o?.metadata?.managedFields) return o
  const { managedFields: _drop, ...meta } = o.metadata
  return { ...o, metadata: meta }
}
