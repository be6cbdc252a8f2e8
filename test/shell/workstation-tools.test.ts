// The workstation's file and text tools: common flags and GNU-worded errors; and the confined workspace Fs.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeShell } from './helpers'
import { createWorkspaceFs } from '../../src-main/shell/workstation/node-fs'
import { FsError } from '../../src-main/shell/io'
import { CaptureOutput, Pipe } from '../../src-main/shell/pipe'

const seed = 'printf "b\\na\\nc\\na\\n" > l.txt; mkdir -p dir/sub; echo x > dir/f; '

const cases: [string, string, string, number][] = [
  ['ls', 'dir\nl.txt\n', '', 0],
  ['ls -1 dir', 'f\nsub\n', '', 0],
  ['ls -a dir', '.\n..\nf\nsub\n', '', 0],
  ['ls nope', '', "ls: cannot access 'nope': No such file or directory\n", 2],
  ['ls -z', '', "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", 2],
  ['cat l.txt dir/f', 'b\na\nc\na\nx\n', '', 0],
  ['cat nope', '', 'cat: nope: No such file or directory\n', 1],
  ['cat dir', '', 'cat: dir: Is a directory\n', 1],
  ['cat -n dir/f', '     1\tx\n', '', 0],
  ['mkdir dir', '', 'mkdir: cannot create directory ‘dir’: File exists\n', 1],
  ['mkdir a/b', '', 'mkdir: cannot create directory ‘a/b’: No such file or directory\n', 1],
  ['mkdir -p a/b && ls a', 'b\n', '', 0],
  ['mkdir', '', "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", 1],
  ['rm dir', '', "rm: cannot remove 'dir': Is a directory\n", 1],
  ['rm nope', '', "rm: cannot remove 'nope': No such file or directory\n", 1],
  ['rm -f nope; echo $?', '0\n', '', 0],
  ['rm -r dir && ls', 'l.txt\n', '', 0],
  ['cp l.txt m.txt && cat m.txt | wc -l', '4\n', '', 0],
  ['cp nope x', '', "cp: cannot stat 'nope': No such file or directory\n", 1],
  ['cp dir d2', '', "cp: -r not specified; omitting directory 'dir'\n", 1],
  ['cp -r dir d2 && cat d2/f', 'x\n', '', 0],
  ['cp l.txt', '', "cp: missing destination file operand after 'l.txt'\nTry 'cp --help' for more information.\n", 1],
  ['mv l.txt dir && ls dir', 'f\nl.txt\nsub\n', '', 0],
  ['mv nope x', '', "mv: cannot stat 'nope': No such file or directory\n", 1],
  ['touch new && ls', 'dir\nl.txt\nnew\n', '', 0],
  ['touch no/x', '', "touch: cannot touch 'no/x': No such file or directory\n", 1],
  ['head -n 2 l.txt', 'b\na\n', '', 0],
  ['head -1 l.txt', 'b\n', '', 0],
  ['tail -n 1 l.txt', 'a\n', '', 0],
  ['tail -n +3 l.txt', 'c\na\n', '', 0],
  ['head nope', '', "head: cannot open 'nope' for reading: No such file or directory\n", 1],
  ['head -n x l.txt', '', 'head: invalid number of lines: ‘x’\n', 1],
  ['wc -l l.txt', '4 l.txt\n', '', 0],
  ['wc l.txt', '4 4 8 l.txt\n', '', 0],
  ['cat l.txt | wc', '      4       4       8\n', '', 0],
  ['wc -w < l.txt', '4\n', '', 0],
  ['wc nope', '', 'wc: nope: No such file or directory\n', 1],
  ['grep a l.txt', 'a\na\n', '', 0],
  ['grep -c a l.txt', '2\n', '', 0],
  ['grep -v a l.txt', 'b\nc\n', '', 0],
  ['grep -i A l.txt | wc -l', '2\n', '', 0],
  ['grep -E "^(b|c)$" l.txt', 'b\nc\n', '', 0],
  ['grep "\\(b\\|c\\)" l.txt', 'b\nc\n', '', 0],
  ['grep -n c l.txt', '3:c\n', '', 0],
  ['grep zzz l.txt', '', '', 1],
  ['grep a nope', '', 'grep: nope: No such file or directory\n', 2],
  ['grep', '', "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
  ['sort l.txt', 'a\na\nb\nc\n', '', 0],
  ['sort -r l.txt', 'c\nb\na\na\n', '', 0],
  ['sort -u l.txt', 'a\nb\nc\n', '', 0],
  ['printf "10\\n9\\n100\\n" | sort -n', '9\n10\n100\n', '', 0],
  ['sort nope', '', 'sort: cannot read: nope: No such file or directory\n', 2],
  ['sort l.txt | uniq', 'a\nb\nc\n', '', 0],
  ['sort l.txt | uniq -c', '      2 a\n      1 b\n      1 c\n', '', 0],
  ['sort l.txt | uniq -d', 'a\n', '', 0],
]

describe('workstation tools', () => {
  for (const [src, stdout, stderr, status] of cases) {
    it(src, async () => {
      const { run } = makeShell()
      const s = await run(seed)
      expect(s.status).toBe(0)
      expect(await run(src)).toEqual({ stdout, stderr, status })
    })
  }

  it('ls -l prints mode, links, owner, size, date and name with a total', async () => {
    const { run } = makeShell()
    await run(seed)
    const out = (await run('ls -l')).stdout.split('\n')
    expect(out[0]).toMatch(/^total \d+$/)
    expect(out[1]).toMatch(/^drwx[-r][-w][-x][-r][-w][-x] 2 learner learner 4096 [A-Z][a-z]{2} [ \d]\d [\d ]\d[:\d]\d\d? dir$/)
    expect(out[2]).toMatch(/^-rw[-r][-w]?[-r].* 1 learner learner +8 .* l\.txt$/)
  })
})

describe('workspace confinement (node-fs)', () => {
  it('refuses .., absolute paths outside, and symlinks that escape', async () => {
    const { run, root } = makeShell()
    const outside = mkdtempSync(join(tmpdir(), 'ordinal-out-'))
    writeFileSync(join(outside, 'secret'), 'top secret\n')
    symlinkSync(outside, join(root, 'escape'))
    symlinkSync(join(outside, 'secret'), join(root, 'link'))
    expect(await run('cat ../../etc/passwd')).toEqual({ stdout: '', stderr: 'cat: ../../etc/passwd: Permission denied\n', status: 1 })
    expect(await run('cat /etc/passwd')).toEqual({ stdout: '', stderr: 'cat: /etc/passwd: Permission denied\n', status: 1 })
    expect(await run('cat escape/secret')).toEqual({ stdout: '', stderr: 'cat: escape/secret: Permission denied\n', status: 1 })
    expect(await run('cat link')).toEqual({ stdout: '', stderr: 'cat: link: Permission denied\n', status: 1 })
    expect(await run('echo x > escape/new')).toEqual({ stdout: '', stderr: 'bash: escape/new: Permission denied\n', status: 1 })
    expect(await run('ls /')).toEqual({ stdout: '', stderr: "ls: cannot access '/': Permission denied\n", status: 2 })
    expect(await run('rm -rf ..')).toMatchObject({ status: 1 })
  })

  it('allows symlinks that stay inside, and throws FsError(EACCES) at the API', () => {
    const root = mkdtempSync(join(tmpdir(), 'ordinal-in-'))
    mkdirSync(join(root, 'real'))
    writeFileSync(join(root, 'real', 'f'), 'ok')
    symlinkSync(join(root, 'real'), join(root, 'alias'))
    const fs = createWorkspaceFs(root)
    expect(fs.readFile(`${fs.root}/alias/f`)).toBe('ok')
    expect(() => fs.readFile('/etc/hostname')).toThrow(FsError)
    expect(() => fs.writeFile(`${fs.root}/../x`, 'no')).toThrow(expect.objectContaining({ code: 'EACCES' }))
    expect(() => fs.rm(fs.root, { recursive: true })).toThrow(FsError)
  })
})

describe('filters on a live stream (kubectl get pods -w | grep web)', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5))
  async function live(src: string) {
    const { sh } = makeShell()
    const stdin = new Pipe()
    const stdout = new CaptureOutput()
    const ac = new AbortController()
    const done = sh.run(src, { stdin, stdout, stderr: new CaptureOutput(), tty: null, signal: ac.signal })
    return { stdin, stdout, ac, done }
  }

  it('grep prints each matching line as it arrives, before its input ends; ^C ends it', async () => {
    const l = await live('grep -n web')
    l.stdin.write('NAME    READY\nweb-0   1/1\n')
    await tick()
    expect(l.stdout.text).toBe('2:web-0   1/1\n')
    l.stdin.write('web-1   0/')
    await tick()
    expect(l.stdout.text).toBe('2:web-0   1/1\n')
    l.stdin.write('1\nother\n')
    await tick()
    expect(l.stdout.text).toBe('2:web-0   1/1\n3:web-1   0/1\n')
    l.ac.abort('SIGINT')
    expect(await l.done).toBe(130)
  })

  it('head stops after its lines without waiting for the end of the stream', async () => {
    const l = await live('head -n 2')
    l.stdin.write('a\nb\nc\n')
    expect(await l.done).toBe(0)
    expect(l.stdout.text).toBe('a\nb\n')
    const m = await live('head -1')
    m.stdin.write('x')
    await tick()
    m.stdin.write('y\nz\n')
    expect(await m.done).toBe(0)
    expect(m.stdout.text).toBe('xy\n')
  })
})
