// Just enough of resource.Quantity for describe node's request/limit sums: parse "100m", "2", "128Mi", "1G", and
// print a sum back in Go's canonical form (binary suffixes for byte sizes that came in binary, else decimal).
const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 }
const DEC: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 }

export interface Quantity { value: number; binary: boolean }

export function parseQuantity(s: string | number | undefined): Quantity {
  if (s === undefined) return { value: 0, binary: false }
  const m = /^([+-]?\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(String(s))
  if (!m) return { value: 0, binary: false }
  const suffix = m[2] ?? ''
  if (suffix in BIN) return { value: Number(m[1]) * BIN[suffix], binary: true }
  return { value: Number(m[1]) * DEC[suffix], binary: false }
}

/** Go's Quantity.String() for a sum: `0`, `250m`, `1`, `128Mi`, `1G`. */
export function formatQuantity(q: Quantity): string {
  const v = q.value
  if (v === 0) return '0'
  if (q.binary && Number.isInteger(v)) {
    for (const suf of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) if (v % BIN[suf] === 0) return `${v / BIN[suf]}${suf}`
    return String(v)
  }
  const milli = Math.round(v * 1000)
  if (milli % 1000 !== 0) return `${milli}m`
  for (const suf of ['E', 'P', 'T', 'G', 'M', 'k']) if (v % DEC[suf] === 0) return `${v / DEC[suf]}${suf}`
  return String(v)
}
