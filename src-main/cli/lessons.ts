// `npm run lessons -- lint [dir]` and `npm run lessons -- test [dir] [lesson-id…] [--speed instant|1|both]`.
// lint: schema, ids, locales (prints file:line: reason, exit 1 on problems).
// test: replays every step's solution and wrong attempts in a real workstation session (see lessons/replay.ts).
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { lintLessons } from '../lessons/lint'

function usage(): never {
  process.stderr.write('usage: npm run lessons -- lint [DIR]\n       npm run lessons -- test [DIR] [LESSON-ID...] [--speed instant|1|both]\n')
  process.exit(2)
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  const speedAt = rest.indexOf('--speed')
  const speed = speedAt >= 0 ? rest.splice(speedAt, 2)[1] : 'both'
  // The first argument is the lessons folder when it is one; the rest are lesson ids.
  const dir = resolve(rest[0] && existsSync(rest[0]) && statSync(rest[0]).isDirectory() ? rest.shift()! : 'lessons')
  if (cmd === 'lint') {
    const problems = lintLessons(dir)
    for (const p of problems) process.stdout.write(`${p}\n`)
    if (problems.length) {
      process.stdout.write(`${problems.length} problem${problems.length > 1 ? 's' : ''}\n`)
      return 1
    }
    process.stdout.write('lessons: ok\n')
    return 0
  }
  if (cmd === 'test') {
    if (!['instant', '1', 'both'].includes(speed)) usage()
    const problems = lintLessons(dir)
    if (problems.length) {
      for (const p of problems) process.stdout.write(`${p}\n`)
      return 1
    }
    const { testLessons } = await import('../lessons/replay')
    const speeds: ('instant' | 1)[] = speed === 'both' ? ['instant', 1] : speed === 'instant' ? ['instant'] : [1]
    const report = await testLessons(dir, { only: rest, speeds, log: (s) => process.stdout.write(`${s}\n`) })
    process.stdout.write(report.failures.length ? `${report.failures.length} failure(s)\n` : 'lessons test: ok\n')
    return report.failures.length ? 1 : 0
  }
  usage()
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`lessons: ${(e as Error).stack ?? e}\n`)
    process.exit(1)
  },
)
