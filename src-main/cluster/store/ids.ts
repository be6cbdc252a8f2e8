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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

// The uuid's 20 pieces (16 hex bytes and 4 dashes), joined once: `+=` built a chain of ~20 short-lived string pieces
// per uid, one of the larger allocations of every create.
const UUID_PARTS: string[] = Array.from({ length: 20 }, () => '-')
const BYTE_SLOT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 16, 17, 18, 19] // where byte i goes among the pieces

/** A random (v4) UUID: 16 draws from `random`, in order, variant and version bits set. */
export function uuidV4(random: () => number): string {
  // One draw per byte, in the same order as before, so seeded clusters keep their uids.
  for (let i = 0; i < 16; i++) {
    let b = Math.floor(random() * 256) & 0xff
    if (i === 6) b = (b & 0x0f) | 0x40
    else if (i === 8) b = (b & 0x3f) | 0x80
    UUID_PARTS[BYTE_SLOT[i]] = HEX[b]
  }
  return UUID_PARTS.join('')
}

export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'
export function randomSuffix(random: () => number, n = 5): string {
  let s = ''
  for (let i = 0; i < n; i++) s += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)]
  return s
}

