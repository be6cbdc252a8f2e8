import { describe, expect, it } from 'vitest'
import type { DnsRecordView } from '../../src-main/shared/view-models'
import { sortDnsRecords } from '../../src-renderer/lib/dns'

describe('sortDnsRecords', () => {
  it('lists A, then SRV, then PTR records, by name with ordinals in number order', () => {
    const rec = (name: string, type: DnsRecordView['type'], answer = ''): DnsRecordView => ({ name, type, answer })
    const input = [
      rec('2.3.244.10.in-addr.arpa', 'PTR', 'web-0.nginx.default.svc.cluster.local'),
      rec('web-10.nginx.default.svc.cluster.local', 'A', '10.244.1.9'),
      rec('_web._tcp.nginx.default.svc.cluster.local', 'SRV', '0 50 80 web-0.nginx.default.svc.cluster.local'),
      rec('web-2.nginx.default.svc.cluster.local', 'A', '10.244.3.2'),
      rec('nginx.default.svc.cluster.local', 'A', '10.244.3.2'),
      rec('nginx.default.svc.cluster.local', 'A', '10.244.10.2'),
    ]
    expect(sortDnsRecords(input).map((r) => `${r.type} ${r.name} ${r.answer}`)).toEqual([
      'A nginx.default.svc.cluster.local 10.244.3.2',
      'A nginx.default.svc.cluster.local 10.244.10.2',
      'A web-2.nginx.default.svc.cluster.local 10.244.3.2',
      'A web-10.nginx.default.svc.cluster.local 10.244.1.9',
      'SRV _web._tcp.nginx.default.svc.cluster.local 0 50 80 web-0.nginx.default.svc.cluster.local',
      'PTR 2.3.244.10.in-addr.arpa web-0.nginx.default.svc.cluster.local',
    ])
    expect(input[0].type).toBe('PTR') // the snapshot from main is not reordered in place
  })
})
