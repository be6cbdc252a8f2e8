// busybox applets' own error wording (not GNU's), per version, pinned in golden files; and the GNU wording of the
// Debian-based nginx image for the same mistakes.
import { describe, expect, it } from 'vitest'
import { execIn, makeCluster, startPod } from './fixture'
import { expectGolden } from './golden'

const SCRIPT = [
  'ls /nope', 'cat /nope', 'mkdir /tmp', 'rm /tmp', 'rm', 'mkdir', 'sleep', 'sleep x', 'ls -Z /', 'cp /etc/passwd',
  'nosuch', 'echo "$HOSTNAME" $((1+2))', 'env | grep -c KUBERNETES_', 'ps', 'date', 'df /', 'exit 3',
].join('; echo "rc=$?"; ')

const render = (r: { stdout: string; stderr: string; code: number | null }) => `--- stdout\n${r.stdout}--- stderr\n${r.stderr}--- exit ${r.code}\n`

describe.each(['busybox:1.28.4', 'busybox:1.36', 'busybox:latest', 'alpine'])('%s', (image) => {
  it('error wording of the common applets', async () => {
    const c = makeCluster()
    startPod(c, c.createPod('bb', { containers: [{ name: 'bb', image, command: ['sleep', '3600'] }] }, '10.244.1.9'))
    const r = await execIn(c, 'bb', ['sh', '-c', SCRIPT])
    expectGolden(`errors.${image.replace(':', '-')}`, render(r))
    expect(r.code).toBe(3)
    expect(r.stderr).toContain("cat: can't open '/nope': No such file or directory\n")
    expect(r.stderr).toContain("mkdir: can't create directory '/tmp': File exists\n")
    expect(r.stderr).toContain('sh: nosuch: not found\n')
    expect(r.stderr).toMatch(/^BusyBox v1\.\d+\.\d+ .*multi-call binary\.\n\nUsage: sleep \[N\]\.\.\.$/m)
  })
})

describe('GNU wording in the nginx image', () => {
  it('same mistakes, coreutils messages', async () => {
    const c = makeCluster()
    startPod(c, c.createPod('n', { containers: [{ name: 'n', image: 'nginx' }] }, '10.244.1.10'))
    const r = await execIn(c, 'n', ['sh', '-c', 'ls /nope; cat /nope; mkdir /tmp; rm /tmp; sleep; nosuch; exit 3'])
    expect(r.stderr).toBe(
      "ls: cannot access '/nope': No such file or directory\n" +
        'cat: /nope: No such file or directory\n' +
        "mkdir: cannot create directory '/tmp': File exists\n" +
        "rm: cannot remove '/tmp': Is a directory\n" +
        "sleep: missing operand\nTry 'sleep --help' for more information.\n" +
        'sh: 1: nosuch: not found\n',
    )
    expect(r.code).toBe(3)
  })
})
