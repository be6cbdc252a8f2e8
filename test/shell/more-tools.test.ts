// cut, tr, sed, base64, seq, date, yes, grep -r, sort -k, ls -R: common flags and GNU-worded errors. Expected texts
// were taken from GNU coreutils 9 / sed 4.9 / grep 3 on Debian.
import { describe, expect, it } from 'vitest'
import { makeShell } from './helpers'

const seed = "printf 'b 2\\na 10\\nc 1\\n' > k.txt; mkdir -p d/e; touch d/f; echo x > d/e/g; "
const TRY = (tool: string) => `Try '${tool} --help' for more information.\n`

const cases: [string, string, string, number][] = [
  // sort -k / -t
  ['sort -k2 -n k.txt', 'c 1\nb 2\na 10\n', '', 0],
  ['sort -k2 k.txt', 'c 1\na 10\nb 2\n', '', 0],
  ["printf 'x:3\\ny:1\\n' | sort -t: -k2", 'y:1\nx:3\n', '', 0],
  ['sort -k0 k.txt', '', 'sort: field number is zero: invalid field specification ‘0’\n', 2],
  ['sort -t ab k.txt', '', 'sort: multi-character tab ‘ab’\n', 2],
  // cut
  ["printf 'a:b:c\\nd:e:f\\n' | cut -d: -f2", 'b\ne\n', '', 0],
  ["printf 'a:b:c\\n' | cut -d: -f1,3", 'a:c\n', '', 0],
  ["printf 'a:b:c\\n' | cut -d: -f2-", 'b:c\n', '', 0],
  ["echo hello | cut -c 2-4", 'ell\n', '', 0],
  ["echo 你好世界 | cut -c 2", '好\n', '', 0],
  ["printf 'nodelim\\na:b\\n' | cut -d: -f2 -s", 'b\n', '', 0],
  ['cut -f 0 k.txt', '', `cut: fields are numbered from 1\n${TRY('cut')}`, 1],
  ['cut k.txt', '', `cut: you must specify a list of bytes, characters, or fields\n${TRY('cut')}`, 1],
  ['cut -d:: -f1 k.txt', '', `cut: the delimiter must be a single character\n${TRY('cut')}`, 1],
  ['cut -c 3-1 k.txt', '', `cut: invalid decreasing range\n${TRY('cut')}`, 1],
  ['cut -f1 nope', '', 'cut: nope: No such file or directory\n', 1],
  // tr
  ['echo hello | tr a-z A-Z', 'HELLO\n', '', 0],
  ['echo hello | tr -d l', 'heo\n', '', 0],
  ["echo 'aa  bb' | tr -s ' '", 'aa bb\n', '', 0],
  ["echo 'a b' | tr '[:lower:]' '[:upper:]'", 'A B\n', '', 0],
  ["printf 'a\\nb\\n' | tr '\\n' ,", 'a,b,', '', 0],
  ['tr', '', `tr: missing operand\n${TRY('tr')}`, 1],
  ['tr a', '', `tr: missing operand after ‘a’\nTwo strings must be given when translating.\n${TRY('tr')}`, 1],
  ['tr -d a b', '', `tr: extra operand ‘b’\nOnly one string may be given when deleting without squeezing repeats.\n${TRY('tr')}`, 1],
  ['tr z-a x', '', "tr: range-endpoints of 'z-a' are in reverse collating sequence order\n", 1],
  // sed
  ['echo abc | sed s/b/X/', 'aXc\n', '', 0],
  ['echo aaa | sed s/a/b/g', 'bbb\n', '', 0],
  ['echo aaa | sed s/a/b/2', 'aba\n', '', 0],
  ["echo /usr/bin | sed 's|/usr|/opt|'", '/opt/bin\n', '', 0],
  ["printf '1\\n2\\n3\\n4\\n' | sed -n '2,3p'", '2\n3\n', '', 0],
  ["printf '1\\n2\\n3\\n' | sed 2d", '1\n3\n', '', 0],
  ["printf 'a\\nb\\n' | sed -n '$p'", 'b\n', '', 0],
  ["printf 'a\\nb\\nc\\n' | sed '/b/,$d'", 'a\n', '', 0],
  ["printf 'a\\nb\\nc\\n' | sed '/b/!d'", 'b\n', '', 0],
  ["echo abc | sed 's/\\(b\\)/[\\1]/'", 'a[b]c\n', '', 0],
  ["echo abc | sed -E 's/(b)/<\\1>/'", 'a<b>c\n', '', 0],
  ["echo abc | sed 's/b/[&]/'", 'a[b]c\n', '', 0],
  ["echo hello | sed 's/l/L/g;s/h/H/'", 'HeLLo\n', '', 0],
  ["echo hi | sed -e 's/h/H/' -e 's/i/I/'", 'HI\n', '', 0],
  ["echo image: nginx:1.0 > w.yaml; sed -i 's/1.0/1.1/' w.yaml; cat w.yaml", 'image: nginx:1.1\n', '', 0],
  ["echo x | sed 's/x'", '', "sed: -e expression #1, char 3: unterminated `s' command\n", 1],
  ["echo x | sed k", '', "sed: -e expression #1, char 1: unknown command: `k'\n", 1],
  ["echo x | sed 's/x/y/z'", '', "sed: -e expression #1, char 7: unknown option to `s'\n", 1],
  ['sed p nofile', '', "sed: can't read nofile: No such file or directory\n", 2],
  ['sed', '', 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n', 1],
  // base64
  ['echo hi | base64', 'aGkK\n', '', 0],
  ['echo aGkK | base64 -d', 'hi\n', '', 0],
  ['echo 你好 | base64 | base64 -d', '你好\n', '', 0],
  ["echo '!!' | base64 -d", '', 'base64: invalid input\n', 1],
  // seq, yes
  ['seq 3', '1\n2\n3\n', '', 0],
  ['seq 2 2 6', '2\n4\n6\n', '', 0],
  ['seq -w 8 10', '08\n09\n10\n', '', 0],
  ['seq -s, 3', '1,2,3\n', '', 0],
  ['seq x', '', `seq: invalid floating point argument: ‘x’\n${TRY('seq')}`, 1],
  ['seq', '', `seq: missing operand\n${TRY('seq')}`, 1],
  ['seq 1 0 3', '', `seq: invalid Zero increment value: ‘0’\n${TRY('seq')}`, 1],
  ['yes | head -2', 'y\ny\n', '', 0],
  // date (the helper's clock is 2026-11-26T20:20:01Z)
  ['date -u', 'Thu Nov 26 20:20:01 UTC 2026\n', '', 0],
  ['date -d @0 -u', 'Thu Jan  1 00:00:00 UTC 1970\n', '', 0],
  ['date -u -d @0 +%F', '1970-01-01\n', '', 0],
  ["date -u '+%Y-%m-%dT%H:%M:%SZ'", '2026-11-26T20:20:01Z\n', '', 0],
  ['date -d bogus', '', 'date: invalid date ‘bogus’\n', 1],
  // grep -r, ls -R
  ['grep -r x d', 'd/e/g:x\n', '', 0],
  ['cd d; grep -r x', 'e/g:x\n', '', 0],
  ['grep -rn x .', './d/e/g:1:x\n', '', 0],
  ['grep x d', '', 'grep: d: Is a directory\n', 2],
  ['ls -R d', 'd:\ne\nf\n\nd/e:\ng\n', '', 0],
]

describe('more workstation tools', () => {
  for (const [src, stdout, stderr, status] of cases) {
    it(src, async () => {
      const { run } = makeShell()
      await run(seed)
      expect(await run(src)).toEqual({ stdout, stderr, status })
    })
  }
})
