// File commands inside containers, worded like busybox (busybox/alpine) or GNU coreutils (Debian-based nginx).
import type { Builtin, CommandContext } from '../../../shell/io'
import { readOrAbort } from '../../../shell/pipe'
import { basename } from '../overlay-fs'
import { busyboxUsage, type ContainerTools, errText, isBusybox, line, resolvePath, shortFlags } from './tools'

type Cmd = (ctx: CommandContext) => Promise<number>

/** Copies stdin to stdout chunk by chunk, so `cat` on a terminal prints each line as it is entered; ^C stops it. */
async function copyStdin(ctx: CommandContext): Promise<void> {
  for (;;) {
    const c = await readOrAbort(ctx.stdin, ctx.signal)
    if (c === null) return
    ctx.stdout.write(c)
  }
}

export function fileCommands(t: ContainerTools): Record<string, Cmd> {
  const bb = isBusybox(t)
  const fs = t.fs
  const cantOpen = (ctx: CommandContext, cmd: string, f: string, e: unknown) =>
    line(ctx.stderr, bb ? `${cmd}: can't open '${f}': ${errText(e)}` : `${cmd}: ${f}: ${errText(e)}`)

  const cat: Cmd = async (ctx) => {
    const files = ctx.argv.slice(1).filter((a) => a !== '-u')
    if (!files.length) {
      await copyStdin(ctx)
      return 0
    }
    let rc = 0
    for (const f of files) {
      if (f === '-') {
        await copyStdin(ctx)
        continue
      }
      try {
        ctx.stdout.write(fs.readFile(resolvePath(ctx, f)))
      } catch (e) {
        cantOpen(ctx, 'cat', f, e)
        rc = 1
      }
    }
    return rc
  }

  const echo: Cmd = async (ctx) => {
    let args = ctx.argv.slice(1)
    let newline = true
    let escapes = false
    while (args.length && /^-[neE]+$/.test(args[0])) {
      if (args[0].includes('n')) newline = false
      if (args[0].includes('e')) escapes = true
      args = args.slice(1)
    }
    let s = args.join(' ')
    if (escapes) s = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\')
    ctx.stdout.write(s + (newline ? '\n' : ''))
    return 0
  }

  const fmtMode = (type: 'file' | 'dir', mode: number) => {
    const bits = 'rwxrwxrwx'
    let s = type === 'dir' ? 'd' : '-'
    for (let i = 0; i < 9; i++) s += mode & (1 << (8 - i)) ? bits[i] : '-'
    return s
  }
  const fmtDate = (ms: number) => {
    const d = new Date(ms || t.clock.now())
    const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]
    return `${mon} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
  }

  const ls: Cmd = async (ctx) => {
    const { flags, rest } = shortFlags(ctx.argv.slice(1))
    const unknown = [...flags.keys()].find((f) => !'laA1dhRrtSF'.includes(f))
    if (unknown) {
      line(ctx.stderr, bb ? `ls: unrecognized option: ${unknown}` : `ls: invalid option -- '${unknown}'\nTry 'ls --help' for more information.`)
      if (bb) return busyboxUsage(t, ctx, 'ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n\nList directory contents')
      return 2
    }
    const long = flags.has('l')
    const all = flags.has('a') || flags.has('A')
    const one = flags.has('1') || !ctx.tty
    const targets = rest.length ? rest : ['.']
    let rc = 0
    const blocks: string[] = []
    const render = (names: { name: string; path: string }[]) => {
      if (long) {
        return names
          .map(({ name, path }) => {
            const st = fs.stat(path)!
            const size = String(st.size)
            return bb
              ? `${fmtMode(st.type, st.mode)}    ${st.type === 'dir' ? 2 : 1} root     root     ${size.padStart(9)} ${fmtDate(st.mtimeMs)} ${name}`
              : `${fmtMode(st.type, st.mode)} ${st.type === 'dir' ? 2 : 1} root root ${size.padStart(4)} ${fmtDate(st.mtimeMs)} ${name}`
          })
          .join('\n')
      }
      if (one) return names.map((n) => n.name).join('\n')
      // Terminal: names in columns, column-major like ls does.
      const width = ctx.tty?.cols() ?? 80
      const colW = Math.max(...names.map((n) => n.name.length)) + 2
      const cols = Math.max(1, Math.floor(width / colW))
      const rows = Math.ceil(names.length / cols)
      const out: string[] = []
      for (let r = 0; r < rows; r++) {
        let s = ''
        for (let c = 0; c < cols; c++) {
          const n = names[c * rows + r]
          if (n) s += c === cols - 1 || !names[(c + 1) * rows + r] ? n.name : n.name.padEnd(colW)
        }
        out.push(s)
      }
      return out.join('\n')
    }
    for (const target of targets) {
      const p = resolvePath(ctx, target)
      const st = fs.stat(p)
      if (!st) {
        line(ctx.stderr, bb ? `ls: ${target}: No such file or directory` : `ls: cannot access '${target}': No such file or directory`)
        rc = bb ? 1 : 2
        continue
      }
      if (st.type === 'file' || flags.has('d')) {
        blocks.push(render([{ name: target, path: p }]))
        continue
      }
      let names = fs.readdir(p).filter((n) => all || !n.startsWith('.'))
      if (flags.has('a')) names = ['.', '..', ...names]
      const entries = names.map((n) => ({ name: n, path: n === '.' ? p : n === '..' ? p.replace(/\/[^/]*$/, '') || '/' : `${p === '/' ? '' : p}/${n}` }))
      let block = entries.length ? render(entries) : ''
      if (long) block = `total ${entries.length * 4}` + (block ? '\n' + block : '')
      if (targets.length > 1) block = `${target}:` + (block ? '\n' + block : '')
      blocks.push(block)
    }
    const text = blocks.filter((b, i) => b || targets.length > 1 || i > 0).join(targets.length > 1 ? '\n\n' : '\n')
    if (text) ctx.stdout.write(text + '\n')
    return rc
  }

  const mkdir: Cmd = async (ctx) => {
    const { flags, rest } = shortFlags(ctx.argv.slice(1))
    if (!rest.length) {
      if (bb) return busyboxUsage(t, ctx, 'mkdir [-m MODE] [-p] DIRECTORY...\n\nCreate DIRECTORY\n\n\t-m MODE\tMode\n\t-p\tNo error if exists; make parent directories as needed')
      line(ctx.stderr, "mkdir: missing operand\nTry 'mkdir --help' for more information.")
      return 1
    }
    let rc = 0
    for (const d of rest) {
      try {
        fs.mkdir(resolvePath(ctx, d), { recursive: flags.has('p') })
      } catch (e) {
        line(ctx.stderr, bb ? `mkdir: can't create directory '${d}': ${errText(e)}` : `mkdir: cannot create directory '${d}': ${errText(e)}`)
        rc = 1
      }
    }
    return rc
  }

  const rm: Cmd = async (ctx) => {
    const { flags, rest } = shortFlags(ctx.argv.slice(1))
    const recursive = flags.has('r') || flags.has('R')
    const force = flags.has('f')
    if (!rest.length && !force) {
      if (bb) return busyboxUsage(t, ctx, 'rm [-irf] FILE...\n\nRemove (unlink) FILEs\n\n\t-i\tAlways prompt before removing\n\t-f\tNever prompt\n\t-R,-r\tRecurse')
      line(ctx.stderr, "rm: missing operand\nTry 'rm --help' for more information.")
      return 1
    }
    let rc = 0
    for (const f of rest) {
      const p = resolvePath(ctx, f)
      const st = fs.stat(p)
      if (!st) {
        if (force) continue
        line(ctx.stderr, bb ? `rm: can't remove '${f}': No such file or directory` : `rm: cannot remove '${f}': No such file or directory`)
        rc = 1
        continue
      }
      if (st.type === 'dir' && !recursive) {
        line(ctx.stderr, bb ? `rm: '${f}' is a directory` : `rm: cannot remove '${f}': Is a directory`)
        rc = 1
        continue
      }
      try {
        fs.rm(p, { recursive: true })
      } catch (e) {
        line(ctx.stderr, bb ? `rm: can't remove '${f}': ${errText(e)}` : `rm: cannot remove '${f}': ${errText(e)}`)
        rc = 1
      }
    }
    return rc
  }

  const rmdir: Cmd = async (ctx) => {
    let rc = 0
    for (const d of ctx.argv.slice(1)) {
      const p = resolvePath(ctx, d)
      try {
        const st = fs.stat(p)
        if (st && st.type !== 'dir') throw Object.assign(new Error('Not a directory'))
        fs.rm(p)
      } catch (e) {
        line(ctx.stderr, bb ? `rmdir: '${d}': ${errText(e)}` : `rmdir: failed to remove '${d}': ${errText(e)}`)
        rc = 1
      }
    }
    return rc
  }

  const touch: Cmd = async (ctx) => {
    let rc = 0
    for (const f of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const p = resolvePath(ctx, f)
      try {
        const st = fs.stat(p)
        if (!st) fs.writeFile(p, '')
        else if (st.type === 'file') fs.writeFile(p, fs.readFile(p))
      } catch (e) {
        line(ctx.stderr, bb ? `touch: ${f}: ${errText(e)}` : `touch: cannot touch '${f}': ${errText(e)}`)
        rc = 1
      }
    }
    return rc
  }

  const copyOrMove = (move: boolean): Cmd => async (ctx) => {
    const name = move ? 'mv' : 'cp'
    const { rest } = shortFlags(ctx.argv.slice(1))
    if (rest.length < 2) {
      if (bb) {
        return busyboxUsage(t, ctx, move
          ? 'mv [-fin] SOURCE DEST\nor: mv [-fin] SOURCE... DIRECTORY\n\nRename SOURCE to DEST, or move SOURCEs to DIRECTORY\n\n\t-f\tDon\'t prompt before overwriting\n\t-i\tInteractive, prompt before overwrite\n\t-n\tDon\'t overwrite an existing file'
          : 'cp [-arPLHpfinlsTu] SOURCE DEST\nor: cp [-arPLHpfinlsu] SOURCE... { -t DIRECTORY | DIRECTORY }\n\nCopy SOURCEs to DEST')
      }
      line(ctx.stderr, `${name}: missing file operand\nTry '${name} --help' for more information.`)
      return 1
    }
    const dest = resolvePath(ctx, rest[rest.length - 1])
    const destIsDir = fs.stat(dest)?.type === 'dir'
    let rc = 0
    for (const s of rest.slice(0, -1)) {
      const src = resolvePath(ctx, s)
      const to = destIsDir ? `${dest === '/' ? '' : dest}/${basename(src)}` : dest
      try {
        if (move) fs.rename(src, to)
        else fs.writeFile(to, fs.readFile(src))
      } catch (e) {
        line(ctx.stderr, bb ? `${name}: can't stat '${s}': ${errText(e)}` : `${name}: cannot stat '${s}': ${errText(e)}`)
        rc = 1
      }
    }
    return rc
  }

  const pwd: Cmd = async (ctx) => {
    line(ctx.stdout, ctx.cwd)
    return 0
  }

  return { cat, echo, ls, mkdir, rm, rmdir, touch, cp: copyOrMove(false), mv: copyOrMove(true), pwd }
}
