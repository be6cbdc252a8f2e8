// The shell language, table-driven: input → stdout, stderr, status. Each case runs in a fresh workspace.
import { describe, expect, it } from 'vitest'
import { makeShell } from './helpers'
import { needsMore, parse, ShellSyntaxError } from '../../src-main/shell/parser'

const cases: [string, string, string, number][] = [
  // quoting
  [`echo "a  b" 'c  d' e\\ f`, 'a  b c  d e f\n', '', 0],
  [`echo 'it''s' "say \\"hi\\"" \\$HOME`, 'its say "hi" $HOME\n', '', 0],
  [`echo "" | wc -c`, '1\n', '', 0],
  // expansions
  [`X=1; echo $X \${X} "$X" '$X'`, '1 1 1 $X\n', '', 0],
  [`A=1 B=2; echo "$A$B" \${C:-dflt} \${#A}`, '12 dflt 1\n', '', 0],
  [`false; echo $?; true; echo $?`, '1\n0\n', '', 0],
  [`set -- a b c; echo $# "$@" $2`, '3 a b c b\n', '', 0],
  [`echo $(echo inner) \`echo back\``, 'inner back\n', '', 0],
  [`x=$(printf 'a\\nb\\n\\n'); echo "$x"`, 'a\nb\n', '', 0],
  [`v="1 2  3"; for a in $v; do echo "[$a]"; done`, '[1]\n[2]\n[3]\n', '', 0],
  [`v="1 2"; for a in "$v"; do echo "[$a]"; done`, '[1 2]\n', '', 0],
  [`echo $((2 + 3 * 4)) $(( (1+1) ** 3 ))`, '14 8\n', '', 0],
  [`f=web.yaml; echo \${f%.yaml} \${f#web.}`, 'web yaml\n', '', 0],
  [`echo ~ | grep -c /`, '1\n', '', 0],
  // lists and pipes
  [`true && echo yes || echo no`, 'yes\n', '', 0],
  [`false && echo yes || echo no`, 'no\n', '', 0],
  [`false; echo after`, 'after\n', '', 0],
  [`printf 'b\\na\\nb\\n' | sort | uniq -c`, '      1 a\n      2 b\n', '', 0],
  [`echo hi | grep -c x`, '0\n', '', 1],
  [`! false && echo negated`, 'negated\n', '', 0],
  // control flow
  [`for i in 0 1; do echo "web-$i"; done`, 'web-0\nweb-1\n', '', 0],
  [`i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done`, '0\n1\n2\n', '', 0],
  [`i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i`, '2\n', '', 0],
  [`if false; then echo a; elif true; then echo b; else echo c; fi`, 'b\n', '', 0],
  [`if [ -z "" ]; then echo empty; fi`, 'empty\n', '', 0],
  [`{ echo a; echo b; } | wc -l`, '2\n', '', 0],
  [`(cd / 2>/dev/null; X=1); echo "x=$X"`, 'x=\n', '', 0],
  [`for i in 1 2 3; do if [ $i = 2 ]; then break; fi; echo $i; done`, '1\n', '', 0],
  [`greet() { echo "hello $1"; }; greet world`, 'hello world\n', '', 0],
  [`# a comment\necho visible # trailing`, 'visible\n', '', 0],
  // redirects and here-docs
  [`echo one > f.txt; echo two >> f.txt; cat f.txt`, 'one\ntwo\n', '', 0],
  [`cat < f.txt`, '', 'bash: f.txt: No such file or directory\n', 1],
  [`cat nofile 2>&1 | wc -l`, '1\n', '', 0],
  [`cat nofile 2> err.txt; cat err.txt`, 'cat: nofile: No such file or directory\n', '', 0],
  [`echo both &> b.txt; cat b.txt`, 'both\n', '', 0],
  [`echo x > nodir/f.txt`, '', 'bash: nodir/f.txt: No such file or directory\n', 1],
  [`name=web; cat <<EOF > web.yaml\nkind: StatefulSet\nname: $name\nEOF\ncat web.yaml`, 'kind: StatefulSet\nname: web\n', '', 0],
  [`cat <<'EOF'\nliteral $name\nEOF`, 'literal $name\n', '', 0],
  [`cat <<-EOF\n\tindented\n\tEOF`, 'indented\n', '', 0],
  // builtins of the shell itself
  [`echo -n a; echo -e 'b\\tc'`, 'ab\tc\n', '', 0],
  [`printf '%s=%d\\n' a 1 b 2`, 'a=1\nb=2\n', '', 0],
  [`printf '%5s|%-3s|%03d\\n' x y 7`, '    x|y  |007\n', '', 0],
  [`printf '%d\\n' abc`, '0\n', 'bash: printf: abc: invalid number\n', 1],
  [`[ 1 -eq 1 ] && [ a != b ] && test -n x && echo ok`, 'ok\n', '', 0],
  [`[ a -eq 1 ]`, '', 'bash: [: a: integer expression expected\n', 2],
  [`[ 1 = 1`, '', "bash: [: missing `]'\n", 2],
  [`mkdir d; cd d; pwd | grep -c '/d$'; cd ..`, '1\n', '', 0],
  [`cd nowhere`, '', 'bash: cd: nowhere: No such file or directory\n', 1],
  [`touch f; cd f`, '', 'bash: cd: f: Not a directory\n', 1],
  [`cd /`, '', 'bash: cd: /: Permission denied\n', 1],
  [`export A=1; env | grep '^A='; unset A; echo "[$A]"`, 'A=1\n[]\n', '', 0],
  [`echo "a b" | { read x y; echo "$y-$x"; }`, 'b-a\n', '', 0],
  [`sleep x`, '', "sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n", 1],
  [`set -e; false; echo unreachable`, '', '', 1],
  [`exit 3; echo no`, '', '', 3],
  [`exit abc`, '', 'bash: exit: abc: numeric argument required\n', 2],
  // errors
  [`foo`, '', 'bash: foo: command not found\n', 127],
  [`foo; echo $?`, '127\n', 'bash: foo: command not found\n', 0],
  [`./nothere`, '', 'bash: ./nothere: No such file or directory\n', 127],
  [`if true; then fi`, '', "bash: syntax error near unexpected token `fi'\n", 2],
  [`echo a ;; echo b`, '', "bash: syntax error near unexpected token `;;'\n", 2],
  [`| wc`, '', "bash: syntax error near unexpected token `|'\n", 2],
  [`echo >`, '', "bash: syntax error near unexpected token `newline'\n", 2],
  [`echo "open`, '', "bash: unexpected EOF while looking for matching `\"'\n", 2],
  [`echo \${x`, '', "bash: unexpected EOF while looking for matching `}'\n", 2],
  [`break; echo after`, 'after\n', "bash: break: only meaningful in a `for', `while', or `until' loop\n", 0],
  [`read -z`, '', 'bash: read: -z: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n', 2],
  [`printf`, '', 'printf: usage: printf [-v var] format [arguments]\n', 2],
  [`echo $((1+))`, '', 'bash: 1+: syntax error: operand expected (error token is "+")\n', 1],
  [`case`, '', "bash: syntax error near unexpected token `newline'\n", 2],
  [`echo \${x:?must be set}`, '', 'bash: x: must be set\n', 1],
  // case
  [`case web-0 in web-*) echo sts;; *) echo other;; esac`, 'sts\n', '', 0],
  [`x=b; case $x in a|b) echo ab;; c) echo c;; esac`, 'ab\n', '', 0],
  [`case foo in (f*) echo paren;; esac`, 'paren\n', '', 0],
  [`case "*" in '*') echo star;; *) echo any;; esac`, 'star\n', '', 0],
  [`case abc in "a"*) echo quoted-prefix;; esac`, 'quoted-prefix\n', '', 0],
  [`false; case x in y) echo y;; esac; echo $?`, '0\n', '', 0],
  [`case x in x) ;; esac && echo empty-ok`, 'empty-ok\n', '', 0],
  [`set -- start; case $1 in\n  start)\n    echo go\n    ;;\n  stop) echo halt ;;\nesac`, 'go\n', '', 0],
  [`case x in x) echo last; esac`, 'last\n', '', 0],
  [`esac`, '', "bash: syntax error near unexpected token `esac'\n", 2],
  [`case x in x) echo a`, '', 'bash: syntax error: unexpected end of file\n', 2],
  // ANSI-C quoting
  [`echo $'a\\tb' $'it\\'s' "$'x'"`, "a\tb it's $'x'\n", '', 0],
  // loops: break/continue, levels, "$@"
  [`for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done`, '1\n3\n', '', 0],
  [`for i in a b; do for j in 1 2; do [ $j = 2 ] && continue 2; echo $i$j; done; done`, 'a1\nb1\n', '', 0],
  [`n=0; while true; do n=$((n+1)); [ $n -ge 3 ] && break; done; echo $n`, '3\n', '', 0],
  [`set -- x y z; for a; do echo $a; done`, 'x\ny\nz\n', '', 0],
  [`until false; do break; done; echo ok`, 'ok\n', '', 0],
  [`if [ -f nofile ]; then echo y; elif [ -d . ]; then echo dir; fi`, 'dir\n', '', 0],
  // parameters and arithmetic
  [`echo \${U:-default} \${U-unset} \${E:=assigned} $E`, 'default unset assigned assigned\n', '', 0],
  [`echo $(( 7 / 2 )) $(( 7 % 3 )) $(( 2 > 1 )) $((-3+1))`, '3 1 1 -2\n', '', 0],
  [`echo $((1/0))`, '', 'bash: 1/0: division by 0 (error token is "0")\n', 1],
  [`true; ! true; echo $?`, '1\n', '', 0],
  [`i=0; echo $((i++)) $((i++)) $i`, '0 1 2\n', '', 0],
  [`x=5; echo $((x+=2)) $((x*=2)) $((--x)) $x`, '7 14 13 13\n', '', 0],
  [`echo $((y=3)) $y $(( (y) * 2 ))`, '3 3 6\n', '', 0],
  [`n=0; while [ $n -lt 3 ]; do : $((n++)); done; echo $n`, '3\n', '', 0],
  [`read w <<< "here string"; echo "$w"; cat <<< hi`, 'here string\nhi\n', '', 0],
  [`exit 256`, '', '', 0],
  // redirects
  [`ls nope 2>/dev/null; echo $?`, '2\n', '', 0],
  [`ls nope &>/dev/null || echo failed`, 'failed\n', '', 0],
  [`{ echo out; echo err >&2; } 2>/dev/null`, 'out\n', '', 0],
  [`{ echo out; echo err >&2; } > o.txt 2>&1; cat o.txt`, 'out\nerr\n', '', 0],
  [`echo to-stderr >/dev/stderr`, '', 'to-stderr\n', 0],
  [`echo a > f; cat < f >> g; cat g`, 'a\n', '', 0],
  [`cat <<EOF\n$(echo sub) \\$HOME\nEOF`, 'sub $HOME\n', '', 0],
  [`read a b <<EOF\nx y z\nEOF\necho "$a|$b"`, 'x|y z\n', '', 0],
  [`echo hi | read x; echo "[$x]"`, '[]\n', '', 0],
  // env, type, jobs
  [`X=out; env X=in env | grep '^X='`, 'X=in\n', '', 0],
  [`type cd echo ls nothing-here`, 'cd is a shell builtin\necho is a shell builtin\nls is /usr/bin/ls\n', 'bash: type: nothing-here: not found\n', 1],
  [`type if`, 'if is a shell keyword\n', '', 0],
  [`echo bg & wait; echo fg`, 'bg\nfg\n', '', 0],
  [`sleep 0.05 & echo $! | grep -c '^[0-9][0-9]*$'; wait`, '1\n', '', 0],
  [`yes | head -n 3`, 'y\ny\ny\n', '', 0],
  [`yes no | head -2`, 'no\nno\n', '', 0],
]

describe('shell language', () => {
  for (const [src, stdout, stderr, status] of cases) {
    it(JSON.stringify(src), async () => {
      const { run } = makeShell()
      expect(await run(src)).toEqual({ stdout, stderr, status })
    })
  }

  it('ash wording for syntax errors and missing commands', async () => {
    const { run } = makeShell('sh')
    expect(await run('if true; then fi')).toEqual({ stdout: '', stderr: 'sh: syntax error: unexpected "fi"\n', status: 2 })
    expect(await run('nope')).toEqual({ stdout: '', stderr: 'sh: nope: not found\n', status: 127 })
    expect(await run('cat < missing')).toEqual({ stdout: '', stderr: "sh: can't open 'missing': No such file or directory\n", status: 1 })
    expect(await run('cd nowhere')).toEqual({ stdout: '', stderr: "sh: cd: can't cd to nowhere: No such file or directory\n", status: 2 })
  })

  it('ash wording for case errors', async () => {
    const { run } = makeShell('sh')
    expect(await run('esac')).toEqual({ stdout: '', stderr: 'sh: syntax error: unexpected "esac"\n', status: 2 })
    expect(await run('case x in x) echo a')).toEqual({ stdout: '', stderr: 'sh: syntax error: unexpected end of file (expecting "esac")\n', status: 2 })
  })

  it("runs the fidelity doc's loop: kubectl exec \"web-$i\" -- sh -c 'hostname'", async () => {
    const seen: string[][] = []
    const kubectl = {
      name: 'kubectl',
      summary: 'records its argv',
      run: async (ctx: { argv: string[]; stdout: { write(s: string): void } }) => {
        seen.push(ctx.argv)
        ctx.stdout.write(`${ctx.argv[2]}\n`)
        return 0
      },
    }
    const { run } = makeShell('bash', [kubectl])
    const r = await run(`for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done`)
    expect(r).toEqual({ stdout: 'web-0\nweb-1\n', stderr: '', status: 0 })
    expect(seen).toEqual([
      ['kubectl', 'exec', 'web-0', '--', 'sh', '-c', 'hostname'],
      ['kubectl', 'exec', 'web-1', '--', 'sh', '-c', 'hostname'],
    ])
  })

  it('globs * in the cwd, sorted, dotfiles hidden; no match stays literal', async () => {
    const { run } = makeShell()
    await run('touch b.yaml a.yaml .hidden c.txt')
    expect((await run('echo *.yaml')).stdout).toBe('a.yaml b.yaml\n')
    expect((await run('echo *')).stdout).toBe('a.yaml b.yaml c.txt\n')
    expect((await run('echo "*"')).stdout).toBe('*\n')
    expect((await run('echo *.json')).stdout).toBe('*.json\n')
  })

  it('state persists across runs: cwd, variables, $?', async () => {
    const { sh, run, root } = makeShell()
    await run('mkdir -p a/b && cd a/b && X=42')
    expect(sh.cwd).toBe(`${root}/a/b`)
    expect((await run('echo $X $PWD')).stdout).toBe(`42 ${root}/a/b\n`)
    await run('false')
    expect(sh.lastStatus).toBe(1)
  })

  it('exit calls onExit and resolves the code', async () => {
    const { sh, run } = makeShell()
    let got = -1
    ;(sh as unknown as { opts: { onExit(c: number): void } }).opts.onExit = (c) => (got = c)
    expect((await run('exit 7')).status).toBe(7)
    expect(got).toBe(7)
  })

  it('the abort signal stops a running pipeline with 130', async () => {
    const { run } = makeShell()
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 50)
    const t0 = Date.now()
    const r = await run('sleep 10; echo never', '', ac.signal)
    expect(r.status).toBe(130)
    expect(r.stdout).toBe('')
    expect(Date.now() - t0).toBeLessThan(2000)
  })

  it('aborts a busy while loop too', async () => {
    const { run } = makeShell()
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 50)
    expect((await run('while true; do :; done', '', ac.signal)).status).toBe(130)
  })

  it('pipeline stages run concurrently (a reader sees a writer before it ends)', async () => {
    const { run } = makeShell()
    expect((await run('echo hi | cat | cat | head -n 1')).stdout).toBe('hi\n')
  })
})

describe('parse / needsMore', () => {
  it('builds an AST', () => {
    const s = parse('A=1 echo "x$A" | wc -l && ls > out 2>&1')
    expect(s.body).toHaveLength(1)
    const p = s.body[0]!.first
    expect(p.commands).toHaveLength(2)
    const c = p.commands[0]!
    expect(c.type).toBe('simple')
    if (c.type === 'simple') expect(c.assigns[0]!.name).toBe('A')
    const ls = s.body[0]!.rest[0]!.pipeline.commands[0]!
    if (ls.type === 'simple') expect(ls.redirects.map((r) => r.op)).toEqual(['>', '>&'])
  })

  it('throws ShellSyntaxError with both wordings', () => {
    try {
      parse('done')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ShellSyntaxError)
      expect((e as ShellSyntaxError).lines('bash')).toEqual(["syntax error near unexpected token `done'"])
      expect((e as ShellSyntaxError).lines('sh')).toEqual(['syntax error: unexpected "done"'])
    }
  })

  it.each([
    ['echo "abc', true],
    ["echo 'abc", true],
    ['echo abc |', true],
    ['true &&', true],
    ['echo \\', true],
    ['for i in 1 2; do', true],
    ['if true; then echo', true],
    ['cat <<EOF', true],
    ['cat <<EOF\nbody', true],
    ['cat <<EOF\nbody\nEOF', false],
    ['echo $(ls', true],
    ['case x in', true],
    ['case x in x) echo a;;', true],
    ["echo $'abc", true],
    ['echo ok', false],
    ['fi', false],
    ['', false],
  ])('needsMore(%j) = %s', (src, want) => {
    expect(needsMore(src)).toBe(want)
  })
})
