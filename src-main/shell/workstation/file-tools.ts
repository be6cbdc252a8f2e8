// File tools of the workstation, worded like GNU coreutils: ls, cat, mkdir, rm, cp, mv, touch.
import type { Builtin, CommandContext, FsStat } from '../io'
import { basename, errorText } from '../path'
import { readOrAbort } from '../pipe'
import { displayWidth } from '../width'
import { abs, parseOpts } from './args'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function modeString(s: FsStat): string {
  const bits = 'rwxrwxrwx'
  let m = s.type === 'dir' ? 'd' : '-'
  for (let i = 0; i < 9; i++) m += s.mode & (1 << (8 - i)) ? bits[i] : '-'
  return m
}

function lsDate(ms: number, now: number): string {
  const d = new Date(ms)
  const day = String(d.getDate()).padStart(2)
  const recent = Math.abs(now - ms) < 182 * 24 * 3600 * 1000
  const tail = recent ? `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}` : ` ${d.getFullYear()}`
  return `${MONTHS[d.getMonth()]} ${day} ${tail}`
}

/** GNU ls's column layout: as many columns as fit, filled top to bottom. */
export function lsColumns(names: string[], width: number): string {
  if (names.length === 0) return ''
  for (let ncols = names.length; ncols >= 1; ncols--) {
    const nrows = Math.ceil(names.length / ncols)
    if (Math.ceil(names.length / nrows) < ncols) continue
    const colW: number[] = []
    for (let c = 0; c < ncols; c++) {
      const col = names.slice(c * nrows, (c + 1) * nrows)
      colW.push(Math.max(...col.map(displayWidth)) + (c < ncols - 1 ? 2 : 0))
    }
    if (ncols > 1 && colW.reduce((a, b) => a + b, 0) > width) continue
    let out = ''
    for (let r = 0; r < nrows; r++) {
      let line = ''
      for (let c = 0; c < ncols; c++) {
        const n = names[c * nrows + r]
        if (n === undefined) continue
        const last = c === ncols - 1 || names[(c + 1) * nrows + r] === undefined
        line += last ? n : n + ' '.repeat(colW[c]! - displayWidth(n))
      }
      out += line + '\n'
    }
    return out
  }
  return names.join('\n') + '\n'
}

async function ls(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'la1AhR', long: { all: 'a', 'almost-all': 'A', recursive: 'R' }, usageStatus: 2 })
  if (typeof p === 'number') return p
  const all = p.flags.has('a')
  const almost = p.flags.has('A')
  const long = p.flags.has('l')
  const onePer = p.flags.has('1') || !ctx.tty
  const operands = p.operands.length ? p.operands : ['.']
  let status = 0
  const files: { name: string; stat: FsStat }[] = []
  const dirs: string[] = []
  for (const o of operands) {
    try {
      const s = ctx.fs.stat(abs(ctx, o))
      if (!s) {
        ctx.stderr.write(`ls: cannot access '${o}': No such file or directory\n`)
        status = 2
      } else if (s.type === 'dir') dirs.push(o)
      else files.push({ name: o, stat: s })
    } catch (e) {
      ctx.stderr.write(`ls: cannot access '${o}': ${errorText(e)}\n`)
      status = 2
    }
  }
  const now = Date.now()
  const render = (entries: { name: string; stat: FsStat }[], withTotal: boolean) => {
    if (long) {
      const sizeW = Math.max(0, ...entries.map((e) => String(e.stat.type === 'dir' ? 4096 : e.stat.size).length))
      let out = withTotal ? `total ${entries.reduce((t, e) => t + (e.stat.type === 'dir' ? 4 : Math.ceil(e.stat.size / 4096) * 4), 0)}\n` : ''
      for (const e of entries) {
        const size = String(e.stat.type === 'dir' ? 4096 : e.stat.size).padStart(sizeW)
        out += `${modeString(e.stat)} ${e.stat.type === 'dir' ? 2 : 1} learner learner ${size} ${lsDate(e.stat.mtimeMs, now)} ${e.name}\n`
      }
      return out
    }
    const names = entries.map((e) => e.name)
    return onePer ? names.map((n) => n + '\n').join('') : lsColumns(names, ctx.tty?.cols() ?? 80)
  }
  const sortByName = <T extends { name: string }>(xs: T[]) => xs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  let out = files.length ? render(sortByName(files), false) : ''
  dirs.sort()
  const recursive = p.flags.has('R')
  let first = files.length === 0
  const listDir = (d: string, depth = 0) => {
    if (!first) out += '\n'
    first = false
    if (operands.length > 1 || recursive) out += `${d}:\n`
    const dir = abs(ctx, d)
    let names: string[]
    try {
      names = ctx.fs.readdir(dir)
    } catch (e) {
      ctx.stderr.write(`ls: cannot open directory '${d}': ${errorText(e)}\n`)
      status = 2
      return
    }
    const entries: { name: string; stat: FsStat }[] = []
    if (all) {
      entries.push({ name: '.', stat: ctx.fs.stat(dir)! })
      let parent: FsStat | null = null
      try {
        parent = ctx.fs.stat(abs(ctx, d + '/..'))
      } catch {
        parent = null
      }
      entries.push({ name: '..', stat: parent ?? ctx.fs.stat(dir)! })
    }
    for (const n of names) {
      if (n.startsWith('.') && !all && !almost) continue
      const s = ctx.fs.stat(`${dir}/${n}`)
      if (s) entries.push({ name: n, stat: s })
    }
    out += render(sortByName(entries), true)
    // -R: then each subdirectory, depth first, in name order (never . and ..).
    if (recursive) {
      // The Fs follows symlinks, so a link to a parent would recurse forever: stop at a depth no lesson reaches.
      if (depth >= MAX_DEPTH) return
      for (const e of entries) if (e.stat.type === 'dir' && e.name !== '.' && e.name !== '..') listDir(d.endsWith('/') ? d + e.name : `${d}/${e.name}`, depth + 1)
    }
  }
  for (const d of dirs) listDir(d)
  ctx.stdout.write(out)
  return status
}

async function cat(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'n', long: { number: 'n' } })
  if (typeof p === 'number') return p
  let status = 0
  let lineNo = 0
  const emit = (text: string) => {
    if (!p.flags.has('n')) return ctx.stdout.write(text)
    ctx.stdout.write(text.replace(/^(?=.)|(?<=\n)(?=.)/gms, () => `${String(++lineNo).padStart(6)}\t`))
  }
  for (const name of p.operands.length ? p.operands : ['-']) {
    if (name === '-') {
      // Stream stdin chunk by chunk so an interactive `cat` echoes each line as it is typed.
      for (;;) {
        const c = await readOrAbort(ctx.stdin, ctx.signal)
        if (c === null) break
        emit(c)
      }
      if (ctx.signal.aborted) return 130
      continue
    }
    try {
      const s = ctx.fs.stat(abs(ctx, name))
      if (!s) throw Object.assign(new Error(), { code: 'ENOENT' })
      if (s.type === 'dir') throw Object.assign(new Error(), { code: 'EISDIR' })
      emit(ctx.fs.readFile(abs(ctx, name)))
    } catch (e) {
      ctx.stderr.write(`cat: ${name}: ${errorText(e)}\n`)
      status = 1
    }
  }
  return status
}

function missing(ctx: CommandContext, what = 'missing operand'): number {
  ctx.stderr.write(`${ctx.argv[0]}: ${what}\nTry '${ctx.argv[0]} --help' for more information.\n`)
  return 1
}

async function mkdir(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'pv', long: { parents: 'p' } })
  if (typeof p === 'number') return p
  if (!p.operands.length) return missing(ctx)
  let status = 0
  for (const d of p.operands) {
    try {
      const s = ctx.fs.stat(abs(ctx, d))
      if (s) {
        if (p.flags.has('p') && s.type === 'dir') continue
        throw Object.assign(new Error(), { code: 'EEXIST' })
      }
      ctx.fs.mkdir(abs(ctx, d), { recursive: p.flags.has('p') })
    } catch (e) {
      ctx.stderr.write(`mkdir: cannot create directory ‘${d}’: ${errorText(e)}\n`)
      status = 1
    }
  }
  return status
}

async function rm(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'rRfiv', long: { recursive: 'r', force: 'f' } })
  if (typeof p === 'number') return p
  const force = p.flags.has('f')
  const recursive = p.flags.has('r') || p.flags.has('R')
  if (!p.operands.length) return force ? 0 : missing(ctx)
  let status = 0
  for (const f of p.operands) {
    try {
      const s = ctx.fs.stat(abs(ctx, f))
      if (!s) {
        if (force) continue
        throw Object.assign(new Error(), { code: 'ENOENT' })
      }
      if (/(^|\/)\.\.?\/*$/.test(f)) {
        ctx.stderr.write(`rm: refusing to remove '.' or '..' directory: skipping '${f}'\n`)
        status = 1
        continue
      }
      if (s.type === 'dir' && !recursive) throw Object.assign(new Error(), { code: 'EISDIR' })
      ctx.fs.rm(abs(ctx, f), { recursive })
    } catch (e) {
      ctx.stderr.write(`rm: cannot remove '${f}': ${errorText(e)}\n`)
      status = 1
    }
  }
  return status
}

/** Recursive walks stop here: the Fs follows symlinks, and a link to a parent directory would never end. */
export const MAX_DEPTH = 24

function copyTree(ctx: CommandContext, from: string, to: string, depth = 0): void {
  const s = ctx.fs.stat(from)!
  if (s.type === 'file') return ctx.fs.writeFile(to, ctx.fs.readFile(from))
  if (depth > MAX_DEPTH || (to + '/').startsWith(from + '/')) throw Object.assign(new Error(), { code: 'ELOOP' })
  if (!ctx.fs.stat(to)) ctx.fs.mkdir(to)
  for (const n of ctx.fs.readdir(from)) copyTree(ctx, `${from}/${n}`, `${to}/${n}`, depth + 1)
}

async function cpOrMv(ctx: CommandContext, move: boolean): Promise<number> {
  const tool = ctx.argv[0]!
  const p = parseOpts(ctx, { bools: move ? 'fiv' : 'rRfiv', long: { recursive: 'r', force: 'f' } })
  if (typeof p === 'number') return p
  const ops = p.operands
  if (ops.length === 0) return missing(ctx, 'missing file operand')
  if (ops.length === 1) return missing(ctx, `missing destination file operand after '${ops[0]}'`)
  const dest = ops[ops.length - 1]!
  const sources = ops.slice(0, -1)
  let destStat: FsStat | null = null
  try {
    destStat = ctx.fs.stat(abs(ctx, dest))
  } catch (e) {
    ctx.stderr.write(`${tool}: cannot ${move ? `move '${sources[0]}' to` : 'create regular file'} '${dest}': ${errorText(e)}\n`)
    return 1
  }
  if (sources.length > 1 && destStat?.type !== 'dir') {
    ctx.stderr.write(`${tool}: target '${dest}' is not a directory\n`)
    return 1
  }
  let status = 0
  for (const src of sources) {
    try {
      const s = ctx.fs.stat(abs(ctx, src))
      if (!s) {
        ctx.stderr.write(`${tool}: cannot stat '${src}': No such file or directory\n`)
        status = 1
        continue
      }
      const target = destStat?.type === 'dir' ? `${abs(ctx, dest)}/${basename(src)}` : abs(ctx, dest)
      if (target === abs(ctx, src)) {
        ctx.stderr.write(`${tool}: '${src}' and '${dest}' are the same file\n`)
        status = 1
        continue
      }
      if (s.type === 'dir' && (target + '/').startsWith(abs(ctx, src) + '/')) {
        const shown = destStat?.type === 'dir' ? `${dest.replace(/\/+$/, '')}/${basename(src)}` : dest
        ctx.stderr.write(`${tool}: cannot ${move ? 'move' : 'copy a directory,'} '${src}'${move ? ' to a subdirectory of itself,' : ', into itself,'} '${shown}'\n`)
        status = 1
        continue
      }
      if (move) ctx.fs.rename(abs(ctx, src), target)
      else if (s.type === 'dir' && !(p.flags.has('r') || p.flags.has('R'))) {
        ctx.stderr.write(`cp: -r not specified; omitting directory '${src}'\n`)
        status = 1
      } else copyTree(ctx, abs(ctx, src), target)
    } catch (e) {
      ctx.stderr.write(`${tool}: cannot ${move ? `move '${src}' to '${dest}'` : `create regular file '${dest}'`}: ${errorText(e)}\n`)
      status = 1
    }
  }
  return status
}

async function touch(ctx: CommandContext): Promise<number> {
  const p = parseOpts(ctx, { bools: 'ac' })
  if (typeof p === 'number') return p
  if (!p.operands.length) return missing(ctx, 'missing file operand')
  let status = 0
  for (const f of p.operands) {
    try {
      const s = ctx.fs.stat(abs(ctx, f))
      // Rewriting the same bytes is how a plain Fs bumps the modification time.
      if (s?.type === 'file') ctx.fs.writeFile(abs(ctx, f), ctx.fs.readFile(abs(ctx, f)))
      else if (!s) ctx.fs.writeFile(abs(ctx, f), '')
    } catch (e) {
      ctx.stderr.write(`touch: cannot touch '${f}': ${errorText(e)}\n`)
      status = 1
    }
  }
  return status
}

export const fileTools: Builtin[] = [
  {
    name: 'ls',
    summary: 'list directory contents',
    usage: 'ls [-laR1A] [FILE]...',
    flags: [
      { short: 'l', summary: 'use a long listing format' },
      { short: 'a', long: 'all', summary: 'do not ignore entries starting with .' },
      { short: 'A', long: 'almost-all', summary: 'do not list implied . and ..' },
      { short: 'R', long: 'recursive', summary: 'list subdirectories recursively' },
      { short: '1', summary: 'list one file per line' },
    ],
    run: ls,
  },
  {
    name: 'cat',
    summary: 'concatenate files and print on the standard output',
    usage: 'cat [-n] [FILE]...',
    flags: [{ short: 'n', long: 'number', summary: 'number all output lines' }],
    run: cat,
  },
  {
    name: 'mkdir',
    summary: 'make directories',
    usage: 'mkdir [-p] DIRECTORY...',
    flags: [{ short: 'p', long: 'parents', summary: 'no error if existing, make parent directories as needed' }],
    run: mkdir,
  },
  {
    name: 'rm',
    summary: 'remove files or directories',
    usage: 'rm [-rf] FILE...',
    flags: [
      { short: 'r', long: 'recursive', summary: 'remove directories and their contents recursively' },
      { short: 'f', long: 'force', summary: 'ignore nonexistent files, never prompt' },
    ],
    run: rm,
  },
  {
    name: 'cp',
    summary: 'copy files and directories',
    usage: 'cp [-r] SOURCE... DEST',
    flags: [{ short: 'r', long: 'recursive', summary: 'copy directories recursively' }],
    run: (c) => cpOrMv(c, false),
  },
  { name: 'mv', summary: 'move (rename) files', usage: 'mv SOURCE... DEST', run: (c) => cpOrMv(c, true) },
  { name: 'touch', summary: 'create files or update their timestamps', usage: 'touch FILE...', run: touch },
]
