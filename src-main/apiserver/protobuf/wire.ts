// Protocol Buffers wire format reader (varints, fixed 32/64-bit, length-delimited), enough to walk any message.
import { errors } from '../../cluster/store/errors'

export const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

export interface WireField {
  n: number
  wire: WireType
  /** Varint value (as a 64-bit two's complement BigInt) for Varint; undefined otherwise. */
  varint?: bigint
  /** Payload for Bytes, Fixed32 and Fixed64. */
  bytes?: Uint8Array
}

export function malformed(why: string): never {
  throw errors.badRequest(`the body of the request could not be decoded as protobuf: ${why}`)
}

export class WireReader {
  private pos = 0
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length
  }

  varint(): bigint {
    let result = 0n
    let shift = 0n
    for (;;) {
      if (this.pos >= this.buf.length) malformed('truncated varint')
      const b = this.buf[this.pos++]
      result |= BigInt(b & 0x7f) << shift
      if (!(b & 0x80)) return BigInt.asUintN(64, result)
      shift += 7n
      if (shift > 63n) malformed('varint longer than 10 bytes')
    }
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) malformed('truncated field')
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  field(): WireField {
    const key = this.varint()
    const n = Number(key >> 3n)
    const wire = Number(key & 7n) as WireType
    if (n === 0) malformed('field number 0')
    switch (wire) {
      case WireType.Varint:
        return { n, wire, varint: this.varint() }
      case WireType.Fixed64:
        return { n, wire, bytes: this.take(8) }
      case WireType.Fixed32:
        return { n, wire, bytes: this.take(4) }
      case WireType.Bytes:
        return { n, wire, bytes: this.take(Number(this.varint())) }
      default:
        return malformed(`unsupported wire type ${wire}`)
    }
  }

  /** Every field of the message, in wire order. */
  static fields(buf: Uint8Array): WireField[] {
    const r = new WireReader(buf)
    const out: WireField[] = []
    while (!r.done) out.push(r.field())
    return out
  }
}

/** A signed int32/int64 from its varint encoding (negative numbers are sign-extended to 64 bits on the wire). */
export function signed(v: bigint): number {
  return Number(BigInt.asIntN(64, v))
}
