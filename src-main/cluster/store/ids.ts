// Names, uids and timestamps the API server generates. Randomness is injected so tests are deterministic.

// Every write stamps a time and most land in the same sim second: format each second once (a Date + toISOString +
// replace per call showed up on every write's profile).
let lastSecond = NaN
let lastText = ''

export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000)
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z')
    lastSecond = second
  }
  return lastText
}

export function uuidV4(random: () => number): string {
  const b: number[] = []
  for (let i = 0; i < 16; i++) b.push(Math.floor(random() * 256) & 0xff)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'
export function randomSuffix(random: () => number, n = 5): string {
  let s = ''
  for (let i = 0; i < n; i++) s += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)]
  return s
}

