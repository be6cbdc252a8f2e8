// `help`, generated from the builtin table (name, usage, summary, flags) plus the shell's own intrinsics, so a new row
// shows up in `help` and in completion without anyone writing it twice.
import type { Builtin, BuiltinFlag } from '../io'

/** The intrinsics (cd, export…) are part of the interpreter, not table rows; their help rows live here. */
export const INTRINSIC_ROWS: Builtin[] = [
  { name: 'cd', usage: 'cd [DIR]', summary: 'change the working directory (`cd -` goes back, `cd` goes home)', run: never },
  { name: 'export', usage: 'export [NAME[=VALUE] ...]', summary: 'set export attribute for shell variables', run: never },
  { name: 'unset', usage: 'unset [NAME ...]', summary: 'unset values of shell variables', run: never },
  { name: 'exit', usage: 'exit [N]', summary: 'exit the shell with status N', run: never },
  { name: 'read', usage: 'read [-r] [-p PROMPT] [NAME ...]', summary: 'read a line from standard input', run: never },
  { name: 'set', usage: 'set [-e] [-- ARG ...]', summary: 'set shell options (set -e) and positional parameters', run: never },
  { name: 'type', usage: 'type NAME ...', summary: 'display information about command type', run: never },
  { name: 'jobs', usage: 'jobs', summary: 'display status of background jobs', run: never },
  { name: 'wait', usage: 'wait', summary: 'wait for background jobs to complete', run: never },
  { name: 'source', aliases: ['.'], usage: 'source FILE', summary: 'execute commands from a file in the current shell', run: never },
]

function never(): Promise<number> {
  return Promise.resolve(0)
}

function flagLines(flags: BuiltinFlag[]): string {
  const heads = flags.map((f) => {
    const names = [f.short ? `-${f.short}` : null, f.long ? `--${f.long}` : null].filter(Boolean).join(', ')
    return f.arg ? `${names} ${f.arg}` : names
  })
  const w = Math.max(...heads.map((h) => h.length)) + 2
  return flags.map((f, i) => `      ${heads[i]!.padEnd(w)}${f.summary}\n`).join('')
}

export function generatedHelp(table: () => Builtin[]): Builtin {
  return {
    name: 'help',
    summary: 'list the commands of this shell, or show one',
    usage: 'help [COMMAND]',
    run: async (c) => {
      const rows = [...table(), ...INTRINSIC_ROWS].sort((a, b) => (a.name < b.name ? -1 : 1))
      const topics = c.argv.slice(1)
      if (topics.length) {
        let status = 0
        for (const topic of topics) {
          const row = rows.find((r) => r.name === topic || r.aliases?.includes(topic))
          if (!row) {
            c.stderr.write(`bash: help: no help topics match \`${topic}'.  Try \`help help' or \`man -k ${topic}' or \`info ${topic}'.\n`)
            status = 1
            continue
          }
          let out = `${row.name}: ${row.usage ?? row.name}\n    ${row.summary}\n`
          if (row.aliases?.length) out += `    Also available as: ${row.aliases.join(', ')}\n`
          if (row.flags?.length) out += `\n    Options:\n${flagLines(row.flags)}`
          c.stdout.write(out)
        }
        return status
      }
      c.stdout.write('Commands available in this shell (type `help NAME` for one of them):\n\n')
      const w = Math.max(...rows.map((r) => r.name.length)) + 2
      for (const r of rows) c.stdout.write(`  ${r.name.padEnd(w)}${r.summary}\n`)
      c.stdout.write('\nShell syntax: quoting, $VAR, $(…), pipes, > >> < 2>&1, here-docs, if/for/while/case, && || ;\n')
      return 0
    },
  }
}
