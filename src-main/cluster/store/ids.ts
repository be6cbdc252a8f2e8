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

// The uuid's 36 character codes, filled in place and turned into one flat string at once: `+=` built a chain of
// ~20 short-lived string pieces per uid (joining pieces was not much better), a visible part of every create.
const UUID_CODES: number[] = new Array(36).fill(0x2d) // '-' where no hex digit goes
const BYTE_AT: number[] = [] // where byte i's two hex digits start
for (let i = 0, at = 0; i < 16; i++, at += 2) {
  BYTE_AT.push(at)
  if (i === 3 || i === 5 || i === 7 || i === 9) at++
}
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0))

/** A random (v4) UUID: 16 draws from `random`, in order, variant and version bits set. */
export function uuidV4(random: () => number): string {
  // One draw per byte, in the same order as before, so seeded clusters keep their uids.
  for (let i = 0; i < 16; i++) {
    let b = Math.floor(random() * 256) & 0xff
    if (i === 6) b = (b & 0x0f) | 0x40
    else if (i === 8) b = (b & 0x3f) | 0x80
    UUID_CODES[BYTE_AT[i]] = HEX_CODES[b >> 4]
    UUID_CODES[BYTE_AT[i] + 1] = HEX_CODES[b & 15]
  }
  return String.fromCharCode.apply(null, UUID_CODES)
}

export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'
export function randomSuffix(random: () => number, n = 5): string {
  let s = ''
  for (let i = 0; i < n; i++) s += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)]
  return s
}

