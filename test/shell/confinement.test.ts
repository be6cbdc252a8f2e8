// Confinement to the lesson workspace through every path a learner has: cd, redirects, file tools, globbing, nano,
// recursive walks, dangling links; plus tail -f and copies into themselves.
import { mkdtempSync, readFileSync, existsSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeShell } from './helpers'
import { CaptureOutput, StringInput } from '../../src-main/shell/pipe'

function withOutside() {
  const sh = makeShell()
  const outside = mkdtempSync(join(tmpdir(), 'ordinal-outside-'))
  writeFileSync(join(outside, 'secret'), 'top secret\n')
  return { ...sh, outside }
}

describe('confinement', () => {
  it('cd cannot leave the workspace by .., absolute paths or links', async () => {
    const t = withOutside()
    symlinkSync(t.outside, join(t.root, 'out'))
    expect(await t.run('cd ..')).toEqual({ stdout: '', stderr: 'bash: cd: ..: Permission denied\n', status: 1 })
    expect(await t.run('cd /tmp')).toEqual({ stdout: '', stderr: 'bash: cd: /tmp: Permission denied\n', status: 1 })
    expect(await t.run('cd out')).toEqual({ stdout: '', stderr: 'bash: cd: out: Permission denied\n', status: 1 })
    expect(t.sh.cwd).toBe(t.root)
  })

  it('a dangling link pointing outside cannot be written through', async () => {
    const t = withOutside()
    symlinkSync(join(t.outside, 'created-by-link'), join(t.root, 'dangling'))
    expect(await t.run('echo pwned > dangling')).toEqual({ stdout: '', stderr: 'bash: dangling: Permission denied\n', status: 1 })
    expect(await t.run('touch dangling')).toEqual({ stdout: '', stderr: "touch: cannot touch 'dangling': Permission denied\n", status: 1 })
    expect(existsSync(join(t.outside, 'created-by-link'))).toBe(false)
  })

  it('cp, mv, sed -i and tee-like redirects refuse targets outside', async () => {
    const t = withOutside()
    await t.run('echo data > f')
    expect((await t.run(`cp f ${t.outside}/copy`)).stderr).toBe(`cp: cannot create regular file '${t.outside}/copy': Permission denied\n`)
    expect((await t.run(`mv f ../moved`)).stderr).toBe("mv: cannot move 'f' to '../moved': Permission denied\n")
    expect((await t.run(`cat ${t.outside}/secret`)).stderr).toBe(`cat: ${t.outside}/secret: Permission denied\n`)
    expect((await t.run(`sed -i s/a/b/ ${t.outside}/secret`)).stderr).toBe(`sed: can't read ${t.outside}/secret: Permission denied\n`)
    expect(readFileSync(join(t.outside, 'secret'), 'utf8')).toBe('top secret\n')
    expect(existsSync(join(t.outside, 'copy'))).toBe(false)
  })

  it('globs do not list outside; ../* stays literal', async () => {
    const t = withOutside()
    expect((await t.run('echo ../*')).stdout).toBe('../*\n')
    expect((await t.run('echo /e*')).stdout).toBe('/e*\n')
  })

  it('recursive walks end on a link to a parent (ls -R, grep -r) and cp -r refuses to copy into itself', async () => {
    const t = makeShell()
    mkdirSync(join(t.root, 'd'))
    writeFileSync(join(t.root, 'd', 'f'), 'needle\n')
    symlinkSync(join(t.root, 'd'), join(t.root, 'd', 'loop'))
    const ls = await t.run('ls -R d | wc -l')
    expect(ls.status).toBe(0)
    expect(Number(ls.stdout.trim())).toBeGreaterThan(10)
    const grep = await t.run('grep -rc needle d | head -2')
    expect(grep.stdout).toBe('d/f:1\nd/loop/f:1\n')
    expect(await t.run('mkdir -p c/sub; cp -r c c/sub')).toEqual({ stdout: '', stderr: "cp: cannot copy a directory, 'c', into itself, 'c/sub/c'\n", status: 1 })
    expect(await t.run('mv c c/sub')).toEqual({ stdout: '', stderr: "mv: cannot move 'c' to a subdirectory of itself, 'c/sub/c'\n", status: 1 })
  })
})

describe('tail -f', () => {
  it('prints appended lines as the file grows, until ^C', async () => {
    const t = makeShell()
    await t.run('echo one > log')
    const out = new CaptureOutput()
    const ac = new AbortController()
    const done = t.sh.run('tail -f log', { stdin: new StringInput(''), stdout: out, stderr: new CaptureOutput(), tty: null, signal: ac.signal })
    await new Promise((r) => setTimeout(r, 50))
    expect(out.text).toBe('one\n')
    writeFileSync(join(t.root, 'log'), 'one\ntwo\n')
    await new Promise((r) => setTimeout(r, 1300))
    expect(out.text).toBe('one\ntwo\n')
    ac.abort()
    expect(await done).toBe(130)
  })
})
