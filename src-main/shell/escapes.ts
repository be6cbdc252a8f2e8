// Backslash escapes shared by `echo -e`, `printf` and the lexer's $'…' (ANSI-C quoting).

/** Backslash escapes of `echo -e` and `printf`. `stop` is set by `\c` (echo: stop all output). */
export function unescapeC(s: string, forEcho: boolean): { text: string; stop: boolean } {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c !== '\\' || i + 1 >= s.length) {
      out += c
      continue
    }
    const n = s[++i]!
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\' }
    if (n in simple) out += simple[n]
    else if (n === 'c') return { text: out, stop: true }
    else if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16))
        i += m[0].length
      } else out += '\\x'
    } else if (/[0-7]/.test(n) && (n === '0' || !forEcho)) {
      // echo: \0nnn; printf: \nnn
      const m = (forEcho ? /^[0-7]{0,3}/ : /^[0-7]{0,2}/).exec(s.slice(i + 1))!
      const digits = forEcho ? m[0] : n + m[0]
      out += String.fromCharCode(parseInt(digits || '0', 8))
      i += m[0].length
    } else out += '\\' + n
  }
  return { text: out, stop: false }
}
