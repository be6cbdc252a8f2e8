// The DNS tab's order: names first (A), then services (SRV), then reverse lookups (PTR), each by name with ordinals
// in number order (web-2 before web-10), so a StatefulSet's records sit together. Pure, unit-tested.
import type { DnsRecordView } from '../../src-main/shared/view-models'

const TYPE_ORDER: Record<DnsRecordView['type'], number> = { A: 0, SRV: 1, PTR: 2 }

export function sortDnsRecords(records: readonly DnsRecordView[]): DnsRecordView[] {
  return [...records].sort(
    (a, b) =>
      TYPE_ORDER[a.type] - TYPE_ORDER[b.type] ||
      a.name.localeCompare(b.name, 'en', { numeric: true }) ||
      a.answer.localeCompare(b.answer, 'en', { numeric: true }),
  )
}
