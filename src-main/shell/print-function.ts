// `type f` / `declare -f f`: a function's body printed back the way bash's print_cmd does it — `f () ` and `{ `
// (with their trailing blanks), 4-space indents, `;` closing each command inside compound bodies, keywords on
// their own lines (`do`/`done`, `then`/`fi`, `;;`).
import type { AndOr, Command, List, Pipeline, Redirect, SimpleCommand } from './ast'

const IND = '    '

function redirect(r: Redirect): string {
  const fd = r.fd === null ? '' : String(r.fd)
  if (r.heredoc) return `${fd}${r.op} ${r.heredoc.quoted ? `'${r.heredoc.delimiter}'` : r.heredoc.delimiter}`
  // bash writes `> file` with a blank, but fd duplications stay glued: `2>&1`.
  return r.op === '>&' || r.op === '<&' ? `${fd}${r.op}${r.target.raw}` : `${fd}${r.op} ${r.target.raw}`
}

function heredocBodies(rs: Redirect[]): string[] {
  return rs.filter((r) => r.heredoc).map((r) => `${r.heredoc!.body.raw}${r.heredoc!.body.raw.endsWith('\n') ? '' : '\n'}${r.heredoc!.delimiter}`)
}

function simple(c: SimpleCommand): string {
  return [...c.assigns.map((a) => `${a.name}=${a.value.raw}`), ...c.words.map((w) => w.raw), ...c.redirects.map(redirect)].join(' ')
}

function withRedirects(text: string, rs: Redirect[]): string {
  return rs.length ? `${text} ${rs.map(redirect).join(' ')}` : text
}

/** The lines of `cmd` at `depth`; the caller adds the separator after the last line. */
function command(c: Command, depth: number): string[] {
  const pad = IND.repeat(depth)
  switch (c.type) {
    case 'simple': {
      const docs = heredocBodies(c.redirects)
      return [pad + simple(c) + (docs.length ? '\n' + docs.join('\n') : '')]
    }
    case 'function':
      return [`${pad}${c.name} () `, ...command(c.body, depth)]
    case 'group':
      return [`${pad}{ `, ...body(c.body, depth + 1, false), withRedirects(`${pad}}`, c.redirects)]
    case 'subshell':
      return [`${pad}( ${inline(c.body)} )${c.redirects.length ? ' ' + c.redirects.map(redirect).join(' ') : ''}`]
    case 'if': {
      const out: string[] = []
      c.branches.forEach((b, i) => {
        out.push(`${pad}${i === 0 ? 'if' : 'elif'} ${inline(b.cond)}; then`, ...body(b.body, depth + 1, true))
      })
      if (c.elseBody) out.push(`${pad}else`, ...body(c.elseBody, depth + 1, true))
      out.push(withRedirects(`${pad}fi`, c.redirects))
      return out
    }
    case 'for':
      return [
        `${pad}for ${c.name}${c.items ? ` in ${c.items.map((w) => w.raw).join(' ')}` : ''};`,
        `${pad}do`,
        ...body(c.body, depth + 1, true),
        withRedirects(`${pad}done`, c.redirects),
      ]
    case 'while':
      return [`${pad}${c.until ? 'until' : 'while'} ${inline(c.cond)}; do`, ...body(c.body, depth + 1, true), withRedirects(`${pad}done`, c.redirects)]
    case 'case': {
      const out = [`${pad}case ${c.word.raw} in `]
      for (const it of c.items) {
        out.push(`${pad}${IND}${it.patterns.map((p) => p.raw).join(' | ')})`, ...body(it.body, depth + 2, false), `${pad}${IND};;`)
      }
      out.push(withRedirects(`${pad}esac`, c.redirects))
      return out
    }
  }
}

function pipeline(p: Pipeline, depth: number): string[] {
  const parts = p.commands.map((c) => command(c, depth))
  // Join the stages on one line: the first line of each later stage loses its indent.
  const lines = parts[0]!
  for (const next of parts.slice(1)) {
    lines[lines.length - 1] += ' | ' + next[0]!.trimStart()
    lines.push(...next.slice(1))
  }
  if (p.negated) lines[0] = lines[0]!.replace(/^(\s*)/, '$1! ')
  return lines
}

function andOr(a: AndOr, depth: number): string[] {
  const lines = pipeline(a.first, depth)
  for (const r of a.rest) {
    const next = pipeline(r.pipeline, depth)
    lines[lines.length - 1] += ` ${r.op} ` + next[0]!.trimStart()
    lines.push(...next.slice(1))
  }
  if (a.background) lines[lines.length - 1] += ' &'
  return lines
}

/** A list as body lines: `;` after each item (after all but the last unless `semiLast`); `&` items take none. */
function body(list: List, depth: number, semiLast: boolean): string[] {
  const out: string[] = []
  list.forEach((item, i) => {
    const lines = andOr(item, depth)
    const last = i === list.length - 1
    if (!item.background && (!last || semiLast)) lines[lines.length - 1] += ';'
    out.push(...lines)
  })
  return out
}

/** A condition list on one line: `[ -n "$1" ] && true`. */
function inline(list: List): string {
  return list.map((item) => andOr(item, 0).map((l) => l.trim()).join(' ')).join('; ')
}

/** bash's `type NAME` text after `NAME is a function`. */
export function printFunction(name: string, fnBody: Command): string {
  const inner = fnBody.type === 'group' ? command(fnBody, 0) : ['{ ', ...command(fnBody, 1), '}']
  return [`${name} () `, ...inner].join('\n')
}
