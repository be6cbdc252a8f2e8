// A tiny protobuf writer for tests: builds request bodies field by field (numbers spelled out in each test), so the
// decoder is checked against the wire format itself rather than against its own schema table.
export type PbField = [number, 'varint', number | bigint] | [number, 'string', string] | [number, 'bytes', Uint8Array] | [number, 'message', PbField[]]

function varint(v: bigint): number[] {
  let x = BigInt.asUintN(64, v)
  const out: number[] = []
  do {
    let b = Number(x & 0x7fn)
    x >>= 7n
    if (x) b |= 0x80
    out.push(b)
  } while (x)
  return out
}

export function encode(fields: PbField[]): Uint8Array {
  const out: number[] = []
  for (const [n, kind, v] of fields) {
    if (kind === 'varint') {
      out.push(...varint(BigInt(n << 3)), ...varint(BigInt(v as number | bigint)))
      continue
    }
    const bytes = kind === 'string' ? new TextEncoder().encode(v as string) : kind === 'bytes' ? (v as Uint8Array) : encode(v as PbField[])
    out.push(...varint(BigInt((n << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes)
  }
  return Uint8Array.from(out)
}

/** The k8s envelope: `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function envelope(apiVersion: string, kind: string, object: PbField[]): Buffer {
  const unknown = encode([
    [1, 'message', [[1, 'string', apiVersion], [2, 'string', kind]]],
    [2, 'bytes', encode(object)],
  ])
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), unknown])
}

/** map<string,string> entries: one repeated field per key. */
export function mapEntries(n: number, m: Record<string, string>): PbField[] {
  return Object.entries(m).map(([k, v]) => [n, 'message', [[1, 'string', k], [2, 'string', v]]] as PbField)
}
