// Our own line diff for `kubectl diff`: a longest-common-subsequence table over the two texts' lines, turned into
// `diff -u` hunks with 3 lines of context (same hunk headers and "\ No newline" rules as GNU diff for our inputs).

export type Op = { kind: ' ' | '-' | '+'; line: string }

/** Edit script from a to b: common lines ' ', deletions '-', insertions '+' (deletions before insertions). */
export function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length
  const m = b.length
  // lcs[i][j] = LCS length of a[i:] and b[j:]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const ops: Op[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ kind: ' ', line: a[i] }); i++; j++ }
    else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) { ops.push({ kind: '+', line: b[j] }); j++ }
    else { ops.push({ kind: '-', line: a[i] }); i++ }
  }
  // Within a changed run, print every deletion before the insertions, as diff does.
  const out: Op[] = []
  for (let k = 0; k < ops.length;) {
    if (ops[k].kind === ' ') { out.push(ops[k++]); continue }
    const del: Op[] = []
    const add: Op[] = []
    while (k < ops.length && ops[k].kind !== ' ') (ops[k].kind === '-' ? del : add).push(ops[k++])
    out.push(...del, ...add)
  }
  return out
}

function range(start: number, len: number): string {
  if (len === 0) return `${start - 1},0`
  return len === 1 ? `${start}` : `${start},${len}`
}

/** The hunks of `diff -u` (without the ---/+++ header); empty when the texts are equal. */
export function unifiedHunks(aText: string, bText: string, context = 3): string {
  const split = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'))
  const ops = diffLines(split(aText), split(bText))
  if (!ops.some((o) => o.kind !== ' ')) return ''
  // Positions of changes; group changes closer than 2*context+1 into one hunk.
  const changeIdx = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0)
  const groups: [number, number][] = []
  for (const k of changeIdx) {
    const last = groups[groups.length - 1]
    if (last && k - last[1] <= 2 * context) last[1] = k
    else groups.push([k, k])
  }
  let out = ''
  for (const [first, lastChange] of groups) {
    const from = Math.max(0, first - context)
    const to = Math.min(ops.length - 1, lastChange + context)
    // Line numbers at `from` in each file.
    let aLine = 1
    let bLine = 1
    for (let k = 0; k < from; k++) {
      if (ops[k].kind !== '+') aLine++
      if (ops[k].kind !== '-') bLine++
    }
    let aLen = 0
    let bLen = 0
    let body = ''
    for (let k = from; k <= to; k++) {
      const o = ops[k]
      if (o.kind !== '+') aLen++
      if (o.kind !== '-') bLen++
      body += `${o.kind}${o.line}\n`
    }
    out += `@@ -${range(aLine, aLen)} +${range(bLine, bLen)} @@\n${body}`
  }
  return out
}
