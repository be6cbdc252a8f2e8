// Server-side printing: picks the printer for a resource and wraps rows in a meta.k8s.io/v1 Table.
import type { KObject } from '../../cluster/api-types'
import { podPrinter } from './pod-printer'
import {
  configMapPrinter,
  defaultPrinter,
  endpointSlicePrinter,
  endpointsPrinter,
  eventPrinter,
  leasePrinter,
  namespacePrinter,
  nodePrinter,
  pvcPrinter,
  pvPrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
  storageClassPrinter,
} from './other-printers'
import type { ColumnDefinition, Printer } from './types'
import { controllerRevisionPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workload-printers'

export { humanDuration, ageSince } from './human-duration'
export { summarizePod } from './pod-printer'
export type { ColumnDefinition, Printer } from './types'

const printers: Record<string, Printer> = {
  '/pods': podPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  '/persistentvolumeclaims': pvcPrinter,
  '/persistentvolumes': pvPrinter,
  'storage.k8s.io/storageclasses': storageClassPrinter,
  '/nodes': nodePrinter,
  '/events': eventPrinter,
  'events.k8s.io/events': eventPrinter,
  '/namespaces': namespacePrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  'coordination.k8s.io/leases': leasePrinter,
}

export function printerFor(group: string, resource: string): Printer {
  return printers[`${group}/${resource}`] ?? defaultPrinter
}

export type IncludeObject = 'None' | 'Metadata' | 'Object'

export function partialObjectMetadata(obj: KObject): KObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata }
}

export interface TableRow {
  cells: unknown[]
  object?: KObject
  conditions?: { type: string; status: string }[]
}

export interface Table {
  kind: 'Table'
  apiVersion: 'meta.k8s.io/v1'
  metadata: { resourceVersion?: string; continue?: string }
  columnDefinitions: ColumnDefinition[] | null
  rows: TableRow[]
}

export function tableRow(printer: Printer, obj: KObject, now: number, include: IncludeObject): TableRow {
  const row: TableRow = { cells: printer.row(obj, now) }
  const conds = printer.conditions?.(obj)
  if (conds) row.conditions = conds
  if (include === 'Metadata') row.object = partialObjectMetadata(obj)
  else if (include === 'Object') row.object = obj
  return row
}

export function buildTable(
  printer: Printer,
  items: KObject[],
  now: number,
  opts: { include?: IncludeObject; resourceVersion?: string; continue?: string; withColumns?: boolean },
): Table {
  const metadata: Table['metadata'] = {}
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion
  if (opts.continue) metadata.continue = opts.continue
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.withColumns === false ? null : printer.columns,
    rows: items.map((o) => tableRow(printer, o, now, opts.include ?? 'Metadata')),
  }
}
