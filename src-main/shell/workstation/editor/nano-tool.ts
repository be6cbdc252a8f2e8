// The `nano` (alias `edit`) and `vi` rows: nano runs full screen on the terminal in raw mode; vi points to nano.
import type { Builtin, CommandContext } from '../../io'
import { readOrAbort } from '../../pipe'
import { Nano } from './nano'

async function nano(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1)
  const bad = args.find((a) => a.startsWith('-') && a !== '-' && a !== '--')
  if (bad) {
    ctx.stderr.write(`${ctx.argv[0]}: invalid option -- '${bad.replace(/^-+/, '').slice(0, 1)}'\nType '${ctx.argv[0]} -h' for a list of available options.\n`)
    return 1
  }
  const files = args.filter((a) => a !== '--')
  if (!ctx.tty) {
    ctx.stderr.write('Too many errors from stdin\n')
    return 1
  }
  const tty = ctx.tty
  const editor = new Nano({ fs: ctx.fs, cwd: ctx.cwd, file: files[0] ?? null, cols: tty.cols(), rows: tty.rows(), write: (s) => ctx.stdout.write(s) })
  tty.setRaw(true)
  ctx.stdout.write('\x1b[?1049h')
  const off = tty.onResize((c, r) => editor.resize(c, r))
  try {
    editor.render()
    while (!editor.done) {
      const chunk = await readOrAbort(ctx.stdin, ctx.signal)
      if (chunk === null) break
      editor.feed(chunk)
    }
  } finally {
    off()
    ctx.stdout.write('\x1b[?1049l')
    tty.setRaw(false)
  }
  return 0
}

export const editorTools: Builtin[] = [
  {
    name: 'nano',
    aliases: ['edit'],
    summary: 'a small text editor (^O save, ^X exit, ^K cut, ^U paste, ^W search)',
    usage: 'nano [FILE]',
    run: nano,
  },
  {
    name: 'vi',
    aliases: ['vim'],
    summary: 'points to nano (vi is not installed on this workstation)',
    usage: 'vi [FILE]',
    run: async (ctx) => {
      const file = ctx.argv.slice(1).find((a) => !a.startsWith('-'))
      ctx.stderr.write(`${ctx.argv[0]}: not installed here. Use nano instead: nano ${file ?? 'FILE'}\n  (type to edit, ^O saves, ^X exits; ^ means the Ctrl key)\n`)
      return 127
    },
  },
]
