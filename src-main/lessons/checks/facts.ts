// Lifecycle fact patterns used by `events` checks:
//   `Pod/web-0 Ready`                  one named object
//   `Pod[app=hello] Deleted`           any object of that kind whose labels match (Deployment pods: generated names)
//   `Pod[app=hello] Created new-name`  …whose name differs from the one the previous `Pod[…]` item matched
//   `Pod[app=nginx] Created same-name` …whose name is the one the previous `Pod[…]` item matched
// A name relation only makes sense in `inOrder` (it refers to an earlier item); the schema enforces that.
import type { LifecycleFact } from '../cluster-client'

export interface FactPattern {
  kind: string
  name?: string
  selector?: LabelTerm[]
  selectorText?: string
  what: string
  relation?: 'new-name' | 'same-name'
}

export interface LabelTerm {
  key: string
  op: '=' | '!=' | 'exists' | '!exists'
  value?: string
}

const FACT_RE = /^([A-Za-z]+)(?:\/([a-z0-9][a-z0-9.-]*)|\[([^\]]*)\])\s+([A-Za-z]+)(?:\s+(new-name|same-name))?$/
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/

/** Parse a label selector of `k=v`, `k==v`, `k!=v`, `k`, `!k` terms joined by commas; throws with the reason. */
export function parseSelector(text: string): LabelTerm[] {
  const terms = text.split(',').map((t) => t.trim())
  if (!text.trim() || terms.some((t) => !t)) throw new Error(`empty label selector term in "${text}"`)
  return terms.map((t) => {
    const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(t)
    if (m) {
      if (!KEY_RE.test(m[1])) throw new Error(`invalid label key "${m[1]}"`)
      return { key: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] }
    }
    const neg = t.startsWith('!')
    const key = neg ? t.slice(1).trim() : t
    if (!KEY_RE.test(key)) throw new Error(`invalid label selector term "${t}"`)
    return { key, op: neg ? '!exists' : 'exists' }
  })
}

export function labelsMatch(labels: Record<string, string> | undefined, terms: LabelTerm[]): boolean {
  const l = labels ?? {}
  return terms.every((t) => {
    const has = Object.hasOwn(l, t.key)
    if (t.op === 'exists') return has
    if (t.op === '!exists') return !has
    if (t.op === '=') return has && l[t.key] === t.value
    return !has || l[t.key] !== t.value
  })
}

/** Parse one fact pattern; throws an Error whose message says what is wrong (lint shows it with the line). */
export function parseFact(text: string): FactPattern {
  const m = FACT_RE.exec(text.trim())
  if (!m) throw new Error(`"${text}" is not a fact (Kind/name What, Kind[selector] What, optionally followed by new-name or same-name)`)
  const [, kind, name, sel, what, relation] = m
  if (relation && sel === undefined) throw new Error(`"${text}": ${relation} needs a selector item (Kind[labels] What)`)
  return {
    kind,
    ...(name !== undefined ? { name } : {}),
    ...(sel !== undefined ? { selector: parseSelector(sel), selectorText: sel } : {}),
    what,
    ...(relation ? { relation: relation as FactPattern['relation'] } : {}),
  }
}

/** Does `f` match `p`, given the name bound by the previous selector item of the same kind (for relations)? */
export function factMatches(p: FactPattern, f: LifecycleFact, bound: string | undefined): boolean {
  if (f.kind !== p.kind || f.what !== p.what) return false
  if (p.name !== undefined) return f.name === p.name
  if (!labelsMatch(f.labels, p.selector!)) return false
  if (p.relation === 'new-name') return bound !== undefined && f.name !== bound
  if (p.relation === 'same-name') return bound !== undefined && f.name === bound
  return true
}

/** Check a list meant for `inOrder`: every item parses, and a relation has an earlier selector item to refer to. */
export function validateFactList(items: string[], ordered: boolean): string | null {
  const kinds = new Set<string>()
  for (const [i, text] of items.entries()) {
    let p: FactPattern
    try {
      p = parseFact(text)
    } catch (e) {
      return `[${i}]: ${(e as Error).message}`
    }
    if (p.relation && !ordered) return `[${i}]: ${p.relation} is only allowed in inOrder (it refers to an earlier item)`
    if (p.relation && !kinds.has(p.kind)) return `[${i}]: ${p.relation} needs an earlier ${p.kind}[labels] item to compare names with`
    if (p.selector) kinds.add(p.kind)
  }
  return null
}
