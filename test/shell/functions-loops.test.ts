// bash's run-time check of a `for` variable name, and `type` printing a function back as bash's print_cmd does.
import { describe, expect, it } from 'vitest'
import { makeShell } from './helpers'

describe('for with a name that is not an identifier', () => {
  it('bash: `1\': not a valid identifier, status 1, and the rest of the line runs', async () => {
    const { run } = makeShell('bash')
    expect(await run('for 1 in a; do echo body; done')).toEqual({ stdout: '', stderr: "bash: `1': not a valid identifier\n", status: 1 })
    expect(await run('echo before; for a-b in x; do :; done; echo "st=$?"')).toEqual({ stdout: 'before\nst=1\n', stderr: "bash: `a-b': not a valid identifier\n", status: 0 })
  })

  it('ash: a bad for loop variable is a syntax error', async () => {
    const { run } = makeShell('sh')
    expect(await run('for 1 in a; do :; done')).toEqual({ stdout: '', stderr: 'sh: syntax error: bad for loop variable\n', status: 2 })
  })

  it('a missing name is still a syntax error', async () => {
    const { run } = makeShell('bash')
    expect((await run('for ; do :; done')).stderr).toBe("bash: syntax error near unexpected token `;'\n")
  })
})

describe('type of a function', () => {
  it('bash prints the body like print_cmd (checked against bash 5.2)', async () => {
    const { run } = makeShell('bash')
    expect((await run('f() { echo hi; echo there; }; type f')).stdout).toBe('f is a function\nf () \n{ \n    echo hi;\n    echo there\n}\n')
    const g =
      'g() { if [ -n "$1" ]; then echo yes; else echo no; fi; for i in 1 2; do echo $i | tr 1 x; done; while false; do :; done; ' +
      'case $1 in a) echo a;; *) echo other;; esac; echo x > /dev/null 2>&1 && true & }; type g'
    expect((await run(g)).stdout).toBe(
      [
        'g is a function',
        'g () ',
        '{ ',
        '    if [ -n "$1" ]; then',
        '        echo yes;',
        '    else',
        '        echo no;',
        '    fi;',
        '    for i in 1 2;',
        '    do',
        '        echo $i | tr 1 x;',
        '    done;',
        '    while false; do',
        '        :;',
        '    done;',
        '    case $1 in ',
        '        a)',
        '            echo a',
        '        ;;',
        '        *)',
        '            echo other',
        '        ;;',
        '    esac;',
        '    echo x > /dev/null 2>&1 && true &',
        '}',
        '',
      ].join('\n'),
    )
  })

  it('ash names it a shell function', async () => {
    const { run } = makeShell('sh')
    expect((await run('f() { :; }; type f')).stdout).toBe('f is a shell function\n')
  })
})
