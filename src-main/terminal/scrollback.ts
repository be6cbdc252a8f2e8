// The recent terminal output, so a renderer that (re)connects — a reloaded browser tab, a new window — can redraw
// the screen instead of showing an empty terminal until the next prompt. Trimmed at line boundaries so a replay
// never starts in the middle of a line; a full reset (ESC c, sent when a new shell starts) starts it afresh.
const RESET = '\x1bc'

export interface Scrollback {
  push(data: string): void
  /** What to send a new renderer: a reset, then the recent output. */
  replay(): string
}

export function createScrollback(maxChars = 64 * 1024): Scrollback {
  let text = ''
  return {
    push(data) {
      const r = data.lastIndexOf(RESET)
      text = r >= 0 ? data.slice(r + RESET.length) : text + data
      if (text.length > maxChars * 1.5) {
        const cut = text.indexOf('\n', text.length - maxChars)
        text = cut >= 0 ? text.slice(cut + 1) : text.slice(text.length - maxChars)
      }
    },
    replay: () => RESET + text,
  }
}
